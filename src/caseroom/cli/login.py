"""Who a command acts as: the system while a database has no accounts, else a signed-in user.

The user name and password come from `CASEROOM_USER` and `CASEROOM_PASSWORD`, or are
asked on a terminal (the password with `getpass`, never echoed); never from argv.
A failed sign-in is recorded (it counts towards the lock-out) and ends the command
with a `UserError` (exit status 2).
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable

from sqlalchemy import inspect
from sqlmodel import Session

from caseroom.errors import LoginFailedError, PermissionDeniedError, UserError
from caseroom.i18n import _
from caseroom.services.accounts.accounts import accounts_exist, authenticate
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.permissions import Permission, require

USER_VARIABLE = "CASEROOM_USER"
PASSWORD_VARIABLE = "CASEROOM_PASSWORD"


def _credentials(
    ask: Callable[[str], str], ask_secret: Callable[[str], str], interactive: bool
) -> tuple[str, str]:
    username = os.environ.get(USER_VARIABLE)
    password = os.environ.get(PASSWORD_VARIABLE)
    if (username is None or password is None) and not interactive:
        raise UserError(
            _(
                "This database needs signing in: set {user} and {password}, "
                "or run the command on a terminal"
            ).format(user=USER_VARIABLE, password=PASSWORD_VARIABLE)
        )
    if username is None:
        username = ask(_("User name: "))
    if password is None:
        password = ask_secret(_("Password: "))
    return username, password


def actor_for_cli(
    session: Session,
    *,
    permission: Permission | None = None,
    ask: Callable[[str], str] = input,
    ask_secret: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> Actor:
    """The actor for a command: SYSTEM without accounts, else the signed-in staff member.

    The sign-in's outcome is committed in `session` right away (a failure must count even
    though the command stops); then `LoginFailedError` for a failure, or
    `PermissionDeniedError` when the person may not do `permission`.
    """
    if not inspect(session.connection()).has_table("account") or not accounts_exist(session):
        return SYSTEM  # (a database from before accounts existed has none)
    if interactive is None:
        interactive = sys.stdin.isatty()
    username, password = _credentials(ask, ask_secret, interactive)
    result = authenticate(session, username=username, password=password)
    session.commit()
    actor = result.actor_or_raise()
    if result.must_change_password:
        raise LoginFailedError(
            _("Your password must be changed: sign in to the app and choose a new one")
        )
    if permission is not None:
        try:
            require(actor, permission)
        except PermissionDeniedError:
            session.commit()
            raise
    return actor
