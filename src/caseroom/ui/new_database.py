"""A first run cancelled leaves nothing behind: no empty database, lock or key file.

Light on imports on purpose: the launcher notes the files before anything is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from caseroom.db.lock import Access


def database_files(path: Path) -> set[Path]:
    """The files named after the database `path` beside it: the file itself, its journals,
    lock, key file and restricted store (`<name>-wal`, `<name>.lock`, `<name>.keys`...)."""
    if not path.parent.is_dir():
        return set()
    name = path.name
    return {
        found
        for found in path.parent.iterdir()
        if found.is_file()
        and (found.name == name or found.name.startswith((f"{name}-", f"{name}.")))
    }


def files_before_opening(path: Path) -> set[Path] | None:
    """What `discard_new_database` may not remove: None when the database already exists
    (then nothing is removed), else the files named after it that are already there."""
    return None if path.exists() else database_files(path)


def discard_new_database(
    path: Path, before: set[Path] | None, engine: Engine | None, access: Access | None
) -> None:
    """Close the database (its engine, then its lock) and, if it was made by this start
    (`before` is not None), remove every file named after it that was not there before."""
    if engine is not None:
        engine.dispose()
    if access is not None and access.lock is not None:
        access.lock.release()
    if before is not None:
        for made in database_files(path) - before:
            made.unlink(missing_ok=True)
