"""The command line on an encrypted database: CASEROOM_PASSPHRASE (docs/command-line.md)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from caseroom.cli import main
from caseroom.cli.common import database_key
from caseroom.db.backup import verify_database_file
from caseroom.db.crypto import (
    TEST_KDF,
    SlotKind,
    add_slot,
    key_file_path,
    looks_encrypted,
    read_key_file,
    unlock,
)
from caseroom.db.engine import engine_for_path

PASSPHRASE = "Шымкент 2026 күз"
NAMES_QUERY = (
    "SELECT last_name FROM child UNION SELECT first_name FROM caregiver "
    "UNION SELECT display_name FROM family"
)


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An encrypted 6-family demo database made by `caseroom demo`, once for the module."""
    path = tmp_path_factory.mktemp("encrypted-demo") / "demo.sqlite3"
    os.environ["CASEROOM_PASSPHRASE"] = PASSPHRASE
    try:
        assert main(["demo", "--db", str(path), "--families", "6", "--lang", "kk"]) == 0
    finally:
        del os.environ["CASEROOM_PASSPHRASE"]
    yield path


@pytest.fixture
def db(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's copy of the encrypted demo database, CASEROOM_PASSPHRASE set, no tty."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("CASEROOM_USER", raising=False)
    monkeypatch.delenv("CASEROOM_PASSWORD", raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(demo_db, path)
    shutil.copyfile(key_file_path(demo_db), key_file_path(path))
    return path


def _names(path: Path) -> list[str]:
    engine = engine_for_path(path, key=unlock(path, PASSPHRASE))
    try:
        with engine.connect() as connection:
            return [str(row[0]) for row in connection.execute(text(NAMES_QUERY)) if row[0]]
    finally:
        engine.dispose()


def test_demo_with_a_passphrase_makes_an_encrypted_database(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert looks_encrypted(demo_db)
    assert key_file_path(demo_db).is_file()
    names = _names(demo_db)
    assert len(names) >= 10
    raw = demo_db.read_bytes()
    assert not any(name.encode("utf-8") in raw for name in names)
    slots = read_key_file(key_file_path(demo_db)).slots
    assert [slot.kind for slot in slots] == ["passphrase"]


def test_every_command_opens_it_with_the_passphrase(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Progress reports name children: from an encrypted database they need a password.
    monkeypatch.setenv("CASEROOM_EXPORT_PASSWORD", "export password 2026")
    assert main(["check", "--db", str(db)]) == 0
    assert "The database is healthy." in capsys.readouterr().out

    summary = tmp_path / "summary.csv"
    args = ["report", "summary", "--db", str(db), "--period", "2025-2026", "--format", "csv"]
    assert main([*args, "--out", str(summary)]) == 0
    assert summary.stat().st_size > 0

    reports = tmp_path / "reports"
    args = ["report", "progress", "--db", str(db), "--all", "--period", "2025-2026"]
    assert main([*args, "--out", str(reports)]) == 0
    assert len(list(reports.glob("*.pdf"))) >= 6  # written by worker processes with the key

    roster = tmp_path / "roster.csv"
    roster.write_text(
        "child_last_name,child_first_name,birth_date\nЖаңабаев,Нұрлан,2016-04-02\n",
        encoding="utf-8",
    )
    assert main(["import", "roster", "--db", str(db), str(roster), "--dry-run"]) == 0
    capsys.readouterr()


def test_backup_is_encrypted_and_restore_verifies_it(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "encrypted" in out
    assert looks_encrypted(copy) and key_file_path(copy).is_file()
    assert not verify_database_file(copy).ok  # unreadable without the key
    assert verify_database_file(copy, key=unlock(copy, PASSPHRASE)).ok

    assert main(["restore", "--db", str(db), str(copy)]) == 0
    assert "Restored" in capsys.readouterr().out
    assert looks_encrypted(db)
    assert main(["check", "--db", str(db)]) == 0


def test_restore_refuses_a_damaged_encrypted_backup(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "copy.sqlite3"
    assert main(["backup", "--db", str(db), "--out", str(copy)]) == 0
    with copy.open("r+b") as stream:
        stream.seek(8192 + 100)
        stream.write(b"\x00" * 200)
    before = db.read_bytes()
    capsys.readouterr()

    assert main(["restore", "--db", str(db), str(copy)]) == 2

    assert "cannot be restored" in _one_line(capsys.readouterr().err)
    assert db.read_bytes() == before


def test_a_wrong_passphrase_is_one_clear_line_and_exit_2(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEROOM_PASSPHRASE", "not the passphrase")
    for command in (["check"], ["report", "summary", "--format", "csv", "--out", "x.csv"]):
        assert main([*command, "--db", str(db)]) == 2
        assert _one_line(capsys.readouterr().err) == "The passphrase is wrong."


def test_without_a_passphrase_and_no_terminal_exit_2(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CASEROOM_PASSPHRASE")
    assert main(["check", "--db", str(db)]) == 2
    line = _one_line(capsys.readouterr().err)
    assert "encrypted" in line and "CASEROOM_PASSPHRASE" in line


def test_a_missing_key_file_is_one_clear_line(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_file_path(db).unlink()
    assert main(["check", "--db", str(db)]) == 2
    assert "key file" in _one_line(capsys.readouterr().err)


def test_an_emptied_encrypted_file_is_damaged_not_an_empty_database(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db.write_bytes(b"")
    assert main(["report", "summary", "--db", str(db), "--format", "csv", "--out", "s.csv"]) == 2
    assert "damaged" in _one_line(capsys.readouterr().err)
    assert db.stat().st_size == 0


def test_demo_refuses_an_existing_key_file(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new.sqlite3"
    shutil.copyfile(key_file_path(db), key_file_path(target))
    assert main(["demo", "--db", str(target), "--families", "1"]) == 2
    assert "key file" in _one_line(capsys.readouterr().err)
    assert not target.exists()


def test_the_passphrase_is_asked_on_a_terminal(db: Path) -> None:
    prompts: list[str] = []

    def ask_secret(prompt: str) -> str:
        prompts.append(prompt)
        return PASSPHRASE

    key = database_key(db, environ={}, ask_secret=ask_secret, interactive=True)

    assert key == unlock(db, PASSPHRASE)
    assert prompts == [f"Passphrase for {db}: "]


def test_an_account_password_opens_an_account_slot(db: Path) -> None:
    key = unlock(db, PASSPHRASE)
    add_slot(db, key, kind=SlotKind.ACCOUNT, name="dana", secret="dana-password", kdf=TEST_KDF)
    environ = {"CASEROOM_USER": "Dana", "CASEROOM_PASSWORD": "dana-password"}

    assert database_key(db, environ=environ, interactive=False) == key


def test_a_plain_database_needs_no_key(template_db: Path) -> None:
    assert database_key(template_db, environ={}, interactive=False) is None
