"""Point 6 of the privacy promise: a colleague who left cannot take the file with her.

She had an account on an encrypted room; the administrator archives her as the Colleagues
page does (`services.accounts.archive_staff_member`). Then, as she would, she tries her old
password on the commands that read the whole file or copy it out with a key file:
`caseroom check` and `caseroom backup` refuse her (exit 2) and write no copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from caseroom.cli import main
from caseroom.db.crypto import SlotKind, key_file_path, read_key_file, unlock_keys
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Staff
from caseroom.services.accounts.accounts import authenticate, change_password
from caseroom.services.accounts.admin import archive_staff_member

ADMIN, ADMIN_PASSWORD, PASSPHRASE = "aigerim", "Жаңа-құпия-2026", "Есік мектебі 2026 қыс"
TEMPORARY, HER_PASSWORD = "Уақытша-пароль-7", "Дана-өз-құпиясы-9"
COLLEAGUE = ["--last-name", "Нұрланова", "--first-name", "Дана", "--role", "psychologist"]


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An encrypted room (`caseroom init`) where Dana has an account and her own password."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    for name, value in (
        ("CASEROOM_USER", ADMIN),
        ("CASEROOM_PASSWORD", ADMIN_PASSWORD),
        ("CASEROOM_PASSPHRASE", PASSPHRASE),
        ("CASEROOM_NEW_PASSWORD", TEMPORARY),
    ):
        monkeypatch.setenv(name, value)
    path = tmp_path / "room.sqlite3"
    assert main(["init", "--db", str(path), "--room", "Кабинет", "--school", "Школа №5"]) == 0
    monkeypatch.delenv("CASEROOM_PASSPHRASE")
    assert main(["staff", "add", "--db", str(path), *COLLEAGUE, "--username", "dana"]) == 0
    with _signed_in(path) as session:
        dana = authenticate(session, username="dana", password=TEMPORARY).actor_or_raise()
        change_password(session, actor=dana, old_password=TEMPORARY, new_password=HER_PASSWORD)
        session.commit()
    return path


def _signed_in(path: Path) -> Session:
    keys = read_key_file(key_file_path(path))
    key = unlock_keys(keys, ADMIN_PASSWORD, kind=SlotKind.ACCOUNT, name=ADMIN)
    return Session(engine_for_path(path, key=key))


def _as(monkeypatch: pytest.MonkeyPatch, user: str, password: str) -> None:
    monkeypatch.setenv("CASEROOM_USER", user)
    monkeypatch.setenv("CASEROOM_PASSWORD", password)


def test_her_old_password_opens_nothing_once_she_is_archived(
    room: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "taken.sqlite3"
    _as(monkeypatch, "dana", HER_PASSWORD)
    assert main(["check", "--db", str(room)]) == 0  # before: her password works

    with _signed_in(room) as session:
        admin = authenticate(session, username=ADMIN, password=ADMIN_PASSWORD).actor_or_raise()
        her = session.execute(select(Staff).where(Staff.first_name == "Дана")).scalars().one()
        archive_staff_member(session, actor=admin, staff_id=her.id)
        session.commit()
    capsys.readouterr()

    assert main(["check", "--db", str(room)]) == 2
    assert capsys.readouterr().err.strip()
    assert main(["backup", "--db", str(room), "--out", str(copy)]) == 2
    assert capsys.readouterr().err.strip()
    assert not copy.exists() and not key_file_path(copy).exists()
    assert not read_key_file(key_file_path(room)).has_slot(SlotKind.ACCOUNT, "dana")

    _as(monkeypatch, ADMIN, ADMIN_PASSWORD)  # the room itself still opens for those who stay
    assert main(["check", "--db", str(room)]) == 0
