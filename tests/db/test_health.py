"""`check_database`: what `caseroom check` finds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from caseroom.db import health
from caseroom.db.backup import backup_database
from caseroom.db.health import StartupStatus, check_database, newest_good_backup, startup_check
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.rotation import make_automatic_backup

EMPTY_COUNTS = {"child": 0, "family": 0, "caregiver": 0, "session_record": 0}


def run_sql(path: Path, *statements: str) -> None:
    """Run statements on the file directly (foreign keys off, as a damaged file would be)."""
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_a_fresh_database_is_healthy(db_path: Path) -> None:
    report = check_database(db_path)

    assert report.healthy is True
    assert report.problems == []
    assert report.findings == [
        "Integrity check: ok.",
        "Foreign keys: ok.",
        f"Schema version {HEAD_REVISION}: current.",
        "Journal mode: WAL.",
        "Full-text index of session notes: present.",
        "Audit trail: 0 events, the chain holds.",
    ]
    assert report.revision == HEAD_REVISION
    assert report.counts == EMPTY_COUNTS


def test_a_backup_file_in_rollback_mode_is_healthy(db_path: Path, tmp_path: Path) -> None:
    copy = backup_database(db_path, tmp_path / "copy.sqlite3")
    report = check_database(copy)
    assert report.healthy is True
    assert (
        "Journal mode: rollback (caseroom switches to WAL when it opens the database)."
        in report.findings
    )


def test_an_older_schema_is_a_note_not_a_problem(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "HEAD_REVISION", "9999")
    report = check_database(db_path)
    assert report.healthy is True
    assert (
        f"Schema version {HEAD_REVISION} is older than this caseroom's (9999); "
        "it will be upgraded when the database is opened." in report.findings
    )


def test_a_newer_schema_is_a_problem(db_path: Path) -> None:
    run_sql(db_path, "UPDATE alembic_version SET version_num = '0042'")
    report = check_database(db_path)
    assert report.healthy is False
    assert report.problems == [
        f"Schema version 0042 is newer than this caseroom knows ({HEAD_REVISION}); "
        "update caseroom to open this database."
    ]


def test_a_missing_search_index_is_a_problem(db_path: Path) -> None:
    run_sql(db_path, "DROP TABLE session_note_fts")
    report = check_database(db_path)
    assert report.healthy is False
    assert report.problems == ["The full-text index of session notes is missing."]


def test_broken_links_are_a_problem(db_path: Path) -> None:
    run_sql(
        db_path,
        "INSERT INTO family (id, created_at, updated_at, room_id, display_name, vulnerability,"
        " search_key) VALUES (X'01', '2026-01-01', '2026-01-01', X'02', 'Lost', '[]', '')",
    )
    report = check_database(db_path)
    assert report.healthy is False
    assert report.problems == ["1 record in family points to a missing record in room."]
    assert "Foreign keys: ok." not in report.findings
    assert report.counts["family"] == 1


def test_a_damaged_page_is_a_problem(db_path: Path) -> None:
    connection = sqlite3.connect(db_path)
    root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'child'").fetchone()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray(db_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[(root[0] - 1) * page_size] ^= 0xFF
    db_path.write_bytes(bytes(data))

    report = check_database(db_path)

    assert report.healthy is False
    assert report.findings == []
    assert report.problems != []


def test_a_zero_length_file_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    report = check_database(path)
    assert report.healthy is False
    assert report.problems == [f"The file {path} is empty."]


# --- the start-up check ---------------------------------------------------------------------


def test_startup_a_sound_database_is_ok(db_path: Path) -> None:
    full = startup_check(db_path)
    quick = startup_check(db_path, full_check_below_bytes=0)

    assert (full.status, full.quick, full.problems) == (StartupStatus.OK, False, ())
    assert (quick.status, quick.quick) == (StartupStatus.OK, True)
    assert full.ok_to_open and full.message() == ""
    assert full.revision == HEAD_REVISION


def test_startup_no_file_is_new_but_an_empty_one_is_damaged(tmp_path: Path) -> None:
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")

    assert startup_check(tmp_path / "caseroom.sqlite3").status is StartupStatus.NEW
    check = startup_check(empty)
    assert check.status is StartupStatus.DAMAGED  # it may have been a room: offer a backup
    assert check.problems == (f"The file {empty} is missing or empty.",)


def test_startup_damaged_pages_are_found(db_path: Path, tmp_path: Path) -> None:
    copy = backup_database(db_path, tmp_path / "copy.sqlite3")
    data = bytearray(copy.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x5a" * 8192
    copy.write_bytes(bytes(data))

    for threshold in (1 << 30, 0):  # the full check and the fast path both see it
        check = startup_check(copy, full_check_below_bytes=threshold)
        assert check.status is StartupStatus.DAMAGED, check
        assert not check.ok_to_open
        assert check.message().startswith(f"The database {copy} is damaged")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04 a spreadsheet, not a database" * 10, "is not a caseroom database"),
        (None, "is cut short"),
    ],
)
def test_startup_foreign_or_cut_short_files(
    db_path: Path, tmp_path: Path, content: bytes | None, expected: str
) -> None:
    target = tmp_path / "other.sqlite3"
    if content is None:
        content = backup_database(db_path, tmp_path / "whole.sqlite3").read_bytes()[: 4096 * 3]
    target.write_bytes(content)

    check = startup_check(target)

    assert check.status is StartupStatus.DAMAGED
    assert expected in check.problems[0]


def test_startup_schema_versions(db_path: Path) -> None:
    run_sql(db_path, "UPDATE alembic_version SET version_num = '0001'")
    older = startup_check(db_path)
    run_sql(db_path, "UPDATE alembic_version SET version_num = '9999'")
    newer = startup_check(db_path)
    run_sql(db_path, "DELETE FROM alembic_version")
    missing = startup_check(db_path)

    assert older.status is StartupStatus.NEEDS_UPGRADE and older.ok_to_open
    assert newer.status is StartupStatus.TOO_NEW and not newer.ok_to_open
    assert "newer version of caseroom (schema 9999)" in newer.message()
    assert missing.status is StartupStatus.DAMAGED
    assert "no schema version" in missing.problems[0]


def test_startup_missing_tables_and_a_stranger_database(db_path: Path, tmp_path: Path) -> None:
    run_sql(db_path, "PRAGMA foreign_keys = OFF", "DROP TABLE session_record")
    stranger = tmp_path / "stranger.sqlite3"
    run_sql(stranger, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")

    assert "session_record" in startup_check(db_path).problems[0]
    assert "not a caseroom database" in startup_check(stranger).problems[0]


def test_newest_good_backup_skips_damaged_copies(db_path: Path, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    usb, local = tmp_path / "usb", tmp_path / "local"
    usb.mkdir()
    local.mkdir()
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    good = make_automatic_backup(db_path, local, now=now - timedelta(days=2))
    bad = make_automatic_backup(db_path, usb, now=now)
    data = bytearray(bad.path.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x5a" * 8192
    bad.path.write_bytes(bytes(data))

    found = newest_good_backup([usb, local, tmp_path / "unplugged"])

    assert found is not None and found.path == good.path and found.verified
    assert newest_good_backup([usb]) is None
