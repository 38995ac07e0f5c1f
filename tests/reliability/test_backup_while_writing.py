"""A backup taken while another thread or process writes is one consistent committed state.

Every commit of the writer adds BATCH families and, for each, one caregiver. A copy that
caught a transaction half-way would show a family count that is not a multiple of BATCH,
or a caregiver count that differs from the family count.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from caseroom.db.backup import backup_database, verify_database_file
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Caregiver, Family, Room

BATCH = 25
BACKUPS = 6
DEADLINE_S = 60.0
SEED_BATCHES = 40  # a few hundred kilobytes, so a copy takes a moment


def write_batch(session: Session, room_id: uuid.UUID, number: int) -> None:
    """Commit BATCH families with one caregiver each."""
    for index in range(BATCH):
        family = Family(room_id=room_id, display_name=f"Family {number}-{index}", notes="x" * 400)
        session.add(family)
        session.flush()
        session.add(
            Caregiver(
                family_id=family.id, last_name="Seitkali", first_name="Gulnara", relation="mother"
            )
        )
    session.commit()


def family_count(path: Path) -> int:
    """Committed families in the live database (a reader beside the writer)."""
    connection = sqlite3.connect(path, timeout=10)
    try:
        return int(connection.execute("SELECT count(*) FROM family").fetchone()[0])
    finally:
        connection.close()


def assert_consistent(copy: Path) -> int:
    """The copy is sound and holds whole commits only; returns its family count."""
    result = verify_database_file(copy)
    assert result.ok is True, result.problems
    families = result.counts["family"]
    assert result.counts["caregiver"] == families
    assert families % BATCH == 0
    return families


def make_room(db_path: Path) -> uuid.UUID:
    """Commit a room and SEED_BATCHES batches; returns the room's id."""
    engine = engine_for_path(db_path)
    with Session(engine) as session:
        room = Room(school_name="School No. 3", room_name="Support room")
        session.add(room)
        session.commit()
        room_id = room.id
        for number in range(SEED_BATCHES):
            write_batch(session, room_id, number)
    engine.dispose()
    return room_id


def take_backups(db_path: Path, folder: Path, committed: Callable[[], int]) -> list[int]:
    """BACKUPS copies, each started only after the writer committed twice more since the
    previous copy ended, so each copy must hold strictly more than the one before."""
    counts: list[int] = []
    start = time.monotonic()
    for number in range(BACKUPS):
        seen = committed()
        while committed() < seen + 2:
            assert time.monotonic() - start < DEADLINE_S, "the writer stopped writing"
            time.sleep(0.005)
        copy = backup_database(db_path, folder / f"copy-{number}.sqlite3")
        counts.append(assert_consistent(copy))
    return counts


def test_backup_while_a_thread_writes(db_path: Path, tmp_path: Path) -> None:
    room_id = make_room(db_path)
    stop = threading.Event()
    commits = [0]
    failures: list[BaseException] = []

    def writer() -> None:
        engine = engine_for_path(db_path)
        try:
            with Session(engine) as session:
                number = SEED_BATCHES
                while not stop.is_set():
                    write_batch(session, room_id, number)
                    number += 1
                    commits[0] += 1
        except BaseException as error:  # reported by the test thread
            failures.append(error)
        finally:
            engine.dispose()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        counts = take_backups(db_path, tmp_path, lambda: commits[0])
    finally:
        stop.set()
        thread.join(timeout=DEADLINE_S)

    assert failures == []
    assert counts == sorted(set(counts))  # strictly increasing: every copy is newer
    assert counts[0] >= SEED_BATCHES * BATCH
    assert counts[-1] <= family_count(db_path)


WRITER_SCRIPT = textwrap.dedent(
    """
    import sys, uuid
    from pathlib import Path
    from sqlmodel import Session
    from caseroom.db.engine import engine_for_path
    from caseroom.db.models import Caregiver, Family

    db_path, stop_file = Path(sys.argv[1]), Path(sys.argv[3])
    room_id, batch = uuid.UUID(sys.argv[2]), int(sys.argv[4])
    engine = engine_for_path(db_path)
    with Session(engine) as session:
        number = 0
        while not stop_file.exists():
            for index in range(batch):
                family = Family(room_id=room_id, display_name=f"P{number}-{index}", notes="y" * 400)
                session.add(family)
                session.flush()
                session.add(
                    Caregiver(family_id=family.id, last_name="A", first_name="B", relation="mother")
                )
            session.commit()
            number += 1
    engine.dispose()
    print(number)
    """
)


def test_backup_while_another_process_writes(db_path: Path, tmp_path: Path) -> None:
    room_id = make_room(db_path)
    stop_file = tmp_path / "stop"
    seed = SEED_BATCHES * BATCH
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            WRITER_SCRIPT,
            str(db_path),
            str(room_id),
            str(stop_file),
            str(BATCH),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        counts = take_backups(db_path, tmp_path, lambda: (family_count(db_path) - seed) // BATCH)
    finally:
        stop_file.touch()
        out, err = writer.communicate(timeout=DEADLINE_S)

    assert writer.returncode == 0, err
    assert counts == sorted(set(counts))
    assert counts[-1] <= family_count(db_path) == seed + int(out) * BATCH
