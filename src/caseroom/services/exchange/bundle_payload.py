"""What a room bundle carries: the room's figures for a period and its children's records.

De-identified by default: aggregates, and each child under its random record id with the
birth year only, sex, grade, status, SEN categories, the year enrolled, sessions attended
and whether a plan and a PMPK conclusion were in effect; no names, IINs, birth dates,
addresses, case numbers or notes. `identified=True` adds the case number, names, birth
date and IIN (the caller checks the permission and audits it).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from caseroom.db.models import (
    Attendance,
    Child,
    ChildSenCategory,
    GroupAttendance,
    GroupMeeting,
    PmpkConclusion,
    Room,
    SessionRecord,
    SupportPlan,
)
from caseroom.services.people.roll import on_roll_between
from caseroom.services.plans.periods import Period
from caseroom.vocab import AttendanceStatus, PlanStatus, SessionStatus

PAYLOAD_VERSION = 1
IDENTITY_FIELDS = ("case_number", "last_name", "first_name", "patronymic", "birth_date", "iin")


def _children(session: Session, period: Period) -> list[Child]:
    """The children on the room's roll for some of the period, by the term summary's rule
    (`on_roll_between`): one archived as a duplicate or a mistake never reaches the centre,
    a transferred one does, up to the day she left."""
    roll = on_roll_between(period.start, period.end)
    return list(session.exec(select(Child).where(roll).order_by(col(Child.id))))


def _attended(session: Session, start: date, end: date) -> dict[uuid.UUID, int]:
    rows = session.exec(
        select(Attendance.child_id, func.count())
        .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
        .where(col(Attendance.child_id).is_not(None))
        .where(col(Attendance.status) == AttendanceStatus.PRESENT)
        .where(col(SessionRecord.status) == SessionStatus.HELD)
        .where(col(SessionRecord.archived_at).is_(None))
        .where(col(SessionRecord.held_on).between(start, end))
        .group_by(col(Attendance.child_id))
    )
    return {child_id: int(count) for child_id, count in rows if child_id is not None}


def _quarter(session: Session, number: int, start: date, end: date) -> dict[str, Any]:
    held = session.exec(
        select(func.count())
        .select_from(SessionRecord)
        .where(col(SessionRecord.status) == SessionStatus.HELD)
        .where(col(SessionRecord.archived_at).is_(None))
        .where(col(SessionRecord.held_on).between(start, end))
    ).one()
    attended = _attended(session, start, end)
    meetings = session.exec(
        select(func.count())
        .select_from(GroupMeeting)
        .where(col(GroupMeeting.archived_at).is_(None))
        .where(col(GroupMeeting.held_on).between(start, end))
    ).one()
    present = session.exec(
        select(func.count(func.distinct(GroupAttendance.caregiver_id)))
        .join(GroupMeeting, col(GroupMeeting.id) == col(GroupAttendance.meeting_id))
        .where(col(GroupAttendance.present))
        .where(col(GroupMeeting.held_on).between(start, end))
    ).one()
    return {
        "number": number,
        "starts_on": start.isoformat(),
        "ends_on": end.isoformat(),
        "sessions_held": int(held),
        "children_seen": len(attended),
        "child_attendances": sum(attended.values()),
        "parent_meetings": int(meetings),
        "caregivers_in_groups": int(present),
    }


def build_payload(
    session: Session,
    *,
    room: Room,
    period: Period,
    quarters: list[tuple[int, date, date]],
    identified: bool,
) -> dict[str, Any]:
    """The payload of a bundle for `period` (quarters: number, first and last day)."""
    children = _children(session, period)
    categories: dict[uuid.UUID, list[str]] = defaultdict(list)
    for child_id, code in session.exec(
        select(ChildSenCategory.child_id, ChildSenCategory.category_code)
    ):
        categories[child_id].append(code)
    attended = _attended(session, period.start, period.end)
    with_plan = set(
        session.exec(
            select(SupportPlan.child_id)
            .where(col(SupportPlan.status) == PlanStatus.ACTIVE)
            .where(col(SupportPlan.archived_at).is_(None))
            .where(col(SupportPlan.starts_on) <= period.end)
            .where(col(SupportPlan.ends_on) >= period.start)
        )
    )
    with_pmpk = set(
        session.exec(
            select(PmpkConclusion.child_id)
            .where(col(PmpkConclusion.archived_at).is_(None))
            .where(col(PmpkConclusion.issued_on) <= period.end)
            .where(
                col(PmpkConclusion.valid_until).is_(None)
                | (col(PmpkConclusion.valid_until) >= period.start)
            )
        )
    )
    records = []
    for child in children:
        record: dict[str, Any] = {
            "id": str(child.id),
            "birth_year": child.birth_date.year,
            "sex": child.sex,
            "grade": child.grade,
            "status": child.status,
            "categories": sorted(categories.get(child.id, [])),
            "enrolled_year": child.enrolled_on.year,
            "left_year": None if child.left_on is None else child.left_on.year,
            "sessions_attended": attended.get(child.id, 0),
            "plan_in_effect": child.id in with_plan,
            "pmpk_in_effect": child.id in with_pmpk,
        }
        if identified:
            record["identity"] = {
                "case_number": child.case_number,
                "last_name": child.last_name,
                "first_name": child.first_name,
                "patronymic": child.patronymic,
                "birth_date": child.birth_date.isoformat(),
                "iin": child.iin,
            }
        records.append(record)
    return {
        "version": PAYLOAD_VERSION,
        "room": {
            "school_name": room.school_name,
            "room_name": room.room_name,
            "locality": room.locality,
            "region": room.region,
        },
        "period": {
            "text": "",
            "starts_on": period.start.isoformat(),
            "ends_on": period.end.isoformat(),
        },
        "quarters": [_quarter(session, n, start, end) for n, start, end in quarters],
        "children": records,
    }
