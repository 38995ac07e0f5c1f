"""Enter presses the focused button on a page, as it does in a dialog.

Qt lets Enter press a button only inside a dialog (its "auto default" buttons); on the
main window's pages it did nothing, and only Space worked. A key a button does not use
travels up to its window, which hands Enter to `press_focused_button`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def press_focused_button(window: QWidget, event: QKeyEvent) -> bool:
    """Click the focused push or tool button of `window` for a bare Enter; True if done."""
    if event.key() not in ENTER_KEYS or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return False
    button = QApplication.focusWidget()
    if not isinstance(button, QPushButton | QToolButton) or button.window() is not window:
        return False
    if not button.isEnabled() or not button.isVisible():
        return False
    button.click()
    return True
