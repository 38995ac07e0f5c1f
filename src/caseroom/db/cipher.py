"""SQLCipher connections, and turning a plain database into an encrypted one.

A keyed connection is a `sqlcipher3` connection whose first statement sets the raw
256-bit key (`PRAGMA key = "x'…'"`: no second key derivation, the master key is already
random). Without a key the standard library's `sqlite3` is used, as before.

SQLCipher says "file is not a database" both for a wrong key and for a damaged first page,
and opens a zero-length file as an empty database. caseroom tells these apart itself: the
key file proves the key (AES-GCM), so a right key that cannot read the file means damage,
and an empty or missing file under a key file is damage too, never a new database.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from typing import Any

from caseroom.db.crypto import (
    DEFAULT_KDF,
    DatabaseDamagedError,
    KdfParams,
    KeyFileMissingError,
    PassphraseRequiredError,
    create_key_file,
    is_encrypted,
    key_file_path,
    looks_encrypted,
    new_master_key,
)
from caseroom.db.files import fsync_file, fsync_folder, temporary_beside
from caseroom.errors import DatabaseUnavailableError, UserError
from caseroom.i18n import _

_SIDE_FILES = ("-wal", "-shm", "-journal")


def _sqlcipher() -> Any:
    import sqlcipher3.dbapi2 as module

    return module


def dbapi_errors() -> tuple[type[BaseException], ...]:
    """The base error classes of both drivers (catch these around raw connections)."""
    return (sqlite3.Error, _sqlcipher().Error)


def database_errors() -> tuple[type[BaseException], ...]:
    """`DatabaseError` of both drivers (damaged or unreadable files)."""
    return (sqlite3.DatabaseError, _sqlcipher().DatabaseError)


def sqlite_error_code(error: BaseException) -> int:
    """The primary SQLite result code of a driver error (0 when unknown)."""
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def key_pragma(key: bytes) -> str:
    """The statement that gives SQLCipher the raw key."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(
    database: Path | str,
    *,
    key: bytes | None,
    uri: bool = False,
    timeout: float = 5.0,
    isolation_level: str | None = "",
) -> Any:
    """A DB-API connection: `sqlite3` without a key, SQLCipher with the key set first."""
    options: dict[str, Any] = {"uri": uri, "timeout": timeout, "isolation_level": isolation_level}
    if key is None:
        return sqlite3.connect(database, **options)
    connection = _sqlcipher().connect(str(database), **options)
    try:
        apply_key(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def apply_key(connection: Any, key: bytes) -> None:
    """Give a fresh SQLCipher connection its key (and keep SQLCipher's log off stderr)."""
    cursor = connection.cursor()
    try:
        cursor.execute("PRAGMA cipher_log_level = NONE")
        cursor.execute(key_pragma(key))
    finally:
        cursor.close()


def check_can_open(path: Path, key: bytes | None) -> None:
    """Raise a clear `DatabaseUnavailableError` when `path` cannot be opened with `key`.

    Without a key: an encrypted database (`PassphraseRequiredError`) or a file that looks
    encrypted but has no key file (`KeyFileMissingError`). With a key: a missing or empty
    file, a plain file, or a file the key does not read (`DatabaseDamagedError`). A new,
    missing file without a key file is fine (it will be created).
    """
    if key is None:
        if is_encrypted(path):
            raise PassphraseRequiredError(
                _("The database {path} is encrypted; its passphrase is needed.").format(path=path)
            )
        if looks_encrypted(path):
            raise KeyFileMissingError(
                _(
                    "{path} is not a readable database: it may be encrypted, and its "
                    "key file {keys} is missing."
                ).format(path=path, keys=key_file_path(path))
            )
        return
    if not path.is_file():
        raise DatabaseDamagedError(_("The encrypted database {path} is missing.").format(path=path))
    if path.stat().st_size == 0:
        raise DatabaseDamagedError(
            _("The encrypted database {path} is empty (0 bytes): it is damaged.").format(path=path)
        )
    if not looks_encrypted(path):
        raise DatabaseDamagedError(
            _(
                "The database {path} is not encrypted, but a key file is beside it; "
                "move the key file {keys} away to open the database."
            ).format(path=path, keys=key_file_path(path))
        )
    try:
        connection = connect(path.resolve().as_uri() + "?mode=ro", key=key, uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except dbapi_errors() as error:
        if sqlite_error_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return  # readable, only busy: the engine's busy timeout deals with it
        raise DatabaseDamagedError(
            _("The encrypted database {path} is damaged and cannot be read.").format(path=path)
        ) from error


# --- encrypting an existing plain database -------------------------------------------------


def encrypt_database(db_path: Path, passphrase: str, *, kdf: KdfParams | None = None) -> bytes:
    """Encrypt the plain database at `db_path` in place; returns the new master key.

    The data is exported (`sqlcipher_export`) to a temporary file beside it, which must
    pass the integrity check and hold the same number of rows in every table. Only then
    is the key file written and the encrypted copy renamed over the original (whose WAL
    is folded in and removed first). Until that rename the plain original is untouched.
    """
    db_path = Path(os.path.abspath(db_path))
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise UserError(_("No database at {path}").format(path=db_path))
    if looks_encrypted(db_path):
        raise UserError(_("The database {path} is already encrypted.").format(path=db_path))
    key_file = key_file_path(db_path)
    plain_counts = _fold_wal_and_count(db_path)
    master_key = new_master_key()
    temporary = temporary_beside(db_path, suffix=".encrypting")
    try:
        temporary.unlink()
        export_database(db_path, temporary, source_key=None, target_key=master_key)
        _verify_export(temporary, master_key, plain_counts)
        # A key file left by an interrupted earlier run belongs to no file: replace it.
        with contextlib.suppress(FileNotFoundError):
            key_file.unlink()
        create_key_file(db_path, passphrase, kdf=kdf or DEFAULT_KDF, master_key=master_key)
        try:
            os.replace(temporary, db_path)
        except OSError:
            key_file.unlink(missing_ok=True)
            raise
        for suffix in _SIDE_FILES:
            with contextlib.suppress(FileNotFoundError):
                Path(f"{db_path}{suffix}").unlink()
        fsync_folder(db_path.parent)
    except dbapi_errors() as error:
        raise UserError(
            _("The database {path} could not be encrypted: {error}").format(
                path=db_path, error=error
            )
        ) from error
    finally:
        for suffix in ("", *_SIDE_FILES):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{temporary}{suffix}").unlink()
    return master_key


def _fold_wal_and_count(db_path: Path) -> dict[str, int]:
    """Checkpoint the plain file's WAL into it (refusing while it is in use); row counts."""
    connection = sqlite3.connect(db_path, timeout=2.0, isolation_level=None)
    try:
        try:
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("ROLLBACK")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode = DELETE")
        except sqlite3.OperationalError as error:
            if sqlite_error_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise DatabaseUnavailableError(
                    _("The database {path} is in use; close caseroom and try again.").format(
                        path=db_path
                    )
                ) from error
            raise
        return _row_counts(connection)
    finally:
        connection.close()


def _row_counts(connection: Any) -> dict[str, int]:
    names = [
        str(row[0])
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for table in names
    }


def export_database(
    source: Path, target: Path, *, source_key: bytes | None, target_key: bytes
) -> None:
    """Copy every table, index and the full-text index of `source` (plain, or encrypted
    with `source_key`) into the new file `target`, encrypted with `target_key`
    (`sqlcipher_export`). `source` is only read."""
    module = _sqlcipher()
    connection = module.connect(
        Path(source).resolve().as_uri() + "?mode=ro", uri=True, isolation_level=None
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            connection.execute(key_pragma(source_key))
        connection.execute(
            f"ATTACH DATABASE ? AS encrypted KEY \"x'{target_key.hex()}'\"", (str(target),)
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()


def _verify_export(target: Path, key: bytes, expected: dict[str, int]) -> None:
    connection = connect(target, key=key, isolation_level=None)
    try:
        lines = [str(row[0]) for row in connection.execute("PRAGMA integrity_check")]
        counts = _row_counts(connection)
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    if lines != ["ok"] or counts != expected:
        raise UserError(
            _("The encrypted copy of the database did not match the original; nothing changed.")
        )
    fsync_file(Path(target))
