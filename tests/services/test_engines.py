"""The service tests really run on both engines, and `sqlite_only` keeps a test on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from caseroom.db.models import Room, SenCategory


def test_the_database_is_on_the_engine_the_test_is_named_for(
    engine: Engine, db_engine: str, request: pytest.FixtureRequest
) -> None:
    assert engine.dialect.name == db_engine
    assert request.node.name.endswith(f"[{db_engine}]")


def test_each_engine_starts_from_the_migrated_schema_and_its_seed_rows(
    session: Session, room: Room
) -> None:
    session.commit()
    assert session.exec(select(Room)).one().id == room.id
    assert len(session.exec(select(SenCategory)).all()) == 10


@pytest.mark.sqlite_only("checks the marker itself")
def test_a_sqlite_only_test_runs_once_on_sqlite(
    engine: Engine, db_engine: str, request: pytest.FixtureRequest
) -> None:
    assert (db_engine, engine.dialect.name) == ("sqlite", "sqlite")
    assert not hasattr(request.node, "callspec")
