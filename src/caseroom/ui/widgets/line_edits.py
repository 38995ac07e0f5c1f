"""Names for the icons Qt puts inside a line edit, so a screen reader can say them.

`setClearButtonEnabled(True)` adds a clear button and `addAction(icon, position)` an icon
button; Qt gives neither a name or a tooltip.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QWidget

CLEAR_ACTION = "_q_qlineeditclearaction"
"""The object name Qt gives the clear button's action."""


def name_action(action: QAction, name: str) -> None:
    """Give a line edit's icon action, and the button Qt shows for it, `name`."""
    action.setText(name)
    action.setToolTip(name)
    for shown in action.associatedObjects():
        if isinstance(shown, QWidget):
            shown.setAccessibleName(name)
            shown.setToolTip(name)


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Name `edit`'s clear button (after `setClearButtonEnabled(True)`)."""
    found = edit.findChild(QAction, CLEAR_ACTION)
    if found is not None:
        name_action(found, name)
