"""Keep an encrypted database's account key slots in step with the accounts.

Each account may open the encrypted file with its own user name and password (a key slot in
the key file beside it). When an account is created, its password changed or reset, the
slot is written again with the new password; when an account is closed, its slot goes. For
a plain database nothing happens. The key file is written at once (it is not part of the
database transaction): a slot for a password that a failed commit then did not store only
means the old password still signs in while the new one opens the file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from caseroom.db.crypto import (
    SlotKind,
    add_slot,
    is_encrypted,
    key_file_path,
    read_key_file,
    remove_slot,
)
from caseroom.db.engine import engine_key


def _encrypted_file(engine: Engine) -> tuple[Path, bytes] | None:
    key = engine_key(engine)
    database = engine.url.database
    if key is None or not database:
        return None
    path = Path(database)
    return (path, key) if is_encrypted(path) else None


def set_account_slot(
    engine: Engine,
    username: str,
    password: str,
    *,
    restricted_key: bytes | None = None,
    pending: bool = False,
) -> None:
    """Let `username` with `password` open the database behind `engine` (if encrypted);
    with `restricted_key` the slot holds the restricted key too, with `pending` its
    access to it waits for someone who holds it."""
    found = _encrypted_file(engine)
    if found is not None:
        path, key = found
        add_slot(
            path,
            key,
            kind=SlotKind.ACCOUNT,
            name=username,
            secret=password,
            replace=True,
            restricted_key=restricted_key,
            pending=pending,
        )


def encrypted_file(engine: Engine) -> tuple[Path, bytes] | None:
    """The encrypted file behind `engine` and its master key (None for a plain file)."""
    return _encrypted_file(engine)


def drop_account_slot(engine: Engine, username: str) -> None:
    """Stop `username`'s password opening the database (if encrypted and it has a slot)."""
    found = _encrypted_file(engine)
    if found is None:
        return
    path, key = found
    if read_key_file(key_file_path(path)).has_slot(SlotKind.ACCOUNT, username):
        remove_slot(path, key, kind=SlotKind.ACCOUNT, name=username)
