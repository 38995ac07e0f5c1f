"""Encryption of the database file: changing its passphrase (no Qt, no command line).

The database is encrypted with a random master key kept in its key file, wrapped for the
passphrase (`db/crypto.py`). Changing the passphrase rewraps that key and replaces the key
file in one step; the database itself is not rewritten, and engines already open keep
working. The change is recorded in the audit trail (never the passphrase).
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from caseroom.db.crypto import (
    PASSPHRASE_SLOT,
    KdfParams,
    SlotKind,
    change_secret,
    is_encrypted,
    passphrase_problems,
)
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, audit
from caseroom.services.permissions import Permission, require


def change_passphrase(
    session: Session,
    *,
    actor: Actor,
    db_path: Path,
    old_passphrase: str,
    new_passphrase: str,
    kdf: KdfParams | None = None,
) -> None:
    """Replace the passphrase of the encrypted database at `db_path`.

    Raises `ValidationError` (fields `old_passphrase`, `new_passphrase`) for an empty
    current passphrase or a weak or unchanged new one, `WrongPassphraseError` when the
    current passphrase is wrong (the key file is then unchanged), and `UserError` for a
    database that is not encrypted. The caller commits (the audit entry).
    """
    require(actor, Permission.BACKUP)
    if not is_encrypted(db_path):
        raise UserError(_("The database {path} is not encrypted.").format(path=db_path))
    problems = Problems()
    if not old_passphrase:
        problems.add("old_passphrase", _("Enter the current passphrase."))
    for problem in passphrase_problems(new_passphrase):
        problems.add("new_passphrase", problem)
    if old_passphrase and old_passphrase == new_passphrase:
        problems.add("new_passphrase", _("The new passphrase is the same as the current one."))
    problems.raise_if_any()
    change_secret(
        db_path,
        old_secret=old_passphrase,
        new_secret=new_passphrase,
        kind=SlotKind.PASSPHRASE,
        name=PASSPHRASE_SLOT,
        kdf=kdf,
    )
    audit(session, actor=actor, action="passphrase_changed", entity="database")
