"""Writing the directory to a file (CSV, XLSX or JSON, chosen by the file's extension) in
the format a directory import reads back (docs/directory-format.md).

CSV is UTF-8 with a byte-order mark and `;` between fields (Excel in a Russian or Kazakh
Windows opens it as it is); JSON is `{"format": "caseroom-directory", "version": 1,
"entries": [...]}`. Archived entries are written too, marked `archived`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor, audit
from caseroom.services.directory.entries import ENTITY, all_entries
from caseroom.services.directory.file_format import COLUMNS, export_cells
from caseroom.services.permissions import Permission, require

FORMAT_NAME = "caseroom-directory"
FORMAT_VERSION = 1
SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".json")


def file_kind(path: Path) -> str:
    """ "csv", "xlsx" or "json" by the extension; `UserError` for any other."""
    suffix = path.suffix.casefold()
    if suffix not in SUFFIXES:
        raise UserError(
            _("{path}: a directory file is a .csv, .xlsx or .json file").format(path=path.name)
        )
    return suffix[1:]


def _csv_bytes(rows: list[dict[str, object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(["" if row[column] is None else row[column] for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_bytes(rows: list[dict[str, object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "directory"
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json_bytes(rows: list[dict[str, object]]) -> bytes:
    document = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "entries": rows}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_directory(session: Session, *, actor: Actor, path: Path) -> int:
    """Write every entry (archived ones marked) to `path`; how many were written."""
    require(actor, Permission.KEEP_DIRECTORY)
    kind = file_kind(path)
    entries = all_entries(session, actor=actor, include_archived=True)
    rows = [export_cells(entry, lists_as_text=kind != "json") for entry in entries]
    data = {"csv": _csv_bytes, "xlsx": _xlsx_bytes, "json": _json_bytes}[kind](rows)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    audit(session, actor=actor, action="export", entity=ENTITY, details={"count": len(rows)})
    return len(rows)
