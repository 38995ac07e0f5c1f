"""The database engine: a URL in, a configured SQLAlchemy engine out.

SQLite (the default) gets the pragmas that make a single-file store safe: WAL, foreign
keys on, FULL synchronous (a committed session survives a power cut), a busy timeout.
SQLAlchemy owns BEGIN, so DDL is transactional and a failed migration leaves nothing
half-built. Other URLs (PostgreSQL at a centre) pass through untouched.

An encrypted file is opened through SQLCipher (`sqlite+pysqlcipher`, the `sqlcipher3`
driver): the dialect sets the raw master key as the first statement of each connection,
then the same pragmas follow. Without a key the standard `sqlite3` driver is used.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: str | Path, *, key: bytes | None = None) -> URL:
    """The SQLAlchemy URL of a SQLite file (a SQLCipher file when `key` is given)."""
    if key is None:
        return URL.create("sqlite+pysqlite", database=str(Path(path)))
    # The dialect sends the password as `pragma key="x'…'"`: SQLCipher's raw-key form.
    return URL.create("sqlite+pysqlcipher", password=f"x'{key.hex()}'", database=str(Path(path)))


def engine_key(engine: Engine) -> bytes | None:
    """The raw key an engine opens its SQLCipher file with; None for a plain file."""
    url = engine.url
    if url.get_driver_name() != "pysqlcipher" or not url.password:
        return None
    password = str(url.password)
    if not (password.startswith("x'") and password.endswith("'")):
        return None
    return bytes.fromhex(password[2:-1])


def is_sqlite(url: str | URL) -> bool:
    """Whether the URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def _configure_sqlite(engine: Engine, *, read_only: bool, encrypted: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite would autocommit DDL otherwise).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if encrypted:
            cursor.execute("PRAGMA cipher_log_level = NONE")  # errors reach us, not stderr
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str | URL, *, read_only: bool = False, echo: bool = False) -> Engine:
    """An engine for `url` with caseroom's connection settings applied."""
    url = make_url(url)
    if is_sqlite(url):
        encrypted = url.get_driver_name() == "pysqlcipher"
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False},
            # pysqlcipher defaults to one connection per thread; keep pysqlite's pool.
            **({"poolclass": QueuePool} if encrypted else {}),
        )
        _configure_sqlite(engine, read_only=read_only, encrypted=encrypted)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def engine_for_path(
    path: str | Path, *, read_only: bool = False, key: bytes | None = None
) -> Engine:
    """An engine on the SQLite file at `path`; with `key`, on the SQLCipher file there.

    Nothing is checked here (connections open lazily): `db.open.open_database` and
    `db.cipher.check_can_open` tell a wrong key, a damaged or an empty file apart.
    """
    return make_engine(sqlite_url(path, key=key), read_only=read_only)
