"""Fixtures of the centre's tests: demo rooms, and a centre on SQLite and on PostgreSQL
(in the session's one throw-away cluster, the `postgres` fixture of tests/conftest.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from centre_rooms import TODAY, CentreUnderTest, RoomUnderTest
from sqlmodel import Session

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.demo.build import make_demo
from pg_cluster import Cluster

ENGINES = ("sqlite", "postgresql")


@pytest.fixture(params=ENGINES)
def centre_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty centre database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "centre.sqlite3")
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture(scope="session")
def demo_rooms(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two demo room databases, made once (copied for each test)."""
    paths = []
    for seed in (1, 2):
        path = tmp_path_factory.mktemp("rooms") / f"room{seed}.sqlite3"
        engine = engine_for_path(path)
        upgrade(engine)
        with Session(engine) as session:
            make_demo(session, today=TODAY, families=6, seed=seed, lang="ru")
            session.commit()
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        paths.append(path)
    return paths


@pytest.fixture
def rooms(demo_rooms: list[Path], tmp_path: Path) -> Iterator[list[RoomUnderTest]]:
    """Two fresh demo rooms for this test."""
    made = []
    for source in demo_rooms:
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        made.append(RoomUnderTest(target))
    yield made
    for room in made:
        room.engine.dispose()


@pytest.fixture
def centre(centre_url: str) -> Iterator[CentreUnderTest]:
    """A centre on each engine."""
    made = CentreUnderTest(centre_url)
    yield made
    made.engine.dispose()


@pytest.fixture
def linked(
    centre: CentreUnderTest, rooms: list[RoomUnderTest]
) -> tuple[CentreUnderTest, list[RoomUnderTest]]:
    """A centre and two rooms that trust it and that it has registered."""
    for room in rooms:
        room.trust(centre.public)
        centre.add(room)
    return centre, rooms
