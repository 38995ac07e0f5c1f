"""Reading a help-directory file (CSV, XLSX or JSON) and importing it, all or nothing.

A CSV's encoding and separator are found as a roster's are (`decode`), headers are
compared in the roster's folded form (`headers.header_key`) with the directory's columns
(`services.directory.file_format.HEADERS`). An unknown or repeated column, or a missing
`id` or `name` column, refuses the file like a bad row does (row 1 is the header). In JSON
an entry's number is its place in the list (from 1); its keys are the column names.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.directory.file_export import file_kind
from caseroom.services.directory.file_format import COLUMNS, HEADERS, REQUIRED, FileRow
from caseroom.services.directory.file_import import (
    ImportResult,
    RowProblem,
    import_rows,
    refusal,
)
from caseroom.services.importing.decode import decode
from caseroom.services.importing.headers import header_key

_INDEX: dict[str, str] = {
    header_key(name): column for column, names in HEADERS.items() for name in (column, *names)
}


def _blank(record: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in record)


def _table_rows(records: list[list[Any]], name: str) -> list[FileRow]:
    """Rows of cells (the first is the header) as file rows; refused on a bad header."""
    if not records or _blank(records[0]):
        raise UserError(_("{path} has no header row").format(path=name))
    positions: dict[int, str] = {}
    problems: list[RowProblem] = []
    for position, header in enumerate(records[0]):
        shown = "" if header is None else str(header).strip()
        if not shown:
            continue
        column = _INDEX.get(header_key(shown))
        if column is None:
            problems.append(RowProblem(1, shown, _("this column is not in the directory format")))
        elif column in positions.values():
            problems.append(RowProblem(1, shown, _("this column is given twice")))
        else:
            positions[position] = column
    for column in REQUIRED:
        if column not in positions.values():
            problems.append(
                RowProblem(
                    1, None, _("The required column “{column}” is missing").format(column=column)
                )
            )
    if problems:
        raise refusal(name, problems)
    rows: list[FileRow] = []
    for number, record in enumerate(records[1:], start=2):
        if _blank(record):
            continue
        cells = {
            column: record[pos] if pos < len(record) else None for pos, column in positions.items()
        }
        rows.append(FileRow(number, cells))
    return rows


def _csv_records(data: bytes, name: str) -> list[list[Any]]:
    decoded = decode(data, name)
    reader = csv.reader(
        io.StringIO(decoded.text, newline=""), delimiter=decoded.delimiter, strict=True
    )
    try:
        return [list(record) for record in reader]
    except csv.Error as error:
        raise UserError(
            _("{path} is not a readable CSV file (line {line}): {problem}").format(
                path=name, line=reader.line_num, problem=str(error)
            )
        ) from error


def _xlsx_records(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise UserError(
            _("{path} is not a readable XLSX workbook").format(path=path.name)
        ) from error
    try:
        return [list(record) for record in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _json_rows(data: bytes, name: str) -> list[FileRow]:
    unreadable = _("{path} is not a directory in JSON: {problem}")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UserError(unreadable.format(path=name, problem=str(error))) from error
    entries = document.get("entries") if isinstance(document, dict) else document
    if not isinstance(entries, list):
        raise UserError(unreadable.format(path=name, problem="entries"))
    rows: list[FileRow] = []
    problems: list[RowProblem] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(RowProblem(number, None, _("an entry is an object of columns")))
            continue
        unknown = sorted(key for key in entry if key not in COLUMNS)
        for key in unknown:
            problems.append(
                RowProblem(number, str(key), _("this column is not in the directory format"))
            )
        rows.append(FileRow(number, {key: entry.get(key) for key in COLUMNS}))
    if problems:
        raise refusal(name, problems)
    return rows


def read_directory_file(path: Path) -> list[FileRow]:
    """The rows of a directory file; `UserError` when it is missing or unreadable."""
    kind = file_kind(path)
    if not path.is_file():
        raise UserError(_("No directory file at {path}").format(path=path))
    if kind == "xlsx":
        return _table_rows(_xlsx_records(path), path.name)
    data = path.read_bytes()
    if kind == "json":
        return _json_rows(data, path.name)
    return _table_rows(_csv_records(data, path.name), path.name)


def import_directory_file(session: Session, *, actor: Actor, path: Path) -> ImportResult:
    """Read `path` and import it, all or nothing (the caller commits)."""
    return import_rows(session, actor=actor, rows=read_directory_file(path), file_name=path.name)
