"""A titled list of a child's records, as the child card's overview shows them.

The heading line carries one button ("Add referral…", "Record consent…"); below it a list
whose last column holds a button per row ("Edit…", "Withdraw…"), hidden, with the heading
button, for people who may not edit; under the list a line for when it is empty.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.widgets.labels import fit_rows, heading, muted
from caseroom.ui.widgets.style import SPACE_M


class RecordListSection(QWidget):
    """A heading with its button, a list with a button column last, and an empty line."""

    def __init__(
        self,
        *,
        title: str,
        button_text: str,
        button_name: str,
        columns: Sequence[str],
        empty_text: str,
        may_edit: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.may_edit = may_edit
        self.action_column = len(columns) - 1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_M)
        top = QHBoxLayout()
        top.addWidget(heading(title, self))
        top.addStretch(1)
        self.add_button = QPushButton(button_text, self)
        self.add_button.setAccessibleName(button_name)
        self.add_button.setVisible(may_edit)
        top.addWidget(self.add_button)
        layout.addLayout(top)
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setAccessibleName(title)
        self.table.setHeaderLabels(list(columns))
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column in range(1, len(columns)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(self.action_column, not may_edit)
        layout.addWidget(self.table)
        self.empty = muted(empty_text, self)
        layout.addWidget(self.empty)
        self.row_buttons: dict[uuid.UUID, QPushButton] = {}

    def clear_rows(self) -> None:
        """Empty the list (and forget the rows' buttons) before it is filled again."""
        self.table.clear()
        self.row_buttons = {}

    def add_row(self, record_id: uuid.UUID, texts: Sequence[str]) -> QTreeWidgetItem:
        """Append a row showing `texts` (the button column left blank), keyed by `record_id`."""
        item = QTreeWidgetItem([*texts, ""])
        item.setData(0, Qt.ItemDataRole.UserRole, record_id)
        self.table.addTopLevelItem(item)
        return item

    def add_row_button(
        self, item: QTreeWidgetItem, text: str, name: str, clicked: Callable[[], None]
    ) -> QPushButton:
        """Put a button (`text`, accessible `name`) in the row's last column."""
        button = QPushButton(text, self.table)
        button.setAccessibleName(name)
        button.clicked.connect(lambda _checked=False: clicked())
        self.table.setItemWidget(item, self.action_column, button)
        self.row_buttons[item.data(0, Qt.ItemDataRole.UserRole)] = button
        return button

    def enable_archive(self, context: Any, kind_name: str) -> QAction:
        """Offer "Archive…" (Delete, or the list's context menu) for the chosen row."""
        from caseroom.ui.dialogs.archive_dialog import ArchiveDialog

        def archive() -> None:
            item = self.table.currentItem()
            if item is None or not self.may_edit:
                return
            what = " · ".join(t for t in (item.text(0), item.text(1)) if t)
            record_id = item.data(0, Qt.ItemDataRole.UserRole)
            dialog = ArchiveDialog(context, kind_name, record_id, what, parent=self.window())
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.archive_dialog = dialog
            dialog.open()

        action = QAction(_("Archive…"), self.table)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.setToolTip(_("Archive the chosen record (Delete)"))
        action.triggered.connect(archive)
        action.setVisible(self.may_edit)
        self.table.addAction(action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.archive_action = action
        return action

    def finish_rows(self) -> None:
        """Fit the list to its rows and show it, or the empty line when there are none."""
        rows = self.table.topLevelItemCount()
        fit_rows(self.table)
        self.table.setVisible(rows > 0)
        self.empty.setVisible(rows == 0)
