"""A process killed with SIGKILL while it writes loses nothing it committed, and leaves a
file that passes the integrity check and the start-up check.

The child logs sessions through the services in a loop, one unit of work each, and
prints each session's id only after its commit returned. The parent kills it at a random
moment (often mid-transaction), several times over the same file, and then looks for
every reported id.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

from sqlmodel import Session, select

from caseroom.db.engine import engine_for_path
from caseroom.db.health import StartupStatus, startup_check
from caseroom.db.models import Child, SessionRecord, Staff

KILLS = 5
SEED = 20261123
TIMEOUT_S = 60.0

WRITER = textwrap.dedent(
    """
    import sys, uuid
    from datetime import date, timedelta
    from caseroom.cli.common import unit_of_work
    from caseroom.db.engine import engine_for_path
    from caseroom.services.common import Actor
    from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session
    from caseroom.vocab import SessionKind

    db, run = sys.argv[1], sys.argv[4]
    staff_id, child_id = uuid.UUID(sys.argv[2]), uuid.UUID(sys.argv[3])
    actor = Actor(staff_id=staff_id, role="psychologist")
    today = date(2026, 11, 23)
    engine = engine_for_path(db)
    number = 0
    while True:
        data = SessionInput(
            held_on=today - timedelta(days=number % 80),  # enrolled 1 September
            kind=SessionKind.INDIVIDUAL,
            staff_id=staff_id,
            minutes=40,
            topic=f"Run {run} session {number}",
            notes="Внимание держит 10 минут. " * 20,
            children=(AttendeeInput(child_id),),
        )
        with unit_of_work(engine) as session:
            written = log_session(session, actor=actor, data=data, today=today)
        print(written.id, flush=True)
        number += 1
    """
)


def people(db_path: Path) -> tuple[uuid.UUID, uuid.UUID]:
    """The staff member and child the fixtures committed."""
    engine = engine_for_path(db_path)
    try:
        with Session(engine) as session:
            staff = session.exec(select(Staff)).one()
            child = session.exec(select(Child)).one()
            return staff.id, child.id
    finally:
        engine.dispose()


def run_and_kill(db_path: Path, staff_id: uuid.UUID, child_id: uuid.UUID, run: int,
                 delay: float) -> list[uuid.UUID]:  # fmt: skip
    """Start the writer, let it commit for `delay` seconds, SIGKILL it; returns the ids
    it reported as committed."""
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(staff_id), str(child_id), str(run)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # it is writing now
    assert first.strip(), "the writer reported nothing"
    time.sleep(delay)
    process.kill()
    rest, _ = process.communicate(timeout=TIMEOUT_S)
    # Only whole lines count: the kill may cut the last one short.
    lines = [first, *rest.splitlines(keepends=True)]
    whole = [line.strip() for line in lines if line.endswith("\n")]
    assert all(len(line) == 36 for line in whole), whole[:3]
    return [uuid.UUID(line) for line in whole]


def stored_ids(db_path: Path) -> set[uuid.UUID]:
    """Every session id in the file (read the way caseroom reads it)."""
    engine = engine_for_path(db_path, read_only=True)
    try:
        with Session(engine) as session:
            return set(session.exec(select(SessionRecord.id)).all())
    finally:
        engine.dispose()


def integrity(db_path: Path) -> str:
    """SQLite's full integrity check of the file, as another program would open it."""
    connection = sqlite3.connect(db_path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def test_sigkill_mid_write_loses_nothing_committed(
    db_path: Path, session: Session, child: Child, staff: Staff
) -> None:
    session.commit()
    staff_id, child_id = people(db_path)
    chooser = random.Random(SEED)
    reported: list[uuid.UUID] = []

    for run in range(KILLS):
        reported += run_and_kill(db_path, staff_id, child_id, run, chooser.uniform(0.05, 0.6))

        check = startup_check(db_path)
        assert check.status is StartupStatus.OK, check
        assert integrity(db_path) == "ok"
        missing = set(reported) - stored_ids(db_path)
        assert not missing, f"run {run}: {len(missing)} committed sessions lost"

    assert len(reported) >= KILLS * 2  # the writer really was writing when killed
