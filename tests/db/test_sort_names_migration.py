"""Revision 0002 gives families, caregivers and children stored before it their sort keys."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import MetaData, inspect

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import alembic_config, upgrade
from caseroom.names import sort_key

STAMP = datetime(2026, 9, 1, 8, 0)


def test_rows_from_the_first_release_get_sort_keys_and_an_index(tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "old.sqlite3")
    config = alembic_config(engine)
    room, family, mother = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    children = [
        ("Өмірбеков", "Әлихан", "Серікұлы"),
        ("Омаров", "Ерлан", None),
        ("ахметова", "Ғалия", None),
    ]
    stamps = {"created_at": STAMP, "updated_at": STAMP}
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        tables = MetaData()
        tables.reflect(connection)
        connection.execute(
            tables.tables["room"].insert(),
            [{"id": room, "school_name": "School 7", "room_name": "Room",
              "default_language": "kk", **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["family"].insert(),
            [{"id": family, "room_id": room, "display_name": "Өмірбековтер",
              "vulnerability": [], "search_key": "", **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["caregiver"].insert(),
            [{"id": mother, "family_id": family, "last_name": "Өмірбекова",
              "first_name": "Әйгерім", "relation": "mother", "is_legal_representative": True,
              "search_key": "", **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["child"].insert(),
            [
                {"id": uuid.uuid4().hex, "room_id": room, "family_id": family,
                 "case_number": f"C-{number}", "last_name": last, "first_name": first,
                 "patronymic": patronymic, "birth_date": date(2016, 5, 1),
                 "enrolled_on": date(2025, 9, 1), "status": "active", "search_key": "",
                 "sessions_attended": 0, **stamps}
                for number, (last, first, patronymic) in enumerate(children)
            ],
        )  # fmt: skip

    assert upgrade(engine) is True

    with engine.connect() as connection:
        family_key = connection.exec_driver_sql("SELECT sort_name FROM family").scalar()
        mother_key = connection.exec_driver_sql("SELECT sort_name FROM caregiver").scalar()
        ordered = connection.exec_driver_sql(
            "SELECT last_name, sort_name FROM child ORDER BY sort_name"
        ).all()
    assert family_key == sort_key("Өмірбековтер")
    assert mother_key == sort_key("Өмірбекова", "Әйгерім", None)
    assert [last for last, _ in ordered] == ["ахметова", "Омаров", "Өмірбеков"]
    assert ordered[2][1] == sort_key("Өмірбеков", "Әлихан", "Серікұлы")
    inspector = inspect(engine)
    for table in ("family", "caregiver", "child"):
        indexes = {index["name"]: index["column_names"] for index in inspector.get_indexes(table)}
        assert indexes[f"ix_{table}_sort_name"] == ["sort_name"]
    engine.dispose()


def test_downgrade_removes_the_sort_keys(tmp_path: Path) -> None:
    engine = engine_for_path(tmp_path / "new.sqlite3")
    upgrade(engine)
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    columns = {column["name"] for column in inspect(engine).get_columns("child")}
    assert "sort_name" not in columns
    assert "search_key" in columns
    engine.dispose()
