"""A dialog around one list of records: two action buttons and Close under it.

`ListDialog` builds the list (headers, a stretching column, a muted line for when it is
empty, an optional muted hint above), keeps the keyboard on the same record when the list
is read again and says which record is selected. A subclass names its buttons with
`action_button`, calls `finish`, reads its records in `refresh` and hands them to `fill`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.context import AppContext
from caseroom.ui.widgets.labels import muted
from caseroom.ui.widgets.style import SPACE_M

_ID = Qt.ItemDataRole.UserRole


class HasId(Protocol):
    """A record the list can find again by its id."""

    @property
    def id(self) -> uuid.UUID:
        """The record's id."""
        ...


Row = TypeVar("Row", bound=HasId)


class ListDialog(QDialog, Generic[Row]):
    """One list of records with its action buttons and Close."""

    def __init__(
        self,
        context: AppContext,
        *,
        title: str,
        list_name: str,
        headers: Sequence[str],
        stretch: int,
        empty_text: str,
        hint: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[Row] = []
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setSpacing(SPACE_M)
        if hint is not None:
            self.layout_.addWidget(muted(hint, self))
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(list_name)
        self.list.setColumnCount(len(headers))
        self.list.setHeaderLabels(list(headers))
        self.list.setRootIsDecorated(False)
        self.list.header().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(lambda *_args: self.update_actions())
        self.layout_.addWidget(self.list, 1)
        self.empty = muted(empty_text, self, wrap=False)
        self.layout_.addWidget(self.empty)
        self.actions_row = QHBoxLayout()

    def action_button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        """A button in the row under the list, in the order they are made."""
        button = QPushButton(text, self)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        self.actions_row.addWidget(button)
        return button

    def finish(self) -> None:
        """Close at the row's right end, the buttons' state, then the first reading."""
        self.actions_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        self.actions_row.addWidget(buttons)
        self.layout_.addLayout(self.actions_row)
        self.update_actions()
        self.refresh()

    def refresh(self) -> None:
        """Read the records again (each subclass says how)."""
        raise NotImplementedError

    def update_actions(self) -> None:
        """Enable the buttons that fit the selection (each subclass says which)."""
        raise NotImplementedError

    def fill(self, rows: Sequence[Row], cells: Callable[[Row], list[str]]) -> None:
        """Show `rows`, keeping the keyboard on the record it was on (else the first)."""
        chosen = self.selected()
        self.rows = list(rows)
        self.list.clear()
        for row in self.rows:
            item = QTreeWidgetItem(cells(row))
            item.setData(0, _ID, str(row.id))
            self.list.addTopLevelItem(item)
            if chosen is not None and row.id == chosen.id:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        self.empty.setVisible(not self.rows)
        self.update_actions()

    def selected(self) -> Row | None:
        """The record the keyboard is on."""
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = uuid.UUID(item.data(0, _ID))
        return next((row for row in self.rows if row.id == wanted), None)
