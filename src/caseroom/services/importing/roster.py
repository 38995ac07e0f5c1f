"""Importing a roster of children, families and caregivers (docs/command-line.md, "Roster import").

All rows or none, in three steps:
1. every row is checked in memory (`rows`), by the rules of the services that keep
   children, caregivers, families and conclusions; a row that repeats an earlier one
   exactly is a warning and read once;
2. the rows are grouped into families (`grouping`) and matched with what the database
   holds (`match`), deciding what is new, present or changed (`plan`);
3. only when no row has a problem, the records are written in bulk (`write`).

Any problem raises `RosterError` listing each problem with its row and column, before
anything is written; the caller's unit of work commits, or rolls back (on error, or for a
dry run), so a failure leaves the database as it was. `progress` hears how it goes, as
`(stage, done, total)`: "checking" rows, then "writing" records.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from caseroom.db.types import utcnow
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor, audit
from caseroom.services.importing.cells import build_lookups
from caseroom.services.importing.grouping import conflicts, families
from caseroom.services.importing.match import load_known
from caseroom.services.importing.plan import Planner, PreviewItem
from caseroom.services.importing.problems import RosterError, RowProblem
from caseroom.services.importing.read import Cell, Progress, RawRow, RosterTable
from caseroom.services.importing.rows import RosterRow, check_row
from caseroom.services.importing.write import write_records
from caseroom.services.people.children import next_case_number
from caseroom.services.people.rooms import require_room
from caseroom.services.permissions import Permission, require

CHECKING = "checking"
_TOLD_EVERY = 500


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import made (or, in a dry run, would make), what it found already there,
    and how the file was read (`encoding`, `delimiter`: see `RosterTable`)."""

    rows: int
    families_created: int
    families_present: int
    caregivers_created: int
    caregivers_present: int
    children_created: int
    children_present: int
    conclusions_created: int
    warnings: tuple[RowProblem, ...]
    caregivers_updated: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    preview: tuple[PreviewItem, ...] = ()
    """Each record the roster names, new, present or updated, in the order of the rows."""


def _row_key(raw: RawRow) -> tuple[Cell, ...]:
    return tuple(
        " ".join(value.split()) if isinstance(value, str) else value for value in raw.cells.values()
    )


def _unrepeated(rows: tuple[RawRow, ...], warnings: list[RowProblem]) -> list[RawRow]:
    """The rows without exact repeats of an earlier row (each repeat is a warning)."""
    first: dict[tuple[Cell, ...], int] = {}
    kept: list[RawRow] = []
    for raw in rows:
        earlier = first.setdefault(_row_key(raw), raw.number)
        if earlier == raw.number:
            kept.append(raw)
        else:
            warnings.append(
                RowProblem(
                    raw.number,
                    None,
                    _("This row repeats row {row} and is imported once").format(row=earlier),
                )
            )
    return kept


def check_rows(
    session: Session, table: RosterTable, today: date, progress: Progress | None = None
) -> tuple[list[RosterRow], list[RowProblem], list[RowProblem]]:
    """Every row of `table` checked: the valid rows, all problems, all warnings."""
    lookups = build_lookups(session)
    rows: list[RosterRow] = []
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = list(table.warnings)
    unrepeated = _unrepeated(table.rows, warnings)
    total = len(unrepeated)
    for done, raw in enumerate(unrepeated, start=1):
        row, found, noted = check_row(raw, table.columns, lookups, today)
        problems.extend(found)
        warnings.extend(noted)
        if row is not None:
            rows.append(row)
        if progress is not None and (done % _TOLD_EVERY == 0 or done == total):
            progress(CHECKING, done, total)
    return rows, problems, warnings


def _by_row(problems: list[RowProblem]) -> list[RowProblem]:
    return sorted(problems, key=lambda problem: problem.row)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block: an import makes a few
    hundred thousand small objects that refcounting frees, and the collector's repeated
    passes over them cost a fifth of the import's time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_roster(
    session: Session,
    *,
    actor: Actor,
    table: RosterTable,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import a roster read by `read_roster`: all rows, or `RosterError` listing every
    problem. The caller commits, or rolls back (on error, or for a dry run)."""
    require(actor, Permission.IMPORT_ROSTER)
    with _collector_paused():
        return _import(session, actor, table, today or date.today(), progress)


def _import(
    session: Session,
    actor: Actor,
    table: RosterTable,
    today: date,
    progress: Progress | None,
) -> ImportSummary:
    room = require_room(session)
    if not table.rows:
        raise RosterError([RowProblem(2, None, _("The roster has no rows below its header"))])
    rows, problems, warnings = check_rows(session, table, today, progress)
    groups = families(rows, problems, table.columns)
    if problems:
        raise RosterError(_by_row(problems), _by_row(warnings))
    now = utcnow()
    planner = Planner(
        load_known(session, room.id),
        table.columns,
        (room.id, next_case_number(session, today.year)),
        today,
        now,
    )
    for group in groups:
        warnings.extend(conflicts(group, table.columns))
        planner.family(group)
    if planner.problems:
        raise RosterError(_by_row(planner.problems), _by_row([*warnings, *planner.warnings]))
    try:
        write_records(session, planner.records, actor=actor, now=now, progress=progress)
    except IntegrityError as error:
        raise UserError(
            _("The database refused the roster ({reason}); nothing was imported").format(
                reason=str(error.orig)
            )
        ) from error
    counts = planner.counts
    audit(
        session,
        actor=actor,
        action="import",
        entity="roster",
        details={"rows": len(table.rows), **counts},
    )
    session.flush()
    return ImportSummary(
        rows=len(table.rows),
        warnings=tuple(_by_row([*warnings, *planner.warnings])),
        encoding=table.encoding,
        delimiter=table.delimiter,
        preview=tuple(planner.preview),
        **counts,
    )
