"""Pieces every tab of the child card uses: the tab base, headings, empty states, notes.

A tab never touches the database on the GUI thread: `loader()` returns a function the
card runs on the worker (with the child already read), and `show_data()` fills the widgets
with what came back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.services.common import Actor
from caseroom.services.people.children import ChildRead
from caseroom.ui.context import AppContext
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.empty_state import EmptyState
from caseroom.ui.widgets.labels import fit_rows, heading, muted
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, SPACE_XL

__all__ = [
    "DANGER_STYLE",
    "SPACE_L",
    "SPACE_M",
    "SPACE_S",
    "SPACE_XL",
    "WARNING_STYLE",
    "CardTab",
    "EmptyState",
    "Loader",
    "clear_layout",
    "day",
    "fit_rows",
    "heading",
    "muted",
    "note",
]

Loader = Callable[[Session, Actor, ChildRead], Any]

WARNING_STYLE = (
    "background: #fff4e5; color: #6b3d00; border: 1px solid #f0b35a;"
    " border-radius: 4px; padding: 6px 8px;"
)
DANGER_STYLE = (
    "background: #fdecea; color: #7f1d1d; border: 1px solid #f5b5ae;"
    " border-radius: 4px; padding: 6px 8px;"
)


def day(value: date | None) -> str:
    """A date as shown on screen (dd.mm.yyyy), or a dash."""
    return value.strftime("%d.%m.%Y") if value else "—"


class CardTab(QWidget):
    """One tab of the child card."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.navigator = navigator
        self.today = today
        self.child: ChildRead | None = None
        self.reload_card: Callable[[], None] = lambda: None

    def loader(self) -> Loader:
        """What to read on the worker for this tab (runs off the GUI thread)."""
        raise NotImplementedError

    def show_data(self, child: ChildRead, data: Any) -> None:
        """Fill the tab with the child and what `loader()` read."""
        raise NotImplementedError


def clear_layout(layout: QVBoxLayout | QGridLayout | QHBoxLayout) -> None:
    """Remove and delete every widget and sub-layout of `layout`."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        else:
            inner = item.layout()
            if isinstance(inner, QVBoxLayout | QGridLayout | QHBoxLayout):
                clear_layout(inner)


def note(text: str, style: str, parent: QWidget) -> QLabel:
    """A boxed line that stands out (a warning or an alarm), readable in either palette."""
    found = QLabel(text, parent)
    found.setWordWrap(True)
    found.setStyleSheet(f"QLabel {{ {style} }}")
    found.setAccessibleName(text)
    return found
