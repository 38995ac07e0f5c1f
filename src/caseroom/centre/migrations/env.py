"""Alembic environment of the centre database: runs on a connection handed over by
`caseroom.centre.database` (PostgreSQL or SQLite)."""

from __future__ import annotations

from alembic import context

from caseroom.centre.schema import VERSION_TABLE, metadata

config = context.config


def run_migrations_online() -> None:
    """Run on the connection given in `config.attributes`."""
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        version_table=VERSION_TABLE,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
