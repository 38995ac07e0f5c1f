"""Tables: the weekly timetable (recurring sessions, their exceptions, room holidays).

A series says who works with whom, on which weekday and at what time, every `every_weeks`
weeks from `starts_on` (a day of the first week) until `ends_on` (or the end of the school
year). Each occurrence is materialised as a planned `session_record`, linked back to its
series by a `timetable_occurrence` row, so the journal and Today show it without knowing
about timetables. An exception cancels one day of a series; a room holiday is a stretch of
days with no timetabled sessions at all (the school breaks come from the stored quarters).
"""

import uuid
from datetime import date, time

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from caseroom.db.record import CODE, Record


class TimetableSeries(Record, table=True):
    """A recurring session: a specialist, a kind, children, a weekday and a time."""

    __tablename__ = "timetable_series"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("minutes BETWEEN 1 AND 600", name="minutes"),
        CheckConstraint("every_weeks BETWEEN 1 AND 8", name="every_weeks"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
    )

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    staff_id: uuid.UUID = Field(foreign_key="staff.id", index=True)
    kind: str = Field(sa_type=String(CODE))
    weekday: int
    starts_at: time
    minutes: int
    every_weeks: int = Field(default=1)
    starts_on: date
    ends_on: date | None = None


class TimetableSeriesChild(SQLModel, table=True):
    """A child who comes to the sessions of a series."""

    __tablename__ = "timetable_series_child"

    series_id: uuid.UUID = Field(foreign_key="timetable_series.id", primary_key=True)
    child_id: uuid.UUID = Field(foreign_key="child.id", primary_key=True, index=True)


class TimetableException(Record, table=True):
    """A day on which a series does not meet (one cancelled week)."""

    __tablename__ = "timetable_exception"
    __table_args__ = (UniqueConstraint("series_id", "falls_on", name="uq_timetable_exception"),)

    series_id: uuid.UUID = Field(foreign_key="timetable_series.id", index=True)
    falls_on: date


class TimetableOccurrence(SQLModel, table=True):
    """The planned session that is one occurrence of a series."""

    __tablename__ = "timetable_occurrence"
    __table_args__ = (Index("ix_timetable_occurrence_series_day", "series_id", "falls_on"),)

    session_id: uuid.UUID = Field(foreign_key="session_record.id", primary_key=True)
    series_id: uuid.UUID = Field(foreign_key="timetable_series.id")
    falls_on: date


class SchoolHoliday(Record, table=True):
    """Days off the room keeps besides the school breaks (public holidays, closures)."""

    __tablename__ = "school_holiday"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates"),)

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    starts_on: date
    ends_on: date
    name: str = Field(max_length=200)
