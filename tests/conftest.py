"""Shared fixtures: a migrated database per test, a room, a staff member acting.

Qt runs offscreen. With CASEROOM_BLOCK_QT=1 (how `dev.py test` runs the non-UI suites)
PySide6 cannot be imported at all, proving services, db and reports never need it.
"""

from __future__ import annotations

import importlib.abc
import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# PDFs carry their real creation date; a fixed one keeps their bytes comparable in tests.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1796083200")  # 2026-12-01 00:00 UTC


class _BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        if fullname == "PySide6" or fullname.startswith("PySide6."):
            raise ImportError(f"{fullname} is blocked in non-UI tests")
        return None


if os.environ.get("CASEROOM_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _BlockQt())

from sqlalchemy import Engine  # noqa: E402
from sqlmodel import Session  # noqa: E402

from caseroom.db.engine import engine_for_path  # noqa: E402
from caseroom.db.migrate import upgrade  # noqa: E402
from caseroom.db.models import Caregiver, Child, Family, Room, Staff  # noqa: E402
from caseroom.i18n import set_language  # noqa: E402
from caseroom.services.common import Actor  # noqa: E402
from pg_cluster import Cluster, session_cluster  # noqa: E402


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """The session's one throw-away PostgreSQL cluster, started on first use (tests/pg_cluster.py).

    Where PostgreSQL's server binaries are missing, every test that needs it fails saying so.
    """
    yield from session_cluster()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database migrated to head, made once and copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = engine_for_path(path)
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """A fresh migrated database file for this test."""
    path = tmp_path / "caseroom.sqlite3"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """An engine on this test's database."""
    engine = engine_for_path(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on this test's database (tests commit when they need to)."""
    with Session(engine) as session:
        yield session


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests run in English unless they switch language themselves."""
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def room(session: Session) -> Room:
    """The room of this test's database."""
    room = Room(school_name="School-lyceum No. 12", room_name="Support room", locality="Kosshy")
    session.add(room)
    session.flush()
    return room


@pytest.fixture
def staff(session: Session, room: Room) -> Staff:
    """An educational psychologist working in the room."""
    member = Staff(room_id=room.id, last_name="Omarova", first_name="Dana", role="psychologist")
    session.add(member)
    session.flush()
    return member


@pytest.fixture
def actor(staff: Staff) -> Actor:
    """The psychologist, acting."""
    return Actor(staff_id=staff.id, role=staff.role)


@pytest.fixture
def family(session: Session, room: Room) -> Family:
    """A family of the room (built directly, without services)."""
    record = Family(room_id=room.id, display_name="Seitkali", children_count=4)
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def caregiver(session: Session, family: Family) -> Caregiver:
    """The mother of `family`."""
    record = Caregiver(
        family_id=family.id, last_name="Seitkali", first_name="Gulnara", relation="mother"
    )
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def child(session: Session, room: Room, family: Family) -> Child:
    """A child of `family`, enrolled on 2026-09-01 (built directly, without services)."""
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number="SR-2026-0001",
        last_name="Seitkali",
        first_name="Aigerim",
        birth_date=date(2017, 3, 14),
        sex="F",
        grade=3,
        enrolled_on=date(2026, 9, 1),
    )
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def today() -> date:
    """A fixed 'today' inside the 2026-2027 school year, for date rules."""
    return date(2026, 11, 23)


def new_id() -> uuid.UUID:
    """A random record id (for looking up something that does not exist)."""
    return uuid.uuid4()
