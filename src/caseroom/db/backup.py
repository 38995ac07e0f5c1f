"""Backup, verification and restore of a caseroom SQLite file.

Copies are made with SQLite's online backup API, so a database that others are writing
is copied as one consistent committed state. A copy is written to a temporary file next
to its target, flushed to disk, checked, and only then renamed over the target: a failed
or interrupted backup never leaves a half-written file behind. A restore checks the file
first and keeps a safety copy of the current database before replacing it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from caseroom.errors import DatabaseUnavailableError, UserError
from caseroom.i18n import _, ngettext

MAIN_TABLES: tuple[str, ...] = ("child", "family", "caregiver", "session_record")
"""Tables whose record counts describe a database (and prove it is caseroom's)."""

BACKUP_FOLDER = "backups"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_LOCK_TIMEOUT_S = 2.0
_READ_TIMEOUT_S = 5.0
_MAX_LISTED_PROBLEMS = 5


@dataclass(frozen=True)
class VerifyResult:
    """What `verify_database_file` found.

    `ok`: a readable, undamaged caseroom database. `intact`: a readable SQLite file that
    passes the integrity check (it may still lack caseroom tables or have broken links).
    `broken_links`: rows whose foreign key points at a missing record.
    """

    ok: bool
    problems: list[str]
    revision: str | None
    counts: dict[str, int]
    intact: bool = False
    broken_links: int = 0


@dataclass(frozen=True)
class RestoreResult:
    """What `restore_database` did: the safety copy (None when there was no database)."""

    safety_copy: Path | None
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)


# --- reading ------------------------------------------------------------------------------


def open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only sqlite3 connection on `path` that never creates or changes a file.

    Without a `-wal` or `-journal` file beside it the file is opened as immutable (so no
    `-shm` or `-wal` is left next to a backup file); with one, SQLite reads it as usual.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if not any(_side_file(path, suffix).exists() for suffix in ("-wal", "-journal")):
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True, timeout=_READ_TIMEOUT_S)


def verify_database_file(path: Path) -> VerifyResult:
    """Check that `path` is an undamaged caseroom database; never raises for a bad file."""
    header_problem = _header_problem(path)
    if header_problem is not None:
        return VerifyResult(ok=False, problems=[header_problem], revision=None, counts={})
    try:
        connection = open_read_only(path)
    except sqlite3.Error as error:
        problem = _("{path} cannot be opened: {error}").format(path=path, error=error)
        return VerifyResult(ok=False, problems=[problem], revision=None, counts={})
    try:
        return _inspect(connection, path)
    finally:
        connection.close()


def _header_problem(path: Path) -> str | None:
    """Problems visible without SQLite: missing, empty, foreign or cut-short files."""
    if not path.is_file():
        return _("There is no file at {path}.").format(path=path)
    size = path.stat().st_size
    if size == 0:
        return _("The file {path} is empty.").format(path=path)
    with path.open("rb") as stream:
        header = stream.read(100)
    if not header.startswith(_SQLITE_MAGIC):
        return _("The file {path} is not a caseroom database.").format(path=path)
    if len(header) < 100:
        return _("The file {path} is cut short ({size} bytes).").format(path=path, size=size)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]
    expected = page_size * page_count
    wal_pending = _side_file(path, "-wal").exists()
    if header_size_valid and not wal_pending and size < expected:
        return _("The file {path} is cut short: {size} of {expected} bytes.").format(
            path=path, size=size, expected=expected
        )
    return None


def _inspect(connection: sqlite3.Connection, path: Path) -> VerifyResult:
    problems: list[str] = []
    try:
        lines = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(20)")]
    except sqlite3.DatabaseError as error:
        problem = _("The file {path} is damaged: {error}").format(path=path, error=error)
        return VerifyResult(ok=False, problems=[problem], revision=None, counts={})
    if lines != ["ok"]:
        for line in lines[:_MAX_LISTED_PROBLEMS]:
            problems.append(_("Integrity check: {detail}").format(detail=line))
        return VerifyResult(ok=False, problems=problems, revision=None, counts={})
    try:
        tables = _table_names(connection)
        broken_links = _foreign_key_problems(connection, problems)
        revision = _stored_revision(connection, tables)
        counts = {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in MAIN_TABLES
            if table in tables
        }
    except sqlite3.DatabaseError as error:
        problem = _("The file {path} is damaged: {error}").format(path=path, error=error)
        return VerifyResult(ok=False, problems=[problem], revision=None, counts={})
    missing = [table for table in MAIN_TABLES if table not in tables]
    if len(missing) == len(MAIN_TABLES):
        problems.append(_("The file {path} holds no caseroom records.").format(path=path))
    elif missing:
        problems.append(
            _("Tables are missing from {path}: {tables}.").format(
                path=path, tables=", ".join(missing)
            )
        )
    elif revision is None:
        problems.append(_("The file {path} has no schema version.").format(path=path))
    return VerifyResult(
        ok=not problems,
        problems=problems,
        revision=revision,
        counts=counts,
        intact=True,
        broken_links=broken_links,
    )


def _table_names(connection: sqlite3.Connection) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(row[0]) for row in rows}


def _foreign_key_problems(connection: sqlite3.Connection, problems: list[str]) -> int:
    """Adds one problem per (table, parent) pair of broken links; returns how many rows."""
    broken: dict[tuple[str, str], int] = {}
    for table, _rowid, parent, _fkid in connection.execute("PRAGMA foreign_key_check"):
        key = (str(table), str(parent))
        broken[key] = broken.get(key, 0) + 1
    for (table, parent), count in sorted(broken.items())[:_MAX_LISTED_PROBLEMS]:
        problems.append(
            ngettext(
                "{count} record in {table} points to a missing record in {parent}.",
                "{count} records in {table} point to missing records in {parent}.",
                count,
            ).format(count=count, table=table, parent=parent)
        )
    return sum(broken.values())


def _stored_revision(connection: sqlite3.Connection, tables: set[str]) -> str | None:
    if "alembic_version" not in tables:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return None if row is None else str(row[0])


def is_known_revision(revision: str) -> bool:
    """Whether this code's migrations know `revision` (a newer database's would not)."""
    from caseroom.db.migrate import HEAD_REVISION, alembic_config

    if revision == HEAD_REVISION:
        return True
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return revision in {rev.revision for rev in script.walk_revisions()}


# --- writing ------------------------------------------------------------------------------


def backup_database(source: Path, target: Path, *, check: bool = True) -> Path:
    """Write a consistent copy of the (possibly live) database `source` to `target`.

    The copy is written beside `target`, flushed to disk, checked (with `check`: it must
    pass SQLite's integrity check) and renamed over `target` in one step. Raises
    `UserError` for a missing source or folder, a target that is the source, a damaged
    source, a full or read-only disk; `target` is then left as it was.
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
    _write_atomically(target, lambda temporary: _online_copy(source, temporary), source, check)
    return target


def _online_copy(source: Path, target: Path) -> None:
    """Copy with the backup API in one step (one read transaction: one committed state)."""
    source_connection = sqlite3.connect(
        source.as_uri() + "?mode=rw", uri=True, timeout=_READ_TIMEOUT_S
    )
    try:
        source_connection.execute("PRAGMA query_only = ON")
        target_connection = sqlite3.connect(target, isolation_level=None)
        try:
            source_connection.backup(target_connection)
            # A standalone file: no -wal beside a backup, readable from read-only media.
            target_connection.execute("PRAGMA journal_mode = DELETE")
        finally:
            target_connection.close()
    finally:
        source_connection.close()


def _write_atomically(
    target: Path, fill: Callable[[Path], None], source: Path, check: bool
) -> None:
    """Fill a temporary file beside `target`, fsync, optionally check, rename over it."""
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as error:
        raise _storage_error(error, source=source, target=target) from error
    os.close(handle)
    temporary = Path(name)
    try:
        fill(temporary)
        _fsync_file(temporary)
        if check:
            result = verify_database_file(temporary)
            if not result.intact:
                raise DatabaseUnavailableError(
                    _("The database {path} is damaged and was not copied: {problem}").format(
                        path=source, problem=result.problems[0]
                    )
                )
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except (OSError, sqlite3.Error) as error:
        raise _storage_error(error, source=source, target=target) from error
    finally:
        _remove_with_side_files(temporary)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX only: Windows cannot open a folder for fsync)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(_side_file(path, suffix) for suffix in _SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def _error_code(error: sqlite3.Error) -> int:
    """The primary SQLite result code of `error` (0 when unknown)."""
    return int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def _storage_error(error: OSError | sqlite3.Error, *, source: Path, target: Path) -> UserError:
    """A clear, translated message for a failure while copying `source` to `target`."""
    if isinstance(error, sqlite3.Error):
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
    while candidate.exists():
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


def backup_before_migration(path: Path) -> Path:
    """Copy `path` to `<db dir>/backups/` before its schema is upgraded; returns the copy."""
    path = Path(os.path.abspath(path))
    revision: str | None = None
    with contextlib.suppress(sqlite3.Error):
        connection = open_read_only(path)
        try:
            revision = _stored_revision(connection, _table_names(connection))
        finally:
            connection.close()
    label = "".join(c for c in (revision or "none") if c.isalnum()) or "none"
    stem = f"caseroom-before-upgrade-{label}-{_utc_stamp()}"
    return backup_database(path, _free_path(_backup_folder(path), stem))


def restore_database(db_path: Path, source: Path) -> RestoreResult:
    """Replace the database at `db_path` with the backup `source`, keeping a safety copy.

    `source` must be an undamaged caseroom database whose schema this code knows. A
    refused restore changes nothing. The safety copy goes to
    `<db dir>/backups/caseroom-before-restore-<UTC time>.sqlite3`.
    """
    db_path, source = Path(os.path.abspath(db_path)), Path(os.path.abspath(source))
    _check_restore_source(db_path, source)
    result = verify_database_file(source)
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
    staged = _free_path(db_path.parent, f".{db_path.name}.restoring")
    safety_copy: Path | None = None
    try:
        backup_database(source, staged)
        if db_path.exists():
            safety_copy = _safety_copy(db_path)
        _release_old_database(db_path)
        try:
            os.replace(staged, db_path)
        except OSError as error:
            raise _storage_error(error, source=source, target=db_path) from error
    except BaseException:
        _remove_with_side_files(staged)
        if safety_copy is not None:
            _remove_with_side_files(safety_copy)
        raise
    with contextlib.suppress(OSError):
        _fsync_folder(db_path.parent)
    _use_wal(db_path)
    return RestoreResult(safety_copy=safety_copy, revision=result.revision, counts=result.counts)


def _check_restore_source(db_path: Path, source: Path) -> None:
    if not source.is_file():
        raise UserError(_("There is no file at {path}.").format(path=source))
    if source == db_path or (db_path.exists() and os.path.samefile(source, db_path)):
        raise UserError(_("{path} is the database itself.").format(path=source))
    if not db_path.parent.is_dir():
        raise UserError(_("The folder {path} does not exist.").format(path=db_path.parent))


def _safety_copy(db_path: Path) -> Path:
    """Copy the current database; byte for byte if it is too damaged for SQLite to read."""
    target = _free_path(_backup_folder(db_path), f"caseroom-before-restore-{_utc_stamp()}")

    def fill(temporary: Path) -> None:
        try:
            _online_copy(db_path, temporary)
        except sqlite3.DatabaseError as error:
            if _error_code(error) not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
                raise
            shutil.copyfile(db_path, temporary)

    _write_atomically(target, fill, db_path, False)
    return target


def _release_old_database(db_path: Path) -> None:
    """Fold the old database's WAL into it and make sure no one else has it open.

    Leaving WAL mode checkpoints and deletes `-wal`/`-shm`; a stale `-wal` left beside
    the restored file would otherwise be replayed into it.
    """
    if db_path.exists():
        connection = sqlite3.connect(db_path, timeout=_LOCK_TIMEOUT_S, isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            connection.execute("BEGIN EXCLUSIVE")
            connection.execute("ROLLBACK")
        except sqlite3.OperationalError as error:
            if _error_code(error) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise DatabaseUnavailableError(
                    _("The database {path} is in use; close caseroom and try again.").format(
                        path=db_path
                    )
                ) from error
        except sqlite3.DatabaseError:
            pass  # too damaged to open: it is being replaced anyway
        finally:
            connection.close()
    for suffix in _SIDE_FILES:
        with contextlib.suppress(FileNotFoundError):
            _side_file(db_path, suffix).unlink()


def _use_wal(db_path: Path) -> None:
    """Put the restored file in WAL mode, as caseroom runs it (best effort)."""
    with contextlib.suppress(sqlite3.Error):
        connection = sqlite3.connect(db_path, timeout=_LOCK_TIMEOUT_S)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
