"""A small room for the printed forms' tests, built directly from the models.

Aigerim Seitkali (SR-2026-0001, born 14.03.2017, grade 3 "А") has her mother Gulnara as
legal representative, Dana Omarova (psychologist, lead) and Asel Kim (speech therapist)
as specialists, an active plan (01.09.2026–31.05.2027, next review 15.01.2027, reviewed on
20.11.2026) with a speech goal and a cognitive goal (rated at the start and in Q1), an
older closed plan, three planned sessions after "today" (23.11.2026) and one before,
held sessions (2 individual, 1 missed), two home tasks open and one done, a PMPK
conclusion, and a sent referral to "ENT clinic" (and an older completed one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlmodel import Session

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    ChildSpecialist,
    Goal,
    GoalRating,
    HomePractice,
    PlanReview,
    PmpkConclusion,
    Referral,
    SessionRecord,
    Staff,
    SupportPlan,
)

TODAY = date(2026, 11, 23)


@dataclass
class World:
    """The records the tests look at."""

    child: Child
    mother: Caregiver
    lead: Staff
    speech: Staff
    plan: SupportPlan
    referral: Referral


def _session(
    session: Session,
    room_id: object,
    staff: Staff,
    child: Child,
    on: date,
    status: str,
    kind: str = "individual",
    at: time | None = time(10, 30),
    mark: str = "expected",
) -> None:
    record = SessionRecord(
        room_id=room_id,
        held_on=on,
        starts_at=at,
        minutes=40,
        kind=kind,
        status=status,
        staff_id=staff.id,
    )
    session.add(record)
    session.flush()
    session.add(Attendance(session_id=record.id, child_id=child.id, status=mark))


def build_world(
    session: Session, room: object, staff: Staff, caregiver: Caregiver, child: Child
) -> World:
    """Fill the room around the conftest's child, mother and psychologist."""
    room_id = room.id  # type: ignore[attr-defined]
    child.class_letter = "А"
    child.school = "School-lyceum No. 12"
    caregiver.phone = "+77011234567"
    staff.phone = "+77770001122"
    speech = Staff(room_id=room_id, last_name="Kim", first_name="Asel", role="speech_therapist")
    session.add(speech)
    session.flush()
    session.add(ChildSpecialist(child_id=child.id, staff_id=staff.id, is_lead=True))
    session.add(ChildSpecialist(child_id=child.id, staff_id=speech.id, is_lead=False))
    old = SupportPlan(
        child_id=child.id, starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31), status="closed"
    )
    plan = SupportPlan(
        child_id=child.id,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 31),
        status="active",
        next_review_on=date(2027, 1, 15),
        author_id=staff.id,
    )
    session.add_all([old, plan])
    session.flush()
    old_goal = Goal(
        plan_id=old.id, domain="fine_motor", description="Holds a pencil", status="achieved"
    )
    speech_goal = Goal(
        plan_id=plan.id,
        domain="speech",
        description="Says two-word phrases",
        baseline="Single words",
        target="Two-word phrases daily",
        criterion="5 of 7 days",
        sort_order=2,
    )
    thinking = Goal(
        plan_id=plan.id, domain="cognitive", description="Sorts by colour", sort_order=1
    )
    session.add_all([old_goal, speech_goal, thinking])
    session.flush()
    session.add_all(
        [
            GoalRating(
                goal_id=speech_goal.id,
                checkpoint="q1",
                rated_on=date(2026, 10, 25),
                rating="moderate",
            ),
            GoalRating(
                goal_id=speech_goal.id,
                checkpoint="start",
                rated_on=date(2026, 9, 20),
                rating="none",
            ),
            GoalRating(
                goal_id=old_goal.id, checkpoint="end", rated_on=date(2026, 5, 20), rating="high"
            ),
            PlanReview(plan_id=plan.id, reviewed_on=date(2026, 11, 20)),
            PmpkConclusion(
                child_id=child.id,
                issued_on=date(2026, 8, 9),
                number="10/26",
                recommendations="Speech therapy twice a week",
            ),
        ]
    )
    _session(session, room_id, staff, child, date(2026, 11, 20), "planned")  # before today
    _session(session, room_id, speech, child, date(2026, 11, 26), "planned", at=time(9, 0))
    _session(session, room_id, staff, child, date(2026, 11, 24), "planned", kind="group")
    _session(session, room_id, staff, child, date(2026, 12, 1), "planned", at=None)
    _session(session, room_id, staff, child, date(2026, 10, 1), "held", mark="present")
    _session(session, room_id, staff, child, date(2026, 10, 8), "held", mark="present")
    _session(session, room_id, staff, child, date(2026, 10, 15), "held", mark="absent")
    session.add_all(
        [
            HomePractice(
                caregiver_id=caregiver.id,
                child_id=child.id,
                goal_id=speech_goal.id,
                task="Name five toys at bath time",
                given_on=date(2026, 11, 20),
                due_on=date(2026, 11, 27),
            ),
            HomePractice(
                caregiver_id=caregiver.id,
                child_id=child.id,
                task="Read a picture book together",
                given_on=date(2026, 11, 10),
            ),
            HomePractice(
                caregiver_id=caregiver.id,
                child_id=child.id,
                goal_id=speech_goal.id,
                task="Done already",
                given_on=date(2026, 11, 1),
                outcome="done",
            ),
        ]
    )
    done = Referral(
        child_id=child.id,
        to_whom="Old clinic",
        referred_on=date(2026, 9, 5),
        status="completed",
        staff_id=staff.id,
    )
    referral = Referral(
        child_id=child.id,
        to_whom="ENT clinic",
        reason="Hearing check",
        referred_on=date(2026, 11, 2),
        status="sent",
        staff_id=staff.id,
    )
    session.add_all([done, referral])
    session.flush()
    return World(child, caregiver, staff, speech, plan, referral)
