"""Backup, verification and restore of a caseroom database file."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from caseroom.db.backup import (
    backup_before_migration,
    backup_database,
    verify_database_file,
)
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.models import Caregiver, Child, Family, Room, SessionRecord, Staff
from caseroom.db.restore import restore_database
from caseroom.errors import UserError

ONE_OF_EACH = {"child": 1, "family": 1, "caregiver": 1, "session_record": 1}


def add_session(session: Session, room: Room, staff: Staff, held_on: date) -> None:
    """One individual session record."""
    session.add(
        SessionRecord(room_id=room.id, staff_id=staff.id, held_on=held_on, kind="individual")
    )
    session.flush()


@pytest.fixture
def filled_db(
    db_path: Path,
    engine: Engine,
    session: Session,
    room: Room,
    staff: Staff,
    caregiver: Caregiver,
    child: Child,
) -> Path:
    """The test database holding one child, family, caregiver and session, committed,
    with every connection closed (so the file alone holds the data)."""
    add_session(session, room, staff, date(2026, 10, 5))
    session.commit()
    session.close()
    engine.dispose()
    return db_path


def digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    """Which of -wal, -shm, -journal exist beside `path`."""
    return [s for s in ("-wal", "-shm", "-journal") if path.with_name(path.name + s).exists()]


def count(path: Path, table: str) -> int:
    """Rows in `table` of the database at `path` (through caseroom's engine)."""
    engine = engine_for_path(path)
    try:
        with engine.connect() as connection:
            return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one())
    finally:
        engine.dispose()


def root_page(path: Path, table: str) -> int:
    """The page number of `table`'s b-tree root."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type='table' AND name=?", (table,)
        ).fetchone()
    connection.close()
    return int(row[0])


def corrupt_page(path: Path, page: int) -> None:
    """Flip every bit of the b-tree page type byte of `page` (the file stays its size)."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[(page - 1) * page_size] ^= 0xFF
    path.write_bytes(bytes(data))


# --- backup --------------------------------------------------------------------------------


def test_backup_round_trip_keeps_every_record(filled_db: Path, tmp_path: Path) -> None:
    target = backup_database(filled_db, tmp_path / "copy.sqlite3")

    assert target == tmp_path / "copy.sqlite3"
    result = verify_database_file(target)
    assert result.ok is True
    assert result.problems == []
    assert result.revision == HEAD_REVISION
    assert result.counts == ONE_OF_EACH
    assert count(target, "child") == 1
    assert side_files(target) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_backup_of_an_open_database_sees_only_committed_records(
    db_path: Path, session: Session, room: Room, staff: Staff, tmp_path: Path
) -> None:
    add_session(session, room, staff, date(2026, 10, 5))
    session.commit()
    add_session(session, room, staff, date(2026, 10, 6))  # flushed, not committed

    target = backup_database(db_path, tmp_path / "copy.sqlite3")

    assert verify_database_file(target).counts["session_record"] == 1
    session.rollback()


def test_backup_replaces_an_existing_file(filled_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_text("an older copy")

    backup_database(filled_db, target)

    assert verify_database_file(target).counts == ONE_OF_EACH


def test_backup_refuses_to_overwrite_the_database_itself(filled_db: Path) -> None:
    before = digest(filled_db)
    with pytest.raises(UserError, match="cannot overwrite the database itself"):
        backup_database(filled_db, filled_db.parent / "." / filled_db.name)
    assert digest(filled_db) == before


def test_backup_into_a_missing_folder_is_a_user_error(filled_db: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        backup_database(filled_db, tmp_path / "nowhere" / "copy.sqlite3")
    assert not (tmp_path / "nowhere").exists()


def test_backup_of_a_missing_database_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="No database at"):
        backup_database(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


def test_a_full_disk_leaves_no_half_written_copy(
    filled_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "copy.sqlite3"
    target.write_text("the previous copy")

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(UserError, match=r"The disk is full: could not write .*copy\.sqlite3"):
        backup_database(filled_db, target)

    assert [p.name for p in out.iterdir()] == ["copy.sqlite3"]
    assert target.read_text() == "the previous copy"


def test_backup_refuses_a_damaged_database(filled_db: Path, tmp_path: Path) -> None:
    corrupt_page(filled_db, root_page(filled_db, "child"))
    with pytest.raises(UserError, match="is damaged and was not copied"):
        backup_database(filled_db, tmp_path / "copy.sqlite3")
    assert not (tmp_path / "copy.sqlite3").exists()


def test_backup_before_migration_names_the_revision(filled_db: Path) -> None:
    copy = backup_before_migration(filled_db)

    assert copy.parent == filled_db.parent / "backups"
    pattern = rf"caseroom-before-upgrade-{HEAD_REVISION}-\d{{8}}-\d{{6}}\.sqlite3"
    assert re.fullmatch(pattern, copy.name)
    assert verify_database_file(copy).counts == ONE_OF_EACH
    second = backup_before_migration(filled_db)
    assert second != copy  # two copies in one second do not overwrite each other
    assert second.exists()


# --- verify --------------------------------------------------------------------------------


def test_verify_a_zero_length_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    result = verify_database_file(path)
    assert result.ok is False
    assert result.problems == [f"The file {path} is empty."]
    assert result.counts == {}


def test_verify_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Dear parents,\n" * 50)
    result = verify_database_file(path)
    assert result.ok is False
    assert result.problems == [f"The file {path} is not a caseroom database."]


def test_verify_a_truncated_file(filled_db: Path, tmp_path: Path) -> None:
    data = filled_db.read_bytes()
    path = tmp_path / "cut.sqlite3"
    path.write_bytes(data[: len(data) // 2])
    result = verify_database_file(path)
    assert result.ok is False
    assert result.problems == [
        f"The file {path} is cut short: {len(data) // 2} of {len(data)} bytes."
    ]


def test_verify_a_file_cut_inside_its_header(filled_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.sqlite3"
    path.write_bytes(filled_db.read_bytes()[:40])
    result = verify_database_file(path)
    assert result.ok is False
    assert result.problems == [f"The file {path} is cut short (40 bytes)."]


def test_verify_a_file_with_a_damaged_page(filled_db: Path) -> None:
    corrupt_page(filled_db, root_page(filled_db, "family"))
    result = verify_database_file(filled_db)
    assert result.ok is False
    assert result.intact is False
    assert len(result.problems) >= 1
    assert "damaged" in result.problems[0] or "Integrity check" in result.problems[0]


def test_verify_a_sqlite_file_without_caseroom_tables(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipe (name TEXT)")
    connection.close()
    result = verify_database_file(path)
    assert result.ok is False
    assert result.intact is True
    assert result.problems == [f"The file {path} holds no caseroom records."]


def test_verify_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite3"
    result = verify_database_file(path)
    assert result.ok is False
    assert result.problems == [f"There is no file at {path}."]


def test_verify_reports_broken_links(filled_db: Path) -> None:
    with sqlite3.connect(filled_db) as connection:
        connection.execute("UPDATE caregiver SET family_id = X'00112233445566778899AABBCCDDEEFF'")
    connection.close()
    result = verify_database_file(filled_db)
    assert result.ok is False
    assert result.intact is True
    assert result.broken_links == 1
    assert result.problems == ["1 record in caregiver points to a missing record in family."]


# --- restore -------------------------------------------------------------------------------


def add_father(path: Path) -> None:
    """Commit a second caregiver into the database at `path`."""
    engine = engine_for_path(path)
    with Session(engine) as session:
        family = session.exec(select(Family)).one()
        session.add(
            Caregiver(
                family_id=family.id, last_name="Seitkali", first_name="Marat", relation="father"
            )
        )
        session.commit()
    engine.dispose()


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(
    filled_db: Path, tmp_path: Path
) -> None:
    saved = backup_database(filled_db, tmp_path / "saved.sqlite3")
    add_father(filled_db)
    assert count(filled_db, "caregiver") == 2

    result = restore_database(filled_db, saved)

    assert result.counts == ONE_OF_EACH
    assert result.revision == HEAD_REVISION
    assert result.safety_copy is not None
    assert result.safety_copy.parent == filled_db.parent / "backups"
    assert re.fullmatch(r"caseroom-before-restore-\d{8}-\d{6}\.sqlite3", result.safety_copy.name)
    assert verify_database_file(result.safety_copy).counts["caregiver"] == 2
    assert count(filled_db, "caregiver") == 1
    assert verify_database_file(filled_db).counts == ONE_OF_EACH
    assert [p.name for p in filled_db.parent.iterdir() if p.name.startswith(".")] == []


def test_restore_discards_the_old_write_ahead_log(filled_db: Path, tmp_path: Path) -> None:
    saved = backup_database(filled_db, tmp_path / "saved.sqlite3")
    # A crash leaves committed pages in the old database's -wal (here: every session
    # deleted). Replayed into the restored file they would delete its sessions too.
    wal = filled_db.with_name(filled_db.name + "-wal")
    connection = sqlite3.connect(filled_db)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("DELETE FROM session_record")
    connection.commit()
    stale_log = wal.read_bytes()
    connection.close()
    wal.write_bytes(stale_log)
    assert count_raw(filled_db, "session_record") == 0

    restore_database(filled_db, saved)

    assert count(filled_db, "session_record") == 1


def count_raw(path: Path, table: str) -> int:
    """Rows in `table` through a read-only connection that leaves the -wal in place."""
    connection = sqlite3.connect(path.as_uri() + "?mode=ro", uri=True)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def test_restore_refuses_a_damaged_file_and_changes_nothing(
    filled_db: Path, tmp_path: Path
) -> None:
    damaged = backup_database(filled_db, tmp_path / "damaged.sqlite3")
    corrupt_page(damaged, root_page(damaged, "child"))
    before = digest(filled_db)

    with pytest.raises(UserError, match="cannot be restored"):
        restore_database(filled_db, damaged)

    assert digest(filled_db) == before
    assert side_files(filled_db) == []
    assert not (filled_db.parent / "backups").exists()
    assert sorted(p.name for p in filled_db.parent.iterdir()) == [
        filled_db.name,
        "damaged.sqlite3",
    ]


@pytest.mark.parametrize("kind", ["empty", "text", "foreign"])
def test_restore_refuses_files_that_are_not_caseroom_databases(
    filled_db: Path, tmp_path: Path, kind: str
) -> None:
    source = tmp_path / f"{kind}.sqlite3"
    if kind == "empty":
        source.touch()
    elif kind == "text":
        source.write_text("surname,name\n")
    else:
        with sqlite3.connect(source) as connection:
            connection.execute("CREATE TABLE recipe (name TEXT)")
        connection.close()
    before = digest(filled_db)

    with pytest.raises(UserError, match="cannot be restored"):
        restore_database(filled_db, source)

    assert digest(filled_db) == before


def test_restore_refuses_a_database_from_a_newer_caseroom(filled_db: Path, tmp_path: Path) -> None:
    newer = backup_database(filled_db, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = digest(filled_db)

    with pytest.raises(UserError, match=r"newer version of caseroom \(schema 9999\)"):
        restore_database(filled_db, newer)

    assert digest(filled_db) == before


def test_restore_refuses_while_the_database_is_open(filled_db: Path, tmp_path: Path) -> None:
    saved = backup_database(filled_db, tmp_path / "saved.sqlite3")
    add_father(filled_db)
    engine = engine_for_path(filled_db)
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")  # the app holds a pooled connection
        with pytest.raises(UserError, match="is in use"):
            restore_database(filled_db, saved)
    engine.dispose()

    assert count(filled_db, "caregiver") == 2
    assert list((filled_db.parent / "backups").iterdir()) == []


def test_restore_over_a_damaged_database_keeps_its_bytes(filled_db: Path, tmp_path: Path) -> None:
    saved = backup_database(filled_db, tmp_path / "saved.sqlite3")
    filled_db.write_bytes(b"garbage" * 1000)

    result = restore_database(filled_db, saved)

    assert result.safety_copy is not None
    assert result.safety_copy.read_bytes() == b"garbage" * 1000
    assert verify_database_file(filled_db).counts == ONE_OF_EACH


def test_restore_into_a_new_location(filled_db: Path, tmp_path: Path) -> None:
    new_home = tmp_path / "new"
    new_home.mkdir()

    result = restore_database(new_home / "caseroom.sqlite3", filled_db)

    assert result.safety_copy is None
    assert count(new_home / "caseroom.sqlite3", "child") == 1


def test_restore_removes_a_stale_log_left_without_its_database(
    filled_db: Path, tmp_path: Path
) -> None:
    saved = backup_database(filled_db, tmp_path / "saved.sqlite3")
    wal = filled_db.with_name(filled_db.name + "-wal")
    connection = sqlite3.connect(filled_db)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("DELETE FROM session_record")
    connection.commit()
    stale_log = wal.read_bytes()
    connection.close()
    filled_db.unlink()  # the database was lost; its log was not
    wal.write_bytes(stale_log)

    result = restore_database(filled_db, saved)

    assert result.safety_copy is None
    assert count(filled_db, "session_record") == 1
