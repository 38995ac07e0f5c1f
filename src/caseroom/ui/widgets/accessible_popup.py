"""Popups a screen reader can follow though the keyboard stays in the line edit.

The search box's hits and a picker's completions are lists whose focus never leaves the
line edit above them, so Qt tells assistive technology nothing when the chosen row
changes. `follow_current_item` sends the accessibility focus event for the row itself, and
`announce` says how many were found once the list shows (Qt's announcement event).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtWidgets import QAbstractItemView


def tell_current_item(view: QAbstractItemView, row: int) -> None:
    """Tell assistive technology that `row` of the shown `view` is the chosen one."""
    if row < 0 or not view.isVisible():
        return
    event = QAccessibleEvent(view, QAccessible.Event.Focus)
    event.setChild(row)
    QAccessible.updateAccessibility(event)


def follow_current_item(view: QAbstractItemView) -> None:
    """From now on, tell assistive technology whenever `view`'s current row changes."""
    selection = view.selectionModel()
    assert selection is not None, "set the view's model first"

    def changed(current: QModelIndex, _previous: QModelIndex) -> None:
        tell_current_item(view, current.row())

    selection.currentChanged.connect(changed)


def announce(source: QObject, message: str) -> None:
    """Have a screen reader say `message` (e.g. how many were found) without moving focus."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(source, message))
