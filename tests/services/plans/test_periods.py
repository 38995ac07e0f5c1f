"""`--period` parsing (pure) and resolving against the room's calendar."""

from __future__ import annotations

import gettext
from datetime import date, timedelta
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from caseroom import i18n
from caseroom.db.models import Room
from caseroom.errors import UserError
from caseroom.services.common import Actor
from caseroom.services.plans.calendar import FIRST_YEAR, LAST_YEAR, set_school_year
from caseroom.services.plans.periods import (
    Period,
    PeriodKind,
    PeriodSpec,
    parse_period,
    resolve_period,
)

D = date
NOT_A_PERIOD = (
    "“{text}” is not a period: write a school year (2026-2027), a quarter (2026-2027:q1)"
    " or a range of days (2026-09-01..2026-12-25)"
)


# --- parsing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-2027", PeriodSpec(PeriodKind.SCHOOL_YEAR, start_year=2026)),
        (" 2026 – 2027 ", PeriodSpec(PeriodKind.SCHOOL_YEAR, start_year=2026)),
        ("2026-2027:q1", PeriodSpec(PeriodKind.QUARTER, start_year=2026, quarter=1)),
        ("2026-2027:Q4", PeriodSpec(PeriodKind.QUARTER, start_year=2026, quarter=4)),
        ("2026-2027 : q 2", PeriodSpec(PeriodKind.QUARTER, start_year=2026, quarter=2)),
        ("2026-2027:3", PeriodSpec(PeriodKind.QUARTER, start_year=2026, quarter=3)),
        (
            "2026-09-01..2026-12-25",
            PeriodSpec(PeriodKind.RANGE, start=D(2026, 9, 1), end=D(2026, 12, 25)),
        ),
        (
            "01.09.2026 .. 25.12.2026",
            PeriodSpec(PeriodKind.RANGE, start=D(2026, 9, 1), end=D(2026, 12, 25)),
        ),
        (
            "2026-9-1..2026-09-01",
            PeriodSpec(PeriodKind.RANGE, start=D(2026, 9, 1), end=D(2026, 9, 1)),
        ),
    ],
)
def test_parse_period(text: str, expected: PeriodSpec) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "2026-2028",
            "A school year runs from one year to the next: write 2026-2027, not 2026-2028",
        ),
        (
            "2027-2026",
            "A school year runs from one year to the next: write 2027-2028, not 2027-2026",
        ),
        ("2026-2027:q5", "A school year has quarters 1 to 4, not “q5”"),
        ("2026-2027:q0", "A school year has quarters 1 to 4, not “q0”"),
        ("2026-2027:autumn", "A school year has quarters 1 to 4, not “autumn”"),
        (
            "2026-12-25..2026-09-01",
            "The period ends (01.09.2026) before it starts (25.12.2026)",
        ),
        (
            "2026-02-30..2026-03-01",
            "“2026-02-30” is not a date: write it as yyyy-mm-dd or dd.mm.yyyy",
        ),
        ("2026-09-01..tomorrow", "“tomorrow” is not a date: write it as yyyy-mm-dd or dd.mm.yyyy"),
        ("1989-1990", "School year 1989 is outside the years caseroom accepts (1990–2100)"),
        ("2101-2102", "School year 2101 is outside the years caseroom accepts (1990–2100)"),
        ("autumn", NOT_A_PERIOD.format(text="autumn")),
        ("", NOT_A_PERIOD.format(text="")),
        ("2026-2027:", NOT_A_PERIOD.format(text="2026-2027:")),
        ("2026-09-01..", NOT_A_PERIOD.format(text="2026-09-01..")),
        ("..2026-09-01", NOT_A_PERIOD.format(text="..2026-09-01")),
        (
            "2026-09-01..2026-09-02..2026-09-03",
            NOT_A_PERIOD.format(text="2026-09-01..2026-09-02..2026-09-03"),
        ),
        ("2026", NOT_A_PERIOD.format(text="2026")),
        ("２０２６-２０２７", NOT_A_PERIOD.format(text="２０２６-２０２７")),
    ],
)
def test_parse_period_errors(text: str, message: str) -> None:
    with pytest.raises(UserError) as raised:
        parse_period(text)
    assert str(raised.value) == message
    assert raised.value.field == "period"


class _Russian(gettext.NullTranslations):
    """A tiny stand-in catalogue: proves messages and labels go through `_()`."""

    CATALOGUE: ClassVar[dict[str, str]] = {
        "A school year runs from one year to the next: write {first}-{next}, not {text}": (
            "Учебный год длится с одного года до следующего: пишите {first}-{next}, а не {text}"
        ),
        "{first}–{last}, quarter {number}": "{first}–{last}, {number} четверть",
    }

    def gettext(self, message: str) -> str:
        return self.CATALOGUE.get(message, message)


def test_messages_and_labels_are_translated(
    monkeypatch: pytest.MonkeyPatch, session: Session, today: date
) -> None:
    monkeypatch.setattr(i18n, "_translations", _Russian())
    with pytest.raises(UserError) as raised:
        parse_period("2026-2028")
    assert str(raised.value) == (
        "Учебный год длится с одного года до следующего: пишите 2026-2027, а не 2026-2028"
    )
    assert resolve_period(session, "2026-2027:q2", today=today).label == "2026–2027, 2 четверть"


# --- properties ---------------------------------------------------------------------------

days = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))
school_years = st.integers(min_value=FIRST_YEAR, max_value=LAST_YEAR)


@given(days, days)
def test_any_valid_range_round_trips(first: date, second: date) -> None:
    start, end = min(first, second), max(first, second)
    spec = parse_period(f"{start.isoformat()}..{end.isoformat()}")
    assert spec == PeriodSpec(PeriodKind.RANGE, start=start, end=end)
    assert parse_period(spec.text()) == spec
    dotted = f"{start:%d.%m}.{start.year:04d}..{end:%d.%m}.{end.year:04d}"
    assert parse_period(dotted) == spec


# resolve_period never writes, so one database can serve every example.
reads_only = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@reads_only
@given(start_year=school_years)
def test_any_school_year_parses_and_starts_in_september(session: Session, start_year: int) -> None:
    spec = parse_period(f"{start_year}-{start_year + 1}")
    assert spec == PeriodSpec(PeriodKind.SCHOOL_YEAR, start_year=start_year)
    assert parse_period(spec.text()) == spec
    period = resolve_period(session, spec, today=D(2026, 11, 23))
    assert (period.start.year, period.start.month) == (start_year, 9)
    assert period.end.year == start_year + 1
    assert period.school_year == start_year


@reads_only
@given(start_year=school_years, number=st.integers(min_value=1, max_value=4))
def test_quarter_lies_inside_its_school_year(
    session: Session, start_year: int, number: int
) -> None:
    year = resolve_period(session, f"{start_year}-{start_year + 1}", today=D(2026, 1, 1))
    quarter = resolve_period(
        session, f"{start_year}-{start_year + 1}:q{number}", today=D(2026, 1, 1)
    )
    assert year.start <= quarter.start <= quarter.end <= year.end
    assert (quarter.kind, quarter.school_year, quarter.quarter) == (
        PeriodKind.QUARTER,
        start_year,
        number,
    )


@given(st.text(max_size=40))
def test_garbage_raises_only_user_errors(text: str) -> None:
    try:
        spec = parse_period(text)
    except UserError as error:
        assert str(error)
    else:
        assert parse_period(spec.text()) == spec


@given(st.from_regex(r"\A[0-9q:.\- ]{0,30}\Z"))
def test_near_miss_garbage_raises_only_user_errors(text: str) -> None:
    try:
        parse_period(text)
    except UserError as error:
        assert str(error)


# --- resolving ----------------------------------------------------------------------------


def test_default_is_the_current_quarter(session: Session, today: date) -> None:
    assert resolve_period(session, None, today=today) == Period(
        start=D(2026, 11, 2),
        end=D(2026, 12, 28),
        label="2026–2027, quarter 2",
        kind=PeriodKind.QUARTER,
        school_year=2026,
        quarter=2,
    )


def test_default_in_summer_is_quarter_4_of_the_year_just_ended(session: Session) -> None:
    period = resolve_period(session, None, today=D(2027, 6, 1))
    assert (period.school_year, period.quarter, period.end) == (2026, 4, D(2027, 5, 31))


def test_school_year_defaults(session: Session, today: date) -> None:
    assert resolve_period(session, "2026-2027", today=today) == Period(
        start=D(2026, 9, 1),
        end=D(2027, 5, 31),
        label="2026–2027 school year",
        kind=PeriodKind.SCHOOL_YEAR,
        school_year=2026,
        quarter=None,
    )


def test_known_year_uses_the_ministerial_dates(session: Session, today: date) -> None:
    period = resolve_period(session, "2025-2026", today=today)
    assert (period.start, period.end) == (D(2025, 9, 1), D(2026, 5, 25))
    q3 = resolve_period(session, "2025-2026:q3", today=today)
    assert (q3.start, q3.end, q3.label) == (D(2026, 1, 8), D(2026, 3, 18), "2025–2026, quarter 3")


def test_stored_calendar_wins(session: Session, room: Room, actor: Actor, today: date) -> None:
    set_school_year(
        session,
        actor=actor,
        start_year=2026,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 25),
        quarters=[
            (D(2026, 9, 1), D(2026, 10, 30)),
            (D(2026, 11, 9), D(2026, 12, 29)),
            (D(2027, 1, 11), D(2027, 3, 19)),
            (D(2027, 3, 30), D(2027, 5, 25)),
        ],
    )
    assert resolve_period(session, "2026-2027", today=today).end == D(2027, 5, 25)
    q1 = resolve_period(session, "2026-2027:q1", today=today)
    assert (q1.start, q1.end) == (D(2026, 9, 1), D(2026, 10, 30))
    # 4 November is in the stored autumn break: the current quarter is the one just ended.
    assert resolve_period(session, None, today=D(2026, 11, 4)).quarter == 1


def test_range_label_and_days(session: Session, today: date) -> None:
    period = resolve_period(session, "2026-09-01..2026-12-25", today=today)
    assert period == Period(
        start=D(2026, 9, 1),
        end=D(2026, 12, 25),
        label="01.09.2026 – 25.12.2026",
        kind=PeriodKind.RANGE,
        school_year=None,
        quarter=None,
    )
    assert period.days == 116
    assert period.contains(D(2026, 12, 25)) and not period.contains(D(2026, 12, 26))


def test_one_day_range_label(session: Session, today: date) -> None:
    period = resolve_period(
        session, PeriodSpec(PeriodKind.RANGE, start=today, end=today), today=today
    )
    assert period.label == "23.11.2026"
    assert period.days == 1
    assert period.end - period.start == timedelta(0)


def test_resolve_raises_the_parse_error(session: Session, today: date) -> None:
    with pytest.raises(UserError, match="A school year has quarters 1 to 4"):
        resolve_period(session, "2026-2027:q7", today=today)
