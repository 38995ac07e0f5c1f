"""Alembic environment: runs on a connection handed over by `caseroom.db.migrate`."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import engine_from_config, pool

from caseroom.db import models
from caseroom.db.search import is_search_index_object

config = context.config
target_metadata = models.metadata


def _include_name(name: str | None, type_: str, _parent_names: Any) -> bool:
    # The full-text index (FTS5 virtual table and its shadow tables) is kept by db/search.py.
    return not (type_ == "table" and name is not None and is_search_index_object(name))


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Render SQLModel's AutoString as a plain String so migrations need no sqlmodel import.
    if type_ == "type" and type(obj).__name__ == "AutoString":
        return f"sa.String(length={obj.length!r})"
    return False


def _configure(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=_include_name,
        render_item=_render_item,
        transaction_per_migration=False,
    )


def run_migrations_online() -> None:
    """Run on the connection given in `config.attributes`, or open one from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    connectable = engine_from_config(
        config.get_section(config.config_ini_section) or {},
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
