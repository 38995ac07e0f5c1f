"""`caseroom print timetable`: the week, the specialist's name, the PDF."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from sqlalchemy import text

from caseroom.cli import main
from caseroom.db.engine import engine_for_path

WEEK = "{}-W{:02d}".format(*date.today().isocalendar()[:2])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-family demo database (seed 7), made once for the module."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "40", "--seed", "7"]) == 0
    return path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo database for one test."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("CASEROOM_EXPORT_PASSWORD", raising=False)
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(demo_db, path)
    return path


def _text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_rooms_week_in_russian_names_the_weekdays(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.pdf"
    args = ["print", "timetable", "--db", str(db), "--week", WEEK, "--lang", "ru"]
    assert main([*args, "--out", str(out)]) == 0
    printed = _text(out)
    assert "понедельник" in printed and "пятница" in printed
    # Every specialist of the demo has a timetable this week.
    for last_name in ("Омарова", "Ким", "Жұмабаева", "Сапаров"):
        assert last_name in printed


def test_one_specialist_by_last_name_whatever_the_case(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.pdf"
    args = ["print", "timetable", "--db", str(db), "--week", WEEK, "--staff", "оМАРОВА"]
    assert main([*args, "--lang", "kk", "--out", str(out)]) == 0
    printed = _text(out)
    assert "Омарова" in printed and "Сапаров" not in printed and "дүйсенбі" in printed


def test_an_ambiguous_last_name_is_refused_with_the_matches(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = engine_for_path(db)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staff (id, created_at, updated_at, room_id, last_name, first_name,"
                " role) SELECT 'a1b2c3d4e5f60718293a4b5c6d7e8f90', created_at, updated_at,"
                " room_id, 'Омарова', 'Сауле', 'special_educator' FROM staff LIMIT 1"
            )
        )
    engine.dispose()
    out = tmp_path / "t.pdf"
    args = ["print", "timetable", "--db", str(db), "--week", WEEK, "--staff", "омарова"]
    assert main([*args, "--out", str(out)]) == 2
    error = capsys.readouterr().err
    assert "Омарова Дана" in error and "Омарова Сауле" in error
    assert not out.exists()


def test_an_unknown_name_or_a_bad_week_is_refused(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "t.pdf"
    base = ["print", "timetable", "--db", str(db), "--out", str(out)]
    assert main([*base, "--week", WEEK, "--staff", "Nobody"]) == 2
    assert "Nobody" in capsys.readouterr().err
    assert main([*base, "--week", "2026-50"]) == 2
    assert "is not a week" in capsys.readouterr().err
    assert not out.exists()


def test_with_a_password_the_pdf_is_encrypted(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", "long enough secret 42")
    out = tmp_path / "t.pdf"
    assert main(["print", "timetable", "--db", str(db), "--week", WEEK, "--out", str(out)]) == 0
    assert PdfReader(str(out)).is_encrypted
