"""Encrypted database files: opening, telling a wrong key from damage, search, migrations,
encrypting an existing plain file, changing the passphrase."""

# ruff: noqa: F811  (pytest fixtures imported from crypto_fixtures are parameters here)

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic import command
from crypto_fixtures import (  # noqa: F401
    PASSPHRASE,
    counts,
    demo_names,
    encrypted_db,
    encrypted_engine,
    encrypted_template,
    master_key,
)
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from caseroom.db.cipher import encrypt_database
from caseroom.db.crypto import (
    TEST_KDF,
    DatabaseDamagedError,
    KeyFileMissingError,
    PassphraseRequiredError,
    WrongPassphraseError,
    is_encrypted,
    key_file_path,
    looks_encrypted,
    unlock,
)
from caseroom.db.engine import engine_for_path, engine_key
from caseroom.db.migrate import HEAD_REVISION, alembic_config, current_revision
from caseroom.db.models import AuditEvent, SessionRecord
from caseroom.db.open import create_encrypted_database, open_database
from caseroom.db.search import index_sessions, search_session_ids
from caseroom.errors import ValidationError
from caseroom.services.accounts.encryption import change_passphrase
from caseroom.services.common import SYSTEM


def test_an_encrypted_file_shows_no_sqlite_header_and_no_names(
    encrypted_db: Path, encrypted_engine: Engine
) -> None:
    names = demo_names(encrypted_engine)
    assert len(names) >= 4
    raw = encrypted_db.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert looks_encrypted(encrypted_db) and is_encrypted(encrypted_db)
    for name in names:
        assert name.encode("utf-8") not in raw


def test_the_engine_uses_sqlcipher_with_the_usual_pragmas(
    encrypted_engine: Engine, master_key: bytes
) -> None:
    assert engine_key(encrypted_engine) == master_key
    with encrypted_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cipher_version").scalar()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_a_plain_engine_has_no_key(tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "plain.sqlite3")
    assert engine_key(engine) is None
    engine.dispose()


def test_open_database_with_the_key(encrypted_db: Path, master_key: bytes) -> None:
    engine = open_database(encrypted_db, key=master_key)
    assert current_revision(engine) == HEAD_REVISION
    assert counts(engine)["child"] > 0
    engine.dispose()


def test_open_without_the_key_asks_for_the_passphrase(encrypted_db: Path) -> None:
    with pytest.raises(PassphraseRequiredError, match="passphrase"):
        open_database(encrypted_db)


def test_a_key_that_does_not_read_the_file_means_damage(
    encrypted_db: Path, master_key: bytes
) -> None:
    # The key file proves the key; so a key that cannot read the file means a damaged file.
    with encrypted_db.open("r+b") as stream:
        stream.write(b"\x00" * 4096)
    with pytest.raises(DatabaseDamagedError, match="damaged"):
        open_database(encrypted_db, key=master_key)


def test_a_zero_length_encrypted_file_is_damaged_not_a_new_database(
    encrypted_db: Path, master_key: bytes
) -> None:
    encrypted_db.write_bytes(b"")
    with pytest.raises(DatabaseDamagedError, match="empty"):
        open_database(encrypted_db, key=master_key)
    assert encrypted_db.stat().st_size == 0


def test_a_missing_encrypted_file_is_not_created_again(
    encrypted_db: Path, master_key: bytes
) -> None:
    encrypted_db.unlink()
    with pytest.raises(DatabaseDamagedError, match="missing"):
        open_database(encrypted_db, key=master_key)
    assert not encrypted_db.exists()


def test_an_encrypted_file_without_its_key_file_is_told_clearly(encrypted_db: Path) -> None:
    key_file_path(encrypted_db).unlink()
    with pytest.raises(KeyFileMissingError, match="key file"):
        open_database(encrypted_db)


def test_a_plain_file_beside_a_key_file_is_refused(tmp_path: Path, template_db: Path) -> None:
    path = tmp_path / "plain.sqlite3"
    path.write_bytes(template_db.read_bytes())
    key = create_encrypted_database(tmp_path / "other.sqlite3", PASSPHRASE, kdf=TEST_KDF)[1]
    key_file_path(tmp_path / "other.sqlite3").rename(key_file_path(path))
    with pytest.raises(DatabaseDamagedError, match="not encrypted"):
        open_database(path, key=key)


def test_a_new_encrypted_database_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"data")
    with pytest.raises(Exception, match="already exists"):
        create_encrypted_database(path, PASSPHRASE, kdf=TEST_KDF)
    assert not key_file_path(path).exists()


def test_migrations_match_the_models_on_an_encrypted_database(tmp_path: Path) -> None:
    engine, _key = create_encrypted_database(tmp_path / "new.sqlite3", PASSPHRASE, kdf=TEST_KDF)
    assert current_revision(engine) == HEAD_REVISION
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)
    engine.dispose()


def test_full_text_search_works_encrypted(encrypted_engine: Engine) -> None:
    with Session(encrypted_engine) as session:
        record = session.exec(select(SessionRecord).limit(1)).one()
        record.notes = "Мама Айгерим пришла с младшим"
        session.add(record)
        session.flush()
        record_id = record.id
        index_sessions(session, [record_id])
        session.commit()
    with encrypted_engine.connect() as connection:
        found = search_session_ids(connection, "айгерим", 10)
    assert record_id in found


def test_workers_in_other_threads_share_the_encrypted_engine(encrypted_engine: Engine) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def count() -> int:
        with encrypted_engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM child")).scalar() or 0)

    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _i: count(), range(6)))
    assert len(set(results)) == 1 and results[0] > 0


# --- encrypting an existing plain database ---------------------------------------------


@pytest.fixture
def plain_demo(tmp_path: Path) -> tuple[Path, list[str], dict[str, int]]:
    """A plain demo database (WAL, still holding names in its -wal) with its names."""
    from datetime import date

    from caseroom.db.migrate import upgrade
    from caseroom.demo.build import make_demo

    path = tmp_path / "plain.sqlite3"
    engine = engine_for_path(path)
    upgrade(engine)
    with Session(engine) as session:
        make_demo(session, today=date(2026, 11, 23), families=3, seed=5, lang="ru")
        session.commit()
    names, before = demo_names(engine), counts(engine)
    engine.dispose()
    raw = path.read_bytes()
    assert all(name.encode() in raw for name in names)
    return path, names, before


def test_encrypt_database_leaves_no_name_readable(
    plain_demo: tuple[Path, list[str], dict[str, int]],
) -> None:
    path, names, before = plain_demo

    key = encrypt_database(path, PASSPHRASE, kdf=TEST_KDF)

    assert unlock(path, PASSPHRASE) == key
    engine = open_database(path, key=key)
    assert counts(engine) == before
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    engine.dispose()  # leaves -wal / -shm beside it as a running app would
    leftovers = [p for p in path.parent.iterdir() if p.name.startswith("plain.sqlite3")]
    assert {p.name for p in leftovers} >= {"plain.sqlite3", "plain.sqlite3.keys"}
    for file in leftovers:
        raw = file.read_bytes()
        for name in names:
            assert name.encode("utf-8") not in raw, (file.name, name)
    assert not [p for p in path.parent.iterdir() if "encrypting" in p.name]


def test_encrypt_database_refuses_while_the_database_is_in_use(
    plain_demo: tuple[Path, list[str], dict[str, int]],
) -> None:
    path, _names, _before = plain_demo
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(Exception, match="in use"):
            encrypt_database(path, PASSPHRASE, kdf=TEST_KDF)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.read_bytes().startswith(b"SQLite format 3")
    assert not key_file_path(path).exists()


def test_encrypt_database_refuses_an_encrypted_one(encrypted_db: Path) -> None:
    before = encrypted_db.read_bytes()
    with pytest.raises(Exception, match="already encrypted"):
        encrypt_database(encrypted_db, PASSPHRASE, kdf=TEST_KDF)
    assert encrypted_db.read_bytes() == before


# --- changing the passphrase ------------------------------------------------------------


def test_change_passphrase_keeps_the_data_and_drops_the_old_one(
    encrypted_db: Path, encrypted_engine: Engine
) -> None:
    before = counts(encrypted_engine)
    with Session(encrypted_engine) as session:
        change_passphrase(
            session,
            actor=SYSTEM,
            db_path=encrypted_db,
            old_passphrase=PASSPHRASE,
            new_passphrase="Жаңа құпия сөз 2027",
        )
        session.commit()  # the open engine goes on working: the master key did not change
    with pytest.raises(WrongPassphraseError):
        unlock(encrypted_db, PASSPHRASE)
    encrypted_engine.dispose()
    engine = open_database(encrypted_db, key=unlock(encrypted_db, "Жаңа құпия сөз 2027"))
    assert counts(engine) == before
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.action == "passphrase_changed")
        ).all()
    assert len(events) == 1 and events[0].entity == "database"
    engine.dispose()


def test_change_passphrase_validates_before_touching_the_key_file(
    encrypted_db: Path, encrypted_engine: Engine
) -> None:
    before = key_file_path(encrypted_db).read_bytes()
    with Session(encrypted_engine) as session:
        with pytest.raises(ValidationError) as caught:
            change_passphrase(
                session, actor=SYSTEM, db_path=encrypted_db, old_passphrase="", new_passphrase="x"
            )
        assert set(caught.value.problems) == {"old_passphrase", "new_passphrase"}
        with pytest.raises(ValidationError):
            change_passphrase(
                session,
                actor=SYSTEM,
                db_path=encrypted_db,
                old_passphrase=PASSPHRASE,
                new_passphrase=PASSPHRASE,
            )
        with pytest.raises(WrongPassphraseError):
            change_passphrase(
                session,
                actor=SYSTEM,
                db_path=encrypted_db,
                old_passphrase="not the passphrase",
                new_passphrase="a good new passphrase",
            )
    assert key_file_path(encrypted_db).read_bytes() == before


def test_change_passphrase_needs_the_backup_permission(
    encrypted_db: Path, encrypted_engine: Engine
) -> None:
    from caseroom.errors import PermissionDeniedError
    from caseroom.services.common import Actor

    assistant = Actor(staff_id=uuid.uuid4(), role="assistant")
    with Session(encrypted_engine) as session, pytest.raises(PermissionDeniedError):
        change_passphrase(
            session,
            actor=assistant,
            db_path=encrypted_db,
            old_passphrase=PASSPHRASE,
            new_passphrase="a good new passphrase",
        )
