"""The room's term summary as one CSV file, for spreadsheets and scripts.

Layout (one file, one section per table, in the order of the PDF):

    <table title>
    <column>;<column>;…
    <value>;<value>;…
    …
    <note>                 (the table's footnotes, if any, one per line)
    <empty line>

- UTF-8 with a byte-order mark, so Excel opens Cyrillic and Kazakh letters correctly;
- numbers as a spreadsheet of the chosen language reads them: in Kazakh and Russian `;`
  between values and `,` as the decimal mark (what Excel expects in Kazakhstan and
  Russia), in English `,` between values and `.` as the decimal mark;
- dates as dd.mm.yyyy, rates as whole percentages (`40%`), hours with one decimal; in a
  de-identified summary a count of 1 or 2 people is `<3`, and a figure left out so that
  it cannot be worked out is `…` (`small_counts`);
- any text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
  `'`, so a spreadsheet never runs it as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

from caseroom.reports.data import TermSummaryData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.layout import write_bytes
from caseroom.reports.summary_tables import Cell, ColumnKind, cell_text, summary_tables

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text` made safe to open in a spreadsheet: a formula-like start gets a `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


DELIMITERS = {"kk": ";", "ru": ";", "en": ","}
"""The field separator of each language; the decimal mark is the other one of `,` and `.`."""


def write_term_summary_csv(
    data: TermSummaryData, out: Path | BinaryIO, *, language: str, delimiter: str | None = None
) -> None:
    """Write the term summary of `data` as CSV (layout in the module docstring) to `out`;
    `delimiter` overrides the language's field separator."""
    lang = ReportLanguage(language)
    delimiter = delimiter or DELIMITERS.get(language, ";")
    decimal_comma = DELIMITERS.get(language, ";") == ";"
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
    for table in summary_tables(data, lang):
        writer.writerow([neutralise(table.title)])
        writer.writerow([neutralise(column.title) for column in table.columns])
        rows = list(table.rows) + ([table.total] if table.total is not None else [])
        for row in rows:
            writer.writerow(
                [
                    _csv_cell(value, column.kind, decimal_comma=decimal_comma)
                    for value, column in zip(row, table.columns, strict=True)
                ]
            )
        for note in table.notes:
            writer.writerow([neutralise(note)])
        writer.writerow([])
    write_bytes(out, text.getvalue().encode("utf-8-sig"))


def _csv_cell(value: Cell, kind: ColumnKind, *, decimal_comma: bool) -> str:
    if isinstance(value, str):
        return neutralise(value)
    if value is None:
        return ""
    text = cell_text(value, kind)
    if decimal_comma and isinstance(value, float) and kind is not ColumnKind.PERCENT:
        return text.replace(".", ",")
    return text
