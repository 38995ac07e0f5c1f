"""Point 5 of the privacy promise: wrong passwords lock an encrypted file out as they lock
a plain one, and the attempts reach the audit trail once the file is opened again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from caseroom.cli import language, main
from caseroom.db.attempts import MAX_FAILURES, attempts_path, guarded_unlock, take_pending
from caseroom.db.crypto import SlotKind, key_file_path, read_key_file, unlock_keys
from caseroom.db.engine import engine_for_path
from caseroom.db.keyfile import WrongPassphraseError
from caseroom.db.models import AuditEvent
from caseroom.errors import LoginFailedError

USER, PASSWORD, PASSPHRASE = "aigerim", "first-Password-1", "recovery phrase for the safe"


@pytest.fixture()
def encrypted_room(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A new encrypted room made by `caseroom init`, with no terminal to prompt on."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEROOM_USER", USER)
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    monkeypatch.setattr(language, "_language_chosen", False)
    path = tmp_path / "room.sqlite3"
    assert main(["init", "--db", str(path), "--room", "Room", "--school", "School 3"]) == 0
    monkeypatch.delenv("CASEROOM_PASSPHRASE")
    return path


def test_six_wrong_passwords_lock_the_encrypted_file_even_for_the_right_one(
    encrypted_room: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--db", str(encrypted_room)]) == 0
    for attempt in range(MAX_FAILURES + 1):
        monkeypatch.setenv("CASEROOM_PASSWORD", f"wrong-{attempt}")
        assert main(["check", "--db", str(encrypted_room)]) == 2
    capsys.readouterr()
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    assert main(["check", "--db", str(encrypted_room)]) == 2
    assert "Too many attempts" in capsys.readouterr().err
    assert PASSWORD not in attempts_path(encrypted_room).read_text(encoding="utf-8")


def test_the_recovery_passphrase_is_locked_out_on_its_own(encrypted_room: Path) -> None:
    keys = read_key_file(key_file_path(encrypted_room))

    def passphrase(secret: str) -> bytes:
        return guarded_unlock(
            encrypted_room,
            lambda: unlock_keys(keys, secret, kind=SlotKind.PASSPHRASE),
            kind=SlotKind.PASSPHRASE,
            name=None,
        )

    for _attempt in range(MAX_FAILURES - 1):
        with pytest.raises(WrongPassphraseError):
            passphrase("not the phrase")
    with pytest.raises(LoginFailedError) as locked:
        passphrase("not the phrase either")
    assert locked.value.locked_until is not None
    with pytest.raises(LoginFailedError):
        passphrase(PASSPHRASE)
    # the account's password is another name: still opens
    assert unlock_keys(keys, PASSWORD, kind=SlotKind.ACCOUNT, name=USER)


def test_the_lock_ends_and_a_right_secret_clears_the_count(encrypted_room: Path) -> None:
    keys = read_key_file(key_file_path(encrypted_room))
    start = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)

    def sign_in(secret: str, now: datetime) -> bytes:
        return guarded_unlock(
            encrypted_room,
            lambda: unlock_keys(keys, secret, kind=SlotKind.ACCOUNT, name=USER),
            kind=SlotKind.ACCOUNT,
            name=USER,
            now=now,
        )

    for _attempt in range(MAX_FAILURES - 1):
        with pytest.raises(WrongPassphraseError):
            sign_in("wrong", start)
    with pytest.raises(LoginFailedError):
        sign_in("wrong", start)
    with pytest.raises(LoginFailedError):
        sign_in(PASSWORD, start + timedelta(minutes=4))
    assert sign_in(PASSWORD, start + timedelta(minutes=6))
    for _attempt in range(MAX_FAILURES - 1):  # counting starts again from nothing
        with pytest.raises(WrongPassphraseError):
            sign_in("wrong", start + timedelta(minutes=7))
    assert sign_in(PASSWORD, start + timedelta(minutes=7))


def test_attempts_on_the_shut_file_reach_the_audit_trail_at_the_next_sign_in(
    encrypted_room: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for attempt in range(2):
        monkeypatch.setenv("CASEROOM_PASSWORD", f"wrong-{attempt}")
        assert main(["check", "--db", str(encrypted_room)]) == 2
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    assert main(["backup", "--db", str(encrypted_room), "--out", str(encrypted_room) + ".bak"]) == 0
    key = unlock_keys(
        read_key_file(key_file_path(encrypted_room)), PASSWORD, kind=SlotKind.ACCOUNT, name=USER
    )
    engine = engine_for_path(encrypted_room, key=key)
    try:
        with Session(engine) as session:
            actions = session.execute(select(AuditEvent.action, AuditEvent.details)).all()
    finally:
        engine.dispose()
    failed = [details for action, details in actions if action == "login_key_failed"]
    assert len(failed) == 2
    assert {details["username"] for details in failed} == {USER}
    assert take_pending(encrypted_room) == []
