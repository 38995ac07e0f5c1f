"""A full disk: the service call fails with a clear, translated UserError, and the
database is exactly as it was (same bytes once checkpointed, same rows, still sound).

Two real SQLite failures, no mocks: a child process whose file-size limit (RLIMIT_FSIZE)
stops the WAL growing, as a full USB stick would; and `PRAGMA max_page_count`, which
makes SQLite itself answer SQLITE_FULL ("database or disk is full").
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session

from caseroom.cli.common import unit_of_work
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Room
from caseroom.errors import DiskFullError, UserError, storage_error
from caseroom.i18n import _, set_language
from caseroom.services.common import SYSTEM
from caseroom.services.people.families import FamilyInput, create_family

BIG_NOTES = ("Семья переехала из Шымкента. " * 4_000)[:100_000].strip()
"""The longest note a service accepts: about 180 kB as UTF-8, more than the limits below."""
DISK_FULL = "The disk is full, so nothing was saved. Free some space and try again."
CANNOT_WRITE = (
    "The disk is full or cannot be written, so nothing was saved. Free some space, "
    "check that the disk is still connected, and try again."
)

WRITER = textwrap.dedent(
    """
    import json, resource, signal, sys, uuid
    from caseroom.cli.common import unit_of_work
    from caseroom.db.engine import engine_for_path
    from caseroom.errors import UserError
    from caseroom.i18n import set_language
    from caseroom.services.common import SYSTEM
    from caseroom.services.people.families import FamilyInput, create_family

    db, room_id, language = sys.argv[1], uuid.UUID(sys.argv[2]), sys.argv[4]
    limit = int(sys.argv[3])
    set_language(language)
    notes = sys.stdin.read()
    engine = engine_for_path(db)
    with engine.connect() as connection:  # open (and set up) the file before the limit
        pass
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        with unit_of_work(engine) as session:  # one action that writes about 7 MB
            data = FamilyInput(display_name="Seitkali", notes=notes)
            for _copy in range(40):
                create_family(session, actor=SYSTEM, room_id=room_id, data=data)
    except UserError as error:
        print(json.dumps({"kind": type(error).__name__, "message": str(error)}))
    else:
        print(json.dumps({"kind": None}))
    """
)


def snapshot(db_path: Path) -> tuple[str, dict[str, int], str]:
    """(sha256 of the checkpointed file, rows per table, integrity check)."""
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        tables = [
            str(row[0])
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        rows = {
            table: int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }
        integrity = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()
    return hashlib.sha256(db_path.read_bytes()).hexdigest(), rows, integrity


def committed_room(db_path: Path) -> str:
    """A room committed before the disk fills; returns its id."""
    engine = engine_for_path(db_path)
    try:
        with Session(engine) as session:
            room = Room(school_name="School No. 3", room_name="Support room")
            session.add(room)
            session.commit()
            return str(room.id)
    finally:
        engine.dispose()


def fill_disk_in_child(db_path: Path, room_id: str, language: str) -> dict[str, Any]:
    """Run the writer under a file-size limit a little above the file as it is now."""
    limit = db_path.stat().st_size + 64 * 1024
    result = subprocess.run(
        [sys.executable, "-c", WRITER, str(db_path), room_id, str(limit), language],
        input=BIG_NOTES,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_a_full_disk_is_a_clear_error_and_changes_nothing(db_path: Path) -> None:
    room_id = committed_room(db_path)
    before = snapshot(db_path)

    said = fill_disk_in_child(db_path, room_id, "en")
    after = snapshot(db_path)

    # The size limit fails the write with EFBIG: SQLite says SQLITE_IOERR_WRITE, as for a
    # quota or a FAT32 stick's 4 GB limit (ENOSPC itself gives SQLITE_FULL, tested below).
    assert said == {"kind": "DiskFullError", "message": CANNOT_WRITE}
    assert after == before
    assert after[2] == "ok"


def test_the_message_is_in_the_users_language(db_path: Path) -> None:
    room_id = committed_room(db_path)
    set_language("ru")
    try:
        expected = _(CANNOT_WRITE)
    finally:
        set_language("en")

    said = fill_disk_in_child(db_path, room_id, "ru")

    assert said == {"kind": "DiskFullError", "message": expected}


def test_sqlite_full_from_the_page_limit_rolls_back_whole(db_path: Path) -> None:
    room_id = committed_room(db_path)
    before = snapshot(db_path)
    engine = engine_for_path(db_path)

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    try:
        with pytest.raises(DiskFullError) as raised, unit_of_work(engine) as session:
            import uuid

            create_family(
                session, actor=SYSTEM, room_id=uuid.UUID(room_id), data=FamilyInput(
                    display_name="Seitkali", notes=BIG_NOTES
                )
            )  # fmt: skip
    finally:
        engine.dispose()

    assert str(raised.value) == DISK_FULL
    assert snapshot(db_path) == before


@pytest.mark.parametrize(
    ("message", "code", "expected"),
    [
        ("database or disk is full", 13, "The disk is full"),
        ("disk I/O error", 10, "a disk error"),
        ("database is locked", 5, "busy in another program"),
        ("attempt to write a readonly database", 8, "open read-only"),
        ("database disk image is malformed", 11, "is damaged"),
        ("unable to open database file", 14, "cannot be opened"),
    ],
)
def test_every_storage_failure_has_a_clear_message(message: str, code: int, expected: str) -> None:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorcode = code
    bare = sqlite3.OperationalError(message)  # drivers that give only the text

    assert expected in str(storage_error(error))
    assert expected in str(storage_error(bare))
    assert storage_error(sqlite3.IntegrityError("UNIQUE constraint failed")) is None
    assert storage_error(ValueError("bug")) is None


def test_a_wrapped_driver_error_is_translated_too() -> None:
    from sqlalchemy.exc import OperationalError

    wrapped = OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))

    translated = storage_error(wrapped)

    assert isinstance(translated, UserError)
    assert "busy in another program" in str(translated)
