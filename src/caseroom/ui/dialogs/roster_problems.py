"""The roster import wizard's table of problems and warnings, by row and column.

Sortable by any column (rows by number), copied to the clipboard as tab-separated text
(Ctrl+C on the table or "Copy", Alt+Y), and saved as a CSV file that a spreadsheet of the
interface's language opens as it is (`;` between fields in Kazakh and Russian, `,` in
English; UTF-8 with a byte-order mark; formula-like text made harmless).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import (
    QGuiApplication,
    QKeySequence,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, current_language
from caseroom.reports.csv_export import neutralise
from caseroom.services.importing.problems import RowProblem

_SORT = Qt.ItemDataRole.UserRole + 1


def problem_rows(
    problems: tuple[RowProblem, ...], warnings: tuple[RowProblem, ...]
) -> list[tuple[int, str, str, str]]:
    """(row, column, kind, message) of every problem, then every warning, by row."""
    found = [(p.row, p.column or "", _("Problem"), p.message) for p in problems]
    found += [(w.row, w.column or "", _("Warning"), w.message) for w in warnings]
    return sorted(found, key=lambda line: (line[0], line[2] != _("Problem")))


def as_csv(lines: list[tuple[int, str, str, str]], delimiter: str) -> str:
    """The lines under a header row, as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_("Row"), _("Column"), _("Kind"), _("Message")])
    for row, column, kind, message in lines:
        writer.writerow([str(row), neutralise(column), kind, neutralise(message)])
    return out.getvalue()


class ProblemTable(QWidget):
    """Every problem and warning of a roster, with Copy and Export."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines: list[tuple[int, str, str, str]] = []
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Kind"), _("Message")])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(_SORT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(_("Problems and warnings"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self.table)
        copy.setContext(Qt.ShortcutContext.WidgetShortcut)
        copy.activated.connect(self.copy)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.copy_button = QPushButton(_("Cop&y"), self)
        self.copy_button.setAccessibleName(_("Copy the problems"))
        self.copy_button.setToolTip(_("Copy the selected lines, or all of them (Ctrl+C)"))
        self.copy_button.clicked.connect(self.copy)
        self.export_button = QPushButton(_("E&xport as CSV…"), self)
        self.export_button.setAccessibleName(_("Export the problems as CSV"))
        self.export_button.clicked.connect(self.ask_and_export)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

    def set_problems(
        self, problems: tuple[RowProblem, ...], warnings: tuple[RowProblem, ...]
    ) -> None:
        """Show these problems and warnings (problems first on each row)."""
        self.lines = problem_rows(problems, warnings)
        self.model.removeRows(0, self.model.rowCount())
        for position, (row, column, kind, message) in enumerate(self.lines):
            cells = [QStandardItem(str(row)), QStandardItem(column), QStandardItem(kind)]
            cells.append(QStandardItem(message))
            order = f"{row:09d} {position:09d}"  # rows by number, then as listed
            cells[0].setData(order, _SORT)
            for cell in cells[1:]:
                cell.setData(f"{cell.text().casefold()}\u0000{order}", _SORT)
                cell.setToolTip(cell.text())
            self.model.appendRow(cells)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        enabled = bool(self.lines)
        self.copy_button.setEnabled(enabled)
        self.export_button.setEnabled(enabled)

    def shown_lines(self, selected_only: bool = False) -> list[tuple[int, str, str, str]]:
        """The lines in the order shown (sorted as the table is), or only those selected."""
        rows = range(self.proxy.rowCount())
        if selected_only:
            chosen = {index.row() for index in self.table.selectionModel().selectedRows()}
            rows = [row for row in rows if row in chosen]  # type: ignore[assignment]
        found = []
        for row in rows:
            source = self.proxy.mapToSource(self.proxy.index(row, 0)).row()
            found.append(self.lines[source])
        return found

    def copy(self) -> None:
        """Put the selected lines (all of them when none is) on the clipboard, tab-separated."""
        lines = self.shown_lines(selected_only=True) or self.shown_lines()
        text = "\n".join("\t".join(str(cell) for cell in line) for line in lines)
        QGuiApplication.clipboard().setText(text)

    def ask_and_export(self) -> None:
        """Ask where, then save every line as CSV."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the problems"), _("roster-problems.csv"), _("CSV files (*.csv)")
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> Path:
        """Save every line, in the order shown, as CSV at `path` (`.csv` added if missing)."""
        if path.suffix.lower() != ".csv":
            path = path.with_name(f"{path.name}.csv")
        delimiter = "," if current_language() == "en" else ";"
        path.write_text(as_csv(self.shown_lines(), delimiter), encoding="utf-8-sig", newline="")
        return path
