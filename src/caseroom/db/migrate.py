"""Bring a database to the schema this code knows, safely.

At start-up the stored revision is read with one plain query; Alembic (slow to import) is
loaded only when it differs from `HEAD_REVISION`. Before upgrading a database that already
holds data, a backup copy is written next to it. The whole upgrade runs in one transaction
(SQLAlchemy owns BEGIN), so a failure leaves the file exactly as it was.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

HEAD_REVISION = "0011"
"""The newest migration this code ships; a test keeps it equal to Alembic's head."""

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    from alembic.config import Config

    # An explicit stdout: Alembic otherwise keeps the sys.stdout of its first import.
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        # Alembic's options go through configparser, which reads "%" as interpolation: a
        # URL-encoded character (a socket folder's "/" as %2F, a "%" in a file name) must
        # be doubled to come back out as itself.
        url = engine.url.render_as_string(hide_password=False)
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def current_revision(engine: Engine) -> str | None:
    """The revision stored in the database, or None for a database never migrated."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return None if row is None else str(row[0])


def has_user_tables(engine: Engine) -> bool:
    """Whether the database holds any table at all (an empty new file holds none)."""
    with engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def needs_upgrade(engine: Engine) -> bool:
    """Whether the stored schema differs from the one this code knows."""
    return current_revision(engine) != HEAD_REVISION


def upgrade(engine: Engine, *, backup: Callable[[], Path | None] | None = None) -> bool:
    """Upgrade to head if needed; returns True when migrations ran.

    `backup` is called first when the database already has tables (it writes a copy and
    returns its path). Raises `UserError` for a database newer than this code.
    """
    stored = current_revision(engine)
    if stored == HEAD_REVISION:
        return False
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config(engine)
    known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
    if stored is not None and stored not in known:
        from caseroom.errors import DatabaseUnavailableError
        from caseroom.i18n import _

        raise DatabaseUnavailableError(
            _(
                "This database was written by a newer version of caseroom "
                "(schema {revision}). Please update caseroom to open it."
            ).format(revision=stored)
        )
    if backup is not None and has_user_tables(engine):
        backup()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True
