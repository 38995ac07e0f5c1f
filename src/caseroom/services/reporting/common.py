"""What both report-data modules share: the period as reports print it, the report
language, the plans a report counts, and a centre's own SEN category labels.

A report covers days that have come: a period that starts after the day the report is
made is refused (`ValidationError` on the field `period`), and one that has not ended
is counted up to that day (`covered_period`) and printed as "so far".
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlmodel import Session, col

from caseroom.errors import ValidationError
from caseroom.i18n import LANGUAGES, _
from caseroom.reports.data import ReportPeriod
from caseroom.services.people.rooms import require_room
from caseroom.services.plans.calendar import format_day
from caseroom.services.plans.periods import Period, PeriodKind
from caseroom.vocab import PlanStatus

IN_EFFECT = (PlanStatus.ACTIVE.value, PlanStatus.CLOSED.value)
"""Plan statuses whose goals a report shows (a draft is not in effect yet)."""


def period_text(period: Period) -> str:
    """The period written in the language-neutral `--period` form (`2026-2027:q1`)."""
    if period.kind is PeriodKind.RANGE or period.school_year is None:
        return f"{period.start.isoformat()}..{period.end.isoformat()}"
    year = f"{period.school_year}-{period.school_year + 1}"
    return year if period.quarter is None else f"{year}:q{period.quarter}"


def check_report_period(period: Period, *, today: date) -> None:
    """Raise `ValidationError` (field `period`) if `period` starts after `today`: a report
    cannot tell about days that have not come."""
    if period.start > today:
        raise ValidationError(
            {
                "period": _(
                    "This period starts on {start}, after today ({today}): a report can "
                    "only cover days that have already come. Choose a period that has begun."
                ).format(start=format_day(period.start), today=format_day(today))
            }
        )


def covered_period(period: Period, *, today: date) -> Period:
    """The days of `period` a report made on `today` counts: all of them once it has
    ended, else its start up to `today`. Refuses a period that starts after `today`."""
    check_report_period(period, today=today)
    if period.end <= today:
        return period
    return dataclasses.replace(period, end=today)


def report_period(period: Period, *, today: date | None = None) -> ReportPeriod:
    """The period as a report prints it: its dates, what kind of period it is, and (made
    on `today`, before the period ends) the day it is counted up to."""
    covered = period if today is None else covered_period(period, today=today)
    return ReportPeriod(
        start=covered.start,
        end=covered.end,
        label=period_text(period),
        school_year=None if period.kind is PeriodKind.RANGE else period.school_year,
        quarter=period.quarter if period.kind is PeriodKind.QUARTER else None,
        planned_end=period.end if covered.end < period.end else None,
    )


def report_language(session: Session, language: str | None) -> str:
    """`language` if given and known, else the room's default language."""
    if language in LANGUAGES:
        assert language is not None
        return language
    room_language = require_room(session).default_language
    return room_language if room_language in LANGUAGES else "ru"


def in_period(column: Any, period: Period) -> Any:
    """`column` falls in the period (both ends included)."""
    return col(column).between(period.start, period.end)


def own_label(row: Any, language: str) -> str | None:
    """A centre's own SEN category label: in `language` if it has one, else any it has."""
    labels = {"en": row.label_en, "ru": row.label_ru, "kk": row.label_kk}
    found: str | None = labels.get(language) or row.label_ru or row.label_kk or row.label_en
    return found
