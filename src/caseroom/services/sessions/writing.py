"""Sessions: log and correct them (archiving and restoring one, with a reason: `archive`;
reading them, the journal and the note search: `session_journal`, whose names are
importable from here too).

Every write keeps two things in step in the same transaction: the per-child figures on
the child row (`last_session_on`, `sessions_attended`, so lists never aggregate sessions)
and the full-text index of notes (`caseroom.db.search`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from caseroom.db import search
from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Goal,
    SessionGoal,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.i18n import _
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    archive,
    audit,
    checked_text,
    clean_text,
    load,
    touch,
)
from caseroom.services.permissions import Permission, allowed, require
from caseroom.services.sessions.journal import AttendeeRead as AttendeeRead
from caseroom.services.sessions.journal import JournalRow as JournalRow
from caseroom.services.sessions.journal import NoteHit as NoteHit
from caseroom.services.sessions.journal import SessionRead as SessionRead
from caseroom.services.sessions.journal import _read_session
from caseroom.services.sessions.journal import get_session as get_session
from caseroom.services.sessions.journal import may_read_notes as may_read_notes
from caseroom.services.sessions.journal import search_notes as search_notes
from caseroom.services.sessions.journal import sessions_between as sessions_between
from caseroom.services.sessions.journal import sessions_on_day as sessions_on_day
from caseroom.vocab import (
    PARENT_SESSION_KINDS,
    AttendanceStatus,
    Confidentiality,
    SessionKind,
    SessionStatus,
)

MINUTES_MIN, MINUTES_MAX = 1, 600
TEXT_MAX = 300
CAREGIVER_KINDS: frozenset[str] = frozenset(PARENT_SESSION_KINDS | {SessionKind.JOINT})
"""Kinds of session that cannot happen without a caregiver."""


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _valid(kind: type[StrEnum], value: str) -> bool:
    return value in {member.value for member in kind}


@dataclass(frozen=True, slots=True)
class AttendeeInput:
    """A child or caregiver expected at a session, and whether they came."""

    person_id: uuid.UUID
    status: str = AttendanceStatus.PRESENT
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class SessionInput:
    """A session as entered in the journal."""

    held_on: date
    kind: str
    staff_id: uuid.UUID
    starts_at: time | None = None
    minutes: int | None = None
    status: str = SessionStatus.HELD
    topic: str | None = None
    notes: str | None = None
    agreed: str | None = None
    confidentiality: str = Confidentiality.SPECIALIST
    children: tuple[AttendeeInput, ...] = ()
    caregivers: tuple[AttendeeInput, ...] = ()
    goal_ids: tuple[uuid.UUID, ...] = ()


# --- validation ------------------------------------------------------------------------------


def _check_people(
    session: Session,
    problems: Problems,
    field: str,
    model: type[Child] | type[Caregiver],
    people: tuple[AttendeeInput, ...],
) -> list[Any]:
    """The records of the listed people; problems recorded under `field`."""
    if len({person.person_id for person in people}) != len(people):
        problems.add(field, _("The same person is listed twice."))
    found = []
    for person in people:
        record = session.get(model, person.person_id)
        if record is None or record.archived_at is not None:
            problems.add(field, _("Someone in the list was not found or is archived."))
            continue
        found.append(record)
        if not _valid(AttendanceStatus, person.status):
            problems.add(field, _("Choose an attendance status from the list."))
        checked_text(
            problems,
            field,
            person.reason,
            limit=TEXT_MAX,
            too_long=_("A reason is longer than {limit} characters."),
        )
    return found


def _check(session: Session, data: SessionInput, today: date) -> Staff:
    """The session's staff member, or `ValidationError` naming every bad field."""
    problems = Problems()
    if not _valid(SessionKind, data.kind):
        problems.add("kind", _("Choose the kind of session from the list."))
    if not _valid(SessionStatus, data.status):
        problems.add("status", _("Choose the session status from the list."))
    if not _valid(Confidentiality, data.confidentiality):
        problems.add("confidentiality", _("Choose who may see the notes from the list."))
    if data.minutes is not None and not MINUTES_MIN <= data.minutes <= MINUTES_MAX:
        problems.add(
            "minutes",
            _("A session lasts from {low} to {high} minutes.").format(
                low=MINUTES_MIN, high=MINUTES_MAX
            ),
        )
    staff = session.get(Staff, data.staff_id)
    if staff is None or staff.archived_at is not None:
        problems.add("staff_id", _("Choose the specialist from the staff list."))
    checked_text(
        problems,
        "topic",
        data.topic,
        limit=TEXT_MAX,
        too_long=_("The topic is longer than {limit} characters."),
    )
    checked_text(problems, "notes", data.notes, limit=NOTE_MAX, multiline=True)
    checked_text(problems, "agreed", data.agreed, limit=NOTE_MAX, multiline=True)
    if not data.children and not data.caregivers:
        problems.add("attendees", _("Add at least one child or caregiver to the session."))
    children: list[Child] = _check_people(session, problems, "children", Child, data.children)
    _check_people(session, problems, "caregivers", Caregiver, data.caregivers)
    if data.status == SessionStatus.HELD and data.held_on > today:
        problems.add(
            "held_on",
            _("A session on {date} cannot be marked as held: the date is in the future.").format(
                date=_d(data.held_on)
            ),
        )
    if data.status != SessionStatus.PLANNED and any(
        person.status == AttendanceStatus.EXPECTED for person in (*data.children, *data.caregivers)
    ):
        problems.add("attendees", _("Mark whether each person came."))
    for child in children:
        if data.held_on < child.enrolled_on:
            problems.add(
                "held_on",
                _("The session date {date} is before {name} was enrolled on {enrolled}.").format(
                    date=_d(data.held_on),
                    name=f"{child.first_name} {child.last_name}",
                    enrolled=_d(child.enrolled_on),
                ),
            )
    if data.kind == SessionKind.INDIVIDUAL and len(data.children) != 1:
        problems.add("children", _("An individual session has exactly one child."))
    if data.kind in CAREGIVER_KINDS and not data.caregivers:
        problems.add("caregivers", _("Add the caregiver who took part in this session."))
    if data.goal_ids:
        owners = {
            goal_id: child_id
            for goal_id, child_id in session.execute(
                select(col(Goal.id), col(SupportPlan.child_id))
                .join(SupportPlan, col(SupportPlan.id) == col(Goal.plan_id))
                .where(col(Goal.id).in_(data.goal_ids), col(Goal.archived_at).is_(None))
            )
        }
        listed = {person.person_id for person in data.children}
        if any(owners.get(goal_id) not in listed for goal_id in data.goal_ids):
            problems.add(
                "goal_ids", _("Goals worked on must come from the plan of a child at the session.")
            )
    problems.raise_if_any()
    assert staff is not None
    return staff


# --- writing ---------------------------------------------------------------------------------


def _fill(record: SessionRecord, data: SessionInput) -> None:
    record.held_on = data.held_on
    record.starts_at = data.starts_at
    record.minutes = data.minutes
    record.kind = data.kind
    record.status = data.status
    record.staff_id = data.staff_id
    record.topic = clean_text(data.topic)
    record.notes = clean_text(data.notes)
    record.agreed = clean_text(data.agreed)
    record.confidentiality = data.confidentiality


def _stored_status(data: SessionInput, person: AttendeeInput) -> str:
    """At a planned session everyone is still expected, whatever the form said."""
    return (
        AttendanceStatus.EXPECTED.value if data.status == SessionStatus.PLANNED else person.status
    )


def _sync_attendance(session: Session, record: SessionRecord, data: SessionInput) -> set[uuid.UUID]:
    """Make the stored attendance match `data`; the ids of children listed before."""
    existing = list(
        session.scalars(select(Attendance).where(col(Attendance.session_id) == record.id))
    )
    by_person = {row.child_id or row.caregiver_id: row for row in existing}
    wanted = [(p, True) for p in data.children] + [(p, False) for p in data.caregivers]
    for person, is_child in wanted:
        row = by_person.pop(person.person_id, None)
        if row is None:
            row = Attendance(session_id=record.id)
            if is_child:
                row.child_id = person.person_id
            else:
                row.caregiver_id = person.person_id
            session.add(row)
        elif row.archived_at is not None or row.status != _stored_status(data, person):
            touch(row)
        row.status = _stored_status(data, person)
        row.reason = clean_text(person.reason)
        row.archived_at = None
    for row in by_person.values():
        if row.archived_at is None:
            archive(row)
    # The link rows hold nothing but the pair of ids, so they are replaced outright.
    session.execute(delete(SessionGoal).where(col(SessionGoal.session_id) == record.id))
    session.add_all(SessionGoal(session_id=record.id, goal_id=goal_id) for goal_id in data.goal_ids)
    return {row.child_id for row in existing if row.child_id is not None}


def _refresh_children(session: Session, child_ids: Iterable[uuid.UUID]) -> None:
    """Recompute `last_session_on` and `sessions_attended` of the given children only."""
    session.flush()
    for child_id in set(child_ids):
        last, count = session.execute(
            select(func.max(col(SessionRecord.held_on)), func.count())
            .select_from(Attendance)
            .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
            .where(
                col(Attendance.child_id) == child_id,
                col(Attendance.status) == AttendanceStatus.PRESENT.value,
                col(Attendance.archived_at).is_(None),
                col(SessionRecord.status) == SessionStatus.HELD.value,
                col(SessionRecord.archived_at).is_(None),
            )
        ).one()
        child = session.get(Child, child_id)
        if child is not None:
            child.last_session_on = last
            child.sessions_attended = count
    session.flush()


def _details(data: SessionInput) -> dict[str, Any]:
    return {
        "kind": data.kind,
        "status": data.status,
        "children": [str(person.person_id) for person in data.children],
        "caregivers": [str(person.person_id) for person in data.caregivers],
    }


def _require_write(actor: Actor, data: SessionInput) -> bool:
    """Check that `actor` may write this session; whether they may write its notes.

    Someone who may schedule sessions but not write notes (an assistant) must leave the
    topic, notes and agreements empty; a correction by them keeps the stored ones.
    """
    require(actor, Permission.SCHEDULE_SESSIONS)
    if allowed(actor, Permission.WRITE_NOTES):
        return True
    if any(clean_text(text) for text in (data.topic, data.notes, data.agreed)):
        require(actor, Permission.WRITE_NOTES)
    return False


def log_session(
    session: Session, *, actor: Actor, data: SessionInput, today: date | None = None
) -> SessionRead:
    """Record a session with its attendance and the goals worked on."""
    _require_write(actor, data)
    staff = _check(session, data, today or date.today())
    record = SessionRecord(
        room_id=staff.room_id, held_on=data.held_on, kind=data.kind, staff_id=staff.id
    )
    _fill(record, data)
    session.add(record)
    session.flush()
    _sync_attendance(session, record, data)
    _refresh_children(session, (person.person_id for person in data.children))
    search.index_sessions(session, [record.id])
    audit(
        session,
        actor=actor,
        action="create",
        entity="session",
        entity_id=record.id,
        details=_details(data),
    )
    return _read_session(session, actor, record.id, audited=False)


def update_session(
    session: Session,
    *,
    actor: Actor,
    session_id: uuid.UUID,
    data: SessionInput,
    today: date | None = None,
) -> SessionRead:
    """Correct a session; attendance and goals are replaced by those in `data`."""
    with_notes = _require_write(actor, data)
    record = load(session, SessionRecord, session_id, _("The session was not found."))
    _check(session, data, today or date.today())
    kept = (record.topic, record.notes, record.agreed, record.confidentiality)
    _fill(record, data)
    if not with_notes:
        record.topic, record.notes, record.agreed, record.confidentiality = kept
    touch(record)
    before = _sync_attendance(session, record, data)
    _refresh_children(session, before | {person.person_id for person in data.children})
    search.index_sessions(session, [record.id])
    audit(
        session,
        actor=actor,
        action="update",
        entity="session",
        entity_id=record.id,
        details=_details(data),
    )
    return _read_session(session, actor, record.id, audited=False)
