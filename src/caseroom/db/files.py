"""Writing files so that a crash leaves either the old file or the new one, never half of one.

The pattern is always the same: fill a temporary file beside the target (same folder, so
the rename stays on one file system), fsync it, rename it over the target with
`os.replace`, then fsync the folder so the rename itself survives a power cut. The key
file, backups, restores and encryption all write this way.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def temporary_beside(target: Path, suffix: str = ".tmp") -> Path:
    """A new, empty, hidden file in `target`'s folder (owner-only, as `mkstemp` makes it)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(handle)
    return Path(name)


def fsync_file(path: Path) -> None:
    """Flush `path`'s data to the disk."""
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX only: Windows cannot open a folder for fsync)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def replace_atomically(temporary: Path, target: Path) -> None:
    """Rename the finished (and fsynced) `temporary` over `target`, then fsync the folder."""
    os.replace(temporary, target)
    fsync_folder(target.parent)


def write_atomically(target: Path, data: bytes | str) -> None:
    """Write `data` (text is written as UTF-8) to `target` through a fsynced temporary file.

    Raises `OSError` when anything fails; the temporary file is removed then, and `target`
    is left as it was.
    """
    temporary = temporary_beside(target)
    try:
        text = isinstance(data, str)
        with temporary.open("w" if text else "wb", encoding="utf-8" if text else None) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        replace_atomically(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


STAGING_SUFFIXES = (".tmp", ".encrypting")
"""How the temporary files of `temporary_beside` end (before any SQLite side-file suffix)."""


def remove_stale_staging(db_path: Path) -> int:
    """Remove the temporary files a killed run left beside the database at `db_path`
    (`.<name>.*.tmp`, `.<name>.*.encrypting`, with their -wal/-shm/-journal); returns how
    many. Call it only while holding the database's writer lock: then nobody is staging."""
    removed = 0
    prefix = f".{db_path.name}."
    try:
        candidates = list(db_path.parent.iterdir())
    except OSError:
        return 0
    for candidate in candidates:
        name = candidate.name
        if not name.startswith(prefix):
            continue
        stem = name
        for side in ("-wal", "-shm", "-journal"):
            stem = stem.removesuffix(side)
        if stem.endswith(STAGING_SUFFIXES) and candidate.is_file():
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed += 1
    return removed
