"""Pieces every printed form shares: the header, the child, the family and the specialists.

Used by `forms.py` and `forms_more.py`; each function only reads.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    ChildSpecialist,
    HomePractice,
    SessionRecord,
    Staff,
)
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.reports.data import ChildInfo
from caseroom.reports.forms.data import FormHeader, HomeTask, Person, PlannedSession
from caseroom.services.people.rooms import require_room
from caseroom.services.people.staff import full_name
from caseroom.vocab import (
    AttendanceStatus,
    CaregiverRelation,
    PracticeOutcome,
    SessionKind,
    SessionStatus,
    Sex,
    StaffRole,
)


def form_header(session: Session, made_on: date) -> FormHeader:
    """The school and room handing the form out, and the day it is made."""
    room = require_room(session)
    return FormHeader(
        school=room.school_name, room=room.room_name, made_on=made_on, locality=room.locality
    )


def child_row(session: Session, child_id: uuid.UUID) -> Child:
    """The child's record; `NotFoundError` if there is none."""
    child = session.get(Child, child_id)
    if child is None:
        raise NotFoundError(_("This child was not found"))
    return child


def child_info(child: Child) -> ChildInfo:
    """The child as a form names it."""
    return ChildInfo(
        full_name=full_name(child.last_name, child.first_name, child.patronymic),
        birth_date=child.birth_date,
        case_number=child.case_number,
        grade=child.grade,
        class_letter=child.class_letter,
        sex=Sex(child.sex) if child.sex in (Sex.FEMALE, Sex.MALE) else None,
    )


def _person(row: Any) -> Person:
    relation = row.relation if row.relation in set(CaregiverRelation) else None
    return Person(
        name=full_name(row.last_name, row.first_name, row.patronymic),
        relation=CaregiverRelation(relation) if relation else None,
        phone=row.phone,
    )


def legal_representative(session: Session, family_id: uuid.UUID) -> Person | None:
    """The family's first legal representative (not archived), else None."""
    row = session.execute(
        select(
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.patronymic),
            col(Caregiver.relation),
            col(Caregiver.phone),
        )
        .where(
            col(Caregiver.family_id) == family_id,
            col(Caregiver.archived_at).is_(None),
            col(Caregiver.is_legal_representative).is_(True),
        )
        .order_by(col(Caregiver.created_at), col(Caregiver.id))
        .limit(1)
    ).first()
    return None if row is None else _person(row)


def caregiver_person(session: Session, caregiver_id: uuid.UUID) -> tuple[Person, uuid.UUID]:
    """A caregiver as a form names her, and her family's id; `NotFoundError` if none."""
    record = session.get(Caregiver, caregiver_id)
    if record is None:
        raise NotFoundError(_("This caregiver was not found"))
    return _person(record), record.family_id


def specialists(session: Session, child_id: uuid.UUID) -> tuple[Person, ...]:
    """The child's specialists, the lead first, then by name."""
    rows = session.execute(
        select(
            col(Staff.role),
            col(Staff.last_name),
            col(Staff.first_name),
            col(Staff.patronymic),
            col(Staff.phone),
        )
        .join(ChildSpecialist, col(ChildSpecialist.staff_id) == col(Staff.id))
        .where(col(ChildSpecialist.child_id) == child_id, col(Staff.archived_at).is_(None))
        .order_by(col(ChildSpecialist.is_lead).desc(), col(Staff.last_name), col(Staff.first_name))
    )
    return tuple(
        Person(name=full_name(last, first, patronymic), role=StaffRole(role), phone=phone)
        for role, last, first, patronymic, phone in rows
    )


def staff_person(session: Session, staff_id: uuid.UUID | None) -> Person | None:
    """A staff member as a form names them (None for no one)."""
    staff = session.get(Staff, staff_id) if staff_id is not None else None
    if staff is None:
        return None
    return Person(
        name=full_name(staff.last_name, staff.first_name, staff.patronymic),
        role=StaffRole(staff.role),
        phone=staff.phone,
    )


def planned_sessions(
    session: Session, child_id: uuid.UUID, *, start: date, limit: int
) -> tuple[PlannedSession, ...]:
    """The child's planned sessions (not archived) from `start` on, soonest first."""
    rows = session.execute(
        select(
            col(SessionRecord.held_on),
            col(SessionRecord.starts_at),
            col(SessionRecord.minutes),
            col(SessionRecord.kind),
            col(Staff.last_name),
            col(Staff.first_name),
            col(Staff.patronymic),
        )
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .join(Staff, col(Staff.id) == col(SessionRecord.staff_id))
        .where(
            col(Attendance.child_id) == child_id,
            col(Attendance.archived_at).is_(None),
            col(Attendance.status) != AttendanceStatus.ABSENT.value,
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.PLANNED.value,
            col(SessionRecord.held_on) >= start,
        )
        .order_by(
            col(SessionRecord.held_on), col(SessionRecord.starts_at), col(SessionRecord.created_at)
        )
        .limit(limit)
    )
    return tuple(
        PlannedSession(
            on=held_on,
            starts_at=starts_at,
            minutes=minutes,
            kind=SessionKind(kind),
            specialist=full_name(last, first, patronymic),
        )
        for held_on, starts_at, minutes, kind, last, first, patronymic in rows
    )


def open_home_tasks(
    session: Session, child_id: uuid.UUID, *, limit: int, goal_ids: list[uuid.UUID] | None = None
) -> tuple[HomeTask, ...]:
    """The child's home tasks still waiting for their outcome, the newest first
    (only those for `goal_ids` when given)."""
    query = select(
        col(HomePractice.task), col(HomePractice.given_on), col(HomePractice.due_on)
    ).where(
        col(HomePractice.child_id) == child_id,
        col(HomePractice.archived_at).is_(None),
        col(HomePractice.outcome) == PracticeOutcome.PENDING.value,
    )
    if goal_ids is not None:
        query = query.where(col(HomePractice.goal_id).in_(goal_ids))
    query = query.order_by(col(HomePractice.given_on).desc(), col(HomePractice.created_at).desc())
    return tuple(
        HomeTask(task=task, given_on=given_on, due_on=due_on)
        for task, given_on, due_on in session.execute(query.limit(limit))
    )
