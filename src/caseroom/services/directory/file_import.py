"""Bringing a directory file in, all or nothing.

Every row is checked first, by the same rules as an entry typed in the room. When any row
has a problem the whole file is refused with one message naming the rows (and nothing is
written); otherwise each row updates the entry with its id or adds a new one. Entries the
file does not name are left as they are. Rows that change nothing are not rewritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from caseroom.db.models_directory import DirectoryEntry
from caseroom.db.types import utcnow
from caseroom.errors import UserError
from caseroom.i18n import _, ngettext
from caseroom.services.audited import save_and_audit
from caseroom.services.common import Actor, touch
from caseroom.services.directory.entries import ENTITY
from caseroom.services.directory.fields import checked_entry
from caseroom.services.directory.file_format import FileRow, ParsedRow, parse_row
from caseroom.services.permissions import Permission, require

SHOWN_PROBLEMS = 20
"""How many problems the refusal lists (the rest are counted)."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A problem of one row: its number, its column (None: the whole row) and what is wrong."""

    number: int
    column: str | None
    message: str


class DirectoryFileError(UserError):
    """A directory file refused whole: `problems` names each row and column at fault."""

    def __init__(self, message: str, problems: Sequence[RowProblem]) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: entries added, updated, left as they were."""

    created: int
    updated: int
    unchanged: int


def refusal(file_name: str, problems: Sequence[RowProblem]) -> DirectoryFileError:
    """The one message that refuses `file_name`, naming its rows and their problems."""
    rows = sorted({problem.number for problem in problems})
    head = ngettext(
        "{path} was not imported and nothing was changed: {count} row has problems "
        "(row {rows}). Correct the file and import it again.",
        "{path} was not imported and nothing was changed: {count} rows have problems "
        "(rows {rows}). Correct the file and import it again.",
        len(rows),
    ).format(path=file_name, count=len(rows), rows=", ".join(str(row) for row in rows))
    lines = [head]
    for problem in problems[:SHOWN_PROBLEMS]:
        if problem.column is None:
            line = _("Row {row}: {problem}").format(row=problem.number, problem=problem.message)
        else:
            line = _("Row {row}, column “{column}”: {problem}").format(
                row=problem.number, column=problem.column, problem=problem.message
            )
        lines.append(line)
    more = len(problems) - SHOWN_PROBLEMS
    if more > 0:
        lines.append(
            ngettext("…and {count} more problem.", "…and {count} more problems.", more).format(
                count=more
            )
        )
    return DirectoryFileError("\n".join(lines), problems)


def _checked_rows(
    rows: Sequence[FileRow],
) -> tuple[list[tuple[ParsedRow, dict[str, Any]]], list[RowProblem]]:
    problems: list[RowProblem] = []
    checked: list[tuple[ParsedRow, dict[str, Any]]] = []
    first_row_of: dict[str, int] = {}
    for row in rows:
        parsed = parse_row(row)
        values, found = checked_entry(parsed.data)
        found_all = {**found.found, **parsed.problems}
        code = parsed.data.code
        if code is not None and "code" not in found_all:
            other = first_row_of.setdefault(code, row.number)
            if other != row.number:
                found_all["id"] = _("the id “{value}” is on row {other} too").format(
                    value=code, other=other
                )
        for column, message in found_all.items():
            problems.append(RowProblem(row.number, "id" if column == "code" else column, message))
        checked.append((parsed, values))
    return checked, problems


def import_rows(
    session: Session, *, actor: Actor, rows: Sequence[FileRow], file_name: str
) -> ImportResult:
    """Apply a directory file's rows, all or nothing (`DirectoryFileError` names the rows
    at fault; nothing is written then)."""
    require(actor, Permission.KEEP_DIRECTORY)
    if not rows:
        raise UserError(_("{path} holds no directory entries").format(path=file_name))
    checked, problems = _checked_rows(rows)
    if problems:
        raise refusal(file_name, problems)
    existing = {
        record.code: record
        for record in session.exec(
            select(DirectoryEntry).where(
                col(DirectoryEntry.code).in_([parsed.data.code for parsed, _values in checked])
            )
        )
    }
    created = updated = unchanged = 0
    for parsed, values in checked:
        record = existing.get(str(values["code"]))
        if record is None:
            record = DirectoryEntry(**values, archived_at=utcnow() if parsed.archived else None)
            save_and_audit(
                session,
                actor=actor,
                record=record,
                action="create",
                entity=ENTITY,
                details={"kind": record.kind, "source": "file"},
            )
            created += 1
            continue
        was_archived = record.archived_at is not None
        changed = {name: value for name, value in values.items() if getattr(record, name) != value}
        if not changed and was_archived == parsed.archived:
            unchanged += 1
            continue
        for name, value in changed.items():
            setattr(record, name, value)
        if was_archived != parsed.archived:
            record.archived_at = utcnow() if parsed.archived else None
        touch(record)
        save_and_audit(
            session,
            actor=actor,
            record=record,
            action="update",
            entity=ENTITY,
            details={"kind": record.kind, "source": "file"},
        )
        updated += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)
