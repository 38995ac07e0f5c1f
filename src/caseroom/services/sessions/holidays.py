"""Days with no timetabled sessions: the school breaks and the room's own holidays.

The breaks are the gaps between the stored quarters of each school year (autumn, winter
and spring, as the school calendar sets them; the defaults follow Kazakhstan's) and the
summer between one stored year and the next. A room adds its own days off (public holidays
such as Independence Day, a closure) as `SchoolHoliday` rows.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Quarter, SchoolYear
from caseroom.db.models_timetable import SchoolHoliday
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, archive, audit, checked_text, load
from caseroom.services.people.rooms import require_room
from caseroom.services.permissions import Permission, require


@dataclass(frozen=True, slots=True)
class HolidayRead:
    """A stretch of days off the room keeps."""

    id: uuid.UUID
    starts_on: date
    ends_on: date
    name: str


def _days(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def school_breaks(session: Session, room_id: uuid.UUID) -> list[tuple[date, date]]:
    """The breaks between the stored quarters, and the summers between stored years."""
    rows = session.execute(
        select(
            col(SchoolYear.starts_on),
            col(SchoolYear.ends_on),
            col(Quarter.starts_on),
            col(Quarter.ends_on),
        )
        .join(Quarter, col(Quarter.school_year_id) == col(SchoolYear.id))
        .where(
            col(SchoolYear.room_id) == room_id,
            col(SchoolYear.archived_at).is_(None),
            col(Quarter.archived_at).is_(None),
        )
        .order_by(col(Quarter.starts_on))
    ).all()
    breaks: list[tuple[date, date]] = []
    for (_y1, _e1, _s1, ends), (_y2, _e2, starts, _e3) in pairwise(rows):
        if (starts - ends).days > 1:
            breaks.append((ends + timedelta(days=1), starts - timedelta(days=1)))
    return breaks


def days_off(session: Session, room_id: uuid.UUID, first: date, last: date) -> set[date]:
    """Every day from `first` to `last` with no timetabled sessions."""
    spans = school_breaks(session, room_id)
    spans += [
        (row.starts_on, row.ends_on)
        for row in session.scalars(
            select(SchoolHoliday).where(
                col(SchoolHoliday.room_id) == room_id,
                col(SchoolHoliday.archived_at).is_(None),
                col(SchoolHoliday.ends_on) >= first,
                col(SchoolHoliday.starts_on) <= last,
            )
        )
    ]
    found: set[date] = set()
    for starts, ends in spans:
        if ends >= first and starts <= last:
            found |= _days(max(starts, first), min(ends, last))
    return found


def add_holiday(
    session: Session,
    *,
    actor: Actor,
    starts_on: date,
    ends_on: date,
    name: str,
    room_id: uuid.UUID | None = None,
) -> HolidayRead:
    """Store days off of the room (sessions already planned on them are left as they are);
    `room_id` defaults to the file's room."""
    require(actor, Permission.MANAGE_ROOM)
    room_id = room_id or require_room(session).id
    problems = Problems()
    text = checked_text(problems, "name", name, missing=_("Name the holiday."))
    if ends_on < starts_on:
        problems.add("ends_on", _("The last day off cannot be before the first."))
    problems.raise_if_any()
    assert text is not None
    record = SchoolHoliday(room_id=room_id, starts_on=starts_on, ends_on=ends_on, name=text)
    session.add(record)
    session.flush()
    audit(session, actor=actor, action="create", entity="school_holiday", entity_id=record.id)
    return HolidayRead(record.id, record.starts_on, record.ends_on, record.name)


def list_holidays(session: Session, room_id: uuid.UUID | None = None) -> list[HolidayRead]:
    """The room's own days off (of the file's room by default), earliest first."""
    room_id = room_id or require_room(session).id
    rows = session.scalars(
        select(SchoolHoliday)
        .where(col(SchoolHoliday.room_id) == room_id, col(SchoolHoliday.archived_at).is_(None))
        .order_by(col(SchoolHoliday.starts_on))
    )
    return [HolidayRead(row.id, row.starts_on, row.ends_on, row.name) for row in rows]


def archive_holiday(session: Session, *, actor: Actor, holiday_id: uuid.UUID) -> None:
    """Remove days off of the room."""
    require(actor, Permission.MANAGE_ROOM)
    record = load(session, SchoolHoliday, holiday_id, _("The holiday was not found."))
    archive(record)
    audit(session, actor=actor, action="archive", entity="school_holiday", entity_id=record.id)
