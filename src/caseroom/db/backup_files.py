"""Backup files: how caseroom names its copies, and what one holds.

`list_backups` reads every copy in a folder with its date, size and record counts
(children, families, sessions) for the restore screen; `verify_backup` checks one copy
fully before it is restored. Neither ever raises for a bad file: a copy that cannot be
read is listed with `verified=False` and the reason.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caseroom.i18n import _

AUTO_PREFIX = "caseroom-auto-"
SUFFIX = ".sqlite3"
QUICK_CHECK_FROM_BYTES = 16 * 1024 * 1024
"""Files from this size are checked with `PRAGMA quick_check` (3-9x faster on large files,
skips comparing indexes with their tables) instead of the full integrity check."""

AUTO_NAME = re.compile(r"^caseroom-auto-(\d{8})-(\d{6})Z-([a-z]+)(?:-(\d+))?\.sqlite3$")
"""An automatic copy's name: UTC date, time, reason and (same second) copy number."""
_OTHER_NAME = re.compile(
    r"^caseroom-(before-upgrade|before-restore)-(?:.*-)?(\d{8})-(\d{6})Z?(?:-\d+)?\.sqlite3$"
)
_COUNTED = (("children", "child"), ("families", "family"), ("sessions", "session_record"))


@dataclass(frozen=True, slots=True)
class BackupCounts:
    """How many records a backup holds."""

    children: int
    families: int
    sessions: int


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file, as the restore screen lists it."""

    path: Path
    taken_at: datetime
    """When the copy was made (UTC, aware): from its name, else the file's time."""
    reason: str
    """"close", "daily", "manual", "before-upgrade", "before-restore" or "other"."""
    automatic: bool
    """Made by `make_automatic_backup` (and so thinned out by rotation)."""
    size: int
    counts: BackupCounts | None
    """None when the file cannot be read."""
    verified: bool
    """Passed the check made when it was listed (see `list_backups`)."""
    problems: tuple[str, ...] = ()
    """Translated: why it did not verify."""
    revision: str | None = None
    """The schema revision stored in the copy."""


def automatic_name(taken_at: datetime, reason: str) -> str:
    """The file name of an automatic backup taken at `taken_at` for `reason`."""
    stamp = taken_at.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    return f"{AUTO_PREFIX}{stamp}Z-{reason}{SUFFIX}"


def parse_name(name: str) -> tuple[datetime, str, bool] | None:
    """(UTC time, reason, automatic) from a backup's file name; None if caseroom did not
    name it."""
    found = AUTO_NAME.match(name)
    if found is not None:
        return _stamp(found[1], found[2]), found[3], True
    found = _OTHER_NAME.match(name)
    if found is not None:
        return _stamp(found[2], found[3]), found[1], False
    return None


def _stamp(day: str, clock: str) -> datetime:
    return datetime.strptime(day + clock, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def list_backups(
    folder: Path, *, key: bytes | None = None, verify: bool = True
) -> list[BackupInfo]:
    """Every backup (`*.sqlite3`) in `folder`, newest first, with its record counts.

    With `verify` each file is checked now (integrity check, or `quick_check` from
    QUICK_CHECK_FROM_BYTES): seconds per large file. Without it only the header and the
    counts are read (milliseconds): `verified` then means "whole and readable", which for an
    automatic copy adds to the full check it passed when it was written. A missing folder
    lists nothing.
    """
    try:
        paths = [
            path
            for path in folder.iterdir()
            if path.name.endswith(SUFFIX) and not path.name.startswith(".") and path.is_file()
        ]
    except OSError:
        return []
    found = [verify_backup(path, key=key, full=verify) for path in paths]
    return sorted(found, key=lambda info: (info.taken_at, info.path.name), reverse=True)


def verify_backup(path: Path, *, key: bytes | None = None, full: bool = True) -> BackupInfo:
    """Check one backup file and read its counts; never raises for a bad file.

    `full`: run SQLite's integrity check (`quick_check` on large files) as well.
    """
    try:
        stat = path.stat()
    except OSError:
        stat = None
    parsed = parse_name(path.name)
    if parsed is not None:
        taken_at, reason, automatic = parsed
    else:
        mtime = stat.st_mtime if stat is not None else 0.0
        taken_at, reason, automatic = datetime.fromtimestamp(mtime, UTC), "other", False
    size = stat.st_size if stat is not None else 0
    counts, revision, problems = _inspect(path, size, key, full)
    return BackupInfo(
        path=path,
        taken_at=taken_at,
        reason=reason,
        automatic=automatic,
        size=size,
        counts=counts,
        revision=revision,
        verified=not problems,
        problems=tuple(problems),
    )


_SQLITE_MAGIC = b"SQLite format 3\x00"


def _header_problem(path: Path, size: int, encrypted: bool) -> str | None:
    if not path.is_file():
        return _("There is no file at {path}.").format(path=path)
    if size == 0:
        return _("The file {path} is empty.").format(path=path)
    if encrypted:
        return None  # an encrypted file's header is encrypted too
    with path.open("rb") as stream:
        header = stream.read(100)
    if not header.startswith(_SQLITE_MAGIC):
        return _("The file {path} is not a caseroom database.").format(path=path)
    page_size = int.from_bytes(header[16:18], "big") if len(header) >= 32 else 0
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big") if len(header) >= 32 else 0
    if len(header) < 100 or size < page_size * page_count:
        return _("The file {path} is cut short ({size} bytes).").format(path=path, size=size)
    return None


def _inspect(
    path: Path, size: int, key: bytes | None, full: bool
) -> tuple[BackupCounts | None, str | None, list[str]]:
    from caseroom.db.backup import open_read_only
    from caseroom.db.cipher import dbapi_errors
    from caseroom.db.crypto import looks_encrypted

    try:
        encrypted = looks_encrypted(path)
        problem = _header_problem(path, size, encrypted)
    except OSError as error:
        problem = _("The file {path} cannot be read: {error}").format(path=path, error=error)
    if problem is not None:
        return None, None, [problem]
    if encrypted and key is None:
        return None, None, [_("The file {path} is encrypted.").format(path=path)]
    errors = dbapi_errors() if encrypted else (sqlite3.Error,)
    try:
        connection = open_read_only(path, key=key if encrypted else None)
        try:
            return _read(connection, path, size, full)
        finally:
            connection.close()
    except errors as error:
        return None, None, [_("The file {path} is damaged: {error}").format(path=path, error=error)]


def _read(
    connection: Any, path: Path, size: int, full: bool
) -> tuple[BackupCounts | None, str | None, list[str]]:
    problems: list[str] = []
    if full:
        pragma = "quick_check" if size >= QUICK_CHECK_FROM_BYTES else "integrity_check"
        lines = [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}(5)")]
        if lines != ["ok"]:
            problems.extend(_("Integrity check: {detail}").format(detail=line) for line in lines)
            return None, None, problems
    tables = {
        str(row[0])
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if any(table not in tables for _label, table in _COUNTED):
        problems.append(_("The file {path} holds no caseroom records.").format(path=path))
        return None, None, problems
    values = {
        label: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
        for label, table in _COUNTED
    }
    revision = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = None if row is None else str(row[0])
    if revision is None:
        problems.append(_("The file {path} has no schema version.").format(path=path))
    return BackupCounts(**values), revision, problems
