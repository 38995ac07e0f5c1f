"""The list of backups on Settings ▸ Backups: one row per file, newest first.

Each row shows when the copy was made (local time), why, its size, how many children,
families and sessions it holds, and its check: "Checking…" until the full check has run,
then "✓ Checked" or the problems found. Rows are found again by the file's path.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from caseroom.dates import format_number
from caseroom.db.rotation import BackupInfo
from caseroom.i18n import _
from caseroom.ui.dialogs.restore_confirm import reason_text, size_text, when_text

VISIBLE_ROWS = 8
"""The table grows up to this many rows, then scrolls."""
_LEAST_ROWS = 3
_PATH_ROLE = Qt.ItemDataRole.UserRole
_NUMBER_COLUMNS = range(2, 6)


def check_text(info: BackupInfo, checked: bool) -> str:
    """The Check column: waiting, fine, or the problems found."""
    if not checked:
        return _("Checking…")
    if info.verified:
        return _("✓ Checked")
    return _("Problems: {problems}").format(problems=" ".join(info.problems))


def row_texts(info: BackupInfo, checked: bool) -> list[str]:
    """The cells of the row of `info`."""
    counts = info.counts
    numbers = (
        ["—", "—", "—"]
        if counts is None
        else [format_number(n) for n in (counts.children, counts.families, counts.sessions)]
    )
    return [
        when_text(info),
        reason_text(info.reason),
        size_text(info.size),
        *numbers,
        check_text(info, checked),
    ]


class BackupTable(QTableWidget):
    """Backups in a folder, one selectable row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        headers = [
            _("Made"),
            _("Why"),
            _("Size"),
            _("Children"),
            _("Families"),
            _("Sessions"),
            _("Check"),
        ]
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels(headers)
        self.setAccessibleName(_("Backups in the folder"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as its rows: at least 3, at most VISIBLE_ROWS (then it scrolls)."""
        rows = min(max(self.rowCount(), _LEAST_ROWS), VISIBLE_ROWS)
        header = self.horizontalHeader().sizeHint().height()
        row = self.verticalHeader().defaultSectionSize()
        self.setFixedHeight(header + rows * row + 2 * self.frameWidth() + 2)

    def show_backups(self, infos: Iterable[BackupInfo], checked: set[Path]) -> None:
        """Show `infos` in order; those in `checked` with their check, others waiting."""
        shown = list(infos)
        self.setRowCount(0)
        self.setRowCount(len(shown))
        for row, info in enumerate(shown):
            self._fill(row, info, info.path in checked)
        self.fit_height()

    def update_backup(self, info: BackupInfo) -> None:
        """Show the full check of `info` in its row."""
        for row in range(self.rowCount()):
            if self.path_at(row) == info.path:
                self._fill(row, info, True)
                return

    def path_at(self, row: int) -> Path | None:
        """The file shown in `row`."""
        item = self.item(row, 0)
        return Path(str(item.data(_PATH_ROLE))) if item is not None else None

    def selected_path(self) -> Path | None:
        """The file of the selected row (None when no row is selected)."""
        rows = self.selectionModel().selectedRows()
        return self.path_at(rows[0].row()) if rows else None

    def _fill(self, row: int, info: BackupInfo, checked: bool) -> None:
        problems = "\n".join(info.problems)
        for column, text in enumerate(row_texts(info, checked)):
            item = QTableWidgetItem(text)
            if column in _NUMBER_COLUMNS:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(str(info.path) if column == 0 else problems)
            item.setData(_PATH_ROLE, str(info.path))
            self.setItem(row, column, item)
