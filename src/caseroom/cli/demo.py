"""`caseroom demo`: fills a new database with realistic, deterministic demo data.

Refuses a database that already holds records (exit 2, nothing written). A file it had to
create is removed again if making the data fails, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from caseroom.cli.common import PASSPHRASE_VARIABLE, hold_writer, unit_of_work
from caseroom.db.crypto import KEY_FILE_SUFFIX, key_file_path
from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _, ngettext
from caseroom.paths import resolve_db_path

if TYPE_CHECKING:
    from caseroom.demo.build import DemoSummary

DEFAULT_FAMILIES = 60
"""Same as `caseroom.demo.build.DEFAULT_FAMILIES` (kept here so `--help` stays light)."""


def register(subparsers: Any) -> None:
    """Add the `demo` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help=_("fill a new database with realistic demo data"),
        description=_(
            "Fill a new database with realistic, deterministic demo data for a school year."
        ),
    )
    parser.add_argument("--db", metavar="PATH", required=True, help=_("the new database file"))
    parser.add_argument(
        "--families",
        metavar="N",
        type=_family_count,
        default=DEFAULT_FAMILIES,
        help=_("how many families to make (default {count})").format(count=DEFAULT_FAMILIES),
    )
    parser.add_argument(
        "--seed", metavar="S", type=int, default=1, help=_("the same seed makes the same data")
    )
    parser.add_argument(
        "--lang",
        dest="demo_lang",
        choices=LANGUAGES,
        default=None,
        help=_("the language of the demo texts (default ru)"),
    )
    parser.set_defaults(handler=run)


def _family_count(text: str) -> int:
    from caseroom.demo.build import MAX_FAMILIES

    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_FAMILIES:
        raise argparse.ArgumentTypeError(
            _("the number of families must be a whole number from 1 to {limit}").format(
                limit=MAX_FAMILIES
            )
        )
    return value


def _refuse_if_used(path: Path) -> None:
    """Raise `UserError` unless `path` is missing, empty, or a caseroom database without
    records. Only reads the file."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return
    if not path.is_file():
        raise UserError(_("{path} is not a file").format(path=path))
    from caseroom.db.engine import engine_for_path
    from caseroom.demo.build import has_records

    engine = engine_for_path(path, read_only=True)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        if tables and "alembic_version" not in tables:
            raise UserError(
                _("{path} holds other data; demo data goes into a new file").format(path=path)
            )
        if tables:
            with Session(engine) as session:
                if has_records(session):
                    raise UserError(
                        _("{path} already holds records; demo data goes into a new file").format(
                            path=path
                        )
                    )
    except (DatabaseError, sqlite3.DatabaseError) as error:
        raise UserError(_("{path} is not a caseroom database").format(path=path)) from error
    finally:
        engine.dispose()


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", KEY_FILE_SUFFIX):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _refuse_for_encryption(path: Path, passphrase: str) -> None:
    """With `CASEROOM_PASSPHRASE` set the demo makes a NEW encrypted file: refuse an
    empty passphrase, an existing non-empty file and an existing key file."""
    if not passphrase:
        raise UserError(_("{variable} is empty").format(variable=PASSPHRASE_VARIABLE))
    if key_file_path(path).exists():
        raise UserError(
            _("{path} already has a key file; demo data goes into a new file").format(path=path)
        )
    if path.exists() and (not path.is_file() or path.stat().st_size > 0):
        raise UserError(
            _("{path} already exists; an encrypted demo database goes into a new file").format(
                path=path
            )
        )


def run(args: argparse.Namespace) -> int:
    """Run `caseroom demo`."""
    from caseroom.db.engine import engine_for_path
    from caseroom.db.migrate import upgrade
    from caseroom.db.open import create_encrypted_database
    from caseroom.demo.build import make_demo

    path = resolve_db_path(args.db)
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    if passphrase is not None:
        _refuse_for_encryption(path, passphrase)
    if path.exists():
        hold_writer(path)
    _refuse_if_used(path)
    created = not path.exists()
    lang = args.demo_lang or getattr(args, "lang", None) or "ru"
    path.parent.mkdir(parents=True, exist_ok=True)
    engine: Engine | None = None
    try:
        if passphrase is None:
            engine = engine_for_path(path)
            upgrade(engine)
        else:
            path.unlink(missing_ok=True)  # an empty file: SQLCipher writes it afresh
            engine, _key = create_encrypted_database(path, passphrase)
        with unit_of_work(engine) as session:
            summary = make_demo(
                session, today=date.today(), families=args.families, seed=args.seed, lang=lang
            )
    except BaseException:
        if engine is not None:
            engine.dispose()
        if created or passphrase is not None:
            _remove(path)
        raise
    engine.dispose()
    print(_("Demo data written to {path}:").format(path=path))
    if passphrase is not None:
        print(
            _("The database is encrypted; its key file is {path}.").format(path=key_file_path(path))
        )
    for line in _count_lines(summary):
        print("  " + line)
    return 0


def _count_lines(summary: DemoSummary) -> list[str]:
    """One translated line per kind of record made."""
    lines = [
        (ngettext("{count} staff member", "{count} staff members", summary.staff), summary.staff),
        (ngettext("{count} family", "{count} families", summary.families), summary.families),
        (
            ngettext("{count} caregiver", "{count} caregivers", summary.caregivers),
            summary.caregivers,
        ),
        (ngettext("{count} child", "{count} children", summary.children), summary.children),
        (
            ngettext(
                "{count} PMPK conclusion", "{count} PMPK conclusions", summary.pmpk_conclusions
            ),
            summary.pmpk_conclusions,
        ),
        (ngettext("{count} consent", "{count} consents", summary.consents), summary.consents),
        (ngettext("{count} referral", "{count} referrals", summary.referrals), summary.referrals),
        (ngettext("{count} support plan", "{count} support plans", summary.plans), summary.plans),
        (ngettext("{count} goal", "{count} goals", summary.goals), summary.goals),
        (
            ngettext("{count} goal rating", "{count} goal ratings", summary.ratings),
            summary.ratings,
        ),
        (ngettext("{count} session", "{count} sessions", summary.sessions), summary.sessions),
        (
            ngettext("{count} attendance mark", "{count} attendance marks", summary.attendance),
            summary.attendance,
        ),
        (
            ngettext(
                "{count} home practice task", "{count} home practice tasks", summary.home_practice
            ),
            summary.home_practice,
        ),
        (
            ngettext("{count} parent's goal", "{count} parents' goals", summary.parent_goals),
            summary.parent_goals,
        ),
        (
            ngettext(
                "{count} parent support group", "{count} parent support groups", summary.groups
            ),
            summary.groups,
        ),
        (
            ngettext("{count} group meeting", "{count} group meetings", summary.group_meetings),
            summary.group_meetings,
        ),
    ]
    return [template.format(count=count) for template, count in lines]
