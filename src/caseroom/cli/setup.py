"""`caseroom init`: a new room database with its first account, from the command line.

The first account's user name and password come from `CASEROOM_USER` and
`CASEROOM_PASSWORD`; an encrypted database (the default) also needs its recovery
passphrase, `CASEROOM_PASSPHRASE`. On a terminal, whatever is not set is asked (secrets
twice, never echoed). An existing file is refused; a failure leaves no file behind.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from caseroom.cli.common import PASSPHRASE_VARIABLE, unit_of_work, value_or_typed
from caseroom.cli.login import PASSWORD_VARIABLE, USER_VARIABLE
from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _, set_language
from caseroom.paths import resolve_db_path
from caseroom.vocab import StaffRole

_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_FIRST_ROLES = (
    StaffRole.PSYCHOLOGIST,
    StaffRole.SPECIAL_EDUCATOR,
    StaffRole.SPEECH_THERAPIST,
    StaffRole.SOCIAL_PEDAGOGUE,
    StaffRole.ADMINISTRATOR,
)
"""Who may hold a database's first account (`services.accounts.FIRST_ACCOUNT_ROLES`)."""


def register(subparsers: Any) -> None:
    """Add the `init` subcommand."""
    parser = subparsers.add_parser(
        "init",
        help=_("make a new room database with its first account"),
        description=_(
            "Make a new room database with its first account. The account's user name and "
            "password are read from {user} and {password}, the recovery passphrase of an "
            "encrypted database from {passphrase}, or asked on a terminal."
        ).format(user=USER_VARIABLE, password=PASSWORD_VARIABLE, passphrase=PASSPHRASE_VARIABLE),
    )
    parser.add_argument("--db", metavar="PATH", required=True, help=_("the new database file"))
    parser.add_argument("--room", metavar="NAME", required=True, help=_("the room's name"))
    parser.add_argument("--school", metavar="NAME", required=True, help=_("the school's name"))
    parser.add_argument("--town", metavar="T", help=_("the town or village"))
    parser.add_argument(
        "--lang",
        dest="room_lang",
        choices=LANGUAGES,
        default=None,
        help=_("the room's language (default ru)"),
    )
    parser.add_argument(
        "--no-encryption",
        action="store_true",
        help=_("leave the database file unencrypted (not recommended)"),
    )
    parser.add_argument("--last-name", metavar="L", help=_("the first account holder's last name"))
    parser.add_argument(
        "--first-name", metavar="F", help=_("the first account holder's first name")
    )
    parser.add_argument(
        "--role",
        choices=[str(role) for role in _FIRST_ROLES],
        default=str(StaffRole.PSYCHOLOGIST),
        help=_("the first account holder's role (default psychologist)"),
    )
    parser.set_defaults(handler=run)


def _remove_new_files(path: Path) -> None:
    from caseroom.db.crypto import key_file_path

    for leftover in (path, *(Path(f"{path}{suffix}") for suffix in _SIDE_SUFFIXES)):
        leftover.unlink(missing_ok=True)
    key_file_path(path).unlink(missing_ok=True)


def _refuse_existing(path: Path) -> None:
    from caseroom.db.crypto import key_file_path

    if path.exists():
        raise UserError(
            _("{path} already exists; a new room database goes into a new file").format(path=path)
        )
    if key_file_path(path).exists():
        raise UserError(_("The key file {path} already exists.").format(path=key_file_path(path)))


def run(
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] = input,
    ask_secret: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> int:
    """Run `caseroom init`."""
    from caseroom.db.crypto import passphrase_problems
    from caseroom.services.accounts.passwords import password_problems, username_problem
    from caseroom.services.accounts.setup import RoomSetup

    environ = os.environ if environ is None else environ
    interactive = sys.stdin.isatty() if interactive is None else interactive
    path = resolve_db_path(args.db)
    _refuse_existing(path)
    language = args.room_lang or getattr(args, "lang", None) or "ru"
    if args.room_lang:
        set_language(args.room_lang)
    username = value_or_typed(
        environ, USER_VARIABLE, _("User name: "), interactive=interactive, ask=ask
    )
    problem = username_problem(username)
    if problem:
        raise UserError(problem)
    password = value_or_typed(
        environ,
        PASSWORD_VARIABLE,
        _("Password: "),
        interactive=interactive,
        ask=ask_secret,
        repeat=_("The same password again: "),
    )
    problems = password_problems(username, password)
    if problems:
        raise UserError(" ".join(problems))
    passphrase: str | None = None
    if not args.no_encryption:
        passphrase = value_or_typed(
            environ,
            PASSPHRASE_VARIABLE,
            _("Recovery passphrase: "),
            interactive=interactive,
            ask=ask_secret,
            repeat=_("The same passphrase again: "),
        )
        problems = passphrase_problems(passphrase)
        if problems:
            raise UserError(" ".join(problems))
    setup = RoomSetup(
        school_name=args.school,
        room_name=args.room,
        locality=args.town,
        language=language,
        first_staff=_first_staff(args, username),
        username=username,
        password=password,
    )
    _make(path, setup, passphrase)
    print(_("Room database written to {path}.").format(path=path))
    if passphrase is not None:
        from caseroom.db.crypto import key_file_path

        print(
            _(
                "It is encrypted; keep its key file {path} with it. The password of {user} "
                "and the recovery passphrase both open it."
            ).format(path=key_file_path(path), user=username)
        )
    else:
        print(_("It is not encrypted."))
    return 0


def _first_staff(args: argparse.Namespace, username: str) -> Any:
    from caseroom.services.people.staff import StaffInput

    return StaffInput(
        last_name=args.last_name or username,
        first_name=args.first_name or username,
        role=args.role,
    )


def _make(path: Path, setup: Any, passphrase: str | None) -> None:
    """Write the new database; on any failure remove every file it began."""
    from sqlalchemy import Engine

    from caseroom.db.engine import engine_for_path
    from caseroom.db.migrate import upgrade
    from caseroom.db.open import create_encrypted_database
    from caseroom.services.accounts.setup import set_up_room

    if not path.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=path.parent))
    engine: Engine | None = None
    try:
        if passphrase is None:
            engine = engine_for_path(path)
            upgrade(engine)
        else:
            engine, _key = create_encrypted_database(path, passphrase)
        with unit_of_work(engine) as session:
            set_up_room(session, setup, today=date.today())
    except BaseException:
        if engine is not None:
            engine.dispose()
        _remove_new_files(path)
        raise
    engine.dispose()
