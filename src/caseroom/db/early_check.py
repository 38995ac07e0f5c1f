"""The start-up check's integrity pragma, run early: beside the data stack's import.

`db.health.startup_check` needs the data stack, but SQLite's own integrity check of a plain
file needs only `sqlite3`, and it is most of the check's time on a big file (0.3 s at 2,000
families, seconds at 10,000) while SQLite leaves Python free. So the launcher runs
`early_integrity` on the worker right after claiming the file, while the stack imports on
its own thread, and the start-up check takes that answer when the file has not changed
since (`Integrity.stamp`). Only stdlib and light caseroom modules are imported here: the
preload thread is importing the others at the same time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseroom.db.crypto import looks_encrypted
from caseroom.db.verify import open_read_only

FULL_CHECK_BELOW_BYTES = 16 * 1024 * 1024
"""Below this size (file and WAL together) the start-up check runs the full
`integrity_check` (0.1-0.3 s at the limit); from it, `quick_check`, which checks every
page's structure but not that indexes match their tables: measured on a 641 MB demo
file (10,000 families), 1.5 s against 4-13 s (tests/bench/bench_startup_check.py)."""

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class Integrity:
    """What SQLite's integrity pragma said about a file, and the file as it was then."""

    lines: tuple[str, ...]
    """The pragma's answer: ("ok",) for an intact file."""
    quick: bool
    """`quick_check` (a big file) rather than `integrity_check`."""
    stamp: tuple[int, ...]
    """`file_stamp` of the file when it was checked."""


def file_stamp(path: Path) -> tuple[int, ...]:
    """The size and change time of the file and its WAL (a write changes one of them)."""
    stamp: list[int] = []
    for suffix in ("", "-wal"):
        try:
            info = os.stat(f"{path}{suffix}")
        except OSError:
            stamp += [-1, -1]
        else:
            stamp += [info.st_size, info.st_mtime_ns]
    return tuple(stamp)


def uses_quick_check(path: Path, full_check_below_bytes: int = FULL_CHECK_BELOW_BYTES) -> bool:
    """Whether the file (with its WAL) is big enough for `quick_check` instead of the full one."""
    size = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            size += os.stat(f"{path}{suffix}").st_size
    return size >= full_check_below_bytes


def integrity_lines(connection: Any, quick: bool) -> list[str]:
    """The integrity pragma's first lines on `connection` (["ok"] when intact)."""
    pragma = "quick_check" if quick else "integrity_check"
    return [str(row[0]) for row in connection.execute(f"PRAGMA {pragma}(5)")]


def early_integrity(db_path: Path) -> Integrity | None:
    """The integrity pragma's answer for the plain SQLite file at `db_path`; None when the
    start-up check must find out itself (no file, an empty, encrypted or unreadable one)."""
    path = Path(os.path.abspath(db_path))
    try:
        if not path.is_file() or looks_encrypted(path):
            return None
        with path.open("rb") as stream:
            if stream.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                return None
        stamp = file_stamp(path)
        quick = uses_quick_check(path)
        connection = open_read_only(path)
        try:
            lines = integrity_lines(connection, quick)
        finally:
            connection.close()
    except (OSError, sqlite3.Error):
        return None
    if file_stamp(path) != stamp:
        return None
    return Integrity(tuple(lines), quick, stamp)
