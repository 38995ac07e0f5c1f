"""Restoring a caseroom database from a backup copy, keeping a safety copy first.

The backup is verified, copied to a staging file beside the database (verified again),
the current database is copied to `backups/` as a safety copy, and only then is the
staging file renamed over the database. A refused or failed restore changes nothing.

Encryption: `key` is the key of the database being replaced (None when it is plain) and
`source_key` the key that reads the backup (default: `key`). An encrypted database stays
encrypted with its own key and keeps its key file (so a passphrase changed since the
backup stays the current one): a plain backup, or one made under another key, is
re-encrypted while it is staged. A plain database restored from an encrypted backup
becomes encrypted, and the backup's key file is put beside it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from pathlib import Path

from caseroom.db.backup import (
    RestoreResult,
    _backup_folder,
    _error_code,
    _free_path,
    _online_copy,
    _remove_with_side_files,
    _storage_error,
    _utc_stamp,
    _write_atomically,
    is_known_revision,
    verify_database_file,
)
from caseroom.db.cipher import connect, database_errors, export_database
from caseroom.db.crypto import (
    KeyFile,
    KeyFileMissingError,
    key_file_path,
    key_id,
    looks_encrypted,
    read_key_file,
    write_key_file,
)
from caseroom.db.files import fsync_folder
from caseroom.errors import DatabaseUnavailableError, UserError
from caseroom.i18n import _

_LOCK_TIMEOUT_S = 2.0
_SIDE_FILES = ("-wal", "-shm", "-journal")


def restore_database(
    db_path: Path, source: Path, *, key: bytes | None = None, source_key: bytes | None = None
) -> RestoreResult:
    """Replace the database at `db_path` with the backup `source`, keeping a safety copy.

    `source` must be an undamaged caseroom database whose schema this code knows. A
    refused restore changes nothing. The safety copy goes to
    `<db dir>/backups/caseroom-before-restore-<UTC time>.sqlite3` (with its key file when
    the database is encrypted).
    """
    db_path, source = Path(os.path.abspath(db_path)), Path(os.path.abspath(source))
    _check_restore_source(db_path, source)
    read_key = (source_key or key) if looks_encrypted(source) else None
    result = verify_database_file(source, key=read_key)
    if not result.ok:
        raise UserError(
            _("{path} cannot be restored: {problem}").format(
                path=source, problem=" ".join(result.problems)
            )
        )
    if result.revision is not None and not is_known_revision(result.revision):
        raise UserError(
            _(
                "{path} was written by a newer version of caseroom (schema {revision}); "
                "update caseroom to restore it."
            ).format(path=source, revision=result.revision)
        )
    target_key = key if key is not None else read_key
    new_keys = _backup_keys(source, read_key) if key is None and read_key is not None else None
    staged = _free_path(db_path.parent, f".{db_path.name}.restoring")
    safety_copy: Path | None = None
    try:
        if read_key == target_key:
            fill = lambda temporary: _online_copy(source, temporary, read_key)  # noqa: E731
        else:
            assert target_key is not None  # a different key is only ever the database's own

            def fill(temporary: Path) -> None:
                temporary.unlink(missing_ok=True)
                export_database(source, temporary, source_key=read_key, target_key=target_key)

        _write_atomically(staged, fill, source, True, target_key)
        if db_path.exists():
            safety_copy = _safety_copy(db_path, key)
        _release_old_database(db_path, key)
        if new_keys is not None:
            write_key_file(key_file_path(db_path), new_keys)
        try:
            os.replace(staged, db_path)
        except OSError as error:
            if new_keys is not None:
                key_file_path(db_path).unlink(missing_ok=True)
            raise _storage_error(error, source=source, target=db_path) from error
    except BaseException:
        _remove_with_side_files(staged)
        if safety_copy is not None:
            _remove_with_side_files(safety_copy)
            key_file_path(safety_copy).unlink(missing_ok=True)
        raise
    with contextlib.suppress(OSError):
        fsync_folder(db_path.parent)
    _use_wal(db_path, target_key)
    return RestoreResult(safety_copy=safety_copy, revision=result.revision, counts=result.counts)


def _backup_keys(source: Path, read_key: bytes) -> KeyFile:
    """The key file beside an encrypted backup, which must belong to `read_key`."""
    path = key_file_path(source)
    if not path.is_file():
        raise KeyFileMissingError(
            _("The key file {keys} of the backup {path} is missing.").format(keys=path, path=source)
        )
    keys = read_key_file(path)
    if keys.key_id != key_id(read_key):
        raise UserError(
            _("The key file {path} does not belong to this database.").format(path=path)
        )
    return keys


def _check_restore_source(db_path: Path, source: Path) -> None:
    if not source.is_file():
        raise UserError(_("There is no file at {path}.").format(path=source))
    if source == db_path or (db_path.exists() and os.path.samefile(source, db_path)):
        raise UserError(_("{path} is the database itself.").format(path=source))
    if not db_path.parent.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=db_path.parent))


def _safety_copy(db_path: Path, key: bytes | None) -> Path:
    """Copy the current database; byte for byte if it is too damaged for SQLite to read."""
    target = _free_path(_backup_folder(db_path), f"caseroom-before-restore-{_utc_stamp()}")
    keys = key_file_path(db_path)
    if keys.is_file():
        try:
            shutil.copyfile(keys, key_file_path(target))
        except OSError as error:
            raise _storage_error(error, source=db_path, target=key_file_path(target)) from error

    def fill(temporary: Path) -> None:
        try:
            _online_copy(db_path, temporary, key)
        except database_errors() as error:
            if _error_code(error) not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
                raise
            shutil.copyfile(db_path, temporary)

    try:
        _write_atomically(target, fill, db_path, False)
    except BaseException:
        key_file_path(target).unlink(missing_ok=True)
        raise
    return target


def _release_old_database(db_path: Path, key: bytes | None) -> None:
    """Fold the old database's WAL into it and make sure no one else has it open.

    Leaving WAL mode checkpoints and deletes `-wal`/`-shm`; a stale `-wal` left beside
    the restored file would otherwise be replayed into it.
    """
    if db_path.exists():
        connection = connect(db_path, key=key, timeout=_LOCK_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("ROLLBACK")
        except database_errors() as error:
            if _error_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise DatabaseUnavailableError(
                    _("The database {path} is in use; close caseroom and try again.").format(
                        path=db_path
                    )
                ) from error
            # otherwise too damaged to open: it is being replaced anyway
        finally:
            connection.close()
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            Path(f"{db_path}{suffix}").unlink()


def _use_wal(db_path: Path, key: bytes | None) -> None:
    """Put the restored file in WAL mode, as caseroom runs it (best effort)."""
    with contextlib.suppress(*database_errors()):
        connection = connect(db_path, key=key, timeout=_LOCK_TIMEOUT_S)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
