"""Open the centre database: a PostgreSQL URL (`postgresql+psycopg://...`) or a SQLite path.

`centre_engine` makes the engine; `migrate` brings the schema to the head of the centre's
own Alembic migrations (in one transaction); `require_initialised` refuses a database
that `caseroom centre init` has not made. Connection failures become one clear
`UserError` without the URL's password.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from caseroom.centre.schema import HEAD_REVISION, VERSION_TABLE
from caseroom.errors import UserError
from caseroom.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def centre_url(value: str) -> str:
    """The SQLAlchemy URL for `--db`: a URL as given, or a SQLite file path."""
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    try:
        url = make_url(value)
    except ArgumentError:
        raise UserError(_("{url} is not a database URL").format(url=value)) from None
    if url.get_backend_name() not in ("postgresql", "sqlite"):
        raise UserError(
            _("The centre database must be PostgreSQL (postgresql+psycopg://...) or SQLite.")
        )
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def centre_engine(value: str) -> Engine:
    """An engine on the centre database named by `value` (nothing is created yet)."""
    url = centre_url(value)
    try:
        engine = create_engine(url, future=True)
    except NoSuchModuleError:
        raise UserError(
            _("This caseroom has no driver for {url}").format(url=_shown(url))
        ) from None
    except ImportError:
        raise UserError(_("The PostgreSQL driver (psycopg) is not installed here.")) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


@contextmanager
def connected(engine: Engine) -> Iterator[Connection]:
    """One transaction on `engine`, committed at the end; a failure to reach the server is
    a `UserError` naming the database (without its password)."""
    try:
        with engine.begin() as connection:
            yield connection
    except DBAPIError as error:
        if error.connection_invalidated or _is_connect_error(error):
            raise UserError(
                _("Could not reach the centre database {url}: {reason}").format(
                    url=_shown(str(engine.url.render_as_string(hide_password=False))),
                    reason=type(error.orig).__name__,
                )
            ) from None
        raise


def _is_connect_error(error: DBAPIError) -> bool:
    return type(error.orig).__name__ in ("OperationalError",) and "connect" in str(error).lower()


def current_revision(connection: Connection) -> str | None:
    """The centre schema revision stored, or None for a database never migrated."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def migrate(connection: Connection) -> bool:
    """Upgrade the centre schema to head on `connection`; True when migrations ran."""
    if current_revision(connection) == HEAD_REVISION:
        return False
    from alembic import command
    from alembic.config import Config

    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    return True


def require_initialised(connection: Connection, value: str) -> None:
    """`UserError` unless `caseroom centre init` made this database."""
    if current_revision(connection) is None:
        raise UserError(
            _("There is no centre database at {url}: run caseroom centre init first.").format(
                url=_shown(centre_url(value))
            )
        )
    migrate(connection)
