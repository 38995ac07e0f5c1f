"""`caseroom transfer export | import` as docs/command-line.md states them, on demo rooms."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from sqlalchemy import text

from caseroom.cli import main
from caseroom.db.engine import engine_for_path

PASSPHRASE = "told by phone 2026"


@pytest.fixture(scope="module")
def demo_rooms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three small demo rooms, made once: two alike (seed 1) and one other (seed 2)."""
    folder = tmp_path_factory.mktemp("rooms")
    rooms = {}
    for name, seed in (("sender", "1"), ("twin", "1"), ("other", "2")):
        rooms[name] = folder / f"{name}.sqlite3"
        args = ["demo", "--db", str(rooms[name]), "--families", "3", "--seed", seed]
        assert main(args) == 0
    return rooms


@pytest.fixture
def rooms(
    demo_rooms: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, Path]:
    """Copies of the demo rooms for one test, the passphrase set, no terminal."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEROOM_TRANSFER_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    copies = {}
    for name, path in demo_rooms.items():
        copies[name] = tmp_path / path.name
        shutil.copyfile(path, copies[name])
    return copies


def _sql(path: Path, statement: str) -> list[tuple[object, ...]]:
    engine = engine_for_path(path)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(statement))]
    finally:
        engine.dispose()


def _first_case(path: Path) -> str:
    return str(_sql(path, "SELECT case_number FROM child ORDER BY case_number LIMIT 1")[0][0])


def _export(rooms: dict[str, Path], out: Path) -> str:
    case = _first_case(rooms["sender"])
    args = ["transfer", "export", "--db", str(rooms["sender"]), "--child", case]
    assert main([*args, "--out", str(out)]) == 0
    return case


def test_export_then_import_moves_the_child(
    rooms: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "child.crtransfer"
    case = _export(rooms, out)
    said = capsys.readouterr().out
    assert case in said and "marked transferred" in said and out.is_file()
    status = _sql(rooms["sender"], f"SELECT status, left_on FROM child WHERE case_number='{case}'")
    assert status[0][0] == "transferred" and status[0][1] is not None
    before = _sql(rooms["other"], "SELECT count(*) FROM child")[0][0]
    assert main(["transfer", "import", "--db", str(rooms["other"]), str(out)]) == 0
    assert "Took the child in as" in capsys.readouterr().out
    assert _sql(rooms["other"], "SELECT count(*) FROM child")[0][0] == before + 1  # type: ignore[operator]


def test_export_without_a_passphrase_or_terminal_is_refused(
    rooms: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("CASEROOM_TRANSFER_PASSPHRASE")
    out = tmp_path / "child.crtransfer"
    case = _first_case(rooms["sender"])
    args = ["transfer", "export", "--db", str(rooms["sender"]), "--child", case]
    assert main([*args, "--out", str(out)]) == 2
    assert "CASEROOM_TRANSFER_PASSPHRASE" in capsys.readouterr().err
    assert not out.exists()
    status = _sql(rooms["sender"], f"SELECT status FROM child WHERE case_number='{case}'")
    assert status == [("active",)]


@pytest.mark.parametrize("problem", ["wrong passphrase", "truncated", "tampered"])
def test_a_bad_file_is_refused_and_nothing_written(
    rooms: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    problem: str,
) -> None:
    out = tmp_path / "child.crtransfer"
    _export(rooms, out)
    data = bytearray(out.read_bytes())
    if problem == "wrong passphrase":
        monkeypatch.setenv("CASEROOM_TRANSFER_PASSPHRASE", "not the passphrase")
    elif problem == "truncated":
        data = data[:-100]
    else:
        data[len(data) // 2] ^= 0x10
    out.write_bytes(bytes(data))
    capsys.readouterr()
    before = rooms["other"].read_bytes()
    assert main(["transfer", "import", "--db", str(rooms["other"]), str(out)]) == 2
    error = capsys.readouterr().err
    if problem == "wrong passphrase":
        assert "passphrase does not open" in error
    else:
        assert "damaged or incomplete" in error and "passphrase" not in error
    assert rooms["other"].read_bytes() == before


def test_a_duplicate_is_refused_until_merge_or_as_new_is_chosen(
    rooms: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "child.crtransfer"
    case = _export(rooms, out)
    capsys.readouterr()
    twin = str(rooms["twin"])
    count = "SELECT count(*) FROM child"
    before = _sql(rooms["twin"], count)
    assert main(["transfer", "import", "--db", twin, str(out)]) == 2
    error = capsys.readouterr().err
    assert case in error and "--merge CASE" in error and "--as-new" in error
    assert _sql(rooms["twin"], count) == before
    assert main(["transfer", "import", "--db", twin, str(out), "--merge", case]) == 0
    assert f"Merged the file into the child {case}" in capsys.readouterr().out
    assert _sql(rooms["twin"], count) == before
    notes = _sql(rooms["twin"], f"SELECT notes FROM child WHERE case_number='{case}'")
    assert "Transferred from" in str(notes[0][0])
    # the same file a second time is refused, even as a new child
    assert main(["transfer", "import", "--db", twin, str(out), "--as-new"]) == 2
    assert "already taken in" in capsys.readouterr().err


def test_as_new_adds_a_second_child(
    rooms: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "child.crtransfer"
    _export(rooms, out)
    twin = str(rooms["twin"])
    before = _sql(rooms["twin"], "SELECT count(*) FROM child")[0][0]
    assert main(["transfer", "import", "--db", twin, str(out), "--as-new"]) == 0
    assert _sql(rooms["twin"], "SELECT count(*) FROM child")[0][0] == before + 1  # type: ignore[operator]
