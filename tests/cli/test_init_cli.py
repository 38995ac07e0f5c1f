"""`caseroom init`: a new room database with its first account, from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session

from caseroom.cli import language, main
from caseroom.db.crypto import SlotKind, is_encrypted, key_file_path, read_key_file, unlock_keys
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Room, SchoolYear, Staff
from caseroom.i18n import set_language
from caseroom.services.accounts.accounts import authenticate

USER, PASSWORD, PASSPHRASE = "aigerim", "Жаңа-құпия-2026", "Есік мектебі 2026 қыс"
ROOM = ["--room", "Кабинет поддержки", "--school", "Школа-гимназия №5", "--town", "Есик"]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The first account's secrets in the environment; no terminal; logs in tmp_path."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CASEROOM_USER", USER)
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    monkeypatch.setenv("CASEROOM_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("CASEROOM_LANG", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    monkeypatch.setattr(language, "_language_chosen", False)


def _files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name != "state")


def test_init_makes_an_encrypted_room_that_the_password_and_the_passphrase_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "room.sqlite3"
    assert main(["init", "--db", str(path), *ROOM, "--lang", "kk"]) == 0
    assert "room.sqlite3" in capsys.readouterr().out
    assert is_encrypted(path)
    keys = read_key_file(key_file_path(path))
    by_password = unlock_keys(keys, PASSWORD, kind=SlotKind.ACCOUNT, name=USER)
    assert unlock_keys(keys, PASSPHRASE, kind=SlotKind.PASSPHRASE) == by_password
    engine = engine_for_path(path, key=by_password)
    try:
        with Session(engine) as session:
            room = session.execute(select(Room)).scalars().one()
            assert (room.room_name, room.school_name, room.locality) == (
                "Кабинет поддержки",
                "Школа-гимназия №5",
                "Есик",
            )
            assert room.default_language == "kk"
            staff = session.execute(select(Staff)).scalars().one()
            assert staff.role == "psychologist"
            assert session.execute(select(SchoolYear)).scalars().first() is not None
            result = authenticate(session, username=USER, password=PASSWORD)
            assert result.ok and result.actor is not None
            assert result.actor.staff_id == staff.id
    finally:
        engine.dispose()


def test_no_encryption_makes_a_plain_file_with_the_named_first_account_holder(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plain.sqlite3"
    names = ["--last-name", "Сейітова", "--first-name", "Әйгерім", "--role", "administrator"]
    assert main(["init", "--db", str(path), *ROOM, "--no-encryption", *names]) == 0
    assert not is_encrypted(path) and not key_file_path(path).exists()
    engine = engine_for_path(path)
    try:
        with Session(engine) as session:
            staff = session.execute(select(Staff)).scalars().one()
            assert (staff.last_name, staff.first_name, staff.role) == (
                "Сейітова",
                "Әйгерім",
                "administrator",
            )
            assert session.execute(select(Room)).scalars().one().default_language == "ru"
    finally:
        engine.dispose()


def test_an_existing_file_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "room.sqlite3"
    path.write_bytes(b"")
    assert main(["init", "--db", str(path), *ROOM]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == b""
    assert _files(tmp_path) == ["room.sqlite3"]


@pytest.mark.parametrize(
    ("missing", "extra"),
    [("CASEROOM_PASSWORD", []), ("CASEROOM_USER", []), ("CASEROOM_PASSPHRASE", [])],
)
def test_a_missing_secret_without_a_terminal_is_exit_2_and_leaves_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    missing: str,
    extra: list[str],
) -> None:
    monkeypatch.delenv(missing)
    assert main(["init", "--db", str(tmp_path / "room.sqlite3"), *ROOM, *extra]) == 2
    err = capsys.readouterr().err
    assert missing in err and len(err.strip().splitlines()) == 1
    assert _files(tmp_path) == []


def test_no_passphrase_is_needed_without_encryption(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEROOM_PASSPHRASE")
    assert main(["init", "--db", str(tmp_path / "r.sqlite3"), *ROOM, "--no-encryption"]) == 0


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("CASEROOM_PASSWORD", "short", "password"),
        ("CASEROOM_PASSPHRASE", "short", "passphrase"),
    ],
)
def test_a_weak_secret_is_refused_with_its_reason_and_nothing_is_written(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    words: str,
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["init", "--db", str(tmp_path / "room.sqlite3"), *ROOM]) == 2
    assert words in capsys.readouterr().err.lower()
    assert _files(tmp_path) == []


def test_a_room_name_the_service_refuses_leaves_no_file_behind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["init", "--db", str(tmp_path / "room.sqlite3"), "--room", " ", "--school", "Школа"]
    assert main(args) == 2
    assert capsys.readouterr().err.strip()
    assert _files(tmp_path) == []


def test_secrets_are_typed_twice_on_a_terminal(tmp_path: Path) -> None:
    from caseroom.cli import setup

    parser_args = _parsed(["init", "--db", str(tmp_path / "t.sqlite3"), *ROOM])
    typed = iter([PASSWORD, PASSWORD, PASSPHRASE, "something else"])
    with pytest.raises(Exception, match="differ"):
        setup.run(
            parser_args,
            environ={"CASEROOM_USER": USER},
            ask_secret=lambda _prompt: next(typed),
            interactive=True,
        )
    assert _files(tmp_path) == []


def test_later_commands_speak_the_rooms_language_unless_told_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "room.sqlite3"
    assert main(["init", "--db", str(path), *ROOM, "--lang", "ru", "--no-encryption"]) == 0
    capsys.readouterr()
    missing = str(tmp_path / "missing.csv")
    monkeypatch.setattr(language, "_language_chosen", False)
    set_language("en")  # as a new process starts: the room's language must be read
    assert main(["import", "roster", "--db", str(path), missing]) == 2
    assert "Файла списка нет" in capsys.readouterr().err
    assert main(["import", "roster", "--db", str(path), missing, "--lang", "en"]) == 2
    assert "Файла" not in capsys.readouterr().err


def _parsed(argv: list[str]) -> object:
    from caseroom.cli import _build_parser

    return _build_parser().parse_args(argv)
