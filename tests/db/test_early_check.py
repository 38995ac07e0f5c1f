"""The start-up check's integrity pragma run early (beside the data stack's import), and the
start-up check taking its answer only while the file is as it was."""

from __future__ import annotations

import os
from pathlib import Path

from caseroom.db.backup import backup_database
from caseroom.db.early_check import Integrity, early_integrity, file_stamp
from caseroom.db.health import StartupStatus, startup_check


def test_a_sound_plain_file_is_checked_early(db_path: Path) -> None:
    found = early_integrity(db_path)
    assert found is not None
    assert found.lines == ("ok",) and found.quick is False  # a small file: the full check
    assert found.stamp == file_stamp(db_path)


def test_no_answer_early_for_a_missing_empty_or_foreign_file(tmp_path: Path) -> None:
    empty, foreign = tmp_path / "empty.sqlite3", tmp_path / "notes.sqlite3"
    empty.write_bytes(b"")
    foreign.write_bytes(b"not a database at all, and longer than a header " * 4)
    for path in (tmp_path / "missing.sqlite3", empty, foreign):
        assert early_integrity(path) is None  # the start-up check finds out itself


def test_damage_found_early_reaches_the_start_up_check(db_path: Path, tmp_path: Path) -> None:
    copy = backup_database(db_path, tmp_path / "copy.sqlite3")
    data = bytearray(copy.read_bytes())
    data[4096 * 3 : 4096 * 5] = b"\x5a" * 8192
    copy.write_bytes(bytes(data))
    found = early_integrity(copy)
    assert found is None or found.lines != ("ok",)  # an error leaves it to the check itself
    check = startup_check(copy, integrity=found)
    assert check.status is StartupStatus.DAMAGED
    assert check.message().startswith(f"The database {copy} is damaged")


def test_the_start_up_check_takes_the_early_answer_only_for_the_file_as_it_was(
    db_path: Path,
) -> None:
    said = Integrity(("*** in database main *** Page 7: btreeInitPage() returns error code 11",),
                     quick=False, stamp=file_stamp(db_path))  # fmt: skip
    taken = startup_check(db_path, integrity=said)
    assert taken.status is StartupStatus.DAMAGED  # the pragma was not asked again
    assert "Page 7" in taken.message()
    other_kind = Integrity(said.lines, quick=True, stamp=said.stamp)
    assert startup_check(db_path, integrity=other_kind).status is StartupStatus.OK
    stat = db_path.stat()
    os.utime(db_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # written since
    assert startup_check(db_path, integrity=said).status is StartupStatus.OK
