"""Encrypt the plain backups a database left behind when the database itself is encrypted.

After "Encrypt this database" the older automatic backups (kept up to a year by rotation)
would stay plain and readable by anyone with the folder. Each one is exported here to a
SQLCipher file under the database's own master key, checked (integrity and the same rows in
every table), given a copy of the database's key file, and renamed over the plain copy. A
copy that fails is left as it was and reported, never half-encrypted.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from caseroom.db.backup import copy_key_file
from caseroom.db.cipher import _row_counts, _verify_export, dbapi_errors, export_database
from caseroom.db.crypto import looks_encrypted
from caseroom.db.files import replace_atomically, temporary_beside
from caseroom.errors import UserError

_SUFFIX = ".sqlite3"


@dataclass(slots=True)
class BackupEncryption:
    """What `encrypt_plain_backups` did: the copies encrypted and those it could not."""

    encrypted: list[Path] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)


def plain_backups(folders: Iterable[Path]) -> list[Path]:
    """The plain (unencrypted) backup files in `folders`."""
    found: list[Path] = []
    for folder in folders:
        try:
            candidates = sorted(folder.iterdir())
        except OSError:
            continue
        for path in candidates:
            if (
                path.name.endswith(_SUFFIX)
                and not path.name.startswith(".")
                and path.is_file()
                and path.stat().st_size > 0
                and not looks_encrypted(path)
            ):
                found.append(path)
    return found


def _plain_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return _row_counts(connection)
    finally:
        connection.close()


def encrypt_backup(db_path: Path, backup: Path, key: bytes) -> None:
    """Encrypt the plain `backup` in place under `key` (the key of `db_path`), with a copy of
    `db_path`'s key file beside it. Raises `UserError` (the plain copy then unchanged)."""
    temporary = temporary_beside(backup, suffix=".encrypting")
    failures: tuple[type[BaseException], ...] = (OSError, *dbapi_errors())
    try:
        temporary.unlink()
        counts = _plain_counts(backup)
        export_database(backup, temporary, source_key=None, target_key=key)
        _verify_export(temporary, key, counts)
        copy_key_file(db_path, backup, key)
        replace_atomically(temporary, backup)
    except failures as error:
        raise UserError(str(error)) from error
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{temporary}{suffix}").unlink()


def encrypt_plain_backups(db_path: Path, key: bytes, folders: Iterable[Path]) -> BackupEncryption:
    """Encrypt every plain backup in `folders` under the encrypted database's `key`."""
    result = BackupEncryption()
    for backup in plain_backups(folders):
        try:
            encrypt_backup(db_path, backup, key)
        except UserError:
            result.failed.append(backup)
        else:
            result.encrypted.append(backup)
    return result
