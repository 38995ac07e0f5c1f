"""`caseroom demo`: makes a new database, prints what it made, refuses a used one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import alembic.config  # noqa: F401 - see below
import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.cli import main
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Child, Family, SessionRecord

# alembic's Config binds its default stdout to sys.stdout when alembic is first imported.
# Importing it here, at collection, keeps that from being a test's capsys stream, which is
# closed after the test (later alembic output would then fail).


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(path: Path) -> tuple[int, int, int]:
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:

            def count(model: type[object]) -> int:
                return int(session.execute(select(func.count()).select_from(model)).scalar_one())

            return count(Family), count(Child), count(SessionRecord)
    finally:
        engine.dispose()


def test_demo_makes_a_new_database_and_prints_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "demo.sqlite3"
    status = main(["demo", "--db", str(path), "--families", "6", "--seed", "4", "--lang", "en"])
    out = capsys.readouterr().out
    assert status == 0
    families, children, sessions = _counts(path)
    assert families == 6
    assert "  6 families" in out.splitlines()
    assert f"  {children} children" in out.splitlines()
    assert f"  {sessions} sessions" in out.splitlines()
    assert "  5 staff members" in out.splitlines()


def test_demo_refuses_a_database_with_records_and_leaves_it_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "5"]) == 0
    before = _digest(path)
    capsys.readouterr()
    status = main(["demo", "--db", str(path), "--families", "5", "--seed", "9"])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert "already holds records" in captured.err
    assert _digest(path) == before
    assert _counts(path)[0] == 5


def test_demo_refuses_a_file_that_is_not_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n", encoding="utf-8")
    assert main(["demo", "--db", str(path)]) == 2
    assert "is not a caseroom database" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "not a database\n"


def test_demo_fills_an_empty_migrated_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", str(db_path), "--families", "5", "--lang", "en"]) == 0
    assert _counts(db_path)[0] == 5
    assert "5 families" in capsys.readouterr().out


def test_demo_rejects_a_bad_family_count_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "0"]) == 2
    assert "--families" in capsys.readouterr().err
    assert not path.exists()
