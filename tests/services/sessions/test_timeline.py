"""A child's timeline: every kind of entry, newest first, paged by date."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Consent,
    Family,
    Goal,
    GoalRating,
    HomePractice,
    PlanReview,
    PmpkConclusion,
    Referral,
    Room,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.db.types import utcnow
from caseroom.errors import NotFoundError
from caseroom.services.common import Actor
from caseroom.services.sessions.timeline import TimelineKind, child_timeline


def _meet(
    session: Session,
    room: Room,
    staff: Staff,
    day: date,
    kind: str,
    people: list[Child | Caregiver],
    status: str = "held",
    came: str = "present",
    topic: str | None = None,
    archived: bool = False,
) -> SessionRecord:
    record = SessionRecord(
        room_id=room.id,
        held_on=day,
        kind=kind,
        status=status,
        staff_id=staff.id,
        topic=topic,
        archived_at=utcnow() if archived else None,
    )
    session.add(record)
    session.flush()
    for person in people:
        row = Attendance(session_id=record.id, status=came)
        if isinstance(person, Child):
            row.child_id = person.id
        else:
            row.caregiver_id = person.id
        session.add(row)
    session.flush()
    return record


@pytest.fixture
def history(
    session: Session,
    room: Room,
    staff: Staff,
    family: Family,
    caregiver: Caregiver,
    child: Child,
    actor: Actor,
) -> dict[str, uuid.UUID]:
    """One record of each kind for `child`, and some that must not show."""
    ids: dict[str, uuid.UUID] = {}
    ids["session"] = _meet(
        session,
        room,
        staff,
        date(2026, 10, 1),
        "individual",
        [child],
        came="absent",
        topic="Sounds",
    ).id
    ids["planned"] = _meet(
        session, room, staff, date(2026, 12, 1), "individual", [child], status="planned"
    ).id
    ids["consultation"] = _meet(
        session, room, staff, date(2026, 10, 2), "parent_consultation", [caregiver], topic="Sleep"
    ).id
    ids["joint"] = _meet(session, room, staff, date(2026, 10, 3), "joint", [child, caregiver]).id
    _meet(session, room, staff, date(2026, 10, 4), "individual", [child], archived=True)
    other_family = Family(room_id=room.id, display_name="Ivanov")
    session.add(other_family)
    session.flush()
    olga = Caregiver(
        family_id=other_family.id, last_name="Ivanova", first_name="Olga", relation="mother"
    )
    session.add(olga)
    session.flush()
    _meet(session, room, staff, date(2026, 10, 5), "parent_consultation", [olga])

    plan = SupportPlan(child_id=child.id, starts_on=date(2026, 9, 5), ends_on=date(2027, 5, 25))
    session.add(plan)
    session.flush()
    ids["plan"] = plan.id
    review = PlanReview(plan_id=plan.id, reviewed_on=date(2026, 10, 25), summary="On track")
    goal = Goal(plan_id=plan.id, domain="speech", description="Names ten objects")
    session.add_all([review, goal])
    session.flush()
    ids["review"] = review.id
    rating = GoalRating(
        goal_id=goal.id, checkpoint="q1", rated_on=date(2026, 10, 28), rating="moderate"
    )
    pmpk = PmpkConclusion(
        child_id=child.id,
        issued_on=date(2026, 8, 20),
        number="154",
        recommendations="Speech therapist",
    )
    consent = Consent(
        scope="psych_diagnostics",
        child_id=child.id,
        signer_name="Seitkali Gulnara",
        given_on=date(2026, 9, 2),
        withdrawn_on=date(2026, 11, 10),
        withdrawal_note="Moved away",
        recorded_by_id=staff.id,
    )
    referral = Referral(
        child_id=child.id, to_whom="Regional PMPK", referred_on=date(2026, 11, 5), status="sent"
    )
    practice = HomePractice(
        caregiver_id=caregiver.id,
        child_id=child.id,
        task="Read together",
        given_on=date(2026, 10, 2),
        outcome="done",
        checked_on=date(2026, 10, 9),
        follow_up="Longer books",
    )
    archived_practice = HomePractice(
        caregiver_id=caregiver.id,
        child_id=child.id,
        task="Mistake",
        given_on=date(2026, 10, 6),
        archived_at=utcnow(),
    )
    session.add_all([rating, pmpk, consent, referral, practice, archived_practice])
    session.flush()
    ids.update(rating=rating.id, pmpk=pmpk.id, consent=consent.id, referral=referral.id)
    ids["practice"] = practice.id
    return ids


def test_timeline_holds_every_kind_newest_first(
    session: Session, actor: Actor, child: Child, history: dict[str, uuid.UUID]
) -> None:
    entries = child_timeline(session, actor=actor, child_id=child.id)
    k = TimelineKind
    assert [(e.on, e.kind, e.title, e.detail, e.record_id) for e in entries] == [
        (date(2026, 12, 1), k.SESSION, "individual session (planned)", None, history["planned"]),
        (
            date(2026, 11, 10),
            k.CONSENT_WITHDRAWN,
            "Consent withdrawn: psychological diagnostics",
            "Moved away",
            history["consent"],
        ),
        (
            date(2026, 11, 5),
            k.REFERRAL,
            "Referral to Regional PMPK (sent)",
            None,
            history["referral"],
        ),
        (
            date(2026, 10, 28),
            k.GOAL_RATING,
            "Goal rated at quarter 1: moderate",
            "Names ten objects",
            history["rating"],
        ),
        (date(2026, 10, 25), k.PLAN_REVIEW, "Support plan reviewed", "On track", history["review"]),
        (
            date(2026, 10, 9),
            k.PRACTICE_CHECKED,
            "Home practice checked: done",
            "Longer books",
            history["practice"],
        ),
        (
            date(2026, 10, 3),
            k.SESSION,
            "joint parent–child session (present)",
            None,
            history["joint"],
        ),
        (
            date(2026, 10, 2),
            k.PRACTICE_GIVEN,
            "Home practice given",
            "Read together",
            history["practice"],
        ),
        (
            date(2026, 10, 2),
            k.FAMILY_SESSION,
            "parent consultation with a caregiver (held)",
            "Sleep",
            history["consultation"],
        ),
        (date(2026, 10, 1), k.SESSION, "individual session (absent)", "Sounds", history["session"]),
        (date(2026, 9, 5), k.PLAN, "Support plan until 25.05.2027", None, history["plan"]),
        (
            date(2026, 9, 2),
            k.CONSENT_GIVEN,
            "Consent given: psychological diagnostics",
            None,
            history["consent"],
        ),
        (date(2026, 8, 20), k.PMPK, "PMPK conclusion No. 154", "Speech therapist", history["pmpk"]),
    ]


def test_paging_by_date_never_splits_a_day(
    session: Session, actor: Actor, child: Child, history: dict[str, uuid.UUID]
) -> None:
    # Seven entries run from 01.12 to 03.10; the eighth and ninth are both on 02.10, so a
    # page of 8 would split that day: it moves whole to the next page.
    page = child_timeline(session, actor=actor, child_id=child.id, limit=8)
    assert [e.on for e in page][-1] == date(2026, 10, 3)
    assert len(page) == 7
    rest = child_timeline(session, actor=actor, child_id=child.id, before=page[-1].on)
    assert [e.on for e in rest][:2] == [date(2026, 10, 2), date(2026, 10, 2)]
    assert len(page) + len(rest) == 13
    assert child_timeline(session, actor=actor, child_id=child.id, before=date(2026, 8, 20)) == []


def test_one_crowded_day_is_cut_at_the_limit(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    for _ in range(3):
        _meet(session, room, staff, date(2026, 10, 1), "individual", [child])
    page = child_timeline(session, actor=actor, child_id=child.id, limit=2)
    assert [e.on for e in page] == [date(2026, 10, 1), date(2026, 10, 1)]


def test_unknown_child(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="This child was not found"):
        child_timeline(session, actor=actor, child_id=uuid.uuid4())
