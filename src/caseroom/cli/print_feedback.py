"""`caseroom print feedback`: the paper slip with a support group's feedback questions.

    caseroom print feedback --db PATH --group NAME_OR_ID [--lang L] --out FILE.pdf
                            [--date YYYY-MM-DD] [--pages N] [--questions FILE]

Two slips to an A4 page, in the slip's language (default: the room's). `--date` prints
the day of that meeting of the group (else a line to write it on); `--questions` uses a
centre's own questions file instead of the built-in one. The slip names no one.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _

MAX_PAGES = 50


def register_kind(kinds: Any) -> None:
    """Add this module's kinds of paper to `caseroom print`."""
    feedback = kinds.add_parser(
        "feedback",
        help=_("the feedback slip mothers fill in after a support-group meeting"),
        description=_(
            "Write the paper feedback slip of a support group (two slips to a page), "
            "with the questions in the chosen language."
        ),
    )
    feedback.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    feedback.add_argument(
        "--group", metavar="NAME_OR_ID", required=True, help=_("the group's name or record id")
    )
    feedback.add_argument(
        "--lang",
        dest="slip_lang",
        choices=LANGUAGES,
        help=_("the slip's language (default: the room's language)"),
    )
    feedback.add_argument("--out", metavar="FILE", required=True, help=_("the PDF file to write"))
    feedback.add_argument(
        "--date", metavar="YYYY-MM-DD", help=_("print the day of this meeting of the group")
    )
    feedback.add_argument(
        "--pages", metavar="N", type=int, default=1, help=_("how many pages (default 1)")
    )
    feedback.add_argument(
        "--questions", metavar="FILE", help=_("a centre's own feedback questions file")
    )
    feedback.set_defaults(handler=run_feedback)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            _("“{text}” is not a date: write it as 2026-11-05").format(text=text)
        ) from None


def run_feedback(args: argparse.Namespace) -> int:
    """`caseroom print feedback`."""
    from sqlalchemy import select
    from sqlmodel import Session, col

    from caseroom.cli.common import existing_db_path, open_engine
    from caseroom.cli.login import actor_for_cli
    from caseroom.db.models import GroupMeeting
    from caseroom.reports.feedback_slip import write_feedback_slip
    from caseroom.services.parents.feedback_questions import load_feedback_questions
    from caseroom.services.parents.slips import feedback_slip_data, find_group
    from caseroom.services.permissions import Permission
    from caseroom.services.reporting.report_data import report_language

    out = Path(args.out)
    if out.is_dir() or not out.parent.is_dir():
        raise UserError(
            _("Cannot write {path}: give a file in an existing folder").format(path=out)
        )
    if not 1 <= args.pages <= MAX_PAGES:
        raise UserError(_("--pages must be from 1 to {limit}").format(limit=MAX_PAGES))
    day = _day(args.date) if args.date else None
    questions = load_feedback_questions(Path(args.questions) if args.questions else None)
    engine = open_engine(existing_db_path(args.db))
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.VIEW_RECORDS)
            group = find_group(session, actor=actor, name_or_id=args.group)
            meeting_id = None
            if day is not None:
                meeting_id = session.execute(
                    select(col(GroupMeeting.id)).where(
                        col(GroupMeeting.group_id) == group.id,
                        col(GroupMeeting.held_on) == day,
                        col(GroupMeeting.archived_at).is_(None),
                    )
                ).scalar()
                if meeting_id is None:
                    raise UserError(
                        _("The group has no meeting on {date}").format(
                            date=day.strftime("%d.%m.%Y")
                        )
                    )
            language = report_language(session, args.slip_lang)
            data = feedback_slip_data(
                session,
                actor=actor,
                group_id=group.id,
                language=language,
                meeting_id=meeting_id,
                questions=questions,
            )
    finally:
        engine.dispose()
    write_feedback_slip(data, out, language=language, pages=args.pages)
    print(_("Feedback slip written to {path}").format(path=out))
    return 0
