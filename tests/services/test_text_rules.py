"""One rule for stored text (`services.common.checked_text`): no control characters, a
bounded length; newlines and tabs only in notes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import Child, Family, SessionRecord, Staff
from caseroom.errors import ValidationError
from caseroom.services.common import NOTE_MAX, Actor, Problems, checked_text
from caseroom.services.people.children import ChildInput, create_child
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session
from caseroom.vocab import SessionKind

REFUSED = ["\x1b", "\x00", "\x07", "\x7f", "\x85", "\u2028", "\r"]
DAY = date(2026, 10, 5)


def _child(family: Family, **changes: object) -> ChildInput:
    values: dict[str, object] = {
        "family_id": family.id,
        "last_name": "Seitkali",
        "first_name": "Dana",
        "birth_date": date(2017, 5, 2),
    }
    values.update(changes)
    return ChildInput(**values)  # type: ignore[arg-type]


def _session(staff: Staff, child: Child, notes: str) -> SessionInput:
    return SessionInput(
        held_on=DAY,
        kind=SessionKind.INDIVIDUAL,
        staff_id=staff.id,
        minutes=40,
        notes=notes,
        children=(AttendeeInput(child.id),),
    )


@pytest.mark.parametrize("char", REFUSED)
@pytest.mark.parametrize("field", ["last_name", "first_name", "patronymic", "school"])
def test_control_characters_in_a_childs_names_are_refused(
    session: Session, actor: Actor, family: Family, field: str, char: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        create_child(
            session,
            actor=actor,
            data=_child(family, **{field: f"Ai{char}gerim"}),
            today=date(2026, 9, 1),
        )
    assert set(raised.value.problems) == {field}
    assert "control character" in raised.value.problems[field]


@pytest.mark.parametrize("char", ["\n", "\t"])
def test_a_line_break_in_a_name_is_refused(
    session: Session, actor: Actor, family: Family, char: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        create_child(
            session, actor=actor, data=_child(family, first_name=f"Ai{char}gerim"), today=DAY
        )
    assert set(raised.value.problems) == {"first_name"}


@pytest.mark.parametrize("char", REFUSED)
def test_control_characters_in_a_session_note_are_refused(
    session: Session, actor: Actor, staff: Staff, child: Child, char: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        log_session(session, actor=actor, data=_session(staff, child, f"Спокоен{char}."), today=DAY)
    assert set(raised.value.problems) == {"notes"}
    assert "control character" in raised.value.problems["notes"]


def test_newlines_and_tabs_in_a_note_are_kept(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    text = "Первая строка\n\tс отступом\r\nтретья"
    read = log_session(session, actor=actor, data=_session(staff, child, text), today=DAY)
    stored = session.get(SessionRecord, read.id)
    assert stored is not None and stored.notes == text


@pytest.mark.parametrize(("size", "accepted"), [(NOTE_MAX, True), (NOTE_MAX + 1, False)])
def test_a_note_is_at_most_100000_characters(
    session: Session, actor: Actor, staff: Staff, child: Child, size: int, accepted: bool
) -> None:
    text = ("ы " * size)[: size - 1] + "ы"
    data = _session(staff, child, text)
    if accepted:
        read = log_session(session, actor=actor, data=data, today=DAY)
        stored = session.get(SessionRecord, read.id)
        assert stored is not None and stored.notes == text
    else:
        with pytest.raises(ValidationError) as raised:
            log_session(session, actor=actor, data=data, today=DAY)
        assert "100\u00a0000" in raised.value.problems["notes"]


def test_a_childs_notes_follow_the_same_rule(
    session: Session, actor: Actor, family: Family
) -> None:
    with pytest.raises(ValidationError) as raised:
        create_child(session, actor=actor, data=_child(family, notes="a\x1bb"), today=DAY)
    assert set(raised.value.problems) == {"notes"}
    made = create_child(session, actor=actor, data=_child(family, notes="a\n\tb"), today=DAY)
    assert made.notes == "a\n\tb"


def test_the_checker_strips_and_reports_one_problem_per_field() -> None:
    problems = Problems()
    assert checked_text(problems, "title", "  Заголовок  ") == "Заголовок"
    assert checked_text(problems, "empty", "   ", missing="Enter it") is None
    assert checked_text(problems, "long", "x" * 5, limit=4, too_long="At most {limit}") is None
    assert problems.found == {"empty": "Enter it", "long": "At most 4"}
