"""`caseroom bundle` and `caseroom centre` from end to end on a SQLite centre (the
PostgreSQL runs are in tests/centre)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from caseroom.cli import main

PASSPHRASE = "centre passphrase for the cli test"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A centre and a demo room that trust each other; the room's bundle made."""
    monkeypatch.setenv("CASEROOM_CENTRE_PASSPHRASE", PASSPHRASE)
    centre, room = str(tmp_path / "centre.sqlite3"), str(tmp_path / "room.sqlite3")
    assert main(["centre", "init", "--db", centre, "--name", "Regional centre"]) == 0
    assert main(["centre", "key", "--db", centre, "--out", str(tmp_path / "centre.pub")]) == 0
    assert main(["demo", "--db", room, "--families", "4", "--seed", "3"]) == 0
    assert main(["bundle", "trust", "--db", room, str(tmp_path / "centre.pub")]) == 0
    assert main(["bundle", "key", "--db", room, "--out", str(tmp_path / "room.pub")]) == 0
    assert (
        main(
            [
                "bundle",
                "export",
                "--db",
                room,
                "--period",
                "2026-2027",
                "--out",
                str(tmp_path / "b1.crbundle"),
            ]
        )
        == 0
    )
    return tmp_path


def test_unknown_room_then_registered(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    centre, bundle = str(world / "centre.sqlite3"), str(world / "b1.crbundle")
    assert main(["centre", "import", "--db", centre, bundle]) == 2
    assert "add-room" in capsys.readouterr().err
    assert main(["centre", "add-room", "--db", centre, str(world / "room.pub")]) == 0
    assert main(["centre", "import", "--db", centre, bundle]) == 0
    assert "imported" in capsys.readouterr().out
    assert main(["centre", "import", "--db", centre, bundle]) == 0
    assert "already imported" in capsys.readouterr().out
    out = world / "s.csv"
    assert (
        main(
            [
                "centre",
                "summary",
                "--db",
                centre,
                "--period",
                "2026-2027",
                "--format",
                "csv",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
    assert any(row and row[0] == "Rooms that sent the period" for row in rows)
    assert main(["centre", "conflicts", "--db", centre]) == 0
    assert "No conflicts" in capsys.readouterr().out


def test_a_tampered_bundle_exits_2(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    centre = str(world / "centre.sqlite3")
    assert main(["centre", "add-room", "--db", centre, str(world / "room.pub")]) == 0
    data = bytearray((world / "b1.crbundle").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (world / "bad.crbundle").write_bytes(bytes(data))
    assert main(["centre", "import", "--db", centre, str(world / "bad.crbundle")]) == 2
    assert "damaged" in capsys.readouterr().err


def test_the_passphrase_is_needed(
    world: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    centre = str(world / "centre.sqlite3")
    assert main(["centre", "add-room", "--db", centre, str(world / "room.pub")]) == 0
    monkeypatch.setenv("CASEROOM_CENTRE_PASSPHRASE", "not the passphrase at all")
    assert main(["centre", "import", "--db", centre, str(world / "b1.crbundle")]) == 2
    assert "passphrase is wrong" in capsys.readouterr().err
    monkeypatch.delenv("CASEROOM_CENTRE_PASSPHRASE")
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["centre", "import", "--db", centre, str(world / "b1.crbundle")]) == 2


def test_no_centre_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "centre",
                "key",
                "--db",
                str(tmp_path / "none.sqlite3"),
                "--out",
                str(tmp_path / "c.pub"),
            ]
        )
        == 2
    )
    assert "centre init" in capsys.readouterr().err


def test_init_twice_is_refused(world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    centre = str(world / "centre.sqlite3")
    assert main(["centre", "init", "--db", centre, "--name", "Again"]) == 2
    assert "already holds a centre" in capsys.readouterr().err
