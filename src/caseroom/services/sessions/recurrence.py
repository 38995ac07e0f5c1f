"""The days a recurring session falls on (pure date arithmetic, no database).

A series meets on `weekday` (0 = Monday) of the week that holds `starts_on`, then every
`every_weeks` weeks, never before `starts_on` and never after `ends_on`. Days in `skip`
(holidays, cancelled weeks) are left out.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator
from datetime import date, time, timedelta

from caseroom.dates import week_start
from caseroom.errors import UserError
from caseroom.i18n import _

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


def occurrences(
    *,
    weekday: int,
    every_weeks: int,
    starts_on: date,
    ends_on: date,
    first: date | None = None,
    skip: Container[date] = (),
) -> Iterator[date]:
    """The days from `first` (default `starts_on`) to `ends_on` the series meets on."""
    day = week_start(starts_on) + timedelta(days=weekday)
    step = timedelta(weeks=every_weeks)
    if day < starts_on:
        day += step
    if first is not None and first > day:
        weeks = (first - day).days // 7
        day += step * (weeks // every_weeks)
        if day < first:
            day += step
    while day <= ends_on:
        if day not in skip:
            yield day
        day += step


def minutes_of_day(moment: time) -> int:
    """`moment` as minutes since midnight."""
    return moment.hour * 60 + moment.minute


def overlaps(start_a: int, minutes_a: int, start_b: int, minutes_b: int) -> bool:
    """Whether two spans of the day (start in minutes since midnight, length) overlap."""
    return start_a < start_b + minutes_b and start_b < start_a + minutes_a


def parse_week(text: str) -> date:
    """The Monday of the ISO week written `2026-W50` (or `2026W50`); `UserError` if bad."""
    found = _WEEK.match(text)
    if found is not None:
        try:
            return date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except ValueError:
            pass
    raise UserError(
        _("“{text}” is not a week: write the year and the week number, e.g. 2026-W50").format(
            text=text.strip()
        )
    )


def week_label(monday: date) -> str:
    """The ISO name of the week starting on `monday`: `2026-W50`."""
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"
