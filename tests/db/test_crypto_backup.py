"""Backups, verification, health check and restore of encrypted databases."""

# ruff: noqa: F811  (pytest fixtures imported from crypto_fixtures are parameters here)

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from crypto_fixtures import (  # noqa: F401
    PASSPHRASE,
    copy_database,
    counts,
    demo_names,
    encrypted_db,
    encrypted_engine,
    encrypted_template,
    master_key,
)
from sqlalchemy import Engine, text

from caseroom.db.backup import (
    backup_before_migration,
    backup_database,
    remove_backup_files,
    verify_database_file,
)
from caseroom.db.cipher import encrypt_database
from caseroom.db.crypto import (
    TEST_KDF,
    change_secret,
    key_file_path,
    key_id,
    looks_encrypted,
    read_key_file,
    unlock,
)
from caseroom.db.engine import engine_for_path
from caseroom.db.health import check_database
from caseroom.db.migrate import HEAD_REVISION
from caseroom.db.open import create_encrypted_database, open_database
from caseroom.db.restore import restore_database
from caseroom.errors import UserError


def test_a_backup_is_encrypted_with_its_key_file_beside_it(
    encrypted_db: Path, encrypted_engine: Engine, master_key: bytes, tmp_path: Path
) -> None:
    names, before = demo_names(encrypted_engine), counts(encrypted_engine)
    target = tmp_path / "copies" / "copy.sqlite3"
    target.parent.mkdir()

    backup_database(encrypted_db, target, key=master_key)

    raw = target.read_bytes()
    assert looks_encrypted(target)
    assert not any(name.encode() in raw for name in names)
    assert read_key_file(key_file_path(target)).key_id == key_id(master_key)
    assert unlock(target, PASSPHRASE) == master_key  # opens with the room's passphrase
    result = verify_database_file(target, key=master_key)
    assert result.ok, result.problems
    assert result.revision == HEAD_REVISION
    assert {k: result.counts[k] for k in before} == before
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "copy.sqlite3",
        "copy.sqlite3.keys",
    ]


def test_a_backup_of_a_live_encrypted_database_sees_committed_rows(
    encrypted_db: Path, encrypted_engine: Engine, master_key: bytes, tmp_path: Path
) -> None:
    with encrypted_engine.begin() as connection:
        connection.execute(text("UPDATE family SET display_name = 'Committed'"))
    writer = encrypted_engine.connect()
    writer.execute(text("UPDATE family SET display_name = 'Uncommitted'"))
    try:
        backup_database(encrypted_db, tmp_path / "live.sqlite3", key=master_key)
    finally:
        writer.rollback()
        writer.close()
    copy = engine_for_path(tmp_path / "live.sqlite3", key=master_key)
    with copy.connect() as connection:
        shown = {row[0] for row in connection.execute(text("SELECT display_name FROM family"))}
    copy.dispose()
    assert shown == {"Committed"}


def test_verify_without_the_key_says_a_passphrase_is_needed(
    encrypted_db: Path, tmp_path: Path
) -> None:
    result = verify_database_file(encrypted_db)
    assert not result.ok and not result.intact
    assert "passphrase" in result.problems[0]


def test_verify_with_another_databases_key_fails_cleanly(
    encrypted_db: Path, tmp_path: Path
) -> None:
    _engine, other_key = create_encrypted_database(
        tmp_path / "other.sqlite3", "other passphrase", kdf=TEST_KDF
    )
    _engine.dispose()
    result = verify_database_file(encrypted_db, key=other_key)
    assert not result.ok
    assert "cannot be read with this key" in result.problems[0]


def test_verify_finds_a_damaged_page_in_an_encrypted_file(
    encrypted_db: Path, master_key: bytes
) -> None:
    size = encrypted_db.stat().st_size
    with encrypted_db.open("r+b") as stream:
        stream.seek(size - 4096 + 200)
        stream.write(b"\xff" * 64)
    result = verify_database_file(encrypted_db, key=master_key)
    assert not result.ok


def test_verify_finds_a_cut_short_encrypted_file(encrypted_db: Path, master_key: bytes) -> None:
    with encrypted_db.open("r+b") as stream:
        stream.truncate(encrypted_db.stat().st_size - 1000)
    result = verify_database_file(encrypted_db, key=master_key)
    assert not result.ok
    assert "cut short" in result.problems[0]


def test_health_check_reads_an_encrypted_database(encrypted_db: Path, master_key: bytes) -> None:
    report = check_database(encrypted_db, key=master_key)
    assert report.healthy, report.problems
    assert report.revision == HEAD_REVISION
    assert report.counts["child"] > 0


def test_the_migration_backup_of_an_encrypted_database_is_encrypted(
    encrypted_db: Path, master_key: bytes
) -> None:
    copy = backup_before_migration(encrypted_db, key=master_key)
    assert copy.parent.name == "backups"
    assert looks_encrypted(copy)
    assert key_file_path(copy).is_file()
    assert verify_database_file(copy, key=master_key).ok


def test_remove_backup_files_takes_the_key_file_too(
    encrypted_db: Path, master_key: bytes, tmp_path: Path
) -> None:
    copy = backup_database(encrypted_db, tmp_path / "gone.sqlite3", key=master_key)
    remove_backup_files(copy)
    assert not copy.exists() and not key_file_path(copy).exists()


# --- restore --------------------------------------------------------------------------------


def _family_names(path: Path, key: bytes | None) -> set[str]:
    engine = engine_for_path(path, key=key)
    with engine.connect() as connection:
        names = {row[0] for row in connection.execute(text("SELECT display_name FROM family"))}
    engine.dispose()
    return names


def _rename_families(path: Path, key: bytes | None, name: str) -> None:
    engine = engine_for_path(path, key=key)
    with engine.begin() as connection:
        connection.execute(text("UPDATE family SET display_name = :name"), {"name": name})
    engine.dispose()


def test_restore_an_encrypted_backup_keeps_a_safety_copy(
    encrypted_db: Path, master_key: bytes, tmp_path: Path
) -> None:
    backup = backup_database(encrypted_db, tmp_path / "backup.sqlite3", key=master_key)
    _rename_families(encrypted_db, master_key, "Changed later")

    result = restore_database(encrypted_db, backup, key=master_key)

    assert "Changed later" not in _family_names(encrypted_db, master_key)
    assert result.safety_copy is not None
    assert key_file_path(result.safety_copy).is_file()
    assert _family_names(result.safety_copy, master_key) == {"Changed later"}
    assert looks_encrypted(encrypted_db)
    engine = open_database(encrypted_db, key=master_key)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_restore_keeps_the_current_passphrase(
    encrypted_db: Path, master_key: bytes, tmp_path: Path
) -> None:
    backup = backup_database(encrypted_db, tmp_path / "backup.sqlite3", key=master_key)
    change_secret(encrypted_db, old_secret=PASSPHRASE, new_secret="changed since the backup")

    restore_database(encrypted_db, backup, key=master_key)

    assert unlock(encrypted_db, "changed since the backup") == master_key


def test_restore_a_plain_backup_into_an_encrypted_database_stays_encrypted(
    encrypted_db: Path, master_key: bytes, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.sqlite3"
    _export_plain(encrypted_db, master_key, plain)
    _rename_families(plain, None, "From the plain backup")

    restore_database(encrypted_db, plain, key=master_key)

    assert looks_encrypted(encrypted_db)
    assert _family_names(encrypted_db, master_key) == {"From the plain backup"}
    assert b"From the plain backup" not in encrypted_db.read_bytes()
    assert verify_database_file(encrypted_db, key=master_key).ok


def test_restore_an_encrypted_backup_into_a_plain_database_brings_its_key_file(
    encrypted_db: Path, master_key: bytes, tmp_path: Path, template_db: Path
) -> None:
    plain = tmp_path / "plain-room.sqlite3"
    shutil.copyfile(template_db, plain)

    restore_database(plain, encrypted_db, source_key=master_key)

    assert looks_encrypted(plain)
    assert unlock(plain, PASSPHRASE) == master_key
    engine = open_database(plain, key=master_key)
    assert counts(engine)["child"] > 0
    engine.dispose()


def test_restore_a_backup_of_another_database_re_encrypts_it_with_ours(
    encrypted_db: Path, master_key: bytes, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "db.sqlite3"
    other.parent.mkdir()
    # another database: same data, re-encrypted under a new key and passphrase
    _export_plain(encrypted_db, master_key, other)
    other_key = encrypt_database(other, "other room passphrase", kdf=TEST_KDF)

    restore_database(encrypted_db, other, key=master_key, source_key=other_key)

    assert unlock(encrypted_db, PASSPHRASE) == master_key
    assert verify_database_file(encrypted_db, key=master_key).ok


def test_restore_with_the_wrong_key_changes_nothing(
    encrypted_db: Path, master_key: bytes, tmp_path: Path
) -> None:
    other = copy_database(encrypted_db, tmp_path / "other.sqlite3")
    before = encrypted_db.read_bytes()
    with pytest.raises(UserError, match="cannot be restored"):
        restore_database(encrypted_db, other, key=b"\x01" * 32)
    assert encrypted_db.read_bytes() == before
    assert not (encrypted_db.parent / "backups").exists()


def _export_plain(source: Path, key: bytes, target: Path) -> None:
    """A plain copy of an encrypted database (as SQLCipher's documentation decrypts)."""
    import sqlcipher3.dbapi2 as sqlcipher

    from caseroom.db.cipher import key_pragma

    connection = sqlcipher.connect(str(source), isolation_level=None)
    try:
        connection.execute(key_pragma(key))
        connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(target),))
        connection.execute("SELECT sqlcipher_export('plain')")
        connection.execute("DETACH DATABASE plain")
    finally:
        connection.close()


def _disk_full(_source: Path, target: Path, _key: bytes | None = None) -> None:
    import errno

    target.write_bytes(b"partial")
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_backup_that_fails_over_an_older_one_leaves_that_one_with_its_own_key_file(
    encrypted_db: Path, master_key: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other, _other_key = create_encrypted_database(
        tmp_path / "other.sqlite3", "другая фраза 2026", kdf=TEST_KDF
    )
    other.dispose()
    older = backup_database(tmp_path / "other.sqlite3", tmp_path / "older.bak", key=_other_key)
    older_data, older_keys = older.read_bytes(), key_file_path(older).read_bytes()
    monkeypatch.setattr("caseroom.db.backup._online_copy", _disk_full)
    with pytest.raises(UserError):
        backup_database(encrypted_db, older, key=master_key)
    assert older.read_bytes() == older_data
    assert key_file_path(older).read_bytes() == older_keys
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("older")) == [
        "older.bak",
        "older.bak.keys",
    ]


def test_a_new_backup_that_fails_leaves_no_key_file_behind(
    encrypted_db: Path, master_key: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("caseroom.db.backup._online_copy", _disk_full)
    target = tmp_path / "new.bak"
    with pytest.raises(UserError):
        backup_database(encrypted_db, target, key=master_key)
    assert not target.exists()
    assert not key_file_path(target).exists()
