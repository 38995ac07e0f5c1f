"""The printable week's data: the week view shaped for `reports.timetable_pdf`.

A printed timetable names children, so each print is noted in the audit trail (the week,
the specialist's id or the room, never a name).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from caseroom.dates import format_time
from caseroom.reports.timetable_pdf import TimetableSheet, TimetableSlot, TimetableWeekData
from caseroom.services.common import Actor, audit
from caseroom.services.people.rooms import require_room
from caseroom.services.sessions.recurrence import minutes_of_day, week_label
from caseroom.services.sessions.timetable_week import WeekEntry, staff_choices, week_sessions


def _slot(entry: WeekEntry) -> TimetableSlot:
    start = format_time(entry.starts_at) if entry.starts_at else "—"
    end = "—"
    if entry.starts_at is not None:
        total = minutes_of_day(entry.starts_at) + (entry.minutes or 0)
        end = f"{total // 60 % 24:02d}:{total % 60:02d}"
    return TimetableSlot(entry.day, start, end, entry.kind, entry.status, entry.children)


def timetable_week_data(
    session: Session, *, actor: Actor, monday: date, staff_id: uuid.UUID | None = None
) -> TimetableWeekData:
    """The week starting on `monday`, one specialist's or (without `staff_id`) the room's."""
    room = require_room(session)
    entries = week_sessions(session, actor=actor, monday=monday, staff_id=staff_id)
    names = {choice.id: choice.name for choice in staff_choices(session, actor=actor)}
    order = [staff_id] if staff_id is not None else list(names)
    sheets = tuple(
        TimetableSheet(
            names.get(person, ""),
            tuple(_slot(entry) for entry in entries if entry.staff_id == person),
        )
        for person in order
    )
    audit(
        session,
        actor=actor,
        action="print",
        entity="timetable",
        entity_id=staff_id,
        details={"week": week_label(monday), "room": staff_id is None},
    )
    return TimetableWeekData(
        school=room.school_name,
        room=room.room_name,
        week=week_label(monday),
        monday=monday,
        sheets=sheets,
        for_room=staff_id is None,
    )
