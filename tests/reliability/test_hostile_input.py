"""Hostile text through the main create services and the searches: control characters,
NUL, huge strings, SQL-looking text, right-to-left marks, emoji. Each value is either
stored and read back exactly (surrounding whitespace stripped) or refused with a clear
`UserError`; nothing else escapes, and the file stays sound (integrity and the full-text
index's own check)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, time
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlmodel import Session

from caseroom.db.models import Child, Family, Room, Staff
from caseroom.db.search import SESSION_INDEX
from caseroom.errors import UserError
from caseroom.services.common import Actor, clean_text
from caseroom.services.people.children import ChildInput, create_child, get_child
from caseroom.services.people.families import FamilyInput, create_family, get_family
from caseroom.services.people.search import global_search
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    get_session,
    log_session,
    search_notes,
)
from caseroom.vocab import SessionKind

T = TypeVar("T")
TODAY = date(2026, 11, 23)

NASTY = [
    "'; DROP TABLE child; --",
    "Robert'); DELETE FROM family WHERE ('1'='1",
    '" OR 1=1 --',
    "x' UNION SELECT password_hash FROM account --",
    "%_\\%",
    "NULL",
    'NEAR("a" "b") AND * OR NOT "',  # FTS5 query syntax
    "^*:-()",
    "\u202eреволюция\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # RLM, Hebrew, Arabic
    "👩\u200d👧\u200d👦 🇰🇿 Әсел",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31mred\x1b[0m\x7f",
    "\r\n\t\x0b\x0c",
    "Ә Ғ Қ Ң Ө Ұ Ү Һ І",
    "\ufeffBOM",
    "\U0010ffff\ue000",
]
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=10)),
)
maybe_hostile = st.one_of(st.none(), hostile)
FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def stored_or_refused(session: Session, write: Callable[[], T]) -> T | None:
    """`write()` inside a savepoint: its result, or None when it was refused with a
    UserError (the savepoint rolled back). Any other exception fails the test."""
    savepoint = session.begin_nested()
    try:
        result = write()
    except UserError as error:
        savepoint.rollback()
        assert str(error).strip(), "a refusal must say why"
        return None
    savepoint.commit()
    session.expire_all()  # read back from the file, not from the identity map
    return result


def assert_sound(session: Session) -> None:
    """The file passes SQLite's integrity check and the FTS index's own check."""
    session.commit()
    assert session.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    session.execute(text(f"INSERT INTO {SESSION_INDEX}({SESSION_INDEX}) VALUES('integrity-check')"))


@FAST
@given(name=hostile, address=maybe_hostile, locality=maybe_hostile, notes=maybe_hostile)
def test_families(
    session: Session, room: Room, actor: Actor,
    name: str, address: str | None, locality: str | None, notes: str | None,
) -> None:  # fmt: skip
    data = FamilyInput(display_name=name, address=address, locality=locality, notes=notes)

    made = stored_or_refused(
        session, lambda: create_family(session, actor=actor, room_id=room.id, data=data)
    )

    if made is not None:
        read = get_family(session, actor=actor, family_id=made.id)
        assert read.display_name == clean_text(name)
        assert (read.address, read.locality) == (clean_text(address), clean_text(locality))
        assert read.notes == clean_text(notes)
    assert_sound(session)


@FAST
@given(last=hostile, first=hostile, patronymic=maybe_hostile, school=maybe_hostile,
       notes=maybe_hostile)  # fmt: skip
def test_children(
    session: Session, family: Family, actor: Actor,
    last: str, first: str, patronymic: str | None, school: str | None, notes: str | None,
) -> None:  # fmt: skip
    data = ChildInput(
        family_id=family.id,
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        birth_date=date(2017, 3, 14),
        school=school,
        notes=notes,
        enrolled_on=date(2026, 9, 1),
    )

    made = stored_or_refused(
        session, lambda: create_child(session, actor=actor, data=data, today=TODAY)
    )

    if made is not None:
        read = get_child(session, actor=actor, child_id=made.id)
        assert (read.school, read.notes) == (clean_text(school), clean_text(notes))
        assert read.last_name and read.first_name  # names may be tidied, never lost
    assert_sound(session)


@FAST
@given(topic=maybe_hostile, notes=maybe_hostile, agreed=maybe_hostile, query=hostile)
def test_sessions_and_note_search(
    session: Session, child: Child, staff: Staff, actor: Actor,
    topic: str | None, notes: str | None, agreed: str | None, query: str,
) -> None:  # fmt: skip
    data = SessionInput(
        held_on=date(2026, 11, 20),
        kind=SessionKind.INDIVIDUAL,
        staff_id=staff.id,
        starts_at=time(10, 0),
        minutes=40,
        topic=topic,
        notes=notes,
        agreed=agreed,
        children=(AttendeeInput(child.id),),
    )

    session.commit()  # the fixtures' rows stay; each example's session is undone
    outer = session.begin_nested()
    made = stored_or_refused(
        session, lambda: log_session(session, actor=actor, data=data, today=TODAY)
    )

    if made is not None:
        read = get_session(session, actor=actor, session_id=made.id)
        assert (read.topic, read.notes, read.agreed) == (
            clean_text(topic), clean_text(notes), clean_text(agreed)
        )  # fmt: skip
    outer.rollback()  # the next example uses the same time slot
    for search in (search_notes, global_search):
        stored_or_refused(session, lambda: search(session, actor=actor, text=query))  # noqa: B023
    assert_sound(session)


def test_huge_text_is_stored_whole_or_refused(session: Session, room: Room, actor: Actor) -> None:
    notes = ("Ж\u200f😀'; DROP TABLE family; --\n" * 4_000)[:100_000]  # the longest note
    with_nul = "Ж\u200f😀'; DROP TABLE family; --\x00" * 100_000  # 3.1 M characters, NUL
    huge_name = "Қ" * 100_000

    made = stored_or_refused(
        session,
        lambda: create_family(
            session, actor=actor, room_id=room.id, data=FamilyInput("Seitkali", notes=notes)
        ),
    )
    control = stored_or_refused(
        session,
        lambda: create_family(
            session, actor=actor, room_id=room.id, data=FamilyInput("Seitkali", notes=with_nul)
        ),
    )
    assert control is None  # NUL and 3 M characters: refused with a message
    refused = stored_or_refused(
        session,
        lambda: create_family(session, actor=actor, room_id=room.id, data=FamilyInput(huge_name)),
    )

    assert made is not None
    assert get_family(session, actor=actor, family_id=made.id).notes == notes.strip()
    assert refused is None  # a name of 100,000 letters is refused with a message
    assert_sound(session)


def test_the_families_survive_next_to_hostile_ones(
    session: Session, room: Room, actor: Actor
) -> None:
    """SQL-looking names are data: every table is still there with every row."""
    for value in NASTY:
        stored_or_refused(
            session,
            lambda value=value: create_family(  # type: ignore[misc]
                session, actor=actor, room_id=room.id, data=FamilyInput(value or "x")
            ),
        )
    session.commit()

    names = set(session.execute(text("SELECT display_name FROM family")).scalars())
    tables = set(
        session.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars()
    )

    assert {"child", "family", "session_record", "staff"} <= tables
    assert "'; DROP TABLE child; --" in names
    storable = [
        value
        for value in NASTY
        if clean_text(value) and not any(unicodedata.category(c) == "Cc" for c in value.strip())
    ]
    assert len(names) >= len(storable) - 2
    assert not any(unicodedata.category(c) == "Cc" for name in names for c in name)
