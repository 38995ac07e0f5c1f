"""`caseroom print timetable`: a specialist's or the room's week (A4 landscape).

    caseroom print timetable --db PATH --week 2026-W50 [--staff NAME] [--lang L] --out FILE.pdf

NAME is a user name, or a last name matched without regard to case; a last name several
staff members share is refused with the matches listed (exit 2), as are an unknown name
and a week that is not written `YYYY-Www`. A timetable names children: from an encrypted
database (or with `--encrypt`, or `CASEROOM_EXPORT_PASSWORD` set) the PDF is protected
with a password, as other exports with names are.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _


def register_kind(kinds: Any) -> None:
    """Add this module's kinds of paper to `caseroom print`."""
    timetable = kinds.add_parser(
        "timetable",
        help=_("a specialist's or the room's week of sessions (PDF, A4 landscape)"),
        description=_(
            "Write the week's timetable as a PDF: one specialist's with --staff, "
            "else the whole room's."
        ),
    )
    timetable.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    timetable.add_argument(
        "--week", metavar="WEEK", required=True, help=_("the ISO week, e.g. 2026-W50")
    )
    timetable.add_argument(
        "--staff", metavar="NAME", help=_("a user name, or a last name (case does not matter)")
    )
    timetable.add_argument(
        "--lang",
        dest="report_lang",
        choices=LANGUAGES,
        help=_("the report's language (default: the room's language)"),
    )
    timetable.add_argument("--out", metavar="FILE", required=True, help=_("the PDF file"))
    timetable.add_argument(
        "--encrypt",
        action="store_true",
        help=_("protect the file with a password from CASEROOM_EXPORT_PASSWORD or typed twice"),
    )
    timetable.set_defaults(handler=run_timetable)


def run_timetable(args: argparse.Namespace) -> int:
    """`caseroom print timetable`."""
    from sqlmodel import Session

    from caseroom.cli.common import existing_db_path, open_engine, unit_of_work
    from caseroom.cli.login import actor_for_cli
    from caseroom.cli.report import export_password
    from caseroom.reports.protect import write_protected
    from caseroom.reports.timetable_pdf import timetable_pdf
    from caseroom.services.permissions import Permission
    from caseroom.services.reporting.common import report_language
    from caseroom.services.sessions.recurrence import parse_week
    from caseroom.services.sessions.timetable_print import timetable_week_data
    from caseroom.services.sessions.timetable_week import find_staff

    monday = parse_week(args.week)  # a bad week is refused before the database is opened
    out = Path(args.out)
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=out.parent))
    path = existing_db_path(args.db)
    engine = open_engine(path)
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.VIEW_RECORDS)
        password = export_password(path, requested=args.encrypt)
        with unit_of_work(engine) as session:
            staff_id = None
            if args.staff is not None:
                staff_id = find_staff(session, actor=actor, name=args.staff).id
            language = report_language(session, args.report_lang)
            data = timetable_week_data(session, actor=actor, monday=monday, staff_id=staff_id)
            written = write_protected(out, timetable_pdf(data, language=language), "pdf", password)
    finally:
        engine.dispose()
    print(_("Timetable written to {path}").format(path=written))
    return 0
