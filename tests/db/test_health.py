"""`check_database`: what `caseroom check` finds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from caseroom.db import health
from caseroom.db.backup import backup_database
from caseroom.db.health import check_database
from caseroom.db.migrate import HEAD_REVISION

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
