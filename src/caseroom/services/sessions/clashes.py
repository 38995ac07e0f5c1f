"""Clashes: a specialist, or a child, in two sessions at once.

A session counts for its specialist and for every child expected at it (a group session
for each child in the group); a parent group meeting counts for its facilitator. Cancelled
and archived sessions, and sessions with no time, never clash.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import or_, select
from sqlmodel import Session, col

from caseroom.dates import format_date, format_time
from caseroom.db.models import Attendance, Child, GroupMeeting, SessionRecord, Staff
from caseroom.i18n import _
from caseroom.services.sessions.recurrence import minutes_of_day, overlaps
from caseroom.vocab import AttendanceStatus, SessionStatus


@dataclass(frozen=True, slots=True)
class Clash:
    """Who would be in two places at once, on which day, in which existing session."""

    name: str
    day: date
    starts_at: time
    minutes: int

    def message(self) -> str:
        """The one sentence that explains the clash (translated)."""
        end = minutes_of_day(self.starts_at) + self.minutes
        return _(
            "{name} already has a session on {date} from {start} to {end}: "
            "choose another day or time."
        ).format(
            name=self.name,
            date=format_date(self.day),
            start=format_time(self.starts_at),
            end=f"{end // 60 % 24:02d}:{end % 60:02d}",
        )


def _busy_rows(
    session: Session,
    days: Collection[date],
    staff_id: uuid.UUID,
    child_ids: Collection[uuid.UUID],
    ignore: Collection[uuid.UUID],
) -> list[tuple[uuid.UUID, date, time, int, uuid.UUID, uuid.UUID | None]]:
    """(session, day, start, minutes, staff, child) of live timed sessions on `days` that
    hold the specialist or one of the children."""
    query = (
        select(
            col(SessionRecord.id),
            col(SessionRecord.held_on),
            col(SessionRecord.starts_at),
            col(SessionRecord.minutes),
            col(SessionRecord.staff_id),
            col(Attendance.child_id),
        )
        .outerjoin(
            Attendance,
            (col(Attendance.session_id) == col(SessionRecord.id))
            & col(Attendance.archived_at).is_(None)
            & (col(Attendance.status) != AttendanceStatus.CANCELLED.value)
            & col(Attendance.child_id).in_(list(child_ids)),
        )
        .where(
            col(SessionRecord.held_on).in_(sorted(days)),
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) != SessionStatus.CANCELLED.value,
            col(SessionRecord.starts_at).is_not(None),
            or_(col(SessionRecord.staff_id) == staff_id, col(Attendance.child_id).is_not(None)),
        )
    )
    if ignore:
        query = query.where(col(SessionRecord.id).not_in(list(ignore)))
    return [tuple(row) for row in session.execute(query)]


def _name(session: Session, model: type[Staff] | type[Child], person_id: uuid.UUID) -> str:
    record = session.get(model, person_id)
    if not isinstance(record, (Staff, Child)):
        return "?"
    return f"{record.first_name} {record.last_name}"


def find_clash(
    session: Session,
    *,
    days: Sequence[date],
    starts_at: time,
    minutes: int,
    staff_id: uuid.UUID,
    child_ids: Collection[uuid.UUID],
    ignore: Collection[uuid.UUID] = (),
) -> Clash | None:
    """The first clash of sessions on `days` at `starts_at` for `minutes` with the
    specialist's or the children's other sessions (`ignore`: session ids left out)."""
    if not days:
        return None
    start = minutes_of_day(starts_at)
    clashes: list[tuple[date, time, Clash]] = []
    for _id, day, at, length, staff, child in _busy_rows(
        session, days, staff_id, child_ids, ignore
    ):
        if not overlaps(start, minutes, minutes_of_day(at), length or 1):
            continue
        person = (Child, child) if child is not None else (Staff, staff)
        if person[0] is Staff and staff != staff_id:
            continue
        clashes.append((day, at, Clash(_name(session, *person), day, at, length or 1)))
    meetings = session.execute(
        select(
            col(GroupMeeting.held_on), col(GroupMeeting.starts_at), col(GroupMeeting.minutes)
        ).where(
            col(GroupMeeting.facilitator_id) == staff_id,
            col(GroupMeeting.held_on).in_(sorted(days)),
            col(GroupMeeting.archived_at).is_(None),
            col(GroupMeeting.starts_at).is_not(None),
        )
    ).all()
    for day, at, length in meetings:
        if overlaps(start, minutes, minutes_of_day(at), length or 60):
            clashes.append((day, at, Clash(_name(session, Staff, staff_id), day, at, length or 60)))
    if not clashes:
        return None
    return min(clashes, key=lambda found: (found[0], found[1]))[2]
