"""Helpers for the timetable tests: children, a second specialist, a stored school year."""

from __future__ import annotations

from datetime import date, time

from sqlmodel import Session

from caseroom.db.models import Child, Family, Quarter, Room, SchoolYear, Staff
from caseroom.services.plans.calendar import default_school_year
from caseroom.services.sessions.timetable import SeriesInput
from caseroom.vocab import SessionKind


def add_child(session: Session, room: Room, family: Family, number: int, first: str) -> Child:
    """Another child of `family`, enrolled on 2026-09-01."""
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number=f"SR-2026-{number:04d}",
        last_name="Seitkali",
        first_name=first,
        birth_date=date(2016, 5, 1),
        grade=4,
        enrolled_on=date(2026, 9, 1),
    )
    session.add(record)
    session.flush()
    return record


def add_staff(session: Session, room: Room, last: str, first: str, role: str) -> Staff:
    """Another staff member of the room."""
    member = Staff(room_id=room.id, last_name=last, first_name=first, role=role)
    session.add(member)
    session.flush()
    return member


def store_school_year(session: Session, room: Room, start_year: int = 2026) -> None:
    """Store the default school year (so its breaks are known)."""
    draft = default_school_year(start_year)
    year = SchoolYear(
        room_id=room.id, start_year=start_year, starts_on=draft.starts_on, ends_on=draft.ends_on
    )
    session.add(year)
    session.flush()
    for number, (starts, ends) in enumerate(draft.quarters, start=1):
        session.add(Quarter(school_year_id=year.id, number=number, starts_on=starts, ends_on=ends))
    session.flush()


def weekly(staff: Staff, *children: Child, **changes: object) -> SeriesInput:
    """An individual Monday 10:00 session for 40 minutes from 2026-11-23 (changed by
    `changes`)."""
    fields: dict[str, object] = {
        "staff_id": staff.id,
        "kind": SessionKind.INDIVIDUAL.value if len(children) == 1 else SessionKind.GROUP.value,
        "child_ids": tuple(child.id for child in children),
        "weekday": 0,
        "starts_at": time(10, 0),
        "minutes": 40,
        "starts_on": date(2026, 11, 23),
        "ends_on": date(2026, 12, 21),
    }
    fields.update(changes)
    return SeriesInput(**fields)  # type: ignore[arg-type]
