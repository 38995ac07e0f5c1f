"""What both report-data modules share: the period as reports print it, the report
language, the plans a report counts, and a centre's own SEN category labels."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col

from caseroom.i18n import LANGUAGES
from caseroom.reports.data import ReportPeriod
from caseroom.services.people.rooms import require_room
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


def report_period(period: Period) -> ReportPeriod:
    """The period as a report prints it (dates, and the neutral label)."""
    return ReportPeriod(start=period.start, end=period.end, label=period_text(period))


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
