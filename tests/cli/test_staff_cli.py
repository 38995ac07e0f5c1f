"""`caseroom staff add`: a colleague with an account whose temporary password must change."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from caseroom.cli import main
from caseroom.db.crypto import SlotKind, key_file_path, read_key_file, unlock_keys
from caseroom.db.engine import engine_for_path
from caseroom.db.models import AuditEvent, Staff
from caseroom.services.accounts.accounts import authenticate, change_password

USER, PASSWORD, PASSPHRASE = "aigerim", "Жаңа-құпия-2026", "Есік мектебі 2026 қыс"
TEMPORARY = "Уақытша-пароль-7"
ROOM = ["--room", "Кабинет", "--school", "Школа №5"]
COLLEAGUE = ["--last-name", "Нұрланова", "--first-name", "Дана", "--role", "assistant"]


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new encrypted room made by `caseroom init`; its first account signed in."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    for name, value in (
        ("CASEROOM_USER", USER),
        ("CASEROOM_PASSWORD", PASSWORD),
        ("CASEROOM_PASSPHRASE", PASSPHRASE),
        ("CASEROOM_NEW_PASSWORD", TEMPORARY),
    ):
        monkeypatch.setenv(name, value)
    path = tmp_path / "room.sqlite3"
    assert main(["init", "--db", str(path), *ROOM]) == 0
    monkeypatch.delenv("CASEROOM_PASSPHRASE")  # from now on the account opens the file
    return path


def _open(path: Path) -> Session:
    keys = read_key_file(key_file_path(path))
    key = unlock_keys(keys, PASSWORD, kind=SlotKind.ACCOUNT, name=USER)
    return Session(engine_for_path(path, key=key))


def test_a_colleague_gets_an_account_that_must_change_its_password(
    room: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "--db", str(room), *COLLEAGUE, "--username", "dana"]) == 0
    out = capsys.readouterr().out
    assert "Нұрланова Дана" in out and TEMPORARY not in out
    keys = read_key_file(key_file_path(room))
    assert unlock_keys(keys, TEMPORARY, kind=SlotKind.ACCOUNT, name="dana")
    with _open(room) as session:
        staff = session.execute(select(Staff).where(Staff.first_name == "Дана")).scalars().one()
        assert staff.role == "assistant"
        result = authenticate(session, username="dana", password=TEMPORARY)
        assert result.ok and result.must_change_password
        actions = set(session.execute(select(AuditEvent.action)).scalars())
        assert {"create"} <= actions
        details = " ".join(str(e.details) for e in session.execute(select(AuditEvent)).scalars())
        assert TEMPORARY not in details


def test_without_a_username_only_the_staff_member_is_added(room: Path) -> None:
    assert main(["staff", "add", "--db", str(room), *COLLEAGUE]) == 0
    with _open(room) as session:
        names = set(session.execute(select(Staff.first_name)).scalars())
    assert "Дана" in names
    assert read_key_file(key_file_path(room)).slot_names(SlotKind.ACCOUNT) == [USER]


def test_an_assistant_may_not_add_colleagues(
    room: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["staff", "add", "--db", str(room), *COLLEAGUE, "--username", "dana"]) == 0
    with _open(room) as session:  # she changes her temporary password first
        actor = authenticate(session, username="dana", password=TEMPORARY).actor_or_raise()
        change_password(session, actor=actor, old_password=TEMPORARY, new_password="Дана-жаңа-2026")
        session.commit()
    monkeypatch.setenv("CASEROOM_USER", "dana")
    monkeypatch.setenv("CASEROOM_PASSWORD", "Дана-жаңа-2026")
    other = ["--last-name", "Ким", "--first-name", "Ольга", "--role", "psychologist"]
    assert main(["staff", "add", "--db", str(room), *other]) == 2
    assert capsys.readouterr().err.strip()
    with _open(room) as session:
        assert "Ольга" not in set(session.execute(select(Staff.first_name)).scalars())


def test_a_missing_temporary_password_is_exit_2_and_adds_nobody(
    room: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CASEROOM_NEW_PASSWORD")
    assert main(["staff", "add", "--db", str(room), *COLLEAGUE, "--username", "dana"]) == 2
    assert "CASEROOM_NEW_PASSWORD" in capsys.readouterr().err
    with _open(room) as session:
        assert "Дана" not in set(session.execute(select(Staff.first_name)).scalars())


def test_a_weak_temporary_password_adds_nobody(
    room: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEROOM_NEW_PASSWORD", "short")
    assert main(["staff", "add", "--db", str(room), *COLLEAGUE, "--username", "dana"]) == 2
    assert "password" in capsys.readouterr().err.lower()
    with _open(room) as session:
        assert "Дана" not in set(session.execute(select(Staff.first_name)).scalars())
    assert read_key_file(key_file_path(room)).slot_names(SlotKind.ACCOUNT) == [USER]


def test_specialisms_are_given_one_option_each(room: Path) -> None:
    specialisms = ["--specialism", "ABA", "--specialism", "песочная терапия"]
    assert main(["staff", "add", "--db", str(room), *COLLEAGUE, *specialisms]) == 0
    with _open(room) as session:
        staff = session.execute(select(Staff).where(Staff.first_name == "Дана")).scalars().one()
        assert staff.specialisms == ["ABA", "песочная терапия"]
    bad = ["--specialism", "x" * 81]
    other = ["--last-name", "Омарова", "--first-name", "Айгүл", "--role", "psychologist"]
    assert main(["staff", "add", "--db", str(room), *other, *bad]) == 2
    with _open(room) as session:
        assert not session.execute(select(Staff).where(Staff.first_name == "Айгүл")).first()
