"""`caseroom backup | restore | check` on the command line (docs/command-line.md)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.cli import main
from caseroom.db.backup import verify_database_file
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.models import Caregiver, Child


@pytest.fixture
def filled_db(
    db_path: Path, engine: Engine, session: Session, caregiver: Caregiver, child: Child
) -> Path:
    """The test database holding one child, family and caregiver, connections closed."""
    session.commit()
    session.close()
    engine.dispose()
    return db_path


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def error_lines(err: str) -> list[str]:
    """The non-empty lines of what was written to stderr."""
    return [line for line in err.splitlines() if line.strip()]


# --- backup --------------------------------------------------------------------------------


def test_backup_writes_the_copy_and_says_what_it_holds(
    filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy.sqlite3"

    status = main(["backup", "--db", str(filled_db), "--out", str(out)])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert re.fullmatch(rf"Backup written to {re.escape(str(out))} \(\d+\.\d KB\)\.", lines[0])
    assert lines[1:] == ["Children: 1", "Families: 1", "Caregivers: 1", "Sessions: 0"]
    assert verify_database_file(out).counts == {
        "child": 1,
        "family": 1,
        "caregiver": 1,
        "session_record": 0,
    }


def test_backup_of_a_missing_database_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sqlite3"
    out = tmp_path / "copy.sqlite3"

    status = main(["backup", "--db", str(missing), "--out", str(out)])

    captured = capsys.readouterr()
    assert status == 2
    assert error_lines(captured.err) == [f"No database at {missing}"]
    assert captured.out == ""
    assert not out.exists()
    assert not missing.exists()


def test_backup_into_a_missing_folder_exits_2(
    filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nowhere" / "copy.sqlite3"

    status = main(["backup", "--db", str(filled_db), "--out", str(out)])

    assert status == 2
    assert error_lines(capsys.readouterr().err) == [
        f"The folder {tmp_path / 'nowhere'} does not exist."
    ]


def test_backup_without_out_is_a_usage_error(
    filled_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["backup", "--db", str(filled_db)])

    lines = error_lines(capsys.readouterr().err)
    assert status == 2
    assert len(lines) == 1
    assert "--out" in lines[0]


def test_backup_requires_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["backup", "--out", str(tmp_path / "copy.sqlite3")])

    lines = error_lines(capsys.readouterr().err)
    assert status == 2
    assert len(lines) == 1
    assert "--db" in lines[0]
    assert not (tmp_path / "copy.sqlite3").exists()


# --- restore -------------------------------------------------------------------------------


def test_restore_replaces_the_database_and_names_the_safety_copy(
    filled_db: Path, template_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.sqlite3"
    shutil.copyfile(template_db, empty)

    status = main(["restore", "--db", str(filled_db), str(empty)])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert lines[0] == f"Restored {empty} into {filled_db}."
    match = re.fullmatch(r"The previous database was kept at (.+)\.", lines[1])
    assert match is not None
    safety_copy = Path(match.group(1))
    assert safety_copy.parent == filled_db.parent / "backups"
    assert verify_database_file(safety_copy).counts["child"] == 1
    assert lines[2:] == ["Children: 0", "Families: 0", "Caregivers: 0", "Sessions: 0"]
    assert verify_database_file(filled_db).counts["child"] == 0


def test_restore_of_a_damaged_file_exits_2_and_changes_nothing(
    filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(filled_db.read_bytes()[:5000])
    before = digest(filled_db)

    status = main(["restore", "--db", str(filled_db), str(damaged)])

    captured = capsys.readouterr()
    lines = error_lines(captured.err)
    assert status == 2
    assert len(lines) == 1
    assert lines[0].startswith(f"{damaged} cannot be restored: The file {damaged} is cut short")
    assert captured.out == ""
    assert digest(filled_db) == before
    assert not (filled_db.parent / "backups").exists()


def test_restore_of_a_missing_file_exits_2(
    filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sqlite3"

    status = main(["restore", "--db", str(filled_db), str(missing)])

    assert status == 2
    assert error_lines(capsys.readouterr().err) == [f"There is no file at {missing}."]


# --- check ---------------------------------------------------------------------------------


def test_check_of_a_healthy_database_exits_0(
    filled_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", "--db", str(filled_db)])

    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    assert captured.out.splitlines() == [
        f"Checking {filled_db}",
        "Integrity check: ok.",
        "Foreign keys: ok.",
        f"Schema version {HEAD_REVISION}: current.",
        "Journal mode: WAL.",
        "Full-text index of session notes: present.",
        "Audit trail: 0 events, the chain holds.",
        "Children: 1",
        "Families: 1",
        "Caregivers: 1",
        "Sessions: 0",
        "The database is healthy.",
    ]


def test_check_of_a_damaged_database_exits_1(
    filled_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filled_db.write_bytes(filled_db.read_bytes()[:8192])

    status = main(["check", "--db", str(filled_db)])

    lines = capsys.readouterr().out.splitlines()
    assert status == 1
    assert lines[0] == f"Checking {filled_db}"
    assert lines[1].startswith(f"Problem: The file {filled_db} is cut short: 8192 of ")
    assert lines[-1] == "1 problem found."


def test_check_of_a_missing_database_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sqlite3"

    status = main(["check", "--db", str(missing)])

    assert status == 2
    assert error_lines(capsys.readouterr().err) == [f"No database at {missing}"]
    assert not missing.exists()


def test_the_entry_point_runs_check(filled_db: Path) -> None:
    environment = {**os.environ, "CASEROOM_LANG": "en"}
    completed = subprocess.run(
        [sys.executable, "-m", "caseroom", "check", "--db", str(filled_db)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[-1] == "The database is healthy."
