"""What keyboard-driven UI tests share: the modifier keys and the widget with the focus."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def focused() -> Any:
    """The widget with the keyboard focus."""
    return QApplication.focusWidget()
