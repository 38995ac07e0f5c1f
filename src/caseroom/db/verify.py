"""Verification of a caseroom database file (plain or encrypted), without changing it.

`verify_database_file` never raises for a bad file: it reports what it found. An encrypted
file is read with its key; SQLCipher's page authentication check runs before SQLite's
integrity check, so a wrong key, a damaged page and a cut-short file are told apart.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseroom.db.cipher import connect, database_errors, dbapi_errors, sqlite_error_code
from caseroom.db.crypto import key_file_path, looks_encrypted
from caseroom.i18n import _, ngettext

MAIN_TABLES: tuple[str, ...] = ("child", "family", "caregiver", "session_record")
"""Tables whose record counts describe a database (and prove it is caseroom's)."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_CIPHER_PAGE_SIZE = 4096
_READ_TIMEOUT_S = 5.0
_MAX_LISTED_PROBLEMS = 5


def _side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


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


def open_read_only(path: Path, *, key: bytes | None = None) -> Any:
    """A read-only connection on `path` that never creates or changes a file (sqlite3,
    or SQLCipher with `key`).

    Without a `-wal` or `-journal` file beside it the file is opened as immutable (so no
    `-shm` or `-wal` is left next to a backup file); with one, SQLite reads it as usual.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if not any(_side_file(path, suffix).exists() for suffix in ("-wal", "-journal")):
        uri += "&immutable=1"
    return connect(uri, key=key, uri=True, timeout=_READ_TIMEOUT_S)


def verify_database_file(path: Path, *, key: bytes | None = None) -> VerifyResult:
    """Check that `path` is an undamaged caseroom database; never raises for a bad file.

    An encrypted file is read with `key`; a plain file is read as it is (the key is then
    not needed). An encrypted file without a key, or one the key does not read, is
    reported as a problem.
    """
    encrypted = looks_encrypted(path)
    header_problem = _header_problem(path, encrypted=encrypted, key=key)
    if header_problem is not None:
        return VerifyResult(ok=False, problems=[header_problem], revision=None, counts={})
    try:
        connection = open_read_only(path, key=key if encrypted else None)
    except dbapi_errors() as error:
        problem = _("{path} cannot be opened: {error}").format(path=path, error=error)
        return VerifyResult(ok=False, problems=[problem], revision=None, counts={})
    try:
        return _inspect(connection, path, encrypted=encrypted)
    finally:
        connection.close()


def _header_problem(path: Path, *, encrypted: bool = False, key: bytes | None = None) -> str | None:
    """Problems visible without SQLite: missing, empty, foreign or cut-short files."""
    if not path.is_file():
        return _("There is no file at {path}.").format(path=path)
    size = path.stat().st_size
    if size == 0:
        return _("The file {path} is empty.").format(path=path)
    if encrypted and key is None and key_file_path(path).is_file():
        return _("The file {path} is encrypted; its passphrase is needed to read it.").format(
            path=path
        )
    if encrypted and key is not None:
        if size % _CIPHER_PAGE_SIZE:
            return _("The file {path} is cut short ({size} bytes).").format(path=path, size=size)
        return None
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


def _inspect(connection: Any, path: Path, *, encrypted: bool = False) -> VerifyResult:
    problems: list[str] = []
    try:
        # SQLCipher's own check first: it names the pages whose authentication failed.
        lines = _cipher_problems(connection, path) if encrypted else ["ok"]
        if lines == ["ok"]:
            lines = [str(row[0]) for row in connection.execute("PRAGMA integrity_check(20)")]
    except database_errors() as error:
        if encrypted and sqlite_error_code(error) == sqlite3.SQLITE_NOTADB:
            problem = _(
                "The file {path} cannot be read with this key: it belongs to another "
                "database, or it is damaged."
            ).format(path=path)
        else:
            problem = _("The file {path} is damaged: {error}").format(path=path, error=error)
        return VerifyResult(ok=False, problems=[problem], revision=None, counts={})
    if lines != ["ok"]:
        for line in lines[:_MAX_LISTED_PROBLEMS]:
            detail = " ".join(line.split())  # one line each (SQLite's may hold newlines)
            problems.append(_("Integrity check: {detail}").format(detail=detail))
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
    except database_errors() as error:
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


def _cipher_problems(connection: Any, path: Path) -> list[str]:
    """SQLCipher's page check (every page's HMAC) and a cut-short file; ["ok"] if none.

    Reading the schema first raises "file is not a database" for a wrong key (or a
    damaged first page), which the caller reports as such.
    """
    connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    details = [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
    if details:
        return details[:_MAX_LISTED_PROBLEMS]
    page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    page_count = int(connection.execute("PRAGMA page_count").fetchone()[0])
    if not _side_file(path, "-wal").exists() and path.stat().st_size < page_size * page_count:
        return [_("the file is cut short")]
    return ["ok"]


def _table_names(connection: Any) -> set[str]:
    rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {str(row[0]) for row in rows}


def _foreign_key_problems(connection: Any, problems: list[str]) -> int:
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


def _stored_revision(connection: Any, tables: set[str]) -> str | None:
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
