"""The password rule for exports that name people: required when the database is
encrypted, long enough to protect something. Every writer of such a file checks it here
(progress reports, identified summaries, a caregiver's own wellbeing summary).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection
from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _, ngettext
from caseroom.reports.protect import MIN_PASSWORD_LENGTH


def password_required(session: Session) -> bool:
    """Whether exports that name children must be encrypted: the database is."""
    from caseroom.db.crypto import is_encrypted

    bind = session.get_bind()
    database = (bind.engine if isinstance(bind, Connection) else bind).url.database
    if not database or database == ":memory:":
        return False
    return is_encrypted(Path(database))


def export_password_problems(password: str, repeat: str) -> list[str]:
    """What is wrong with an export password typed twice (empty list: it will do)."""
    if not password:
        return [_("Type a password for the file.")]
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(
            ngettext(
                "The password needs at least {count} character.",
                "The password needs at least {count} characters.",
                MIN_PASSWORD_LENGTH,
            ).format(count=MIN_PASSWORD_LENGTH)
        )
    if repeat != password:
        problems.append(_("The two passwords differ."))
    return problems


def check_export_password(session: Session, password: str | None, *, identified: bool) -> None:
    """Refuse (`UserError`) an identified export without a password from an encrypted
    database, and a password too short to protect anything."""
    if password is None:
        if identified and password_required(session):
            raise UserError(
                _(
                    "The database is encrypted, so an export with names must be "
                    "protected with a password."
                )
            )
        return
    problems = export_password_problems(password, password)
    if problems:
        raise UserError(problems[0])
