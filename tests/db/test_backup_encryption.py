"""Older plain backups are encrypted with the database, or left whole and named."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import Engine

from caseroom.db.backup import backup_database
from caseroom.db.backup_encryption import encrypt_plain_backups, plain_backups
from caseroom.db.cipher import encrypt_database
from caseroom.db.crypto import TEST_KDF, looks_encrypted, unlock
from caseroom.db.verify import verify_database_file


def test_plain_backups_are_encrypted_under_the_databases_key_and_a_damaged_one_is_left(
    engine: Engine, db_path: Path, tmp_path: Path
) -> None:
    engine.dispose()
    folder = tmp_path / "backups"
    folder.mkdir()
    good = backup_database(db_path, folder / "good.sqlite3")
    damaged = folder / "damaged.sqlite3"
    data = bytearray(good.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xa5" * 4096
    damaged.write_bytes(bytes(data))
    unrelated = shutil.copyfile(good, folder / "notes.txt")
    before = damaged.read_bytes()
    counts = verify_database_file(good).counts

    key = encrypt_database(db_path, "long steppe road", kdf=TEST_KDF)
    result = encrypt_plain_backups(db_path, key, [folder, tmp_path / "no such folder"])

    assert result.encrypted == [good] and result.failed == [damaged]
    assert looks_encrypted(good) and unlock(good, "long steppe road") == key
    assert verify_database_file(good, key=key).counts == counts
    assert damaged.read_bytes() == before  # never half-encrypted
    assert unrelated.read_bytes()[:16] == b"SQLite format 3\x00"
    assert plain_backups([folder]) == [damaged]
    assert sorted(p.name for p in folder.iterdir()) == [
        "damaged.sqlite3",
        "good.sqlite3",
        "good.sqlite3.keys",
        "notes.txt",
    ]
