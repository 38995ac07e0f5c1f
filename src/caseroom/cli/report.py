"""`caseroom report progress | summary`: PDF progress reports and the term summary.

As docs/command-line.md says:

    caseroom report progress --db PATH (--child CASE | --all) [--period P] [--lang L]
                             [--audience parent|consilium] --out PATH
                             [--start-method spawn|fork|forkserver]
    caseroom report summary --db PATH [--period P] [--lang L] --format pdf|xlsx|csv
                            --out FILE [--identified]

and, added beside it, `--encrypt` on both: protect the files with a password (AES-256).
Exports that name children (progress reports, `--identified`) from an encrypted database
are always protected. The password comes from `CASEROOM_EXPORT_PASSWORD`, or is asked
twice on a terminal; never from the command line. An encrypted CSV is written inside
`FILE.zip` (AES-256 zip). A de-identified summary is never encrypted.

Defaults: the current quarter, the room's language, the parent audience. An unknown
child, a bad period or a missing database is a user error (exit 2, nothing written).
`--all` writes `<case number>-<audience>-<lang>.pdf` per active child into the folder
`--out` (with the record id's start added when two case numbers give the same file
name), using two processes, with a progress line on stderr; a child whose report fails
is named and the rest go on (exit 1 at the end); a last line says how many worker
processes made the reports and how they were started (`--start-method`: multiprocessing's
methods this platform has; default spawn in the installed bundle, else the platform's).
Reports are read as the signed-in person (`cli.login`), as the summary is.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseroom.cli.common import existing_db_path, open_engine, print_error
from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _, ngettext

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from caseroom.services.plans.periods import Period
    from caseroom.services.reporting.batch import ChildOutcome

FORMATS = ("pdf", "xlsx", "csv")  # services.report_files.SUMMARY_FORMATS
AUDIENCES = ("parent", "consilium")


def register(subparsers: Any) -> None:
    """Add the `report` subcommand with `progress` and `summary`."""
    report = subparsers.add_parser(
        "report",
        help=_("write progress reports and the term summary"),
        description=_("Write children's progress reports (PDF) or the room's term summary."),
    )
    kinds = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)

    progress = kinds.add_parser(
        "progress",
        help=_("PDF progress reports for one child or for every active child"),
        description=_("Write PDF progress reports for one child or for every active child."),
    )
    _add_common(progress)
    which = progress.add_mutually_exclusive_group(required=True)
    which.add_argument("--child", metavar="CASE", help=_("the child's case number or record id"))
    which.add_argument(
        "--all", action="store_true", help=_("one report per active child, into the folder --out")
    )
    progress.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="parent",
        help=_("who the report is for (default parent)"),
    )
    progress.add_argument(
        "--out", metavar="PATH", required=True, help=_("the PDF file, or the folder with --all")
    )
    _add_encrypt(progress)
    progress.add_argument(
        "--start-method",
        choices=_start_methods(),
        help=_(
            "with --all: how the worker processes start (default: spawn in the installed "
            "program, else the system's own)"
        ),
    )
    progress.set_defaults(handler=run_progress)

    summary = kinds.add_parser(
        "summary",
        help=_("the room's term summary for administrators"),
        description=_(
            "Write the room's term summary; without names unless --identified is given "
            "(which is recorded in the audit log)."
        ),
    )
    _add_common(summary)
    summary.add_argument("--format", choices=FORMATS, required=True, help=_("the file format"))
    summary.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    summary.add_argument(
        "--identified", action="store_true", help=_("include names (recorded in the audit log)")
    )
    _add_encrypt(summary)
    summary.set_defaults(handler=run_summary)


def _start_methods() -> list[str]:
    """Multiprocessing's start methods here: "spawn" everywhere, "fork" and "forkserver"
    on Linux as well (`services.reporting.batch.start_method_used` picks the default)."""
    import multiprocessing

    return multiprocessing.get_all_start_methods()


def _add_encrypt(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encrypt",
        action="store_true",
        help=_(
            "protect the files with a password from CASEROOM_EXPORT_PASSWORD or typed "
            "twice (always, with names, when the database is encrypted)"
        ),
    )


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    parser.add_argument(
        "--period",
        metavar="P",
        help=_("2026-2027, 2026-2027:q1 or 2026-09-01..2026-12-25 (default: this quarter)"),
    )
    parser.add_argument(
        "--lang",
        dest="report_lang",
        choices=LANGUAGES,
        help=_("the report's language (default: the room's language)"),
    )


# --- shared steps ---------------------------------------------------------------------


def _open(args: argparse.Namespace) -> tuple[Path, Engine]:
    from caseroom.services.plans.periods import parse_period

    if args.period is not None:
        parse_period(args.period)  # a bad period is refused before the database is opened
    path = existing_db_path(args.db)
    return path, open_engine(path)


def _period_and_language(session: Session, args: argparse.Namespace) -> tuple[Period, str]:
    from caseroom.services.plans.periods import resolve_period
    from caseroom.services.reporting.report_data import report_language

    period = resolve_period(session, args.period, today=date.today())
    return period, report_language(session, args.report_lang)


def _writable_file(out: Path) -> Path:
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=out.parent))
    return out


def export_password(
    db_path: Path,
    *,
    requested: bool,
    environ: Mapping[str, str] | None = None,
    ask_secret: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> str | None:
    """The password an export that names children is protected with, or None.

    Needed when `requested` (`--encrypt`), when `CASEROOM_EXPORT_PASSWORD` is set, or
    when the database is encrypted; read from that variable, else typed twice on a
    terminal (never echoed). `UserError` when none can be had or it will not do.
    """
    from caseroom.db.crypto import is_encrypted
    from caseroom.reports.protect import PASSWORD_VARIABLE
    from caseroom.services.reporting.passwords import export_password_problems

    environ = os.environ if environ is None else environ
    password = environ.get(PASSWORD_VARIABLE)
    if not (requested or password is not None or is_encrypted(db_path)):
        return None
    if password is None:
        if interactive is None:
            interactive = sys.stdin.isatty()
        if not interactive:
            raise UserError(
                _(
                    "An export with names must be protected with a password here: set "
                    "{variable}, or run the command on a terminal to type it"
                ).format(variable=PASSWORD_VARIABLE)
            )
        password = ask_secret(_("Password for the exported files: "))
        repeat = ask_secret(_("The same password again: "))
    else:
        repeat = password
    problems = export_password_problems(password, repeat)
    if problems:
        raise UserError(" ".join(problems))
    return password


# --- report progress ------------------------------------------------------------------


def run_progress(args: argparse.Namespace) -> int:
    """`caseroom report progress`."""
    from sqlmodel import Session

    from caseroom.cli.login import actor_for_cli
    from caseroom.db.engine import engine_key
    from caseroom.reports.data import Audience
    from caseroom.services.permissions import Permission
    from caseroom.services.reporting.batch import BatchJob, report_file_name, write_child_report
    from caseroom.services.reporting.files import audit_progress_reports
    from caseroom.services.reporting.report_data import children_to_report, find_child

    out = Path(args.out)
    if args.all and out.exists() and not out.is_dir():
        raise UserError(_("{path} is not a folder").format(path=out))
    path, engine = _open(args)
    try:
        with Session(engine) as session:
            # As `report summary`: sign in, then the services read as that person.
            actor = actor_for_cli(session, permission=Permission.MAKE_REPORTS)
            audience = Audience(args.audience)
            if args.all:  # refused here (a consilium without notes) before any password
                children = children_to_report(session, actor=actor, audience=audience)
            else:
                child = find_child(session, actor=actor, case=args.child, audience=audience)
            period, language = _period_and_language(session, args)
            password = export_password(path, requested=args.encrypt)
            job = BatchJob(
                db_path=path,
                out_dir=out if args.all else out.parent,
                period=period,
                audience=audience,
                language=language,
                made_on=date.today(),
                db_key=engine_key(engine),
                password=password,
                actor=actor,
            )
            if not args.all:
                target = (
                    out / report_file_name(child.case_number, job.audience, language)
                    if out.is_dir()
                    else _writable_file(out)
                )
                target = write_child_report(session, job, child, target)
                audit_progress_reports(
                    session,
                    actor=actor,
                    child_ids=[child.id],
                    period=period,
                    audience=job.audience,
                    language=language,
                    encrypted=password is not None,
                )
                session.commit()
                print(_("Report written to {path}").format(path=target))
                return 0
    finally:
        engine.dispose()
    return _run_all(job, children, actor, args.start_method)


def _audit_batch(job: Any, child_ids: list[Any], actor: Any) -> None:
    """Note the written reports in the audit trail, in one unit of work after the batch."""
    from caseroom.cli.common import unit_of_work
    from caseroom.db.engine import engine_for_path
    from caseroom.services.reporting.files import audit_progress_reports

    if not child_ids:
        return
    engine = engine_for_path(job.db_path, key=job.db_key)
    try:
        with unit_of_work(engine) as session:
            audit_progress_reports(
                session,
                actor=actor,
                child_ids=child_ids,
                period=job.period,
                audience=job.audience,
                language=job.language,
                encrypted=job.password is not None,
            )
    finally:
        engine.dispose()


def _run_all(job: Any, children: list[Any], actor: Any, start_method: str | None) -> int:
    from caseroom.services.reporting.batch import (
        run_progress_batch,
        start_method_used,
        workers_used,
    )

    if not children:
        job.out_dir.mkdir(parents=True, exist_ok=True)
        print(_("No active children: no reports written."))
        return 0
    progress = _ProgressLine()
    try:
        outcomes = run_progress_batch(
            job, children, on_outcome=progress.show, start_method=start_method
        )
    finally:
        progress.close()
    failed = [outcome for outcome in outcomes if not outcome.ok]
    written = len(outcomes) - len(failed)
    _audit_batch(job, [outcome.child_id for outcome in outcomes if outcome.ok], actor)
    print(
        ngettext(
            "{count} report written to {path}", "{count} reports written to {path}", written
        ).format(count=written, path=job.out_dir)
    )
    used = workers_used(outcomes)
    print(
        ngettext(
            "{count} worker process used (start method {method})",
            "{count} worker processes used (start method {method})",
            used,
        ).format(count=used, method=start_method_used(start_method))
    )
    if failed:
        log_file = log_exception_details(failed)
        print_error(
            ngettext(
                "{count} report failed; details were written to {path}",
                "{count} reports failed; details were written to {path}",
                len(failed),
            ).format(count=len(failed), path=log_file)
        )
        return 1
    return 0


class _ProgressLine:
    """`12/240 SR-2026-0012` on stderr: rewritten in place on a terminal, else one line each.

    A failed child gets its own line, naming it, whatever stderr is.
    """

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.dirty = False

    def show(self, done: int, total: int, outcome: ChildOutcome) -> None:
        if not outcome.ok:
            self.close()
            print_error(
                _("Could not write the report of {case}: {error}").format(
                    case=outcome.case_number, error=outcome.error
                )
            )
        line = f"{done}/{total} {outcome.case_number}"
        if self.terminal:
            sys.stderr.write("\r" + line + "\033[K")
            sys.stderr.flush()
            self.dirty = True
        else:
            print_error(line)

    def close(self) -> None:
        if self.dirty:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.dirty = False


def log_exception_details(failed: list[ChildOutcome]) -> Path:
    """Write where the failures happened to the log file (no record content: the case
    number only, and `safe_traceback`'s types and frames); returns its path."""
    from caseroom.logfile import log_file_path, write_log

    for outcome in failed:
        write_log(f"report of {outcome.case_number} failed\n{outcome.details or ''}")
    return log_file_path()


# --- report summary -------------------------------------------------------------------


def run_summary(args: argparse.Namespace) -> int:
    """`caseroom report summary`."""
    from sqlmodel import Session

    from caseroom.cli.common import unit_of_work
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.permissions import Permission
    from caseroom.services.reporting.report_data import term_summary_data

    out = _writable_file(Path(args.out))
    if args.encrypt and not args.identified:
        raise UserError(
            _(
                "A summary without names is never encrypted: add --identified, "
                "or leave out --encrypt"
            )
        )
    path, engine = _open(args)
    try:
        # One unit of work: the audit entry of an identified summary is committed only
        # once its file is written.
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.EXPORT_SUMMARY)
        password = export_password(path, requested=args.encrypt) if args.identified else None
        with unit_of_work(engine) as session:
            period, language = _period_and_language(session, args)
            data = term_summary_data(
                session,
                actor=actor,
                period=period,
                identified=args.identified,
                made_on=date.today(),
                file_format=args.format,
                language=language,
                encrypted=password is not None,
            )
            written = _write_summary(data, out, args.format, language, password)
    finally:
        engine.dispose()
    print(_("Summary written to {path}").format(path=written))
    return 0


def _write_summary(
    data: Any, out: Path, file_format: str, language: str, password: str | None
) -> Path:
    from caseroom.services.reporting.files import write_summary_file

    return write_summary_file(data, out, file_format, language, password=password)
