"""Clashes: a specialist, or a child, in two sessions at once.

A session counts for its specialist and for every child expected at it (a group session
for each child in the group); a parent group meeting counts for its facilitator. Cancelled
and archived sessions, and sessions with no time, never clash.

What is busy is read in a few indexed queries for all the days at once (the specialist's
sessions by day and specialist, the children's by their attendance, her meetings), so
checking a whole series, or many start times of one (`free_starts`), costs the same
few queries however big the room is.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import TypeVarTuple

from sqlalchemy import Select, select
from sqlmodel import Session, col

from caseroom.dates import format_date, format_time
from caseroom.db.models import Attendance, Child, GroupMeeting, SessionRecord, Staff
from caseroom.i18n import _
from caseroom.services.sessions.recurrence import minutes_of_day, overlaps
from caseroom.vocab import AttendanceStatus, SessionStatus

SESSION_MINUTES_UNKNOWN = 1
"""How long a timed session without a length counts as."""
MEETING_MINUTES_UNKNOWN = 60
"""How long a timed group meeting without a length counts as."""
_Columns = TypeVarTuple("_Columns")


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


@dataclass(frozen=True, slots=True)
class Busy:
    """One stretch of time someone is taken: the child's, else the specialist's."""

    day: date
    starts_at: time
    minutes: int
    staff_id: uuid.UUID
    child_id: uuid.UUID | None = None

    def overlaps(self, start: int, minutes: int) -> bool:
        """Whether `minutes` from minute-of-day `start` overlap this stretch."""
        return overlaps(start, minutes, minutes_of_day(self.starts_at), self.minutes)


def _live_timed(query: Select[*_Columns], days: list[date]) -> Select[*_Columns]:
    return query.where(
        col(SessionRecord.held_on).in_(days),
        col(SessionRecord.archived_at).is_(None),
        col(SessionRecord.status) != SessionStatus.CANCELLED.value,
        col(SessionRecord.starts_at).is_not(None),
    )


def busy_times(
    session: Session,
    *,
    days: Collection[date],
    staff_id: uuid.UUID,
    child_ids: Collection[uuid.UUID],
    ignore: Collection[uuid.UUID] = (),
) -> list[Busy]:
    """When the specialist or one of the children is taken on `days` (`ignore`: session
    ids left out): three indexed queries, whatever the number of days."""
    wanted = sorted(set(days))
    if not wanted:
        return []
    columns = (
        col(SessionRecord.held_on),
        col(SessionRecord.starts_at),
        col(SessionRecord.minutes),
        col(SessionRecord.staff_id),
    )
    # The specialist's own sessions: ix_session_day_staff (held_on, staff_id).
    mine = _live_timed(select(*columns), wanted).where(col(SessionRecord.staff_id) == staff_id)
    if ignore:
        mine = mine.where(col(SessionRecord.id).not_in(list(ignore)))
    found = [
        Busy(day, at, length or SESSION_MINUTES_UNKNOWN, staff)
        for day, at, length, staff in session.execute(mine)
    ]
    if child_ids:
        # The children's sessions, with anyone: by attendance's child index, then by id.
        theirs = _live_timed(
            select(*columns, col(Attendance.child_id)).join(
                SessionRecord, col(SessionRecord.id) == col(Attendance.session_id)
            ),
            wanted,
        ).where(
            col(Attendance.child_id).in_(list(child_ids)),
            col(Attendance.archived_at).is_(None),
            col(Attendance.status) != AttendanceStatus.CANCELLED.value,
        )
        if ignore:
            theirs = theirs.where(col(SessionRecord.id).not_in(list(ignore)))
        found += [
            Busy(day, at, length or SESSION_MINUTES_UNKNOWN, staff, child)
            for day, at, length, staff, child in session.execute(theirs)
        ]
    meetings = select(
        col(GroupMeeting.held_on), col(GroupMeeting.starts_at), col(GroupMeeting.minutes)
    ).where(
        col(GroupMeeting.facilitator_id) == staff_id,
        col(GroupMeeting.held_on).in_(wanted),
        col(GroupMeeting.archived_at).is_(None),
        col(GroupMeeting.starts_at).is_not(None),
    )
    found += [
        Busy(day, at, length or MEETING_MINUTES_UNKNOWN, staff_id)
        for day, at, length in session.execute(meetings)
    ]
    return found


def _first(busy: Iterable[Busy], starts_at: time, minutes: int) -> Busy | None:
    """The earliest stretch that `minutes` from `starts_at` overlap (a child's first)."""
    start = minutes_of_day(starts_at)
    hits = [stretch for stretch in busy if stretch.overlaps(start, minutes)]
    if not hits:
        return None
    return min(hits, key=lambda hit: (hit.day, hit.starts_at, hit.child_id is None))


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
    busy = busy_times(session, days=days, staff_id=staff_id, child_ids=child_ids, ignore=ignore)
    hit = _first(busy, starts_at, minutes)
    if hit is None:
        return None
    person = (Child, hit.child_id) if hit.child_id is not None else (Staff, hit.staff_id)
    return Clash(_name(session, *person), hit.day, hit.starts_at, hit.minutes)


def free_starts(
    session: Session,
    *,
    days: Sequence[date],
    starts: Sequence[time],
    minutes: int,
    staff_id: uuid.UUID,
    child_ids: Collection[uuid.UUID],
) -> list[time]:
    """Those of `starts` at which sessions of `minutes` on every one of `days` clash with
    nothing (what is busy is read once for all of them)."""
    busy = busy_times(session, days=days, staff_id=staff_id, child_ids=child_ids)
    return [at for at in starts if _first(busy, at, minutes) is None]
