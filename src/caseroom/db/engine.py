"""The database engine: a URL in, a configured SQLAlchemy engine out.

SQLite (the default) gets the pragmas that make a single-file store safe: WAL, foreign
keys on, FULL synchronous (a committed session survives a power cut), a busy timeout.
SQLAlchemy owns BEGIN, so DDL is transactional and a failed migration leaves nothing
half-built. Other URLs (PostgreSQL at a centre) pass through untouched.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 5000


def sqlite_url(path: str | Path) -> URL:
    """The SQLAlchemy URL of a SQLite file."""
    return URL.create("sqlite+pysqlite", database=str(Path(path)))


def is_sqlite(url: str | URL) -> bool:
    """Whether the URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def _configure_sqlite(engine: Engine, *, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (pysqlite would autocommit DDL otherwise).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
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
        engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})
        _configure_sqlite(engine, read_only=read_only)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def engine_for_path(path: str | Path, *, read_only: bool = False) -> Engine:
    """An engine on the SQLite file at `path`."""
    return make_engine(sqlite_url(path), read_only=read_only)
