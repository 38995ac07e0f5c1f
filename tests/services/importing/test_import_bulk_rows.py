"""`insert_rows` stores exactly what SQLAlchemy Core's `executemany` stores, value for value
and type for type, and falls back to Core when a row leaves a column out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, insert
from sqlmodel import Session

from caseroom.db.models import Room, metadata
from caseroom.services.importing import bulk
from caseroom.services.importing.bulk import insert_rows

pytestmark = pytest.mark.sqlite_only(
    "the fast path is for SQLite's qmark driver; stored values read by PRAGMA table_info"
)

NOW = datetime(2026, 11, 23, 8, 30, 15, 123456, tzinfo=UTC)


def _families(room_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = []
    for number, (name, notes) in enumerate((("Омарова", None), ("Ким", "заметка"))):
        rows.append(
            {
                "id": uuid.uuid4(), "created_at": NOW, "updated_at": NOW,
                "archived_at": None if number else NOW, "room_id": room_id,
                "display_name": name, "address": f"ул. Абая, {number}", "locality": None,
                "home_language": "kk", "children_count": number + 1,
                "vulnerability": [] if number else ["large_family"], "notes": notes,
                "search_key": name.lower(), "sort_name": name,
            }
        )  # fmt: skip
    return rows


def _stored(engine: Engine, table: str) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        names = [row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")]
        typed = ", ".join(f"{name}, typeof({name})" for name in names)
        return [tuple(row) for row in connection.exec_driver_sql(f"SELECT {typed} FROM {table}")]


def _room(engine: Engine) -> uuid.UUID:
    with Session(engine) as session:
        room = Room(school_name="Школа", room_name="Кабинет")
        session.add(room)
        session.commit()
        return room.id


def test_rows_are_stored_as_core_stores_them(engine: Engine, tmp_path: Any) -> None:
    from caseroom.db.engine import engine_for_path
    from caseroom.db.migrate import upgrade

    other = engine_for_path(tmp_path / "core.sqlite3")
    upgrade(other)
    try:
        room_id = _room(engine)
        with Session(other) as session:
            session.add(Room(id=room_id, school_name="Школа", room_name="Кабинет"))
            session.commit()
        rows = _families(room_id)
        table = metadata.tables["family"]
        with engine.begin() as connection:
            insert_rows(connection, table, rows)
        with other.begin() as connection:
            connection.execute(insert(table), rows)
        assert _stored(engine, "family") == _stored(other, "family")
        assert len(_stored(engine, "family")) == 2
    finally:
        other.dispose()


def test_a_row_missing_a_column_goes_through_core(engine: Engine, monkeypatch: Any) -> None:
    room_id = _room(engine)
    rows = _families(room_id)
    for row in rows:
        del row["sort_name"]  # Core fills the column's default
    used: list[str] = []
    monkeypatch.setattr(bulk, "_values", lambda *args: used.append("fast") or [])
    with engine.begin() as connection:
        insert_rows(connection, metadata.tables["family"], rows)
    assert used == []
    stored = _stored(engine, "family")
    assert len(stored) == 2
    assert {row[0] for row in stored} == {row["id"].hex for row in rows}


def test_audit_events_are_stored_as_core_stores_them(engine: Engine, tmp_path: Any) -> None:
    from caseroom.db.engine import engine_for_path
    from caseroom.db.migrate import upgrade

    other = engine_for_path(tmp_path / "core.sqlite3")
    upgrade(other)
    try:
        entity = uuid.uuid4()
        rows = [
            {
                "id": uuid.uuid4(), "at": NOW, "actor_id": None, "action": "create",
                "entity": "child", "entity_id": entity, "seq": seq, "chain": f"{seq:064d}",
                "details": {"family_id": str(entity), "grade": seq, "sen": ["speech"],
                            "name": "Әлия"} if seq > 1 else {},
            }
            for seq in (1, 2, 3)
        ]  # fmt: skip
        table = metadata.tables["audit_event"]
        with engine.begin() as connection:
            insert_rows(connection, table, rows)
        with other.begin() as connection:
            connection.execute(insert(table), rows)
        stored = _stored(engine, "audit_event")
        assert stored == _stored(other, "audit_event")
        assert [row[2] for row in stored] == ["2026-11-23 08:30:15.123456"] * 3
    finally:
        other.dispose()
