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
