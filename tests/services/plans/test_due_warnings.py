"""Today's warnings: consents ending or ended, referrals waiting for an outcome, children not
seen for weeks, planned sessions not written up after their day."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Consent,
    Family,
    Referral,
    Room,
    SessionRecord,
    Staff,
)
from caseroom.services.common import Actor
from caseroom.services.plans.due import DueKind, due_kind_label, what_is_due
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session

TODAY = date(2026, 11, 23)


def _child(session: Session, room: Room, family: Family, case: str, first: str) -> Child:
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number=case,
        last_name="Seitkali",
        first_name=first,
        birth_date=date(2016, 1, 1),
        enrolled_on=date(2026, 9, 1),
    )
    session.add(record)
    session.flush()
    return record


def _session(
    session: Session, room: Room, staff: Staff, day: date, status: str, child: Child, came: str
) -> SessionRecord:
    record = SessionRecord(
        room_id=room.id,
        held_on=day,
        kind="individual",
        status=status,
        staff_id=staff.id,
        topic="Sounds",
    )
    session.add(record)
    session.flush()
    session.add(Attendance(session_id=record.id, child_id=child.id, status=came))
    session.flush()
    return record


def _held(
    session: Session, actor: Actor, staff: Staff, day: date, child: Child, came: str
) -> SessionRecord:
    """A held session logged through the service (which keeps the child's figures)."""
    data = SessionInput(
        held_on=day,
        kind="individual",
        staff_id=staff.id,
        topic="Sounds",
        children=(AttendeeInput(child.id, came),),
    )
    logged = log_session(session, actor=actor, data=data, today=TODAY)
    record = session.get(SessionRecord, logged.id)
    assert record is not None
    return record


def _consent(
    session: Session, staff: Staff, given: date, until: date | None, **who: object
) -> Consent:
    record = Consent(
        scope="data_processing",
        signer_name="Seitkali A.",
        given_on=given,
        valid_until=until,
        recorded_by_id=staff.id,
        **who,
    )
    session.add(record)
    session.flush()
    return record


def test_consents_ending_within_30_days_or_ended(
    session: Session, actor: Actor, staff: Staff, child: Child, caregiver: Caregiver
) -> None:
    ended = _consent(session, staff, date(2025, 11, 1), date(2026, 11, 1), child_id=child.id)
    mother = _consent(
        session, staff, date(2025, 12, 1), TODAY + timedelta(days=30), caregiver_id=caregiver.id
    )
    far = _consent(session, staff, date(2026, 1, 1), TODAY + timedelta(days=31), child_id=child.id)
    withdrawn = _consent(
        session, staff, date(2025, 1, 1), TODAY, child_id=child.id, withdrawn_on=date(2026, 3, 1)
    )
    items = what_is_due(session, actor=actor, today=TODAY).of_kind(DueKind.CONSENT_EXPIRY)
    found = {i.record_id: i for i in items}
    assert set(found) == {mother.id}  # the ended one was replaced by the later `far` consent
    assert ended.id not in found and far.id not in found and withdrawn.id not in found
    assert found[mother.id].caregiver_id == caregiver.id and not found[mother.id].overdue
    far.archived_at = far.created_at
    session.flush()
    again = what_is_due(session, actor=actor, today=TODAY).of_kind(DueKind.CONSENT_EXPIRY)
    assert [(i.record_id, i.overdue, i.child_id) for i in again] == [
        (ended.id, True, child.id),
        (mother.id, False, None),
    ]


def test_referrals_with_no_outcome_after_n_days(
    session: Session, actor: Actor, child: Child
) -> None:
    def referral(days_ago: int, **more: object) -> Referral:
        record = Referral(
            child_id=child.id,
            to_whom="Clinic",
            referred_on=TODAY - timedelta(days=days_ago),
            **{"status": "sent", **more},
        )
        session.add(record)
        session.flush()
        return record

    waiting = referral(30)
    referral(29)
    referral(40, outcome="Seen by the neurologist")
    referral(40, status="completed")
    referral(40, confidentiality="safeguarding")
    items = what_is_due(session, actor=actor, today=TODAY, referral_days=30)
    assert [(i.record_id, i.on, i.detail) for i in items.of_kind(DueKind.REFERRAL_WAITING)] == [
        (waiting.id, TODAY, "Clinic")
    ]
    fewer = what_is_due(session, actor=actor, today=TODAY, referral_days=45)
    assert fewer.of_kind(DueKind.REFERRAL_WAITING) == ()


def test_children_not_seen_for_n_weeks(
    session: Session, actor: Actor, room: Room, staff: Staff, family: Family, child: Child
) -> None:
    seen = _child(session, room, family, "SR-2026-0002", "Dana")
    absent = _child(session, room, family, "SR-2026-0003", "Erlan")
    _held(session, actor, staff, TODAY - timedelta(weeks=1), seen, "present")
    _held(session, actor, staff, TODAY - timedelta(weeks=4), child, "present")
    _held(session, actor, staff, TODAY - timedelta(days=2), child, "absent")
    items = what_is_due(session, actor=actor, today=TODAY, no_session_weeks=3)
    not_seen = {i.child_id: i for i in items.of_kind(DueKind.NO_SESSION)}
    assert set(not_seen) == {child.id, absent.id}
    assert not_seen[child.id].on == TODAY - timedelta(weeks=1) and not_seen[child.id].overdue
    assert not_seen[absent.id].on == date(2026, 9, 22)  # never seen: from enrolment
    fewer = what_is_due(session, actor=actor, today=TODAY, no_session_weeks=5)
    assert {i.child_id for i in fewer.of_kind(DueKind.NO_SESSION)} == {absent.id}


def test_planned_sessions_not_written_up_after_their_day(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    yesterday = _session(
        session, room, staff, TODAY - timedelta(days=1), "planned", child, "expected"
    )
    _session(session, room, staff, TODAY, "planned", child, "expected")
    _session(session, room, staff, TODAY - timedelta(days=3), "held", child, "present")
    items = what_is_due(session, actor=actor, today=TODAY).of_kind(DueKind.SESSION_UNWRITTEN)
    assert [(i.record_id, i.child_id, i.overdue, i.detail) for i in items] == [
        (yesterday.id, child.id, True, "Sounds")
    ]
    assistant = Actor(staff_id=actor.staff_id, role="assistant")
    hidden = what_is_due(session, actor=assistant, today=TODAY).of_kind(DueKind.SESSION_UNWRITTEN)
    assert hidden[0].detail is None  # the topic is in the notes
    assert due_kind_label(DueKind.SESSION_UNWRITTEN) == "session not written up"
