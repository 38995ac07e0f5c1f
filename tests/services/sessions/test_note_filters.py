"""The notes search narrowed by child, by specialist and by the dates sessions were held."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest
from sqlmodel import Session

from caseroom.db.models import Child, Family, Room, Staff
from caseroom.services.common import Actor
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    log_session,
    search_notes,
)
from caseroom.vocab import SessionKind


@pytest.fixture
def brother(session: Session, room: Room, family: Family) -> Child:
    """A second child of the family."""
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number="SR-2026-0002",
        last_name="Seitkali",
        first_name="Nurlan",
        birth_date=date(2015, 5, 2),
        enrolled_on=date(2026, 9, 1),
    )
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def therapist(session: Session, room: Room) -> Staff:
    """A speech therapist of the room."""
    member = Staff(room_id=room.id, last_name="Ivanova", first_name="Olga", role="speech")
    session.add(member)
    session.flush()
    return member


def _log(
    session: Session, actor: Actor, staff: Staff, child: Child, held_on: date, today: date
) -> uuid.UUID:
    data = SessionInput(
        held_on=held_on,
        kind=SessionKind.INDIVIDUAL,
        staff_id=staff.id,
        starts_at=time(10, 30),
        minutes=40,
        topic="Attention",
        notes="Внимание держит 10 минут.",
        children=(AttendeeInput(child.id),),
    )
    return log_session(session, actor=actor, data=data, today=today).id


def test_filters_by_child_specialist_and_dates(
    session: Session,
    actor: Actor,
    staff: Staff,
    therapist: Staff,
    child: Child,
    brother: Child,
    today: date,
) -> None:
    hers = _log(session, actor, staff, child, date(2026, 11, 2), today)
    his = _log(session, actor, staff, brother, date(2026, 11, 10), today)
    speech = _log(session, actor, therapist, child, date(2026, 11, 20), today)

    def found(**filters: object) -> set[uuid.UUID]:
        hits = search_notes(session, actor=actor, text="внимание", **filters)  # type: ignore[arg-type]
        return {hit.session_id for hit in hits}

    assert found() == {hers, his, speech}
    assert found(child_id=child.id) == {hers, speech}
    assert found(child_id=brother.id) == {his}
    assert found(staff_id=therapist.id) == {speech}
    assert found(staff_id=staff.id, child_id=child.id) == {hers}
    assert found(start=date(2026, 11, 10)) == {his, speech}
    assert found(end=date(2026, 11, 10)) == {hers, his}
    assert found(start=date(2026, 11, 3), end=date(2026, 11, 19)) == {his}
    assert found(start=date(2026, 11, 21)) == set()
    assert len(search_notes(session, actor=actor, text="внимание", limit=2)) == 2
    assert len(search_notes(session, actor=actor, text="внимание", limit=1, start=today)) == 0
