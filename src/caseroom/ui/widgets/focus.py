"""Where the keyboard starts in a dialog: its first field, never a button.

Qt gives a new window's focus to the first widget of its tab chain that takes focus. The
chain follows the order widgets were made in, and the form base makes Save and Cancel
before any field, so a form opened on Save; other dialogs have their own order. Every
dialog calls `focus_first_field` when it is shown: the first visible, enabled field of the
tab chain (a line, a list, a choice, a date, a check box) takes the focus, unless the
dialog already put it in one of its fields.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QPushButton,
    QWidget,
)


def _takes_typing(widget: QWidget, root: QWidget) -> bool:
    return (
        not isinstance(widget, QPushButton)
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and widget.isEnabled()
        and widget.isVisibleTo(root)
        and root.isAncestorOf(widget)
    )


def _outer(widget: QWidget) -> QWidget:
    """The control a widget is part of (a spin box's or a combo box's own line)."""
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox):
        return parent
    return widget


def first_field(root: QWidget) -> QWidget | None:
    """The first field of `root`'s tab chain that takes typing (None: it has none)."""
    widget = root.nextInFocusChain()
    seen: set[int] = set()
    while widget is not None and widget is not root and id(widget) not in seen:
        seen.add(id(widget))
        if _takes_typing(widget, root):
            return _outer(widget)
        widget = widget.nextInFocusChain()
    return None


def in_a_field(root: QWidget) -> bool:
    """Whether the focus of `root`'s window is already in one of its fields."""
    focused = root.focusWidget() or QApplication.focusWidget()
    if focused is None or not root.isAncestorOf(focused):
        return False
    return _takes_typing(focused, root)


def focus_first_field(root: QWidget) -> QWidget | None:
    """Put the focus in `root`'s first field unless it is already in a field; returns the
    widget that has it (None: `root` has no field)."""
    if in_a_field(root):
        return root.focusWidget()
    found = first_field(root)
    if found is not None:
        found.setFocus(Qt.FocusReason.TabFocusReason)
    return found
