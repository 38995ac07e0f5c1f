"""The session-notes index: folding, quoting of user input, incremental and bulk upkeep."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, insert, select, text
from sqlmodel import Session

from caseroom.db.models import Room, SessionRecord, Staff
from caseroom.db.search import (
    SESSION_INDEX,
    fts_query,
    index_sessions,
    is_search_index_object,
    rebuild_session_index,
    remove_sessions,
    search_session_ids,
    snippet,
)
from caseroom.db.types import utcnow


def _session(session: Session, staff: Staff, notes: str, **extra: object) -> uuid.UUID:
    record = SessionRecord(
        room_id=staff.room_id,
        held_on=date(2026, 11, 20),
        kind="individual",
        staff_id=staff.id,
        notes=notes,
        **extra,
    )
    session.add(record)
    session.flush()
    return record.id


def _search(session: Session, query: str, limit: int = 50) -> list[uuid.UUID]:
    return search_session_ids(session.connection(), query, limit)


def _index_rows(session: Session) -> int:
    return int(session.execute(text(f"SELECT count(*) FROM {SESSION_INDEX}")).scalar_one())


def test_fts_query_quotes_every_word_and_prefixes_the_last() -> None:
    assert fts_query("Внимание") == '("внимание"* OR "vnimane"*)'
    assert fts_query("внимание AND (память") == (
        '("внимание" OR "vnimane") AND ("and") AND ("память"* OR "pamiat"*)'
    )
    assert fts_query("Aigerim Айгерим") == '("aigerim") AND ("айгерим"* OR "aigerim"*)'
    assert fts_query('a"b*') == '("a") AND ("b"*)'


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "-", "(", ")", "_", '"*-()^:'])
def test_a_query_without_words_finds_nothing(query: str) -> None:
    assert fts_query(query) is None


def test_index_and_search_cyrillic_in_any_case(session: Session, staff: Staff) -> None:
    attention = _session(session, staff, "ВНИМАНИЕ держит 10 минут; ребёнок спокоен")
    names = _session(session, staff, "Мама Айгерим пришла с младшим", topic="Консультация")
    index_sessions(session, [attention, names])
    assert _search(session, "внимание") == [attention]
    assert _search(session, "Внимание") == [attention]
    assert _search(session, "внимани") == [attention]  # a half-typed word, as written
    assert _search(session, "вним") == [attention]
    assert _search(session, "ребенок") == [attention]  # ё and е meet in the folded form
    assert _search(session, "Aigerim") == [names]  # Latin spelling of a Cyrillic name
    assert _search(session, "консультация айгерим") == [names]
    assert _search(session, "внимание айгерим") == []  # every word must match
    assert _search(session, 'NOT "(внимание') == []  # "not" is a word the notes lack
    assert _search(session, "внимание", limit=0) == []


def test_reindexing_replaces_and_archived_sessions_leave(session: Session, staff: Staff) -> None:
    session_id = _session(session, staff, "Первая запись")
    index_sessions(session, [session_id])
    index_sessions(session, [session_id])
    assert _index_rows(session) == 1
    record = session.get(SessionRecord, session_id)
    assert record is not None
    record.notes = "Вторая запись"
    session.flush()
    index_sessions(session, [session_id])
    assert _search(session, "первая") == []
    assert _search(session, "вторая") == [session_id]
    record.archived_at = utcnow()
    session.flush()
    index_sessions(session, [session_id])
    assert _index_rows(session) == 0


def test_remove_sessions(session: Session, staff: Staff) -> None:
    kept = _session(session, staff, "память")
    dropped = _session(session, staff, "память")
    index_sessions(session, [kept, dropped])
    remove_sessions(session, [dropped])
    remove_sessions(session, [])
    assert _search(session, "память") == [kept]


def test_rebuild_fills_the_index_from_bulk_inserts(
    session: Session, room: Room, staff: Staff
) -> None:
    stale = _session(session, staff, "старая заметка")
    index_sessions(session, [stale])
    session.execute(text(f"DELETE FROM {SESSION_INDEX}"))
    session.execute(
        text(f"INSERT INTO {SESSION_INDEX} (session_id, body) VALUES ('nothing', 'призрак')")
    )
    rows = [
        {
            "id": uuid.uuid4(),
            "room_id": room.id,
            "staff_id": staff.id,
            "held_on": date(2026, 10, day),
            "kind": "group",
            "status": "held",
            "confidentiality": "specialist",
            "notes": f"Группа {day}: речь и моторика",
            "agreed": "Домашнее задание" if day == 1 else None,
            "created_at": utcnow(),
            "updated_at": utcnow(),
            "archived_at": utcnow() if day == 3 else None,
        }
        for day in (1, 2, 3)
    ]
    session.execute(insert(SessionRecord), rows)
    assert _search(session, "моторика") == []
    rebuild_session_index(session.connection())
    assert _index_rows(session) == 3  # the stale row, two bulk rows; not the archived one
    assert sorted(_search(session, "моторика")) == sorted([rows[0]["id"], rows[1]["id"]])
    assert _search(session, "домашнее") == [rows[0]["id"]]
    assert _search(session, "старая") == [stale]
    assert _search(session, "призрак") == []
    count = session.execute(select(func.count()).select_from(SessionRecord)).scalar_one()
    assert count == 4


def test_snippet_centres_on_the_first_match() -> None:
    assert snippet(None, "x") == ""
    assert snippet("  короткая   заметка ", "x") == "короткая заметка"
    long_text = "начало " * 20 + "Внимание держит десять минут " + "конец " * 20
    passage = snippet(long_text, "внимание", width=60)
    assert passage.startswith("…") and passage.endswith("…")
    assert "Внимание держит десять минут" in passage
    assert len(passage) <= 62
    assert all(
        word in {"начало", "конец", "Внимание", "держит", "десять", "минут"}
        for word in passage.strip("…").split()
    )
    assert snippet(long_text, "нет-такого", width=30) == "начало начало начало начало…"


def test_index_objects_are_recognised() -> None:
    assert is_search_index_object("session_note_fts")
    assert is_search_index_object("session_note_fts_data")
    assert not is_search_index_object("session_record")
