"""`caseroom staff add`: a colleague for the room, with an account when `--username` is given.

The temporary password comes from `CASEROOM_NEW_PASSWORD` or is typed twice on a
terminal, never from the command line; she must change it at her first sign-in. The
person running the command signs in (`CASEROOM_USER`, `CASEROOM_PASSWORD`) and needs the
right to manage the room (and accounts, for an account).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Mapping
from typing import Any

from caseroom.cli.common import existing_db_path, open_engine, unit_of_work, value_or_typed
from caseroom.i18n import _
from caseroom.vocab import StaffRole

NEW_PASSWORD_VARIABLE = "CASEROOM_NEW_PASSWORD"


def register(subparsers: Any) -> None:
    """Add the `staff` command group (`staff add`)."""
    group = subparsers.add_parser("staff", help=_("the room's staff members"))
    commands = group.add_subparsers(dest="staff_command", metavar="COMMAND", required=True)
    add = commands.add_parser(
        "add",
        help=_("add a staff member, with an account when --username is given"),
        description=_(
            "Add a staff member to the room. With --username the staff member also gets an "
            "account whose temporary password is read from {variable} or typed twice, and "
            "is changed at the first sign-in."
        ).format(variable=NEW_PASSWORD_VARIABLE),
    )
    add.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    add.add_argument(
        "--last-name", metavar="L", required=True, help=_("the staff member's last name")
    )
    add.add_argument(
        "--first-name", metavar="F", required=True, help=_("the staff member's first name")
    )
    add.add_argument("--patronymic", metavar="P", help=_("the staff member's patronymic"))
    add.add_argument(
        "--role",
        required=True,
        choices=[str(role) for role in StaffRole],
        help=_("the staff member's role"),
    )
    add.add_argument(
        "--username", metavar="U", help=_("a user name, to give the staff member an account")
    )
    add.add_argument(
        "--specialism",
        metavar="S",
        action="append",
        default=[],
        help=_("something the staff member is also trained in, such as ABA (may be repeated)"),
    )
    add.set_defaults(handler=run_add)


def temporary_password(
    environ: Mapping[str, str],
    *,
    interactive: bool,
    ask_secret: Callable[[str], str] = getpass.getpass,
) -> str:
    """The new account's temporary password: the environment, else typed twice."""
    return value_or_typed(
        environ,
        NEW_PASSWORD_VARIABLE,
        _("Temporary password: "),
        interactive=interactive,
        ask=ask_secret,
        repeat=_("The same password again: "),
    )


def run_add(
    args: argparse.Namespace,
    *,
    environ: Mapping[str, str] | None = None,
    ask_secret: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> int:
    """Run `caseroom staff add`."""
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.accounts.colleagues import add_colleague
    from caseroom.services.people.staff import StaffInput

    environ = os.environ if environ is None else environ
    interactive = sys.stdin.isatty() if interactive is None else interactive
    path = existing_db_path(args.db)
    password = None
    if args.username is not None:
        password = temporary_password(environ, interactive=interactive, ask_secret=ask_secret)
    data = StaffInput(
        last_name=args.last_name,
        first_name=args.first_name,
        patronymic=args.patronymic,
        role=args.role,
        specialisms=tuple(args.specialism),
    )
    engine = open_engine(path)
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_cli(session)
            made = add_colleague(
                session,
                actor=actor,
                data=data,
                username=args.username,
                temporary_password=password,
            )
    finally:
        engine.dispose()
    print(_("Staff member added: {name}.").format(name=made.staff.full_name))
    if made.account is not None:
        print(
            _("Account {user}: the temporary password is changed at the first sign-in.").format(
                user=made.account.username
            )
        )
    return 0
