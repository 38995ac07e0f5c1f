"""The centre's own migrations give exactly its tables, on SQLite and on PostgreSQL, and
never touch the room database's metadata."""

from __future__ import annotations

import sys

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlmodel import SQLModel

from caseroom.centre import schema
from caseroom.centre.database import MIGRATIONS_DIR, centre_engine, migrate


def _config() -> Config:
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def test_head_revision_is_alembics_head() -> None:
    assert ScriptDirectory.from_config(_config()).get_current_head() == schema.HEAD_REVISION


def test_the_migrated_schema_equals_the_tables(centre_url: str) -> None:
    engine = centre_engine(centre_url)
    try:
        with engine.begin() as connection:
            assert migrate(connection)
            assert not migrate(connection)  # already at head
            config = _config()
            config.attributes["connection"] = connection
            command.check(config)  # raises when the models and the schema differ
            names = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert set(schema.metadata.tables) <= names


def test_centre_tables_are_not_room_tables() -> None:
    assert not set(schema.metadata.tables) & set(SQLModel.metadata.tables)
