"""One writer, two processes: the second copy is told who holds the database and can
read it; a holder killed with SIGKILL leaves a stale lock file that is taken over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlmodel import Session, select

from caseroom.cli.common import unit_of_work
from caseroom.db.engine import engine_for_path
from caseroom.db.lock import (
    AccessMode,
    HeldBy,
    WriterLock,
    acquire_writer,
    claim_database,
    lock_path,
)
from caseroom.db.models import Room

HOLDER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from caseroom.db.lock import WriterLock, acquire_writer
    from caseroom.db.engine import engine_for_path
    from caseroom.db.models import Room
    from sqlmodel import Session

    claimed = acquire_writer(Path(sys.argv[1]), user=sys.argv[2])
    if not isinstance(claimed, WriterLock):
        print(json.dumps({"held_by": claimed.info.pid if claimed.info else None}), flush=True)
        sys.exit(0)
    engine = engine_for_path(sys.argv[1])
    with Session(engine) as session:
        session.add(Room(school_name="School No. 3", room_name="Support room"))
        session.commit()
    print(json.dumps({"pid": claimed.info.pid}), flush=True)
    if sys.stdin.readline().strip() == "release":
        claimed.release()
        print(json.dumps({"released": True}), flush=True)
    sys.stdin.readline()
    """
)
TIMEOUT_S = 30


@contextmanager
def holder(db_path: Path, user: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, object]]]:
    """A second caseroom process that takes the writer lock and writes one room."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), user],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line, "the holder process printed nothing"
        yield process, json.loads(line)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(TIMEOUT_S)


def test_the_second_process_is_told_who_writes_and_reads_read_only(db_path: Path) -> None:
    with holder(db_path, "Aigerim") as (process, said):
        claimed = acquire_writer(db_path)
        access = claim_database(db_path)
        engine = engine_for_path(db_path, read_only=True)
        try:
            with Session(engine) as session:
                rooms = session.exec(select(Room)).all()
        finally:
            engine.dispose()

    assert said == {"pid": process.pid}
    assert isinstance(claimed, HeldBy) and claimed.info is not None
    assert (claimed.info.pid, claimed.info.user) == (process.pid, "Aigerim")
    assert access.mode is AccessMode.READ_ONLY and access.held_by is not None
    assert access.reason is not None and "by Aigerim since" in access.reason
    assert [room.school_name for room in rooms] == ["School No. 3"]


def test_a_holder_killed_mid_run_leaves_a_stale_lock_that_is_taken_over(db_path: Path) -> None:
    with holder(db_path, "Aigerim") as (process, _said):
        assert isinstance(acquire_writer(db_path), HeldBy)
        process.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
        assert process.wait(TIMEOUT_S) != 0

        stale = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        claimed = acquire_writer(db_path, user="Dana")

    assert stale["pid"] == process.pid  # the crash left its lock file behind
    assert isinstance(claimed, WriterLock)
    fresh = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    assert (fresh["pid"], fresh["user"]) == (os.getpid(), "Dana")
    with unit_of_work(engine_for_path(db_path)) as session:  # and the writer can write
        session.add(Room(school_name="School No. 7", room_name="Room 2"))
    claimed.release()


def test_a_held_lock_turns_the_other_process_away(db_path: Path) -> None:
    held = acquire_writer(db_path, user="Dana")
    assert isinstance(held, WriterLock)
    with held:
        result = subprocess.run(
            [sys.executable, "-c", HOLDER, str(db_path), "Aigerim"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=True,
        )

    assert json.loads(result.stdout) == {"held_by": os.getpid()}


def test_a_released_lock_is_free_for_the_next_process(db_path: Path) -> None:
    with holder(db_path, "Aigerim") as (process, _said):
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("release\n")
        process.stdin.flush()
        released = json.loads(process.stdout.readline())
        claimed = acquire_writer(db_path)

    assert released == {"released": True}
    assert isinstance(claimed, WriterLock)
    claimed.release()


def test_command_line_writers_respect_the_lock_the_app_holds(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hashlib

    from caseroom.cli import main

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "child_last_name,child_first_name,birth_date\nИванова,Айя,01.02.2018\n", encoding="utf-8"
    )
    backup = tmp_path / "copy.sqlite3"
    with holder(db_path, "Aigerim") as (process, _said):
        assert process.poll() is None
        before = hashlib.sha256(db_path.read_bytes()).hexdigest()
        for command in (
            ["import", "roster", "--db", str(db_path), str(roster)],
            ["demo", "--db", str(db_path)],
            ["backup", "--db", str(db_path), "--out", str(backup)],
        ):
            assert main([*command, "--lang", "en"]) == 2, command  # the room speaks Russian
            err = capsys.readouterr().err
            assert "by Aigerim since" in err and "Nothing was written" in err
        assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
        assert not backup.exists()
    # once the app has closed, the same command works, and lets the lock go at its end
    assert main(["backup", "--db", str(db_path), "--out", str(backup)]) == 0
    claimed = acquire_writer(db_path)
    assert isinstance(claimed, WriterLock)
    claimed.release()


def test_taking_the_lock_clears_what_a_killed_run_left_beside_the_database(
    db_path: Path, tmp_path: Path
) -> None:
    folder = db_path.parent
    stale = [
        folder / f".{db_path.name}.k3j2.tmp",
        folder / f".{db_path.name}.k3j2.tmp-wal",
        folder / f".{db_path.name}.x9.encrypting",
        folder / f".{db_path.name}.keys.a1.tmp",
    ]
    kept = [folder / ".other.sqlite3.k3j2.tmp", folder / f"{db_path.name}.tmp-notes"]
    for path in (*stale, *kept):
        path.write_bytes(b"partial")
    claimed = acquire_writer(db_path)
    assert isinstance(claimed, WriterLock)
    claimed.release()
    assert [path for path in stale if path.exists()] == []
    assert all(path.exists() for path in kept)
