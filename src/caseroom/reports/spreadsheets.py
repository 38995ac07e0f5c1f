"""The room's term summary as an XLSX workbook (openpyxl): one sheet per table.

Cells are typed (counts are numbers, dates are dates, rates are numbers with a percent
format), the header row is bold and frozen, columns are as wide as their text, and no
text a person typed can become a formula: every text cell is stored as text, and text that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'` (as in the
CSV export), so it stays inert even when the sheet is copied or saved again as CSV.
Numbers are never touched: a negative count stays a number. A table's footnotes
(`SummaryTable.notes`) come under it after an empty row, in italics, outside the columns'
width; a hidden small count ("<3", "…") is a text cell.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from caseroom.reports.csv_export import neutralise
from caseroom.reports.data import TermSummaryData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.layout import write_bytes
from caseroom.reports.summary_tables import (
    Cell,
    ColumnKind,
    SummaryTable,
    cell_text,
    summary_tables,
)

NUMBER_FORMATS: dict[ColumnKind, str] = {
    ColumnKind.COUNT: "0",
    ColumnKind.PERCENT: "0%",
    ColumnKind.HOURS: "0.0",
    ColumnKind.AVERAGE: "0.0",
    ColumnKind.DATE: "DD.MM.YYYY",
}
MAX_COLUMN_WIDTH = 80  # longer text wraps rather than pushing columns off screen


def write_term_summary_xlsx(data: TermSummaryData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the term summary of `data` as an XLSX workbook to `out` (path or stream)."""
    from openpyxl import Workbook

    lang = ReportLanguage(language)
    workbook = Workbook()
    workbook.remove(workbook.active)
    # Fixed metadata, so the same data gives the same workbook content.
    stamp = datetime.combine(data.made_on, time())
    workbook.properties.creator = "caseroom"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.title = lang.gettext("Term summary of the support room")
    workbook.properties.language = language
    for table in summary_tables(data, lang):
        _write_sheet(workbook, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes(out, buffer.getvalue())


def _write_sheet(workbook: Any, table: SummaryTable) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=table.sheet_name)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for column_number, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=column_number)
        _set_text(cell, column.title)
        cell.font = bold
    rows = list(table.rows)
    if table.total is not None:
        rows.append(table.total)
    for row_number, row in enumerate(rows, start=2):
        for column_number, (value, column) in enumerate(
            zip(row, table.columns, strict=True), start=1
        ):
            cell = sheet.cell(row=row_number, column=column_number)
            _set_value(cell, value, column.kind)
            if table.total is not None and row_number == len(rows) + 1:
                cell.font = bold
    sheet.freeze_panes = "A2"
    italic = Font(italic=True)
    for offset, note in enumerate(table.notes, start=len(rows) + 3):
        cell = sheet.cell(row=offset, column=1)
        _set_text(cell, note)
        cell.font = italic
    for column_number, column in enumerate(table.columns, start=1):
        texts = [column.title] + [cell_text(row[column_number - 1], column.kind) for row in rows]
        natural = max(len(text) for text in texts) + 3
        sheet.column_dimensions[get_column_letter(column_number)].width = min(
            natural, MAX_COLUMN_WIDTH
        )
        if natural > MAX_COLUMN_WIDTH:
            for (cell,) in sheet.iter_rows(min_col=column_number, max_col=column_number):
                cell.alignment = wrap


def _set_value(cell: Any, value: Cell, kind: ColumnKind) -> None:
    if value is None:
        return
    if isinstance(value, str):
        _set_text(cell, value)
        return
    cell.value = value
    if isinstance(value, date):
        cell.number_format = NUMBER_FORMATS[ColumnKind.DATE]
    elif kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]


def _set_text(cell: Any, text: str) -> None:
    """Store text as text, neutralised: openpyxl would read a leading `=` as a formula.

    A control character XML cannot hold (one a file written before the text rule may
    still have in a name) is shown as U+FFFD instead of failing the whole workbook.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # openpyxl loads only to write

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", neutralise(text))
    cell.data_type = "s"
