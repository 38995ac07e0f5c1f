"""Encrypted databases for tests: a migrated SQLCipher file with its key file, demo data.

Key derivation uses `TEST_KDF` (passed explicitly); the file format is the real one.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from caseroom.db.crypto import TEST_KDF, key_file_path, unlock
from caseroom.db.engine import engine_for_path
from caseroom.db.models import Caregiver, Child, Family
from caseroom.db.open import create_encrypted_database

PASSPHRASE = "Алматы таулары 1854"
DEMO_FAMILIES = 3


def copy_database(source: Path, target: Path) -> Path:
    """Copy a closed database file and its key file."""
    shutil.copyfile(source, target)
    shutil.copyfile(key_file_path(source), key_file_path(target))
    return target


def demo_names(engine: Engine) -> list[str]:
    """Several real names from the database (children's, caregivers', families')."""
    with Session(engine) as session:
        children = session.exec(select(Child).limit(3)).all()
        caregivers = session.exec(select(Caregiver).limit(3)).all()
        families = session.exec(select(Family).limit(2)).all()
    names = [c.last_name for c in children] + [c.first_name for c in children]
    names += [c.first_name for c in caregivers] + [f.display_name for f in families]
    return sorted({name for name in names if len(name) >= 4})


def counts(engine: Engine) -> dict[str, int]:
    """Rows in the main tables."""
    with engine.connect() as connection:
        return {
            table: int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
            for table in ("child", "family", "caregiver", "session_record")
        }


@pytest.fixture(scope="session")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An encrypted database with a little demo data, made once."""
    from caseroom.demo.build import make_demo

    path = tmp_path_factory.mktemp("encrypted") / "template.sqlite3"
    engine, _key = create_encrypted_database(path, PASSPHRASE, kdf=TEST_KDF)
    with Session(engine) as session:
        make_demo(session, today=date(2026, 11, 23), families=DEMO_FAMILIES, seed=3, lang="kk")
        session.commit()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def encrypted_db(encrypted_template: Path, tmp_path: Path) -> Path:
    """This test's copy of the encrypted demo database (closed)."""
    return copy_database(encrypted_template, tmp_path / "room.sqlite3")


@pytest.fixture
def master_key(encrypted_db: Path) -> bytes:
    """The master key of `encrypted_db`."""
    return unlock(encrypted_db, PASSPHRASE)


@pytest.fixture
def encrypted_engine(encrypted_db: Path, master_key: bytes) -> Iterator[Engine]:
    """An engine on `encrypted_db`."""
    engine = engine_for_path(encrypted_db, key=master_key)
    yield engine
    engine.dispose()
