"""Point 9 of the privacy promise: no command writes into a file that is empty or fails its
integrity check; a 0-byte file is not taken as a new database."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from caseroom.cli import main

ROSTER = "child_last_name,child_first_name,birth_date\nИванова,Айя,01.02.2018\n"


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damaged-demo") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--families", "3", "--lang", "en"]) == 0
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _roster(tmp_path: Path) -> Path:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    return roster


@pytest.mark.parametrize(
    "command", [["import", "roster"], ["report", "summary", "--format", "csv", "--out", "x.csv"]]
)
def test_a_zero_byte_file_is_refused_and_stays_empty(
    tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "room.sqlite3"
    empty.write_bytes(b"")
    extra = [str(_roster(tmp_path))] if command[0] == "import" else []
    assert main([*command, "--db", str(empty), *extra]) == 2
    assert empty.stat().st_size == 0
    assert "missing or empty" in capsys.readouterr().err
    assert main(["check", "--db", str(empty)]) == 1


def test_import_into_a_file_that_fails_its_integrity_check_writes_nothing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = shutil.copyfile(demo_db, tmp_path / "damaged.sqlite3")
    with sqlite3.connect(damaged) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'caregiver'"
        ).fetchone()[0]
    connection.close()
    data = bytearray(damaged.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[(page - 1) * page_size] ^= 0xFF  # the page's type byte: a broken b-tree
    damaged.write_bytes(bytes(data))
    before = _digest(damaged)
    assert main(["import", "roster", "--db", str(damaged), str(_roster(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert "Nothing was written" in err
    assert _digest(damaged) == before


def test_a_backup_can_be_put_back_over_an_empty_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "backup.sqlite3"
    assert main(["backup", "--db", str(demo_db), "--out", str(backup)]) == 0
    empty = tmp_path / "room.sqlite3"
    empty.write_bytes(b"")
    assert main(["restore", "--db", str(empty), str(backup)]) == 0
    assert empty.stat().st_size > 0
    assert main(["check", "--db", str(empty)]) == 0
