"""What is due: plan reviews, PMPK conclusions, home practice and today's sessions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Family,
    HomePractice,
    PmpkConclusion,
    Room,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.db.types import utcnow
from caseroom.services.common import Actor
from caseroom.services.plans.due import DueKind, due_kind_label, what_is_due

TODAY = date(2026, 11, 23)


def _child(
    session: Session, room: Room, family: Family, case: str, first: str, **more: object
) -> Child:
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number=case,
        last_name="Seitkali",
        first_name=first,
        birth_date=date(2016, 1, 1),
        enrolled_on=date(2026, 9, 1),
        **more,
    )
    session.add(record)
    session.flush()
    return record


def _plan(
    session: Session,
    child: Child,
    review: date | None,
    status: str = "active",
    archived: bool = False,
) -> SupportPlan:
    record = SupportPlan(
        child_id=child.id,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 25),
        status=status,
        next_review_on=review,
        archived_at=utcnow() if archived else None,
    )
    session.add(record)
    session.flush()
    return record


def _pmpk(
    session: Session, child: Child, issued: date, until: date | None, number: str
) -> PmpkConclusion:
    record = PmpkConclusion(child_id=child.id, issued_on=issued, number=number, valid_until=until)
    session.add(record)
    session.flush()
    return record


def _session(
    session: Session,
    room: Room,
    staff: Staff,
    day: date,
    status: str,
    people: list[Child],
    topic: str | None = None,
) -> SessionRecord:
    record = SessionRecord(
        room_id=room.id, held_on=day, kind="group", status=status, staff_id=staff.id, topic=topic
    )
    session.add(record)
    session.flush()
    for person in people:
        session.add(Attendance(session_id=record.id, child_id=person.id))
    session.flush()
    return record


def test_what_is_due_lists_each_kind_sorted(
    session: Session,
    actor: Actor,
    room: Room,
    staff: Staff,
    family: Family,
    caregiver: Caregiver,
    child: Child,
) -> None:
    dana = _child(session, room, family, "SR-2026-0002", "Dana")
    left = _child(session, room, family, "SR-2026-0003", "Erlan", status="left")

    overdue_plan = _plan(session, child, date(2026, 11, 20))
    review_today = _plan(session, dana, TODAY)
    _plan(session, dana, date(2026, 11, 24))  # tomorrow: not due yet
    _plan(session, dana, date(2026, 11, 1), status="draft")
    _plan(session, dana, date(2026, 11, 1), archived=True)
    _plan(session, left, date(2026, 11, 1))  # child left the room

    expired = _pmpk(session, child, date(2025, 11, 1), date(2026, 11, 10), "17")
    ends_in_30 = _pmpk(session, dana, date(2025, 12, 20), date(2026, 12, 23), "18")
    _pmpk(session, dana, date(2025, 12, 1), date(2026, 12, 24), "19")  # 31 days: not yet
    replaced = _pmpk(session, dana, date(2024, 1, 1), date(2025, 1, 1), "20")
    _pmpk(session, left, date(2025, 1, 1), date(2026, 11, 30), "21")
    _pmpk(session, child, date(2024, 1, 1), None, "22")  # older, replaced anyway

    task = HomePractice(
        caregiver_id=caregiver.id,
        child_id=child.id,
        task="Read together",
        given_on=date(2026, 11, 1),
        due_on=date(2026, 11, 15),
    )
    undated = HomePractice(
        caregiver_id=caregiver.id,
        child_id=dana.id,
        task="Count stairs",
        given_on=date(2026, 11, 2),
    )
    session.add_all([task, undated])
    session.flush()

    single = _session(session, room, staff, TODAY, "planned", [child], "Breathing")
    several = _session(session, room, staff, TODAY, "planned", [child, dana])
    _session(session, room, staff, TODAY, "held", [child])
    _session(session, room, staff, date(2026, 11, 24), "planned", [child])

    due = what_is_due(session, actor=actor, today=TODAY)
    first_kinds = {DueKind.PMPK_EXPIRY, DueKind.HOME_PRACTICE, DueKind.PLAN_REVIEW}
    first_kinds.add(DueKind.SESSION_TODAY)  # the warnings added later: test_due_warnings
    assert [(i.kind, i.record_id, i.on, i.overdue) for i in due.items if i.kind in first_kinds] == [
        (DueKind.PMPK_EXPIRY, expired.id, date(2026, 11, 10), True),
        (DueKind.HOME_PRACTICE, task.id, date(2026, 11, 15), True),
        (DueKind.HOME_PRACTICE, undated.id, date(2026, 11, 16), True),
        (DueKind.PLAN_REVIEW, overdue_plan.id, date(2026, 11, 20), True),
        (DueKind.PLAN_REVIEW, review_today.id, TODAY, False),
        (DueKind.SESSION_TODAY, several.id, TODAY, False),
        (DueKind.SESSION_TODAY, single.id, TODAY, False),
        (DueKind.PMPK_EXPIRY, ends_in_30.id, date(2026, 12, 23), False),
    ]
    assert sum(1 for i in due.items if i.kind in first_kinds and i.overdue) == 4
    assert replaced.id not in {i.record_id for i in due.items}
    [expired_item] = [i for i in due.items if i.record_id == expired.id]
    assert (expired_item.child_id, expired_item.child_name, expired_item.detail) == (
        child.id,
        "Seitkali Aigerim",
        "17",
    )
    sessions = due.of_kind(DueKind.SESSION_TODAY)
    assert [(i.child_id, i.child_name, i.detail) for i in sessions] == [
        (None, None, None),
        (child.id, "Seitkali Aigerim", "Breathing"),
    ]
    assert due.of_kind(DueKind.HOME_PRACTICE)[1].detail == "Count stairs"


@pytest.mark.parametrize(("within", "count"), [(0, 0), (29, 0), (30, 1), (31, 2)])
def test_pmpk_window(
    session: Session,
    actor: Actor,
    room: Room,
    family: Family,
    child: Child,
    within: int,
    count: int,
) -> None:
    dana = _child(session, room, family, "SR-2026-0002", "Dana")
    _pmpk(session, child, date(2025, 12, 23), date(2026, 12, 23), "1")
    _pmpk(session, dana, date(2025, 12, 24), date(2026, 12, 24), "2")
    due = what_is_due(session, actor=actor, today=TODAY, within_days=within)
    assert len(due.of_kind(DueKind.PMPK_EXPIRY)) == count


def test_nothing_due_and_labels(session: Session, actor: Actor, room: Room) -> None:
    due = what_is_due(session, actor=actor, today=TODAY)
    assert (due.items, due.overdue_count, due.today) == ((), 0, TODAY)
    assert due_kind_label(DueKind.PMPK_EXPIRY) == "PMPK conclusion ends"
