"""Shared fixtures: a migrated database per test, a room, a staff member acting.

The database is a SQLite file; the tests of the packages in `BOTH_ENGINES` run once on
SQLite and once on a PostgreSQL database of the session's throw-away cluster (ids end in
[sqlite] and [postgresql]). A test there that relies on something only SQLite has (the
file itself, FTS5, the backup API, SQLCipher) carries `@pytest.mark.sqlite_only("reason")`
and runs on SQLite alone. Where PostgreSQL's server binaries are missing, the PostgreSQL
runs fail saying what to install: nothing is skipped.

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

from caseroom.db.engine import engine_for_path, make_engine  # noqa: E402
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


ENGINES = ("sqlite", "postgresql")

BOTH_ENGINES = (
    "services/people",
    "services/plans",
    "services/parents",
    "services/sessions",
    "services/wellbeing",
    "services/reporting",
)
"""The test folders (under tests/) whose database tests run on SQLite and on PostgreSQL."""


def _on_both_engines(path: Path) -> bool:
    relative = path.resolve().relative_to(Path(__file__).resolve().parent).as_posix()
    return any(relative == folder or relative.startswith(folder + "/") for folder in BOTH_ENGINES)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each database test of a `BOTH_ENGINES` folder on both engines, unless it is
    marked `sqlite_only` (which must say why)."""
    marker = metafunc.definition.get_closest_marker("sqlite_only")
    if marker is not None and not (marker.args and str(marker.args[0]).strip()):
        raise pytest.UsageError(
            f"{metafunc.definition.nodeid}: sqlite_only needs a reason, "
            '@pytest.mark.sqlite_only("what only SQLite has")'
        )
    if "db_engine" not in metafunc.fixturenames or marker is not None:
        return
    if _on_both_engines(metafunc.definition.path):
        metafunc.parametrize("db_engine", ENGINES, indirect=True)


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    """The engine this test's database runs on: "sqlite", or "postgresql" (see BOTH_ENGINES)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_template(postgres: Cluster) -> str:
    """A PostgreSQL database migrated to head, made once and copied for each test; its name."""
    url = postgres.new_database()
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return str(engine.url.database)


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
def db_path(template_db: Path, tmp_path: Path, db_engine: str) -> Path:
    """A fresh migrated database file for this test (SQLite: a test that needs the file
    is marked `sqlite_only`)."""
    if db_engine != "sqlite":
        pytest.fail(
            "this test reads the room's SQLite file: mark it "
            '@pytest.mark.sqlite_only("the reason")',
            pytrace=False,
        )
    path = tmp_path / "caseroom.sqlite3"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def engine(db_engine: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An engine on this test's database: a SQLite file, or a PostgreSQL database."""
    if db_engine == "postgresql":
        cluster: Cluster = request.getfixturevalue("postgres")
        name = cluster.copy_database(request.getfixturevalue("pg_template"))
        engine = make_engine(cluster.url(name))
        yield engine
        engine.dispose()
        cluster.drop_database(name)
        return
    engine = engine_for_path(request.getfixturevalue("db_path"))
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
