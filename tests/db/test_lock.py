"""The writer lock beside a database, within one process (see tests/reliability for two)."""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from caseroom.cli.common import unit_of_work
from caseroom.db import lock as lock_module
from caseroom.db.engine import engine_for_path
from caseroom.db.lock import (
    AccessMode,
    HeldBy,
    LockInfo,
    WriterLock,
    acquire_writer,
    claim_database,
    lock_path,
    read_holder,
)
from caseroom.db.models import Room
from caseroom.errors import DatabaseReadOnlyError


def take(db_path: Path, **kwargs: object) -> WriterLock:
    """The writer lock, which the test expects to get."""
    claimed = acquire_writer(db_path, **kwargs)  # type: ignore[arg-type]
    assert isinstance(claimed, WriterLock), claimed
    return claimed


def test_the_lock_file_names_who_holds_the_database(db_path: Path) -> None:
    with take(db_path, user="Aigerim") as held:
        content = json.loads(lock_path(db_path).read_text(encoding="utf-8"))

        assert held.held is True
        assert content["user"] == "Aigerim"
        assert content["pid"] == os.getpid()
        assert content["host"] == socket.gethostname()
        assert datetime.fromisoformat(content["started_at"]).tzinfo is not None
    assert held.held is False
    assert not lock_path(db_path).exists()


def test_a_second_claim_is_told_who_holds_it(db_path: Path) -> None:
    with take(db_path, user="Aigerim"):
        second = acquire_writer(db_path)

        assert isinstance(second, HeldBy)
        assert second.info is not None
        assert (second.info.user, second.info.pid) == ("Aigerim", os.getpid())
        assert "by Aigerim since" in second.message()
    assert isinstance(acquire_writer(db_path), WriterLock)


def test_a_stale_lock_file_from_a_crash_is_taken_over(db_path: Path) -> None:
    stale = LockInfo("Dana", "DESKTOP-12", 999_999, datetime(2026, 11, 20, 9, 14, tzinfo=UTC))
    lock_path(db_path).write_text(stale.to_json(), encoding="utf-8")

    with take(db_path, user="Aigerim") as held:
        info = read_holder(db_path)

        assert held.info.pid == os.getpid()
        assert info is not None and (info.user, info.pid) == ("Aigerim", os.getpid())


def test_a_lock_file_with_rubbish_in_it_is_taken_over(db_path: Path) -> None:
    lock_path(db_path).write_bytes(b"\x00\xff{not json")

    with take(db_path) as held:
        assert read_holder(db_path) == held.info


def test_release_twice_is_harmless_and_frees_the_database(db_path: Path) -> None:
    held = take(db_path)
    held.release()
    held.release()

    take(db_path).release()


def test_the_signed_in_person_replaces_the_computer_user(db_path: Path) -> None:
    with take(db_path, user="room3") as held:
        held.update_user("Omarova Dana")
        info = read_holder(db_path)

        assert info is not None and info.user == "Omarova Dana"


def test_unreadable_holder_details_still_give_a_clear_message(tmp_path: Path) -> None:
    held_by = HeldBy(tmp_path / "caseroom.sqlite3", None)

    assert "open in another copy of caseroom" in held_by.message()


def test_describe_says_since_when_with_the_date_when_not_today() -> None:
    started = datetime(2026, 11, 23, 9, 14, tzinfo=UTC)
    info = LockInfo("Aigerim", "DESKTOP-12", 42, started)
    local = started.astimezone()

    same_day = info.describe(now=started + timedelta(minutes=5))
    next_week = info.describe(now=started + timedelta(days=7))

    assert same_day == f"Open on DESKTOP-12 by Aigerim since {local:%H:%M}"
    assert next_week == f"Open on DESKTOP-12 by Aigerim since {local:%d.%m.%Y %H:%M}"


def test_lock_info_survives_a_round_trip_and_refuses_rubbish() -> None:
    info = LockInfo("Әсел Қали", "ПК-3", 7, datetime(2026, 1, 2, 3, 4, tzinfo=UTC))

    assert LockInfo.from_json(info.to_json()) == info
    assert LockInfo.from_json("") is None
    assert LockInfo.from_json('{"user": "x"}') is None
    assert LockInfo.from_json('{"user": "x", "host": "h", "pid": "no", "started_at": "z"}') is None


def test_claim_gives_write_access_with_the_lock(db_path: Path) -> None:
    access = claim_database(db_path)

    assert access.mode is AccessMode.WRITE
    assert access.lock is not None and access.lock.held
    assert access.reason is None
    access.lock.release()


def test_claim_while_another_copy_writes_is_read_only(db_path: Path) -> None:
    with take(db_path, user="Aigerim"):
        access = claim_database(db_path)

    assert access.mode is AccessMode.READ_ONLY
    assert access.lock is None
    assert access.held_by is not None
    assert access.reason is not None and "Aigerim" in access.reason


def test_claim_on_a_network_share_is_read_only_and_takes_no_lock(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock_module, "is_network_path", lambda path: True)

    access = claim_database(db_path)

    assert access.mode is AccessMode.READ_ONLY
    assert access.on_network is True
    assert access.reason is not None and "network share" in access.reason
    assert not lock_path(db_path).exists()


def test_claim_where_no_lock_file_can_be_made_is_read_only(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path) -> int:
        raise lock_module._cannot_lock(path, PermissionError(13, "Permission denied"))

    monkeypatch.setattr(lock_module, "_open", refuse)

    access = claim_database(db_path)

    assert access.mode is AccessMode.READ_ONLY
    assert access.reason is not None and "Permission denied" in access.reason


def test_a_read_only_engine_reads_and_refuses_writes_clearly(db_path: Path) -> None:
    engine = engine_for_path(db_path, read_only=True)
    try:
        with Session(engine) as session:
            rooms = session.exec(select(Room)).all()
        with pytest.raises(DatabaseReadOnlyError) as raised, unit_of_work(engine) as session:
            session.add(Room(school_name="School No. 3", room_name="Support room"))
            session.flush()
    finally:
        engine.dispose()

    assert rooms == []
    assert str(raised.value) == "This database is open read-only, so changes cannot be saved."


def test_a_first_run_in_a_new_folder_gets_the_lock(tmp_path: Path) -> None:
    db_path = tmp_path / "new" / "folder" / "caseroom.sqlite3"

    access = claim_database(db_path)

    assert access.mode is AccessMode.WRITE and access.lock is not None
    assert lock_path(db_path).is_file()
    access.lock.release()
