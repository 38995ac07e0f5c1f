"""`caseroom import roster --db PATH FILE [--dry-run]`: children, families and caregivers
from a `.csv` or `.xlsx` roster, all rows or none (docs/command-line.md, "Roster import").

Exit 0 on success; 2 when the file is missing or malformed or any row is invalid (every
problem on its own line on stderr, nothing written). A dry run checks everything and makes
the records inside a transaction that is rolled back, so its counts are exact.

On a terminal, a roster of `PROGRESS_FROM` rows or more shows its progress on stderr, on
one line redrawn as it goes (reading a workbook, checking the rows, writing the records)
and cleared at the end; a smaller roster, or stderr that is not a terminal, shows none.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseroom.cli.common import existing_db_path, open_engine, print_error
from caseroom.errors import UserError
from caseroom.i18n import _, ngettext

if TYPE_CHECKING:
    from caseroom.services.importing.roster import ImportSummary

PROGRESS_FROM = 1000
"""Rows from which a roster's progress is shown (on a terminal)."""


class Progress:
    """Tells an import's progress on stderr, when it is a terminal: one line, redrawn at
    each step of 5 %, cleared by `finish`."""

    def __init__(self) -> None:
        self.stream = sys.stderr
        self.on = self.stream.isatty()
        self.large = False
        self.last: tuple[str, int] | None = None
        self.width = 0

    def _line(self, stage: str, done: int, total: int, percent: int) -> str:
        if stage == "reading":
            return _("Reading the roster: {percent} %").format(percent=percent)
        if stage == "checking":
            return _("Checking the rows: {done} of {total} ({percent} %)").format(
                done=done, total=total, percent=percent
            )
        return _("Writing the records: {percent} %").format(percent=percent)

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Show `done` of `total` of `stage` ("reading", "checking" or "writing")."""
        if stage != "writing":  # records outnumber rows: the rows decide
            self.large = total >= PROGRESS_FROM
        if not self.on or not self.large:
            return
        percent = min(100, done * 100 // total)
        if self.last == (stage, percent // 5):
            return
        self.last = (stage, percent // 5)
        line = self._line(stage, done, total, percent)
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(line))

    def finish(self) -> None:
        """Clear the progress line, if one was shown."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def register(subparsers: Any) -> None:
    """Add the `import` command group with its `roster` subcommand."""
    group = subparsers.add_parser(
        "import",
        help=_("import records from a file"),
        description=_("Import records from a file."),
    )
    kinds = group.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    roster = kinds.add_parser(
        "roster",
        help=_("import children, families and caregivers from a .csv or .xlsx roster"),
        description=_(
            "Import children, families and caregivers from a .csv or .xlsx roster: "
            "all rows or none."
        ),
    )
    roster.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    roster.add_argument("file", metavar="FILE", help=_("the roster (.csv or .xlsx)"))
    roster.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the roster and show what would be imported, without writing"),
    )
    roster.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Run `caseroom import roster`."""
    from sqlmodel import Session

    from caseroom.cli.login import actor_for_cli
    from caseroom.db.migrate import needs_upgrade
    from caseroom.services.importing.read import RosterError, read_roster
    from caseroom.services.importing.roster import import_roster
    from caseroom.services.permissions import Permission

    db_path = existing_db_path(args.db)
    started = time.perf_counter()
    progress = Progress()
    try:
        table = read_roster(Path(args.file).expanduser(), progress)
    except RosterError as error:
        return _refuse(error.problems)
    finally:
        progress.finish()
    engine = open_engine(db_path, migrate=not args.dry_run)
    try:
        if args.dry_run and needs_upgrade(engine):
            raise UserError(
                _(
                    "The database {path} needs an upgrade first: import without --dry-run, "
                    "or open it in caseroom once"
                ).format(path=db_path)
            )
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.IMPORT_ROSTER)
        with Session(engine) as session:
            try:
                summary = import_roster(session, actor=actor, table=table, progress=progress)
            except RosterError as error:
                session.rollback()
                return _refuse(error.problems)
            except BaseException:
                session.rollback()
                raise
            finally:
                progress.finish()
            if args.dry_run:
                session.rollback()
            else:
                session.commit()
    finally:
        engine.dispose()
    for warning in summary.warnings:
        print_error(_("Warning: {warning}").format(warning=warning))
    for line in summary_lines(summary, dry_run=args.dry_run):
        print(line)
    print(_("Done in {seconds:.1f} s.").format(seconds=time.perf_counter() - started))
    return 0


def _refuse(problems: tuple[Any, ...]) -> int:
    for problem in problems:
        print_error(str(problem))
    print_error(
        ngettext(
            "{count} problem found; nothing was imported.",
            "{count} problems found; nothing was imported.",
            len(problems),
        ).format(count=len(problems))
    )
    return 2


def summary_lines(summary: ImportSummary, *, dry_run: bool) -> list[str]:
    """Translated lines telling what was (or, in a dry run, would be) imported."""
    if dry_run:
        head = ngettext(
            "Dry run: {count} row checked, nothing written. It would create:",
            "Dry run: {count} rows checked, nothing written. It would create:",
            summary.rows,
        )
    else:
        head = ngettext(
            "{count} row imported. Created:", "{count} rows imported. Created:", summary.rows
        )
    lines = [head.format(count=summary.rows)]
    made = (
        (ngettext("{count} family", "{count} families", summary.families_created),
         summary.families_created),
        (ngettext("{count} caregiver", "{count} caregivers", summary.caregivers_created),
         summary.caregivers_created),
        (ngettext("{count} child", "{count} children", summary.children_created),
         summary.children_created),
        (ngettext("{count} PMPK conclusion", "{count} PMPK conclusions",
                  summary.conclusions_created), summary.conclusions_created),
    )  # fmt: skip
    lines.extend("  " + template.format(count=count) for template, count in made)
    lines.append(_("Already present (left as they are):"))
    present = (
        (ngettext("{count} family", "{count} families", summary.families_present),
         summary.families_present),
        (ngettext("{count} caregiver", "{count} caregivers", summary.caregivers_present),
         summary.caregivers_present),
        (ngettext("{count} child", "{count} children", summary.children_present),
         summary.children_present),
    )  # fmt: skip
    lines.extend("  " + template.format(count=count) for template, count in present)
    if summary.caregivers_updated:
        lines.append(_("Updated (a changed phone number):"))
        lines.append(
            "  "
            + ngettext(
                "{count} caregiver", "{count} caregivers", summary.caregivers_updated
            ).format(count=summary.caregivers_updated)
        )
    warnings = len(summary.warnings)
    lines.append(ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings))
    read_as = read_as_line(summary.encoding, summary.delimiter)
    if read_as:
        lines.append(read_as)
    return lines


def read_as_line(encoding: str | None, delimiter: str | None) -> str | None:
    """A translated line saying how the roster was read (None when nothing is known)."""
    if encoding is None:
        return None
    if delimiter is None:
        return _("Read the first sheet of the workbook.")
    if delimiter == ";":
        line = _("Read as {encoding}, fields separated by semicolons.")
    elif delimiter == "\t":
        line = _("Read as {encoding}, fields separated by tabs.")
    else:
        line = _("Read as {encoding}, fields separated by commas.")
    return line.format(encoding=encoding)
