"""The session's PostgreSQL cluster: shared, and a plain failure where PostgreSQL is not
installed."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from pg_cluster import MISSING, Cluster, PostgresMissingError, running_cluster, session_cluster


def test_missing_server_binaries_fail_with_a_plain_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("pg_cluster.postgres_bin", lambda: None)
    started = running_cluster()
    with pytest.raises(PostgresMissingError, match="apt-get install postgresql"):
        started.__enter__()
    with pytest.raises(pytest.fail.Exception) as failed:
        next(session_cluster())
    assert str(failed.value) == MISSING
    assert not isinstance(failed.value, pytest.skip.Exception)


def test_the_cluster_makes_separate_databases(postgres: Cluster) -> None:
    first, second = postgres.new_database(), postgres.new_database()
    assert first != second
    for url in (first, second):
        engine = create_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT 1")).scalar() == 1
        engine.dispose()


def test_a_copied_database_holds_the_template_and_is_dropped_whole(postgres: Cluster) -> None:
    template = postgres.new_database()
    engine = create_engine(template)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE kept (n integer)"))
        connection.execute(text("INSERT INTO kept VALUES (7)"))
    engine.dispose()
    name = postgres.copy_database(str(engine.url.database))
    copy = create_engine(postgres.url(name))
    open_connection = copy.connect()
    assert open_connection.execute(text("SELECT n FROM kept")).scalar() == 7
    postgres.drop_database(name)  # even with this connection still open
    open_connection.invalidate()  # the server has closed it
    open_connection.close()
    copy.dispose()
    admin = create_engine(postgres.url("postgres"))
    with admin.connect() as connection:
        found = text("SELECT count(*) FROM pg_database WHERE datname = :name")
        assert connection.execute(found, {"name": name}).scalar() == 0
    admin.dispose()
