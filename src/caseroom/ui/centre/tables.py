"""The read-only tables of the centre window."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem


def make_table(name: str, header: list[str]) -> QTableWidget:
    """A read-only table named `name` (for screen readers), selected by rows."""
    table = QTableWidget(0, len(header))
    table.setHorizontalHeaderLabels(header)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill(table: QTableWidget, rows: list[list[Any]], header: list[str] | None = None) -> None:
    """Show `rows` in `table` (with a new `header` if given), columns fitted to their text."""
    if header is not None:
        table.setColumnCount(len(header))
        table.setHorizontalHeaderLabels(header)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
    table.resizeColumnsToContents()
