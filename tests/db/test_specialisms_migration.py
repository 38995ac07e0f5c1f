"""Revision 0011: staff specialisms and a PMPK conclusion's structured recommendations."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, MetaData, inspect

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import HEAD_REVISION, alembic_config, current_revision, upgrade

STAMP = datetime(2026, 9, 1, 8, 0)
EARLIER = "Обучение по адаптированной программе; занятия с логопедом 2 раза в неделю"


def _columns(engine: Engine, table: str) -> set[str]:
    return {column["name"] for column in inspect(engine).get_columns(table)}


def _file_at_0010(path: Path) -> tuple[Engine, dict[str, str]]:
    engine = engine_for_path(path)
    config = alembic_config(engine)
    ids = {name: uuid.uuid4().hex for name in ("room", "staff", "family", "child", "pmpk")}
    stamps = {"created_at": STAMP, "updated_at": STAMP}
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0010")
        tables = MetaData()
        tables.reflect(connection)
        connection.execute(
            tables.tables["room"].insert(),
            [{"id": ids["room"], "school_name": "School 7", "room_name": "Room",
              "default_language": "ru", **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["staff"].insert(),
            [{"id": ids["staff"], "room_id": ids["room"], "last_name": "Ахметова",
              "first_name": "Гүлнар", "role": "psychologist", **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["family"].insert(),
            [{"id": ids["family"], "room_id": ids["room"], "display_name": "Омаровы",
              "vulnerability": [], "search_key": "", **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["child"].insert(),
            [{"id": ids["child"], "room_id": ids["room"], "family_id": ids["family"],
              "case_number": "C-1", "last_name": "Омаров", "first_name": "Ерлан",
              "birth_date": date(2016, 5, 1), "enrolled_on": date(2025, 9, 1),
              "status": "active", "search_key": "", "sessions_attended": 0, **stamps}],
        )  # fmt: skip
        connection.execute(
            tables.tables["pmpk_conclusion"].insert(),
            [{"id": ids["pmpk"], "child_id": ids["child"], "issued_on": date(2026, 5, 20),
              "number": "145", "recommendations": EARLIER,
              "valid_until": date(2027, 5, 20), **stamps}],
        )  # fmt: skip
    return engine, ids


def test_upgrade_keeps_the_records_and_starts_the_new_fields_empty(tmp_path: Path) -> None:
    engine, _ids = _file_at_0010(tmp_path / "old.sqlite3")
    assert "specialisms" not in _columns(engine, "staff")

    assert upgrade(engine) is True

    assert current_revision(engine) == HEAD_REVISION == "0011"
    with engine.connect() as connection:
        staff = connection.exec_driver_sql("SELECT last_name, specialisms FROM staff").one()
        pmpk = connection.exec_driver_sql(
            "SELECT number, recommendations, conditions, specialists, programme "
            "FROM pmpk_conclusion"
        ).one()
    assert staff[0] == "Ахметова" and json.loads(staff[1]) == []
    assert pmpk[0] == "145" and pmpk[1] == EARLIER
    assert pmpk[2] is None and json.loads(pmpk[3]) == [] and pmpk[4] is None
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)
    engine.dispose()


def test_downgrade_drops_only_the_new_fields(tmp_path: Path) -> None:
    engine, _ids = _file_at_0010(tmp_path / "old.sqlite3")
    upgrade(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE staff SET specialisms = ?", (json.dumps(["ABA", "песочная терапия"]),)
        )
        connection.exec_driver_sql(
            "UPDATE pmpk_conclusion SET conditions = 'ассистент', specialists = ?, "
            "programme = 'адаптированная'",
            (json.dumps(["логопед"]),),
        )
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0010")

    assert current_revision(engine) == "0010"
    assert "specialisms" not in _columns(engine, "staff")
    assert not {"conditions", "specialists", "programme"} & _columns(engine, "pmpk_conclusion")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT role FROM staff").scalar() == "psychologist"
        kept = connection.exec_driver_sql(
            "SELECT number, recommendations, valid_until FROM pmpk_conclusion"
        ).one()
    assert kept[0] == "145" and kept[1] == EARLIER and str(kept[2]) == "2027-05-20"

    assert upgrade(engine) is True
    assert "specialisms" in _columns(engine, "staff")
    engine.dispose()
