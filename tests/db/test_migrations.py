"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, inspect

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade


def test_head_revision_constant_matches_alembic_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert heads == [HEAD_REVISION]


def test_empty_database_upgrades_to_head_without_drift(tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "new.sqlite3")
    assert current_revision(engine) is None
    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises if the models and the migrated schema differ
    assert upgrade(engine) is False
    engine.dispose()


def test_connection_pragmas(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_builtin_sen_categories_are_seeded(engine: Engine) -> None:
    with engine.connect() as connection:
        codes = [row[0] for row in connection.exec_driver_sql("SELECT code FROM sen_category")]
    assert len(codes) == 10
    assert {"autism", "delayed_development", "hearing"} <= set(codes)
    assert "session_note_fts" in inspect(engine).get_table_names()


def test_a_database_from_the_first_release_upgrades_with_its_records(tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "old.sqlite3")
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO room (id, created_at, updated_at, school_name, room_name, "
            "default_language) VALUES (X'00112233445566778899aabbccddeeff', "
            "'2026-09-01 08:00:00.000000', '2026-09-01 08:00:00.000000', 'School 7', "
            "'Support room', 'ru')"
        )
    assert current_revision(engine) == "0001"

    assert upgrade(engine) is True

    assert current_revision(engine) == HEAD_REVISION
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT school_name FROM room").scalar() == "School 7"
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)
    engine.dispose()


def test_people_marked_present_at_a_planned_session_become_expected(tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "old.sqlite3")
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    engine.dispose()
    raw = sqlite3.connect(tmp_path / "old.sqlite3")  # foreign keys off: bare rows will do
    with raw as connection:
        for number, status in ((1, "planned"), (2, "held")):
            connection.execute(
                "INSERT INTO session_record (id, created_at, updated_at, room_id, held_on, "
                "minutes, kind, status, staff_id, confidentiality) VALUES "
                f"(X'{number:032x}', '2026-09-01 08:00:00.000000', '2026-09-01 08:00:00.000000', "
                f"X'{9:032x}', '2026-12-20', 40, 'individual', '{status}', X'{8:032x}', "
                "'specialist')"
            )
            connection.execute(
                "INSERT INTO attendance (id, created_at, updated_at, session_id, child_id, "
                f"status) VALUES (X'{number + 100:032x}', '2026-09-01 08:00:00.000000', "
                f"'2026-09-01 08:00:00.000000', X'{number:032x}', X'{7:032x}', 'present')"
            )
    raw.close()
    engine = engine_for_path(tmp_path / "old.sqlite3")
    assert upgrade(engine) is True
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT s.status, a.status FROM attendance a JOIN session_record s "
            "ON s.id = a.session_id ORDER BY s.status"
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [("held", "present"), ("planned", "expected")]


def test_the_events_of_an_older_file_are_chained_in_the_order_they_happened(
    tmp_path: Path,
) -> None:
    from caseroom.db.audit_chain import verify_connection

    engine = engine_for_path(tmp_path / "old.sqlite3")
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    engine.dispose()
    raw = sqlite3.connect(tmp_path / "old.sqlite3")
    with raw as connection:
        for number, at in ((1, "2026-10-02 09:00:00.000000"), (2, "2026-09-01 08:00:00.000000")):
            connection.execute(
                "INSERT INTO audit_event (id, at, actor_id, action, entity, entity_id, details) "
                f"VALUES ('{number:032x}', '{at}', NULL, 'view', 'child', '{number + 50:032x}', "
                '\'{"reason": "care"}\')'
            )
    raw.close()
    engine = engine_for_path(tmp_path / "old.sqlite3")
    assert upgrade(engine) is True
    engine.dispose()
    raw = sqlite3.connect(tmp_path / "old.sqlite3")
    try:
        report = verify_connection(raw)
        order = raw.execute("SELECT id FROM audit_event ORDER BY seq").fetchall()
    finally:
        raw.close()
    assert report.events == 2 and report.broken is None
    assert [row[0] for row in order] == [f"{2:032x}", f"{1:032x}"]


def test_a_url_with_percent_signs_reaches_alembic_unchanged(tmp_path: Path) -> None:
    # A PostgreSQL socket folder is URL-encoded (%2F); configparser would read it as
    # interpolation and refuse it.
    socket_url = "postgresql+psycopg://cr@/centre?host=%2Ftmp%2Fcaseroom-pg-1"
    engine = create_engine(socket_url)
    assert alembic_config(engine).get_main_option("sqlalchemy.url") == socket_url
    engine.dispose()


def test_a_database_in_a_folder_with_a_percent_sign_upgrades(tmp_path: Path) -> None:
    folder = tmp_path / "100%done"
    folder.mkdir()
    engine = engine_for_path(folder / "room.sqlite3")
    rendered = engine.url.render_as_string(hide_password=False)
    assert "%" in rendered
    assert alembic_config(engine).get_main_option("sqlalchemy.url") == rendered
    assert upgrade(engine) is True
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()
