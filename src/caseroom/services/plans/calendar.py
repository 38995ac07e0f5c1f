"""The school calendar: school years and their four quarters, stored as data.

The ministry fixes the dates by order each year, so they are never constants in code that
other modules rely on. caseroom knows the dates of some years (`KNOWN_YEARS`, from the
orders) and estimates the rest with `default_school_year`; either way a stored year keeps
`dates_confirmed = False` until a person saves its dates with `set_school_year`.

The estimate for a year that is not known (docs/domain.md: dates are *check* data):
- the year runs from 1 September to 31 May (docs/command-line.md "Periods");
- autumn break: the last Monday of October to the Sunday after;
- winter break: 29 December to 7 January;
- spring break: 19 to 29 March (it always holds Nauryz, 21–23 March);
- each quarter ends the day before a break and the next starts the day after it,
  moved on to the Monday when that day is a Saturday or Sunday. Quarter 1 starts with the
  year (1 September, the Day of Knowledge) and quarter 4 ends with it.
For 2025–2026 this rule gives the ministerial quarters exactly, except that the order ends
the year on 25 May.

A day between two quarters is in a break; a day from the end of one school year to the
start of the next (the summer) belongs to the year just ended.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Quarter, SchoolYear
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.services.common import SYSTEM, Actor, Problems, audit, touch
from caseroom.services.people.rooms import get_room, require_room
from caseroom.services.permissions import Permission, require

FIRST_YEAR = 1990
"""The earliest school year (its start year) caseroom accepts."""
LAST_YEAR = 2100
"""The latest school year (its start year) caseroom accepts."""
QUARTERS = 4

DateRange = tuple[date, date]

KNOWN_YEARS: dict[int, tuple[DateRange, tuple[DateRange, ...]]] = {
    # Order of the Minister of Education for 2025–2026 (docs/domain.md "The school year").
    2025: (
        (date(2025, 9, 1), date(2026, 5, 25)),
        (
            (date(2025, 9, 1), date(2025, 10, 26)),
            (date(2025, 11, 3), date(2025, 12, 28)),
            (date(2026, 1, 8), date(2026, 3, 18)),
            (date(2026, 3, 30), date(2026, 5, 25)),
        ),
    ),
}
"""School years whose dates come from a ministerial order: start year -> (year, quarters)."""


@dataclass(frozen=True, slots=True)
class SchoolYearDraft:
    """A school year's dates before they are stored (built-in or estimated)."""

    start_year: int
    starts_on: date
    ends_on: date
    quarters: tuple[DateRange, ...]
    known: bool
    """True when the dates come from a ministerial order in `KNOWN_YEARS`."""


@dataclass(frozen=True, slots=True)
class QuarterRead:
    """One quarter. `id` is None while its school year is not stored (defaults shown)."""

    id: uuid.UUID | None
    start_year: int
    number: int
    starts_on: date
    ends_on: date

    def contains(self, day: date) -> bool:
        """Whether `day` falls in this quarter (both ends included)."""
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class SchoolYearRead:
    """A school year and its four quarters. `id` is None when these are unstored defaults."""

    id: uuid.UUID | None
    start_year: int
    starts_on: date
    ends_on: date
    quarters: tuple[QuarterRead, ...]
    dates_confirmed: bool

    @property
    def stored(self) -> bool:
        """Whether this year is saved in the database (rather than shown from defaults)."""
        return self.id is not None

    def quarter(self, number: int) -> QuarterRead:
        """Quarter `number` (1–4)."""
        return self.quarters[number - 1]


def format_day(day: date) -> str:
    """A date as people in Kazakhstan write it: dd.mm.yyyy."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


def _weekday_or_next_monday(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _last_monday_of_october(year: int) -> date:
    last = date(year, 10, 31)
    return last - timedelta(days=last.weekday())


def default_school_year(start_year: int) -> SchoolYearDraft:
    """The dates of school year `start_year`–`start_year + 1`: known, or by the module's rule."""
    _check_start_year(start_year)
    known = KNOWN_YEARS.get(start_year)
    if known is not None:
        (starts_on, ends_on), quarters = known
        return SchoolYearDraft(start_year, starts_on, ends_on, quarters, known=True)
    next_year = start_year + 1
    starts_on, ends_on = date(start_year, 9, 1), date(next_year, 5, 31)
    autumn = _last_monday_of_october(start_year)
    quarters = (
        (starts_on, autumn - timedelta(days=1)),
        (autumn + timedelta(days=7), date(start_year, 12, 28)),
        (_weekday_or_next_monday(date(next_year, 1, 8)), date(next_year, 3, 18)),
        (_weekday_or_next_monday(date(next_year, 3, 30)), ends_on),
    )
    return SchoolYearDraft(start_year, starts_on, ends_on, quarters, known=False)


def _check_start_year(start_year: int) -> None:
    problems = Problems()
    _start_year_problem(problems, start_year)
    problems.raise_if_any()


def _start_year_problem(problems: Problems, start_year: int) -> None:
    if not FIRST_YEAR <= start_year <= LAST_YEAR:
        problems.add(
            "start_year",
            _("School year {year} is outside the years caseroom accepts ({first}–{last})").format(
                year=start_year, first=FIRST_YEAR, last=LAST_YEAR
            ),
        )


def validate_school_year(
    start_year: int, starts_on: date, ends_on: date, quarters: Sequence[DateRange]
) -> None:
    """Raise `ValidationError` unless these dates make a sensible school year.

    The year starts in August or September of `start_year` and ends in May or June of the
    next; there are four quarters, each inside the year, in order and not overlapping.
    """
    problems = Problems()
    _start_year_problem(problems, start_year)
    problems.raise_if_any()
    first, last = start_year, start_year + 1
    if not date(first, 8, 1) <= starts_on <= date(first, 9, 30):
        problems.add(
            "starts_on",
            _(
                "The school year {first}–{last} starts in August or September {first},"
                " not on {date}"
            ).format(first=first, last=last, date=format_day(starts_on)),
        )
    if not date(last, 5, 1) <= ends_on <= date(last, 6, 30):
        problems.add(
            "ends_on",
            _("The school year {first}–{last} ends in May or June {last}, not on {date}").format(
                first=first, last=last, date=format_day(ends_on)
            ),
        )
    if len(quarters) != QUARTERS:
        problems.add(
            "quarters",
            _("A school year has 4 quarters, not {count}").format(count=len(quarters)),
        )
        problems.raise_if_any()
    previous_end: date | None = None
    for number, (q_start, q_end) in enumerate(quarters, start=1):
        field_name = f"quarter_{number}"
        if q_end < q_start:
            problems.add(
                field_name,
                _("Quarter {number} ends ({end}) before it starts ({start})").format(
                    number=number, end=format_day(q_end), start=format_day(q_start)
                ),
            )
        elif q_start < starts_on or q_end > ends_on:
            problems.add(
                field_name,
                _(
                    "Quarter {number} ({start} – {end}) is outside the school year"
                    " ({year_start} – {year_end})"
                ).format(
                    number=number,
                    start=format_day(q_start),
                    end=format_day(q_end),
                    year_start=format_day(starts_on),
                    year_end=format_day(ends_on),
                ),
            )
        elif previous_end is not None and q_start <= previous_end:
            problems.add(
                field_name,
                _(
                    "Quarter {number} starts ({start}) before quarter {previous} ends ({end})"
                ).format(
                    number=number,
                    start=format_day(q_start),
                    previous=number - 1,
                    end=format_day(previous_end),
                ),
            )
        previous_end = q_end
    problems.raise_if_any()


def _stored_year(session: Session, room_id: uuid.UUID, start_year: int) -> SchoolYear | None:
    return session.execute(
        select(SchoolYear).where(
            col(SchoolYear.room_id) == room_id, col(SchoolYear.start_year) == start_year
        )
    ).scalar_one_or_none()


def _read_stored(session: Session, room_id: uuid.UUID, start_year: int) -> SchoolYearRead | None:
    rows = session.execute(
        select(
            col(SchoolYear.id),
            col(SchoolYear.starts_on),
            col(SchoolYear.ends_on),
            col(SchoolYear.dates_confirmed),
            col(Quarter.id),
            col(Quarter.number),
            col(Quarter.starts_on),
            col(Quarter.ends_on),
        )
        .join(Quarter, col(Quarter.school_year_id) == col(SchoolYear.id))
        .where(col(SchoolYear.room_id) == room_id, col(SchoolYear.start_year) == start_year)
        .order_by(col(Quarter.number))
    ).all()
    if not rows:
        return None
    year_id, starts_on, ends_on, confirmed = rows[0][:4]
    quarters = tuple(
        QuarterRead(q_id, start_year, number, q_start, q_end)
        for *_ignored, q_id, number, q_start, q_end in rows
    )
    return SchoolYearRead(year_id, start_year, starts_on, ends_on, quarters, bool(confirmed))


def _read_draft(draft: SchoolYearDraft) -> SchoolYearRead:
    quarters = tuple(
        QuarterRead(None, draft.start_year, number, q_start, q_end)
        for number, (q_start, q_end) in enumerate(draft.quarters, start=1)
    )
    return SchoolYearRead(None, draft.start_year, draft.starts_on, draft.ends_on, quarters, False)


def get_school_year(session: Session, start_year: int) -> SchoolYearRead:
    """School year `start_year` as stored, or its defaults (unstored, `id` None)."""
    _check_start_year(start_year)
    room = get_room(session)
    stored = None if room is None else _read_stored(session, room.id, start_year)
    return stored if stored is not None else _read_draft(default_school_year(start_year))


def ensure_school_year(session: Session, *, actor: Actor, start_year: int) -> SchoolYearRead:
    """School year `start_year` of the room, stored with its defaults if it was not yet."""
    room = require_room(session)
    found = _read_stored(session, room.id, start_year)
    if found is not None:
        return found
    draft = default_school_year(start_year)
    record = SchoolYear(
        room_id=room.id,
        start_year=start_year,
        starts_on=draft.starts_on,
        ends_on=draft.ends_on,
        dates_confirmed=False,
    )
    session.add(record)
    session.flush()
    for number, (q_start, q_end) in enumerate(draft.quarters, start=1):
        session.add(
            Quarter(school_year_id=record.id, number=number, starts_on=q_start, ends_on=q_end)
        )
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="school_year",
        entity_id=record.id,
        details={"start_year": start_year, "source": "order" if draft.known else "rule"},
    )
    stored = _read_stored(session, room.id, start_year)
    assert stored is not None  # just written
    return stored


def set_school_year(
    session: Session,
    *,
    actor: Actor,
    start_year: int,
    starts_on: date,
    ends_on: date,
    quarters: Sequence[DateRange],
) -> SchoolYearRead:
    """Save the checked dates of a school year and its quarters (creating it if needed)."""
    require(actor, Permission.MANAGE_ROOM)
    validate_school_year(start_year, starts_on, ends_on, quarters)
    room = require_room(session)
    record = _stored_year(session, room.id, start_year)
    action = "update"
    if record is None:
        action = "create"
        record = SchoolYear(
            room_id=room.id, start_year=start_year, starts_on=starts_on, ends_on=ends_on
        )
    record.starts_on, record.ends_on, record.dates_confirmed = starts_on, ends_on, True
    touch(record)
    session.add(record)
    session.flush()
    stored_quarters = {
        quarter.number: quarter
        for quarter in session.execute(
            select(Quarter).where(col(Quarter.school_year_id) == record.id)
        ).scalars()
    }
    for number, (q_start, q_end) in enumerate(quarters, start=1):
        quarter = stored_quarters.get(number) or Quarter(
            school_year_id=record.id, number=number, starts_on=q_start, ends_on=q_end
        )
        quarter.starts_on, quarter.ends_on = q_start, q_end
        touch(quarter)
        session.add(quarter)
    session.flush()
    audit(
        session,
        actor=actor,
        action=action,
        entity="school_year",
        entity_id=record.id,
        details={"start_year": start_year, "dates_confirmed": True},
    )
    found = _read_stored(session, room.id, start_year)
    assert found is not None
    return found


def school_year_of(
    session: Session, day: date, *, actor: Actor = SYSTEM, ensure: bool = False
) -> SchoolYearRead:
    """The school year `day` belongs to (summer belongs to the year just ended).

    Without `ensure`, an unstored year comes back as defaults (`id` None) and nothing is
    written; with `ensure=True` it is stored first (the room must exist).
    """
    this_year = day.year <= LAST_YEAR and get_school_year(session, day.year).starts_on <= day
    start_year = day.year if this_year else day.year - 1
    if ensure:
        return ensure_school_year(session, actor=actor, start_year=start_year)
    return get_school_year(session, start_year)


def quarter_of(session: Session, start_year: int, number: int) -> QuarterRead:
    """Quarter `number` of school year `start_year` (stored, or its defaults)."""
    if not 1 <= number <= QUARTERS:
        raise NotFoundError(
            _("A school year has quarters 1 to 4, not {number}").format(number=number)
        )
    return get_school_year(session, start_year).quarter(number)


def current_quarter(session: Session, *, today: date) -> QuarterRead:
    """The quarter of `today`; in a break the quarter just ended; in summer quarter 4."""
    year = school_year_of(session, today)
    current = year.quarters[0]
    for quarter in year.quarters:
        if quarter.starts_on <= today:
            current = quarter
    return current
