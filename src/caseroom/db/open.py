"""Open a caseroom database file: create or upgrade its schema, after a backup copy."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade


def open_database(path: Path, *, migrate: bool = True) -> Engine:
    """An engine on the SQLite file at `path`, its schema brought to the current version.

    A database that already holds tables is copied to its `backups/` folder before any
    migration runs; a new file is simply created.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = engine_for_path(path)
    if migrate:
        try:
            upgrade(engine, backup=lambda: _backup_before_migration(path))
        except BaseException:
            engine.dispose()
            raise
    return engine


def _backup_before_migration(path: Path) -> Path:
    from caseroom.db.backup import backup_before_migration

    return backup_before_migration(path)
