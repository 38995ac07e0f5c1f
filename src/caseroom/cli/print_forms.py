"""`caseroom print consent|plan|pmpk|referral|slip|sheets`: the forms a room prints and has
signed, filled from the record, and blank weekly sheets.

    caseroom print FORM --db PATH --child CASE [--lang L] --out FILE.pdf [--encrypt]

`consent` takes `--scope S` (repeatable; default every scope a child's work needs),
`referral` takes `--referral ID` (default the child's latest open referral; none is a
user error, exit 2), `sheets` takes no `--child` necessarily (its name line is left
blank) and `--week DATE` (default this week). A form that names a person, made from an
encrypted database, is protected with a password (as `caseroom report`); blank sheets
without a child never are. Each form written is noted in the audit trail.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _
from caseroom.vocab import ConsentScope

FORMS = ("consent", "plan", "pmpk", "referral", "slip", "sheets")


def register_kind(kinds: Any) -> None:
    """Add this module's kinds of paper to `caseroom print`."""
    helps = {
        "consent": _("the parent's written consent, one section per activity"),
        "plan": _("the child's individual development programme"),
        "pmpk": _("the psychological-pedagogical presentation for the PMPK"),
        "referral": _("a referral letter to another service"),
        "slip": _("a reminder slip for the parent: next sessions and the home task"),
        "sheets": _("blank observation and session sheets for a week"),
    }
    for form in FORMS:
        parser = kinds.add_parser(form, help=helps[form], description=sentence_of(helps[form]))
        parser.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
        parser.add_argument(
            "--child",
            metavar="CASE",
            required=form != "sheets",
            help=_("the child's case number or record id"),
        )
        parser.add_argument(
            "--lang",
            dest="report_lang",
            choices=LANGUAGES,
            help=_("the form's language (default: the room's language)"),
        )
        parser.add_argument("--out", metavar="FILE.pdf", required=True, help=_("the PDF file"))
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help=_(
                "protect the file with a password from CASEROOM_EXPORT_PASSWORD or typed "
                "twice (always, for a form with names, when the database is encrypted)"
            ),
        )
        if form == "consent":
            parser.add_argument(
                "--scope",
                action="append",
                choices=[scope.value for scope in ConsentScope],
                help=_(
                    "what the consent is for (repeat for several; "
                    "default: every scope the child's work needs)"
                ),
            )
        if form == "referral":
            parser.add_argument(
                "--referral",
                metavar="ID",
                help=_("the referral's id (default: the latest open one)"),
            )
        if form == "sheets":
            parser.add_argument(
                "--week",
                metavar="YYYY-MM-DD",
                type=date.fromisoformat,
                help=_("a day of the week the sheets are for (default: this week)"),
            )
        parser.set_defaults(handler=run_print_form, form=form)


def sentence_of(text: str) -> str:
    """`text` as a sentence: a capital first letter and a full stop."""
    return text[:1].upper() + text[1:] + "."


def _referral_id(value: str | None) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise UserError(_("Not a referral id: {value}").format(value=value)) from None


def run_print_form(args: argparse.Namespace) -> int:
    """`caseroom print FORM`."""
    from caseroom.cli.common import existing_db_path, open_engine, unit_of_work
    from caseroom.cli.login import actor_for_cli
    from caseroom.cli.report import export_password
    from caseroom.services.permissions import Permission
    from caseroom.services.reporting.form_files import form_data, save_form
    from caseroom.services.reporting.report_data import find_child

    out = Path(args.out)
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=out.parent))
    referral_id = _referral_id(getattr(args, "referral", None))
    path = existing_db_path(args.db)
    engine = open_engine(path)
    try:
        with unit_of_work(engine) as session:
            needed = Permission.VIEW_RECORDS if args.form == "sheets" else Permission.MAKE_REPORTS
            actor = actor_for_cli(session, permission=needed)
            child = find_child(session, actor=actor, case=args.child) if args.child else None
            names_someone = child is not None or args.form != "sheets"
            if args.encrypt and not names_someone:
                raise UserError(
                    _("Blank sheets name no one and are never encrypted: leave out --encrypt")
                )
            data = form_data(  # refused (no programme, no referral) before a password is asked
                session,
                actor=actor,
                form=args.form,
                child_id=None if child is None else child.id,
                made_on=date.today(),
                scopes=getattr(args, "scope", None),
                referral_id=referral_id,
                week_of=getattr(args, "week", None),
            )
            password = export_password(path, requested=args.encrypt) if names_someone else None
            written = save_form(
                session,
                actor=actor,
                form=args.form,
                child_id=None if child is None else child.id,
                out=out,
                made_on=date.today(),
                language=args.report_lang,
                password=password,
                scopes=getattr(args, "scope", None),
                referral_id=referral_id,
                week_of=getattr(args, "week", None),
                data=data,
            )
    finally:
        engine.dispose()
    print(_("Form written to {path}").format(path=written))
    return 0
