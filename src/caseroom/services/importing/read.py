"""Reading a roster file (CSV, tab-separated text or XLSX) into rows of raw cells keyed by
canonical column.

The columns are those of docs/command-line.md ("Roster import"); which header names which
column is the table in `headers` (`HEADER_SYNONYMS`), how a text file's encoding and
separator are found is `decode`. Blank rows are skipped; row numbers are those of the file
(the header is row 1).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caseroom.errors import UserError
from caseroom.i18n import _, ngettext
from caseroom.services.importing.decode import WINDOWS_1251, decode, lost_letters
from caseroom.services.importing.headers import HEADER_SYNONYMS as HEADER_SYNONYMS
from caseroom.services.importing.headers import header_key as header_key
from caseroom.services.importing.headers import match_headers
from caseroom.services.importing.problems import RosterError as RosterError
from caseroom.services.importing.problems import RowProblem

Cell = str | int | float | date | None
"""A raw cell: text from a CSV; text, a number or a date from an XLSX sheet."""

Progress = Callable[[str, int, int], None]
"""Told `(stage, done, total)` as an import goes: stage "reading", "checking" or "writing"."""

READING = "reading"
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX = "XLSX"


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its number in the file (the header is row 1) and its known cells."""

    number: int
    cells: dict[str, Cell]


@dataclass(frozen=True, slots=True)
class RosterTable:
    """A roster as read: canonical column -> header as written, the rows, the warnings, and
    how it was read (`encoding` "UTF-8", "Windows-1251" ... or "XLSX"; the text's field
    `delimiter`, None for a workbook)."""

    columns: dict[str, str]
    rows: tuple[RawRow, ...]
    warnings: tuple[RowProblem, ...]
    encoding: str | None = None
    delimiter: str | None = None


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _rows(records: list[list[Cell]], positions: dict[int, str]) -> list[RawRow]:
    rows: list[RawRow] = []
    for number, record in enumerate(records[1:], start=2):
        if all(_blank(cell) for cell in record):
            continue
        width = len(record)
        cells = {
            column: record[position] if position < width else None
            for position, column in positions.items()
        }
        rows.append(RawRow(number, cells))
    return rows


def _table(records: list[list[Cell]], encoding: str, delimiter: str | None) -> RosterTable:
    """Rows of cells (the first is the header) as a `RosterTable`."""
    if not records or all(_blank(cell) for cell in records[0]):
        raise UserError(_("The roster has no header row"))
    headers = ["" if cell is None else str(cell) for cell in records[0]]
    positions, written, warnings = match_headers(headers)
    rows = _rows(records, positions)
    if encoding == WINDOWS_1251:
        warnings += _lost_letter_warning(rows)
    return RosterTable(
        columns=written,
        rows=tuple(rows),
        warnings=tuple(warnings),
        encoding=encoding,
        delimiter=delimiter,
    )


def _lost_letter_warning(rows: list[RawRow]) -> list[RowProblem]:
    """One warning, on the first row where a "?" stands beside a Cyrillic letter."""
    found = [
        row.number
        for row in rows
        if lost_letters([cell for cell in row.cells.values() if isinstance(cell, str)])
    ]
    if not found:
        return []
    more = len(found) - 1
    message = ngettext(
        "A “?” stands inside a word here and on {count} more row: Windows-1251 has no "
        "Kazakh letters such as ә, қ, ң, so a letter may have been lost; save the roster "
        "as “CSV UTF-8”",
        "A “?” stands inside a word here and on {count} more rows: Windows-1251 has no "
        "Kazakh letters such as ә, қ, ң, so a letter may have been lost; save the roster "
        "as “CSV UTF-8”",
        more,
    )
    return [RowProblem(found[0], None, message.format(count=more))]


def read_text(path: Path) -> RosterTable:
    """A CSV or tab-separated roster: UTF-8 (with or without BOM), UTF-16 or
    Windows-1251, fields separated by `;`, `,` or tabs."""
    decoded = decode(path.read_bytes(), path.name)
    reader = csv.reader(
        io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter, strict=True
    )
    records: list[list[Cell]] = []
    try:
        for record in reader:
            records.append(list(record))
    except csv.Error as error:
        raise UserError(
            _("{path} is not a readable CSV file (line {line}): {problem}").format(
                path=path.name, line=reader.line_num, problem=str(error)
            )
        ) from error
    return _table(records, decoded.encoding, decoded.delimiter)


def read_xlsx(path: Path, progress: Progress | None = None) -> RosterTable:
    """The first sheet of an XLSX roster (values as last calculated, not formulas)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UserError(
            _("{path} is not a readable XLSX workbook").format(path=path.name)
        ) from error
    except Exception as error:  # openpyxl raises its own kinds for damaged workbooks
        raise UserError(
            _("{path} is not a readable XLSX workbook").format(path=path.name)
        ) from error
    try:
        sheet = workbook.worksheets[0]
        total = sheet.max_row or 0
        records: list[list[Cell]] = []
        for record in sheet.iter_rows(values_only=True):
            records.append(list(record))
            if progress is not None and len(records) % 1000 == 0:
                progress(READING, len(records), max(total, len(records)))
    finally:
        workbook.close()
    return _table(records, XLSX, None)


def read_roster(path: Path, progress: Progress | None = None) -> RosterTable:
    """Read a `.csv`, `.tsv`, `.txt` or `.xlsx` roster; `UserError` when it is missing or
    unreadable, `RosterError` when its header lacks a required column. `progress` hears
    how reading a large workbook goes."""
    if not path.is_file():
        raise UserError(_("No roster file at {path}").format(path=path))
    suffix = path.suffix.casefold()
    if suffix in TEXT_SUFFIXES:
        return read_text(path)
    if suffix == ".xlsx":
        return read_xlsx(path, progress)
    raise UserError(_("{path}: a roster is a .csv, .txt or .xlsx file").format(path=path.name))
