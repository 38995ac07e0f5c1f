"""Open a caseroom database file: create or upgrade its schema, after a backup copy."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from caseroom.db.crypto import KdfParams
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade


def open_database(path: Path, *, migrate: bool = True, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at `path`, its schema brought to the current version.

    A database that already holds tables is copied to its `backups/` folder before any
    migration runs; a new file is simply created. With `key` the file is a SQLCipher
    database (an empty or missing file is then refused as damaged, never created), and
    the migration backup is encrypted with the same key. Raises `PassphraseRequiredError`,
    `KeyFileMissingError` or `DatabaseDamagedError` (`db.crypto`) for a file it cannot open.
    """
    from caseroom.db.cipher import check_can_open

    path.parent.mkdir(parents=True, exist_ok=True)
    check_can_open(path, key)
    engine = engine_for_path(path, key=key)
    if migrate:
        try:
            upgrade(engine, backup=lambda: _backup_before_migration(path, key))
        except BaseException:
            engine.dispose()
            raise
    return engine


def create_encrypted_database(
    path: Path, passphrase: str, *, kdf: KdfParams | None = None, migrate: bool = True
) -> tuple[Engine, bytes]:
    """Make a NEW encrypted database at `path` protected by `passphrase`.

    Writes the key file first, then the schema; returns the engine and the master key.
    Refuses an existing non-empty file or an existing key file.
    """
    from caseroom.db.crypto import create_key_file, key_file_path
    from caseroom.errors import UserError
    from caseroom.i18n import _

    if path.exists() and path.stat().st_size > 0:
        raise UserError(_("{path} already exists.").format(path=path))
    if key_file_path(path).exists():
        raise UserError(_("The key file {path} already exists.").format(path=key_file_path(path)))
    path.parent.mkdir(parents=True, exist_ok=True)
    key = create_key_file(path, passphrase, kdf=kdf)
    engine = engine_for_path(path, key=key)
    if migrate:
        try:
            upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
    return engine, key


def _backup_before_migration(path: Path, key: bytes | None) -> Path:
    from caseroom.db.backup import backup_before_migration

    return backup_before_migration(path, key=key)
