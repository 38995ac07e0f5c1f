"""Backup, verification and restore of a caseroom SQLite file.

Copies are made with SQLite's online backup API, so a database that others are writing
is copied as one consistent committed state. A copy is written to a temporary file next
to its target, flushed to disk, checked, and only then renamed over the target: a failed
or interrupted backup never leaves a half-written file behind. A restore checks the file
first and keeps a safety copy of the current database before replacing it (`db/restore.py`).

An encrypted database (`key` given) is copied encrypted with the same key, and its key file
is copied beside the copy (`<copy>.keys`): a SQLCipher file cannot carry its own wrapped
key, and a copy on a USB drive must open with the room's passphrase on another computer.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from caseroom.db.cipher import connect, dbapi_errors, sqlite_error_code
from caseroom.db.crypto import (
    KeyFileDamagedError,
    key_file_path,
    key_id,
    read_key_file,
    write_key_file,
)
from caseroom.db.files import fsync_file, replace_atomically, temporary_beside
from caseroom.db.verify import (
    MAIN_TABLES,
    VerifyResult,
    _side_file,
    _stored_revision,
    _table_names,
    is_known_revision,
    open_read_only,
    verify_database_file,
)
from caseroom.errors import DatabaseUnavailableError, UserError
from caseroom.i18n import _

__all__ = [
    "BACKUP_FOLDER",
    "MAIN_TABLES",
    "RestoreResult",
    "VerifyResult",
    "backup_before_migration",
    "backup_database",
    "copy_key_file",
    "is_known_revision",
    "open_read_only",
    "remove_backup_files",
    "verify_database_file",
]

BACKUP_FOLDER = "backups"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_LOCK_TIMEOUT_S = 2.0
_READ_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class RestoreResult:
    """What `restore_database` did: the safety copy (None when there was no database)."""

    safety_copy: Path | None
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)


# --- writing ------------------------------------------------------------------------------


def backup_database(
    source: Path, target: Path, *, check: bool = True, key: bytes | None = None
) -> Path:
    """Write a consistent copy of the (possibly live) database `source` to `target`.

    The copy is written beside `target`, flushed to disk, checked (with `check`: it must
    pass SQLite's integrity check) and renamed over `target` in one step. With `key` (an
    encrypted source) the copy is encrypted with the same key and the source's key file is
    copied to `<target>.keys` first. Raises `UserError` for a missing source or folder, a
    target that is the source, a damaged source, a full or read-only disk; `target` is
    then left as it was.
    """
    source, target = Path(os.path.abspath(source)), Path(os.path.abspath(target))
    if not source.is_file():
        raise UserError(_("No database at {path}").format(path=source))
    if target.is_dir():
        raise UserError(_("{path} is a folder; give a file name for the copy.").format(path=target))
    if target == source or (target.exists() and os.path.samefile(target, source)):
        raise UserError(
            _("The copy cannot overwrite the database itself: {path}").format(path=target)
        )
    if not target.parent.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=target.parent))
    had_keys = key_file_path(target).exists()
    # The key file goes beside the copy only once the copy is written and checked (a full
    # disk then leaves an older backup with its own key file), just before the rename.
    before_rename = (lambda: copy_key_file(source, target, key)) if key is not None else None
    try:
        _write_atomically(
            target,
            lambda temporary: _online_copy(source, temporary, key),
            source,
            check,
            key,
            before_rename=before_rename,
        )
    except BaseException:
        if key is not None and not had_keys and not target.exists():
            with contextlib.suppress(FileNotFoundError):
                key_file_path(target).unlink()  # no orphan key file for a copy never made
        raise
    return target


def copy_key_file(source: Path, target: Path, key: bytes) -> None:
    """Copy the key file of the database `source` beside `target` (atomically).

    Refuses a source key file that does not belong to `key` (`KeyFileDamagedError`).
    """
    keys = read_key_file(key_file_path(source))
    if keys.key_id != key_id(key):
        raise KeyFileDamagedError(
            _("The key file {path} does not belong to this database.").format(
                path=key_file_path(source)
            )
        )
    try:
        write_key_file(key_file_path(target), keys)
    except UserError:
        raise
    except OSError as error:
        raise _storage_error(error, source=source, target=key_file_path(target)) from error


def remove_backup_files(path: Path) -> None:
    """Delete a backup copy with its `-wal`/`-shm`/`-journal` and its key file (if any)."""
    _remove_with_side_files(path)
    with contextlib.suppress(FileNotFoundError):
        key_file_path(path).unlink()


def _online_copy(source: Path, target: Path, key: bytes | None = None) -> None:
    """Copy with the backup API in one step (one read transaction: one committed state).

    With `key`, both files are SQLCipher files with the same key (SQLCipher's backup API
    copies only between databases keyed alike).
    """
    source_connection = connect(
        source.as_uri() + "?mode=rw", key=key, uri=True, timeout=_READ_TIMEOUT_S
    )
    try:
        source_connection.execute("PRAGMA query_only = ON")
        target_connection = connect(target, key=key, isolation_level=None)
        try:
            source_connection.backup(target_connection)
            # A standalone file: no -wal beside a backup, readable from read-only media.
            target_connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            target_connection.close()
    finally:
        source_connection.close()


def _write_atomically(
    target: Path,
    fill: Callable[[Path], None],
    source: Path,
    check: bool,
    key: bytes | None = None,
    *,
    before_rename: Callable[[], None] | None = None,
) -> None:
    """Fill a temporary file beside `target`, fsync, optionally check, rename over it
    (calling `before_rename` first, once everything that can fail for lack of room has)."""
    try:
        temporary = temporary_beside(target)
    except OSError as error:
        raise _storage_error(error, source=source, target=target) from error
    failures: tuple[type[BaseException], ...] = (OSError, *dbapi_errors())
    try:
        fill(temporary)
        fsync_file(temporary)
        if check:
            result = verify_database_file(temporary, key=key)
            if not result.intact:
                raise DatabaseUnavailableError(
                    _("The database {path} is damaged and was not copied: {problem}").format(
                        path=source, problem=result.problems[0]
                    )
                )
        if before_rename is not None:
            before_rename()
        replace_atomically(temporary, target)
    except failures as error:
        raise _storage_error(error, source=source, target=target) from error
    finally:
        _remove_with_side_files(temporary)


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(_side_file(path, suffix) for suffix in _SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _error_code(error: BaseException) -> int:
    """The primary SQLite result code of `error` (0 when unknown)."""
    return sqlite_error_code(error)


def _storage_error(error: BaseException, *, source: Path, target: Path) -> UserError:
    """A clear, translated message for a failure while copying `source` to `target`."""
    if not isinstance(error, OSError):
        code = _error_code(error)
        if code == sqlite3.SQLITE_FULL:
            return UserError(_("The disk is full: could not write {path}.").format(path=target))
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return DatabaseUnavailableError(
                _("The database {path} is locked by another program; try again.").format(
                    path=source
                )
            )
        if code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
            return DatabaseUnavailableError(
                _("The database {path} is damaged and was not copied: {problem}").format(
                    path=source, problem=error
                )
            )
        return UserError(_("Could not write {path}: {error}").format(path=target, error=error))
    if error.errno == errno.ENOSPC:
        return UserError(_("The disk is full: could not write {path}.").format(path=target))
    if error.errno in (errno.EACCES, errno.EPERM):
        return UserError(_("Permission denied: could not write {path}.").format(path=target))
    if error.errno == errno.EROFS:
        return UserError(_("The disk is read-only: could not write {path}.").format(path=target))
    reason = error.strerror or str(error)
    return UserError(_("Could not write {path}: {error}").format(path=target, error=reason))


# --- automatic copies and restore ---------------------------------------------------------


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _free_path(folder: Path, stem: str) -> Path:
    """`folder/stem.sqlite3`, or `stem-2.sqlite3`... when copies land in the same second."""
    candidate = folder / f"{stem}.sqlite3"
    number = 2
    while candidate.exists() or key_file_path(candidate).exists():
        candidate = folder / f"{stem}-{number}.sqlite3"
        number += 1
    return candidate


def _backup_folder(db_path: Path) -> Path:
    folder = db_path.parent / BACKUP_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise _storage_error(error, source=db_path, target=folder) from error
    return folder


def backup_before_migration(path: Path, *, key: bytes | None = None) -> Path:
    """Copy `path` to `<db dir>/backups/` before its schema is upgraded; returns the copy
    (encrypted with `key`, with its key file, when the database is encrypted)."""
    path = Path(os.path.abspath(path))
    revision: str | None = None
    with contextlib.suppress(*dbapi_errors()):
        connection = open_read_only(path, key=key)
        try:
            revision = _stored_revision(connection, _table_names(connection))
        finally:
            connection.close()
    label = "".join(c for c in (revision or "none") if c.isalnum()) or "none"
    stem = f"caseroom-before-upgrade-{label}-{_utc_stamp()}"
    return backup_database(path, _free_path(_backup_folder(path), stem), key=key)
