"""Is the database file sound, and can this version of caseroom open it?

`check_database` is `caseroom check` (everything, foreign keys included). `startup_check`
is what the app runs before opening a file: integrity (a fast path for large files) and
the schema revision; a damaged file gets a clear screen and `newest_good_backup`.
The file is only read (read-only connection), so a check is safe while caseroom runs.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from caseroom.db.audit_chain import break_message, has_chain, holds_message, verify_connection
from caseroom.db.backup import (
    MAIN_TABLES,
    VerifyResult,
    is_known_revision,
    open_read_only,
    verify_database_file,
)
from caseroom.db.cipher import dbapi_errors
from caseroom.db.crypto import is_encrypted, looks_encrypted
from caseroom.db.early_check import (
    FULL_CHECK_BELOW_BYTES,
    Integrity,
    file_stamp,
    integrity_lines,
    uses_quick_check,
)
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.search import SESSION_INDEX
from caseroom.errors import storage_error
from caseroom.i18n import _

if TYPE_CHECKING:
    from caseroom.db.backup_files import BackupInfo


@dataclass(frozen=True)
class HealthReport:
    """What `check_database` found: `findings` (what was checked, translated lines) and
    `problems` (what is wrong); `healthy` when there are no problems."""

    path: Path
    healthy: bool
    findings: list[str]
    problems: list[str]
    revision: str | None
    counts: dict[str, int]


def check_database(path: Path, *, key: bytes | None = None) -> HealthReport:
    """Integrity, foreign keys, schema version, journal mode and full-text index of `path`
    (an encrypted file is read with `key`)."""
    verified = verify_database_file(path, key=key)
    findings: list[str] = []
    problems = list(verified.problems)
    if verified.intact:
        findings.append(_("Integrity check: ok."))
        if verified.broken_links == 0:
            findings.append(_("Foreign keys: ok."))
        if set(MAIN_TABLES) <= set(verified.counts):
            _check_schema(verified, findings, problems)
            _check_storage(path, findings, problems, key)
    return HealthReport(
        path=path,
        healthy=not problems,
        findings=findings,
        problems=problems,
        revision=verified.revision,
        counts=dict(verified.counts),
    )


def _check_schema(verified: VerifyResult, findings: list[str], problems: list[str]) -> None:
    revision = verified.revision
    if revision is None:
        return  # verify_database_file already reported the missing version
    if revision == HEAD_REVISION:
        findings.append(_("Schema version {revision}: current.").format(revision=revision))
    elif is_known_revision(revision):
        findings.append(
            _(
                "Schema version {revision} is older than this caseroom's ({head}); "
                "it will be upgraded when the database is opened."
            ).format(revision=revision, head=HEAD_REVISION)
        )
    else:
        problems.append(
            _(
                "Schema version {revision} is newer than this caseroom knows ({head}); "
                "update caseroom to open this database."
            ).format(revision=revision, head=HEAD_REVISION)
        )


def _check_storage(path: Path, findings: list[str], problems: list[str], key: bytes | None) -> None:
    try:
        connection = open_read_only(path, key=key if looks_encrypted(path) else None)
        try:
            has_index = (
                connection.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    (SESSION_INDEX,),
                ).fetchone()
                is not None
            )
            chain = verify_connection(connection) if has_chain(connection) else None
        finally:
            connection.close()
    except dbapi_errors() as error:
        problems.append(_("The file {path} cannot be read: {error}").format(path=path, error=error))
        return
    if looks_encrypted(path):
        pass  # the header that tells the journal mode is encrypted too
    elif _uses_wal(path):
        findings.append(_("Journal mode: WAL."))
    else:
        # Not a fault: caseroom switches the file to WAL each time it opens it.
        findings.append(
            _("Journal mode: rollback (caseroom switches to WAL when it opens the database).")
        )
    if has_index:
        findings.append(_("Full-text index of session notes: present."))
    else:
        problems.append(_("The full-text index of session notes is missing."))
    if chain is not None and chain.broken is not None:
        problems.append(break_message(chain.broken))
    elif chain is not None:
        findings.append(holds_message(chain.events))


def _uses_wal(path: Path) -> bool:
    """Read from the file header (bytes 18-19 are 2 in WAL mode), which an immutable
    read-only connection's `PRAGMA journal_mode` would not report."""
    with path.open("rb") as stream:
        header = stream.read(20)
    return header[18:20] == b"\x02\x02"


# --- the start-up check ---------------------------------------------------------------------


class StartupStatus(StrEnum):
    """What the start-up check decided about a database file."""

    NEW = "new"
    """No database yet (or an empty file): caseroom creates it."""
    OK = "ok"
    NEEDS_UPGRADE = "needs_upgrade"
    """An older schema this caseroom knows: `open_database` backs up and upgrades it."""
    TOO_NEW = "too_new"
    """Written by a newer caseroom: do not open."""
    DAMAGED = "damaged"
    """Fails the check: offer the newest good backup."""
    UNREADABLE = "unreadable"
    """Cannot be read now (permissions, a disk error, busy): nothing is known to be wrong."""


@dataclass(frozen=True, slots=True)
class StartupCheck:
    """The result of `startup_check`, for the start-up screen."""

    path: Path
    status: StartupStatus
    problems: tuple[str, ...]
    """Translated lines: what is wrong (empty when the file is fine)."""
    revision: str | None
    quick: bool
    """True when the fast path (`PRAGMA quick_check`) was used."""
    seconds: float

    @property
    def ok_to_open(self) -> bool:
        """Whether the app may go on to open the database."""
        return self.status in (StartupStatus.NEW, StartupStatus.OK, StartupStatus.NEEDS_UPGRADE)

    def message(self) -> str:
        """One translated paragraph for the screen shown instead of the window ("" if fine)."""
        detail = " ".join(self.problems)
        if self.status is StartupStatus.DAMAGED:
            return _(
                "The database {path} is damaged, so caseroom will not open it. Restore the "
                "newest good backup; the damaged file is kept as a safety copy.\n\n"
                "Details: {detail}"
            ).format(path=self.path, detail=detail)
        if self.status is StartupStatus.TOO_NEW:
            return _(
                "The database {path} was written by a newer version of caseroom "
                "(schema {revision}). Update caseroom to open it."
            ).format(path=self.path, revision=self.revision)
        if self.status is StartupStatus.UNREADABLE:
            return _("The database {path} cannot be read now: {detail}").format(
                path=self.path, detail=detail
            )
        return ""


def startup_check(
    db_path: Path,
    *,
    key: bytes | None = None,
    full_check_below_bytes: int = FULL_CHECK_BELOW_BYTES,
    integrity: Integrity | None = None,
) -> StartupCheck:
    """Is the database at `db_path` safe to open? Only reads the file (never changes it).

    Integrity (full check on small files, `quick_check` on large ones), then the schema:
    caseroom's tables present and a revision this code can open. An encrypted file is
    read with `key`. `integrity`: the pragma's answer found already (`db.early_check`),
    taken when it is the same kind of check and the file has not changed since.
    """
    started = time.perf_counter()
    path = Path(os.path.abspath(db_path))

    def result(status: StartupStatus, problems: list[str], revision: str | None = None,
               quick: bool = False) -> StartupCheck:  # fmt: skip
        seconds = time.perf_counter() - started
        return StartupCheck(path, status, tuple(problems), revision, quick, seconds)

    encrypted = is_encrypted(path) or key is not None
    try:
        size = path.stat().st_size if path.exists() else -1
    except OSError as error:
        return result(StartupStatus.UNREADABLE, [str(error.strerror or error)])
    if size < 0 and not encrypted and not _side_file_exists(path, "-wal"):
        return result(StartupStatus.NEW, [])  # an empty file is not new: it may have been a room
    if size <= 0:
        empty = (
            _("The encrypted database {path} is empty (0 bytes): it is damaged.")
            if encrypted and size == 0
            else _("The file {path} is missing or empty.")
        ).format(path=path)
        return result(StartupStatus.DAMAGED, [empty])
    if not looks_encrypted(path):
        problem = _first_page_problem(path)
        if problem is not None:
            return result(StartupStatus.DAMAGED, [problem])
    elif key is None and is_encrypted(path):
        locked = _("The database {path} is encrypted; its passphrase is needed.")
        return result(StartupStatus.UNREADABLE, [locked.format(path=path)])
    elif key is None:
        foreign = _(
            "The file {path} is not a caseroom database (or an encrypted one whose key "
            "file is missing)."
        )
        return result(StartupStatus.DAMAGED, [foreign.format(path=path)])
    quick = uses_quick_check(path, full_check_below_bytes)
    answered = None
    if integrity is not None and integrity.quick == quick and integrity.stamp == file_stamp(path):
        answered = integrity.lines
    try:
        connection = open_read_only(path, key=key if looks_encrypted(path) else None)
        try:
            lines = list(answered) if answered is not None else integrity_lines(connection, quick)
            if lines != ["ok"]:
                problems = [_("Integrity check: {detail}").format(detail=line) for line in lines]
                return result(StartupStatus.DAMAGED, problems, quick=quick)
            tables = {
                str(row[0])
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = None if row is None else str(row[0])
        finally:
            connection.close()
    except dbapi_errors() as error:
        return result(_error_status(error), [_error_text(path, error)], quick=quick)
    status, problems = _schema_status(path, tables, revision)
    return result(status, problems, revision, quick)


def _schema_status(
    path: Path, tables: set[str], revision: str | None
) -> tuple[StartupStatus, list[str]]:
    if not tables:
        return StartupStatus.NEW, []
    missing = [table for table in MAIN_TABLES if table not in tables]
    if missing and "alembic_version" not in tables:
        return StartupStatus.DAMAGED, [
            _("The file {path} is not a caseroom database.").format(path=path)
        ]
    if missing:
        problem = _("Tables are missing from {path}: {tables}.")
        return StartupStatus.DAMAGED, [problem.format(path=path, tables=", ".join(missing))]
    if revision is None:
        return StartupStatus.DAMAGED, [
            _("The file {path} has no schema version.").format(path=path)
        ]
    if revision == HEAD_REVISION:
        return StartupStatus.OK, []
    if is_known_revision(revision):
        return StartupStatus.NEEDS_UPGRADE, []
    return StartupStatus.TOO_NEW, []


def _first_page_problem(path: Path) -> str | None:
    """A plain file that does not start like SQLite, or is shorter than its header says."""
    with path.open("rb") as stream:
        header = stream.read(100)
    if not header.startswith(b"SQLite format 3\x00") or len(header) < 100:
        return _("The file {path} is not a caseroom database.").format(path=path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    page_count = int.from_bytes(header[28:32], "big")
    size = path.stat().st_size
    valid = header[24:28] == header[92:96]  # the size in the header is current
    if valid and not _side_file_exists(path, "-wal") and size < page_size * page_count:
        return _("The file {path} is cut short: {size} of {expected} bytes.").format(
            path=path, size=size, expected=page_size * page_count
        )
    return None


def _side_file_exists(path: Path, suffix: str) -> bool:
    return path.with_name(path.name + suffix).exists()


_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_FORMAT)


def _error_status(error: BaseException) -> StartupStatus:
    code = int(getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
    text = str(error).lower()
    if code in _DAMAGE_CODES or "malformed" in text or "not a database" in text:
        return StartupStatus.DAMAGED
    return StartupStatus.UNREADABLE


def _error_text(path: Path, error: BaseException) -> str:
    translated = storage_error(error)
    if translated is not None and _error_status(error) is StartupStatus.UNREADABLE:
        return str(translated)
    return _("The file {path} is damaged: {error}").format(path=path, error=error)


def newest_good_backup(folders: Iterable[Path], *, key: bytes | None = None) -> BackupInfo | None:
    """The newest backup in `folders` that passes a full check and that this caseroom can
    open; checks the newest first and stops at the first good one."""
    from caseroom.db.backup_files import list_backups, verify_backup

    seen: set[Path] = set()
    candidates: list[BackupInfo] = []
    for folder in folders:
        for info in list_backups(folder, key=key, verify=False):
            resolved = info.path.resolve()
            if resolved not in seen and info.counts is not None:
                seen.add(resolved)
                candidates.append(info)
    candidates.sort(key=lambda info: info.taken_at, reverse=True)
    for candidate in candidates:
        checked = verify_backup(candidate.path, key=key, full=True)
        revision = checked.revision
        if checked.verified and revision is not None and is_known_revision(revision):
            return checked
    return None
