"""Periods of time that reports and figures cover (`--period`, docs/command-line.md "Periods").

Written forms:
- `2026-2027`: a school year (its stored dates; by default 1 September to 31 May);
- `2026-2027:q1` … `:q4`: a quarter of that school year (stored dates or defaults);
- `2026-09-01..2026-12-25`: any range of days, both ends included (`dd.mm.yyyy` is
  accepted for either end too);
- nothing: the current quarter.

`parse_period` reads the text without touching the database; `resolve_period` turns what
was read into dates using the room's calendar (never writing to it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.plans.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    QuarterRead,
    SchoolYearRead,
    current_quarter,
    format_day,
    get_school_year,
    school_year_of,
)
from caseroom.vocab import Checkpoint


class PeriodKind(StrEnum):
    """What sort of period was asked for."""

    SCHOOL_YEAR = "school_year"
    QUARTER = "quarter"
    RANGE = "range"


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    """A period as written, before the calendar gives it dates.

    For a school year or quarter, `start_year` (and `quarter`) are set; for a range,
    `start` and `end` are.
    """

    kind: PeriodKind
    start_year: int | None = None
    quarter: int | None = None
    start: date | None = None
    end: date | None = None

    def text(self) -> str:
        """The spec written back in the `--period` form (`parse_period` reads it again)."""
        if self.kind is PeriodKind.RANGE:
            assert self.start is not None and self.end is not None
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        assert self.start_year is not None
        year = f"{self.start_year}-{self.start_year + 1}"
        return year if self.quarter is None else f"{year}:q{self.quarter}"


@dataclass(frozen=True, slots=True)
class Period:
    """A period with its dates (both ends included) and a translated label."""

    start: date
    end: date
    label: str
    kind: PeriodKind
    school_year: int | None
    """The start year of the school year, for a school year or quarter; None for a range."""
    quarter: int | None

    def contains(self, day: date) -> bool:
        """Whether `day` falls in the period."""
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        """How many days the period covers."""
        return (self.end - self.start).days + 1


_YEAR = re.compile(r"(\d{4})\s*-\s*(\d{4})(?:\s*:(.*))?", re.ASCII | re.DOTALL)
_QUARTER = re.compile(r"\s*[qQ]?\s*([1-4])\s*", re.ASCII)
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-"})
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DOTTED_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII)


def _not_a_period(text: str) -> UserError:
    return UserError(
        _(
            "“{text}” is not a period: write a school year (2026-2027), a quarter"
            " (2026-2027:q1) or a range of days (2026-09-01..2026-12-25)"
        ).format(text=text),
        field="period",
    )


def _parse_day(text: str) -> date:
    iso = _ISO_DAY.fullmatch(text)
    dotted = _DOTTED_DAY.fullmatch(text)
    parts: tuple[str, str, str] | None = None
    if iso is not None:
        parts = (iso[1], iso[2], iso[3])
    elif dotted is not None:
        parts = (dotted[3], dotted[2], dotted[1])
    if parts is not None:
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass
    raise UserError(
        _("“{text}” is not a date: write it as yyyy-mm-dd or dd.mm.yyyy").format(text=text),
        field="period",
    )


def _parse_school_year(text: str, match: re.Match[str]) -> PeriodSpec:
    first, last = int(match[1]), int(match[2])
    if last != first + 1:
        raise UserError(
            _(
                "A school year runs from one year to the next: write {first}-{next}, not {text}"
            ).format(first=first, next=first + 1, text=text),
            field="period",
        )
    if not FIRST_YEAR <= first <= LAST_YEAR:
        raise UserError(
            _("School year {year} is outside the years caseroom accepts ({first}–{last})").format(
                year=first, first=FIRST_YEAR, last=LAST_YEAR
            ),
            field="period",
        )
    quarter_text = match[3]
    if quarter_text is None:
        return PeriodSpec(PeriodKind.SCHOOL_YEAR, start_year=first)
    if not quarter_text.strip():
        raise _not_a_period(text)
    quarter = _QUARTER.fullmatch(quarter_text)
    if quarter is None:
        raise UserError(
            _("A school year has quarters 1 to 4, not “{quarter}”").format(
                quarter=quarter_text.strip()
            ),
            field="period",
        )
    return PeriodSpec(PeriodKind.QUARTER, start_year=first, quarter=int(quarter[1]))


def parse_period(text: str) -> PeriodSpec:
    """Read a `--period` value; raise `UserError` saying what is wrong with it."""
    cleaned = text.strip().translate(_DASHES)
    if ".." in cleaned:
        start_text, _sep, end_text = (part.strip() for part in cleaned.partition(".."))
        if not start_text or not end_text or ".." in end_text:
            raise _not_a_period(text)
        start, end = _parse_day(start_text), _parse_day(end_text)
        if end < start:
            raise UserError(
                _("The period ends ({end}) before it starts ({start})").format(
                    end=format_day(end), start=format_day(start)
                ),
                field="period",
            )
        return PeriodSpec(PeriodKind.RANGE, start=start, end=end)
    match = _YEAR.fullmatch(cleaned)
    if match is None:
        raise _not_a_period(text)
    return _parse_school_year(text, match)


def _year_label(start_year: int) -> str:
    return _("{first}–{last} school year").format(first=start_year, last=start_year + 1)


def _quarter_period(quarter: QuarterRead) -> Period:
    return Period(
        start=quarter.starts_on,
        end=quarter.ends_on,
        label=_("{first}–{last}, quarter {number}").format(
            first=quarter.start_year, last=quarter.start_year + 1, number=quarter.number
        ),
        kind=PeriodKind.QUARTER,
        school_year=quarter.start_year,
        quarter=quarter.number,
    )


def resolve_period(session: Session, spec: PeriodSpec | str | None, *, today: date) -> Period:
    """The dates of `spec` (text is parsed first; None means the quarter of `today`)."""
    if spec is None:
        return _quarter_period(current_quarter(session, today=today))
    if isinstance(spec, str):
        spec = parse_period(spec)
    if spec.kind is PeriodKind.RANGE:
        assert spec.start is not None and spec.end is not None
        label = (
            format_day(spec.start)
            if spec.start == spec.end
            else _("{start} – {end}").format(start=format_day(spec.start), end=format_day(spec.end))
        )
        return Period(spec.start, spec.end, label, PeriodKind.RANGE, None, None)
    assert spec.start_year is not None
    year = get_school_year(session, spec.start_year)
    if spec.quarter is not None:
        return _quarter_period(year.quarter(spec.quarter))
    return Period(
        start=year.starts_on,
        end=year.ends_on,
        label=_year_label(spec.start_year),
        kind=PeriodKind.SCHOOL_YEAR,
        school_year=spec.start_year,
        quarter=None,
    )


# --- defaults that fit the day -----------------------------------------------------------

START_WEEKS = 4
"""Ratings in the first weeks of the school year are its "start of year" ratings."""
MIDDLE_WEEKS = 2
"""The winter break and the first weeks of quarter 3 are the "middle of year"."""
END_WEEKS = 2
"""The last weeks of the school year, and the summer after it, are its "end of year"."""


def quarter_end_ahead(session: Session, day: date) -> date:
    """The last day of the quarter `day` falls in; in a break or the summer, of the next
    quarter (so a date set from it is never already past)."""
    year = school_year_of(session, day)
    for quarter in year.quarters:
        if day <= quarter.ends_on:
            return quarter.ends_on
    return get_school_year(session, year.start_year + 1).quarter(1).ends_on


def checkpoint_on(year: SchoolYearRead, day: date) -> Checkpoint:
    """The rating checkpoint `day` belongs to in school year `year`.

    Its first four weeks (and the days before it) are the start of the year; then each
    quarter is its own checkpoint until it ends, with the break after it; the winter break
    and the first two weeks of quarter 3 are the middle of the year; the last two weeks of
    the year and the summer are its end.
    """
    first, second, third, fourth = year.quarters
    if day < first.starts_on + timedelta(weeks=START_WEEKS):
        return Checkpoint.START
    if day >= year.ends_on - timedelta(weeks=END_WEEKS) + timedelta(days=1):
        return Checkpoint.END
    if day < second.starts_on:
        return Checkpoint.Q1
    if day <= second.ends_on:
        return Checkpoint.Q2
    if day < third.starts_on + timedelta(weeks=MIDDLE_WEEKS):
        return Checkpoint.MIDDLE
    if day < fourth.starts_on:
        return Checkpoint.Q3
    return Checkpoint.Q4


def current_checkpoint(session: Session, *, today: date) -> Checkpoint:
    """The rating checkpoint of `today` in its school year (`checkpoint_on`)."""
    return checkpoint_on(school_year_of(session, today), today)
