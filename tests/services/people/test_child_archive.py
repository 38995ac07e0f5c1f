"""A child's archived records, each with its reason, for the child card's "Show archived"."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import (
    Attendance,
    AuditEvent,
    Caregiver,
    Child,
    Goal,
    HomePractice,
    ParentGoal,
    PmpkConclusion,
    Referral,
    Room,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.db.models_wellbeing import WellbeingCheckin
from caseroom.errors import PermissionDeniedError
from caseroom.services.common import Actor
from caseroom.services.parents.goals import archive_parent_goal
from caseroom.services.parents.practice import archive_practice
from caseroom.services.parents.referrals import archive_referral
from caseroom.services.people.child_archive import archived_of_child
from caseroom.services.plans.goals import archive_goal
from caseroom.services.plans.plans import archive_plan
from caseroom.services.plans.pmpk import archive_conclusion
from caseroom.services.sessions.archive import archive_session_for
from caseroom.services.wellbeing.checkin_archive import archive_checkin_for

ASSISTANT = Actor(staff_id=None, role="assistant")


def _views(session: Session, entity: str) -> int:
    query = select(AuditEvent).where(
        col(AuditEvent.entity) == entity, col(AuditEvent.action) == "view"
    )
    return len(list(session.scalars(query)))


@pytest.fixture
def plan(session: Session, child: Child) -> SupportPlan:
    record = SupportPlan(child_id=child.id, starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31))
    session.add(record)
    session.flush()
    return record


def test_each_kind_is_listed_with_its_reason_newest_first(
    session: Session,
    actor: Actor,
    room: Room,
    staff: Staff,
    child: Child,
    caregiver: Caregiver,
    plan: SupportPlan,
) -> None:
    goal = Goal(plan_id=plan.id, domain="communication", description="Asks for help")
    kept = Goal(plan_id=plan.id, domain="communication", description="Names feelings")
    held = SessionRecord(
        room_id=room.id,
        held_on=date(2026, 10, 2),
        starts_at=time(10, 0),
        kind="individual",
        staff_id=staff.id,
        topic="Turn taking",
    )
    session.add_all([goal, kept, held])
    session.flush()
    conclusion = PmpkConclusion(child_id=child.id, issued_on=date(2026, 5, 1), number="17")
    referral = Referral(caregiver_id=caregiver.id, to_whom="Clinic", referred_on=date(2026, 10, 3))
    task = HomePractice(
        caregiver_id=caregiver.id, child_id=child.id, task="Read aloud", given_on=date(2026, 10, 5)
    )
    own = ParentGoal(caregiver_id=caregiver.id, description="Rest", set_on=date(2026, 10, 6))
    checkin = WellbeingCheckin(
        caregiver_id=caregiver.id,
        instrument_id="who5",
        given_on=date(2026, 10, 7),
        mode="in_person",
        total=6,
        scaled_total=24,
    )
    session.add_all(
        [
            conclusion,
            referral,
            task,
            own,
            checkin,
            Attendance(session_id=held.id, child_id=child.id),
        ]
    )
    session.flush()
    assert archived_of_child(session, actor=actor, child_id=child.id) == []

    archive_goal(session, actor=actor, goal_id=goal.id, reason="mistake")
    archive_session_for(session, actor=actor, session_id=held.id, reason="duplicate")
    archive_conclusion(session, actor=actor, conclusion_id=conclusion.id, reason="other")
    archive_referral(session, actor=actor, referral_id=referral.id, reason="mistake")
    archive_practice(session, actor=actor, practice_id=task.id, reason="duplicate")
    archive_parent_goal(session, actor=actor, goal_id=own.id, reason="mistake")
    archive_checkin_for(session, actor=actor, checkin_id=checkin.id, reason="mistake")
    found = archived_of_child(session, actor=actor, child_id=child.id)
    by_kind = {record.kind: record for record in found}
    assert set(by_kind) == {
        "goal",
        "session",
        "pmpk",
        "referral",
        "practice",
        "parent_goal",
        "checkin",
    }
    assert by_kind["goal"].text == "Asks for help"
    assert by_kind["goal"].reason == "mistake"
    assert by_kind["session"].text == "Turn taking"
    assert by_kind["session"].code == "individual"
    assert by_kind["session"].reason == "duplicate"
    assert by_kind["pmpk"].text == "17"
    assert by_kind["referral"].caregiver_id == caregiver.id
    assert by_kind["practice"].on == date(2026, 10, 5)
    assert by_kind["checkin"].code == "who5"
    stamps = [record.archived_at for record in found]
    assert stamps == sorted(stamps, reverse=True)
    assert kept.id not in {record.record_id for record in found}
    # The caregiver's own records are audited as read.
    assert _views(session, "parent_goal") == 1
    assert _views(session, "wellbeing_checkin") == 1

    only = archived_of_child(session, actor=actor, child_id=child.id, kinds=("session",))
    assert [record.kind for record in only] == ["session"]


def test_goals_of_an_archived_plan_come_back_with_it_so_only_the_plan_is_listed(
    session: Session, actor: Actor, child: Child, plan: SupportPlan
) -> None:
    goal = Goal(plan_id=plan.id, domain="communication", description="Asks for help")
    session.add(goal)
    session.flush()
    archive_plan(session, actor=actor, plan_id=plan.id, reason="duplicate")
    found = archived_of_child(session, actor=actor, child_id=child.id, kinds=("plan", "goal"))
    assert [(record.kind, record.record_id, record.reason) for record in found] == [
        ("plan", plan.id, "duplicate")
    ]


def test_an_assistant_sees_no_notes_nor_a_caregivers_own_records(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child, caregiver: Caregiver
) -> None:
    held = SessionRecord(
        room_id=room.id,
        held_on=date(2026, 10, 2),
        kind="individual",
        staff_id=staff.id,
        topic="Turn taking",
    )
    own = ParentGoal(caregiver_id=caregiver.id, description="Rest", set_on=date(2026, 10, 6))
    session.add_all([held, own])
    session.flush()
    session.add(Attendance(session_id=held.id, child_id=child.id))
    session.flush()
    archive_session_for(session, actor=actor, session_id=held.id, reason="mistake")
    archive_parent_goal(session, actor=actor, goal_id=own.id, reason="mistake")
    found = archived_of_child(session, actor=ASSISTANT, child_id=child.id)
    assert [(record.kind, record.text) for record in found] == [("session", "")]
    with pytest.raises(PermissionDeniedError):
        archived_of_child(
            session, actor=Actor(staff_id=None, role="administrator"), child_id=child.id
        )


def test_an_unknown_kind_is_a_programming_error(
    session: Session, actor: Actor, child: Child
) -> None:
    with pytest.raises(ValueError, match="not an archived kind"):
        archived_of_child(session, actor=actor, child_id=child.id, kinds=("wish",))
