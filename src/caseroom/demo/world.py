"""What every part of the demo generator shares: the calendar, the staff, ids, row batches.

The generator writes with SQLAlchemy Core bulk inserts straight into the tables, so rows
are plain dicts holding every column; `Batch` collects them per table and inserts them in
an order that respects foreign keys.
"""

from __future__ import annotations

import bisect
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, insert
from sqlmodel import Session

from caseroom.db import models

Row = dict[str, Any]

INSERT_ORDER: tuple[type[Any], ...] = (
    models.Family,
    models.FamilyBarrier,
    models.Caregiver,
    models.Child,
    models.ChildSenCategory,
    models.ChildSpecialist,
    models.PmpkConclusion,
    models.Consent,
    models.Referral,
    models.SupportPlan,
    models.PlanReview,
    models.Goal,
    models.GoalRating,
    models.SessionRecord,
    models.SessionGoal,
    models.Attendance,
    models.HomePractice,
    models.ParentGoal,
    models.GroupMember,
    models.GroupAttendance,
)
"""Tables filled family by family, parents before the rows that point at them."""

INSERT_CHUNK = 5000
"""Rows per executemany call (keeps each call's parameter list modest)."""

# Public holidays that fall in the school year (month, day); no sessions on them.
HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(10, 25), (12, 16), (12, 17), (1, 1), (1, 2), (3, 8), (5, 1), (5, 7), (5, 9)}
)


def table_of(model: type[Any]) -> Table:
    """The Core table behind a SQLModel table class."""
    table: Table = model.__table__
    return table


@dataclass
class Batch:
    """Rows waiting to be inserted, per table."""

    rows: dict[type[Any], list[Row]] = field(default_factory=dict)

    def add(self, model: type[Any], row: Row) -> None:
        """Queue one row of `model`'s table."""
        self.rows.setdefault(model, []).append(row)

    def count(self, model: type[Any]) -> int:
        """How many rows of `model` are queued."""
        return len(self.rows.get(model, ()))

    def write(self, session: Session, counts: dict[str, int]) -> None:
        """Insert every queued row (adding to `counts` per table name) and empty the batch."""
        for model in INSERT_ORDER:
            rows = self.rows.pop(model, None)
            if not rows:
                continue
            table = table_of(model)
            for start in range(0, len(rows), INSERT_CHUNK):
                session.execute(insert(table), rows[start : start + INSERT_CHUNK])
            counts[table.name] = counts.get(table.name, 0) + len(rows)
        if self.rows:  # a model missing from INSERT_ORDER is a bug here, not in the data
            raise RuntimeError(f"tables without an insert order: {list(self.rows)}")


DAY_STARTS, DAY_ENDS = 8 * 60, 18 * 60
"""The room's working day, in minutes after midnight."""


@dataclass(frozen=True, slots=True)
class Year:
    """The school year the demo's sessions fall in."""

    start_year: int
    starts_on: date
    ends_on: date
    quarters: tuple[tuple[date, date], ...]


@dataclass
class World:
    """The generator's shared state: randomness, dates, staff, counters."""

    rng: random.Random
    lang: str
    today: date
    now: datetime
    year: Year
    school_name: str
    room_id: uuid.UUID
    staff: dict[str, uuid.UUID]
    school_days: list[date]
    """Days sessions can be held on, from the year's start to a week after today."""
    case_numbers: dict[int, int] = field(default_factory=dict)
    iins: set[str] = field(default_factory=set)
    pmpk_number: int = 0
    booked: dict[tuple[uuid.UUID, date], list[tuple[int, int]]] = field(default_factory=dict)
    """Each specialist's sessions of a day, as (start, end) minutes after midnight."""

    def book(self, staff_id: uuid.UUID, day: date, at: time, minutes: int) -> time:
        """The start nearest after `at` (ten-minute steps, 08:00 to the end of the day) at
        which the specialist is free that day for `minutes`, booked for her.

        No random numbers are drawn, so a session that clashes with nothing keeps the time
        the generator chose. A day with no free time left (a demo far larger than a room)
        keeps `at`: the overlap is then the price of the size.
        """
        taken = self.booked.setdefault((staff_id, day), [])
        wanted = at.hour * 60 + at.minute
        later = range(wanted, DAY_ENDS - minutes + 1, 10)
        earlier = range(DAY_STARTS, wanted, 10)
        for start in (*later, *earlier):
            if all(start + minutes <= begin or end <= start for begin, end in taken):
                taken.append((start, start + minutes))
                return time(start // 60, start % 60)
        taken.append((wanted, wanted + minutes))
        return at

    @property
    def horizon(self) -> date:
        """The last day sessions are planned for."""
        return self.today + timedelta(days=7)

    def new_id(self) -> uuid.UUID:
        """A random (but seed-determined) version-4 UUID."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def record(self, **columns: Any) -> Row:
        """A row of a `Record` table: a new id, timestamps, not archived, then `columns`."""
        return {
            "id": self.new_id(),
            "created_at": self.now,
            "updated_at": self.now,
            "archived_at": None,
            **columns,
        }

    def pick(self, options: Sequence[Any]) -> Any:
        """One of `options`, chosen at random."""
        return options[self.rng.randrange(len(options))]

    def chance(self, probability: float) -> bool:
        """True with the given probability."""
        return self.rng.random() < probability

    def school_day_on_or_after(self, day: date) -> date | None:
        """The first school day on or after `day` (up to the planning horizon)."""
        position = bisect.bisect_left(self.school_days, day)
        return self.school_days[position] if position < len(self.school_days) else None

    def days_between(self, first: date, last: date) -> list[date]:
        """The school days from `first` to `last`, both included."""
        low = bisect.bisect_left(self.school_days, first)
        high = bisect.bisect_right(self.school_days, last)
        return self.school_days[low:high]

    def next_case_number(self, enrolled_on: date) -> str:
        """The next case number for a child enrolled on `enrolled_on`: SR-YYYY-NNNN."""
        number = self.case_numbers.get(enrolled_on.year, 0) + 1
        self.case_numbers[enrolled_on.year] = number
        return f"SR-{enrolled_on.year}-{number:04d}"

    def new_iin(self, birth_date: date, sex: str) -> str:
        """A unique, valid IIN for a person born on `birth_date` of sex `F` or `M`."""
        century = (birth_date.year - 1800) // 100  # 1800s: 1/2, 1900s: 3/4, 2000s: 5/6
        digit = century * 2 + (1 if sex == "M" else 2)
        prefix = f"{birth_date:%y%m%d}{digit}"
        while True:
            body = f"{prefix}{self.rng.randrange(10_000):04d}"
            check = iin_check_digit(body)
            if check is None:
                continue
            iin = f"{body}{check}"
            if iin not in self.iins:
                self.iins.add(iin)
                return iin


def iin_check_digit(body: str) -> int | None:
    """The check digit of an IIN's first 11 digits; None when no digit is valid."""
    digits = [int(character) for character in body]
    total = sum(weight * digit for weight, digit in zip(range(1, 12), digits, strict=True)) % 11
    if total == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        total = sum(weight * digit for weight, digit in zip(weights, digits, strict=True)) % 11
        if total == 10:
            return None
    return total


def school_days(year: Year, last: date) -> list[date]:
    """Weekdays inside the year's quarters, from its start to `last`, without holidays."""
    days: list[date] = []
    for starts_on, ends_on in year.quarters:
        day = starts_on
        while day <= min(ends_on, last):
            if day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS:
                days.append(day)
            day += timedelta(days=1)
    return days
