"""School years and quarters: defaults, storage, validation, and which quarter a day is in."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Quarter, Room, SchoolYear
from caseroom.errors import NotFoundError, UserError, ValidationError
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.plans.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    DateRange,
    current_quarter,
    default_school_year,
    ensure_school_year,
    format_day,
    get_school_year,
    quarter_of,
    school_year_of,
    set_school_year,
    validate_school_year,
)

D = date


def _audit(session: Session) -> list[tuple[str, str, dict[str, object]]]:
    rows = session.execute(
        select(col(AuditEvent.action), col(AuditEvent.entity), col(AuditEvent.details))
    ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def _count(session: Session, model: type[SchoolYear] | type[Quarter]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


QUARTERS_2026: list[DateRange] = [
    (D(2026, 9, 1), D(2026, 10, 25)),
    (D(2026, 11, 2), D(2026, 12, 28)),
    (D(2027, 1, 8), D(2027, 3, 18)),
    (D(2027, 3, 30), D(2027, 5, 31)),
]


# --- defaults -----------------------------------------------------------------------------


def test_2025_is_the_ministerial_year() -> None:
    draft = default_school_year(2025)
    assert draft.known is True
    assert (draft.starts_on, draft.ends_on) == (D(2025, 9, 1), D(2026, 5, 25))
    assert draft.quarters == (
        (D(2025, 9, 1), D(2025, 10, 26)),
        (D(2025, 11, 3), D(2025, 12, 28)),
        (D(2026, 1, 8), D(2026, 3, 18)),
        (D(2026, 3, 30), D(2026, 5, 25)),
    )


def test_2026_follows_the_rule() -> None:
    draft = default_school_year(2026)
    assert draft.known is False
    assert (draft.starts_on, draft.ends_on) == (D(2026, 9, 1), D(2027, 5, 31))
    assert list(draft.quarters) == QUARTERS_2026


def test_rule_moves_a_quarter_start_off_the_weekend() -> None:
    # 8 January 2028 is a Saturday; 30 March 2024 is a Saturday.
    assert default_school_year(2027).quarters[2][0] == D(2028, 1, 10)
    assert default_school_year(2023).quarters[3][0] == D(2024, 4, 1)


def test_autumn_break_is_the_week_from_the_last_monday_of_october() -> None:
    # The last Monday of October 2022 is the 31st.
    quarters = default_school_year(2022).quarters
    assert quarters[0][1] == D(2022, 10, 30)
    assert quarters[1][0] == D(2022, 11, 7)


@given(st.integers(min_value=FIRST_YEAR, max_value=LAST_YEAR))
def test_every_default_year_is_valid(start_year: int) -> None:
    draft = default_school_year(start_year)
    validate_school_year(start_year, draft.starts_on, draft.ends_on, list(draft.quarters))
    assert all(start.weekday() < 5 for start, _end in draft.quarters[1:])
    assert draft.quarters[0][0] == draft.starts_on
    assert draft.quarters[3][1] == draft.ends_on


@pytest.mark.parametrize("start_year", [FIRST_YEAR - 1, LAST_YEAR + 1])
def test_default_year_out_of_range(start_year: int) -> None:
    with pytest.raises(ValidationError) as raised:
        default_school_year(start_year)
    assert raised.value.problems == {
        "start_year": f"School year {start_year} is outside the years caseroom accepts (1990–2100)"
    }


def test_format_day() -> None:
    assert format_day(D(2026, 3, 8)) == "08.03.2026"


# --- storing ------------------------------------------------------------------------------


def test_ensure_school_year_stores_defaults_once(
    session: Session, room: Room, actor: Actor
) -> None:
    year = ensure_school_year(session, actor=actor, start_year=2026)
    assert year.stored is True
    assert year.dates_confirmed is False
    assert [(q.number, q.starts_on, q.ends_on) for q in year.quarters] == [
        (n, start, end) for n, (start, end) in enumerate(QUARTERS_2026, start=1)
    ]
    assert all(q.id is not None and q.start_year == 2026 for q in year.quarters)
    again = ensure_school_year(session, actor=actor, start_year=2026)
    assert again == year
    assert (_count(session, SchoolYear), _count(session, Quarter)) == (1, 4)
    assert _audit(session) == [
        ("create", "school_year", {"start_year": 2026, "source": "rule"}),
    ]


def test_ensure_known_year_records_its_source(session: Session, room: Room, actor: Actor) -> None:
    year = ensure_school_year(session, actor=actor, start_year=2025)
    assert year.ends_on == D(2026, 5, 25)
    assert _audit(session) == [
        ("create", "school_year", {"start_year": 2025, "source": "order"}),
    ]


def test_ensure_needs_a_room(session: Session) -> None:
    with pytest.raises(UserError, match="Set up the room first"):
        ensure_school_year(session, actor=SYSTEM, start_year=2026)
    with pytest.raises(UserError, match="Set up the room first"):
        school_year_of(session, D(2026, 11, 23), ensure=True)


def test_get_school_year_shows_defaults_without_storing(session: Session, room: Room) -> None:
    year = get_school_year(session, 2026)
    assert year.stored is False
    assert year.quarter(2).starts_on == D(2026, 11, 2)
    assert year.quarter(2).id is None
    assert _count(session, SchoolYear) == 0


def test_set_school_year_updates_and_confirms(session: Session, room: Room, actor: Actor) -> None:
    stored = ensure_school_year(session, actor=actor, start_year=2026)
    quarters = [*QUARTERS_2026[:3], (D(2027, 3, 30), D(2027, 5, 25))]
    year = set_school_year(
        session,
        actor=actor,
        start_year=2026,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 25),
        quarters=quarters,
    )
    assert year.id == stored.id
    assert year.dates_confirmed is True
    assert year.ends_on == D(2027, 5, 25)
    assert year.quarter(4).ends_on == D(2027, 5, 25)
    assert [q.id for q in year.quarters] == [q.id for q in stored.quarters]
    assert _audit(session)[-1] == (
        "update",
        "school_year",
        {"start_year": 2026, "dates_confirmed": True},
    )
    assert get_school_year(session, 2026) == year


def test_set_school_year_creates_a_missing_year(session: Session, room: Room, actor: Actor) -> None:
    year = set_school_year(
        session,
        actor=actor,
        start_year=2026,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 31),
        quarters=QUARTERS_2026,
    )
    assert year.stored and year.dates_confirmed
    assert (_count(session, SchoolYear), _count(session, Quarter)) == (1, 4)
    assert _audit(session) == [
        ("create", "school_year", {"start_year": 2026, "dates_confirmed": True}),
    ]


# --- validation ---------------------------------------------------------------------------


YEAR_START_2026 = D(2026, 9, 1)
YEAR_END_2026 = D(2027, 5, 31)


def _problems(
    starts_on: date = YEAR_START_2026,
    ends_on: date = YEAR_END_2026,
    quarters: list[DateRange] | None = None,
    start_year: int = 2026,
) -> dict[str, str]:
    with pytest.raises(ValidationError) as raised:
        validate_school_year(
            start_year, starts_on, ends_on, QUARTERS_2026 if quarters is None else quarters
        )
    return raised.value.problems


def test_valid_year_at_its_limits() -> None:
    # Starts on 1 August or 30 September, ends on 1 May or 30 June: all accepted.
    q = QUARTERS_2026
    validate_school_year(2026, D(2026, 8, 1), D(2027, 6, 30), q)
    validate_school_year(
        2026,
        D(2026, 9, 30),
        D(2027, 5, 1),
        [(D(2026, 9, 30), q[0][1]), *q[1:3], (q[3][0], D(2027, 5, 1))],
    )


def test_year_must_start_in_august_or_september() -> None:
    assert _problems(starts_on=D(2026, 7, 31)) == {
        "starts_on": "The school year 2026–2027 starts in August or September 2026,"
        " not on 31.07.2026"
    }
    assert "starts_on" in _problems(starts_on=D(2026, 10, 1))


def test_year_must_end_in_may_or_june() -> None:
    assert _problems(ends_on=D(2027, 7, 1)) == {
        "ends_on": "The school year 2026–2027 ends in May or June 2027, not on 01.07.2027"
    }
    assert _problems(ends_on=D(2027, 4, 30)) == {
        "ends_on": "The school year 2026–2027 ends in May or June 2027, not on 30.04.2027",
        "quarter_4": "Quarter 4 (30.03.2027 – 31.05.2027) is outside the school year"
        " (01.09.2026 – 30.04.2027)",
    }


def test_a_year_has_four_quarters() -> None:
    assert _problems(quarters=QUARTERS_2026[:3]) == {
        "quarters": "A school year has 4 quarters, not 3"
    }


def test_quarter_ending_before_it_starts() -> None:
    quarters = [QUARTERS_2026[0], (D(2026, 12, 28), D(2026, 11, 2)), *QUARTERS_2026[2:]]
    assert _problems(quarters=quarters) == {
        "quarter_2": "Quarter 2 ends (02.11.2026) before it starts (28.12.2026)"
    }


def test_quarter_outside_the_year() -> None:
    quarters = [(D(2026, 8, 31), D(2026, 10, 25)), *QUARTERS_2026[1:]]
    assert _problems(quarters=quarters) == {
        "quarter_1": "Quarter 1 (31.08.2026 – 25.10.2026) is outside the school year"
        " (01.09.2026 – 31.05.2027)"
    }


def test_quarters_overlapping_or_out_of_order() -> None:
    overlapping = [QUARTERS_2026[0], (D(2026, 10, 25), D(2026, 12, 28)), *QUARTERS_2026[2:]]
    assert _problems(quarters=overlapping) == {
        "quarter_2": "Quarter 2 starts (25.10.2026) before quarter 1 ends (25.10.2026)"
    }
    swapped = [QUARTERS_2026[0], QUARTERS_2026[2], QUARTERS_2026[1], QUARTERS_2026[3]]
    assert _problems(quarters=swapped) == {
        "quarter_3": "Quarter 3 starts (02.11.2026) before quarter 2 ends (18.03.2027)"
    }


def test_start_year_out_of_range_is_reported_first() -> None:
    assert _problems(start_year=2101) == {
        "start_year": "School year 2101 is outside the years caseroom accepts (1990–2100)"
    }


def test_set_school_year_validates_before_writing(
    session: Session, room: Room, actor: Actor
) -> None:
    with pytest.raises(ValidationError):
        set_school_year(
            session,
            actor=actor,
            start_year=2026,
            starts_on=D(2026, 9, 1),
            ends_on=D(2027, 5, 31),
            quarters=QUARTERS_2026[:2],
        )
    assert _count(session, SchoolYear) == 0
    assert _audit(session) == []


# --- which year, which quarter ------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (D(2026, 8, 31), 2025),
        (D(2026, 9, 1), 2026),
        (D(2026, 12, 31), 2026),
        (D(2027, 5, 31), 2026),
        (D(2027, 6, 1), 2026),
        (D(2027, 8, 31), 2026),
    ],
)
def test_school_year_of_boundary_days(session: Session, day: date, start_year: int) -> None:
    assert school_year_of(session, day).start_year == start_year


def test_school_year_of_with_ensure_stores_the_year(
    session: Session, room: Room, actor: Actor
) -> None:
    year = school_year_of(session, D(2026, 11, 23), actor=actor, ensure=True)
    assert year.stored and year.start_year == 2026
    assert _count(session, SchoolYear) == 1


def test_school_year_of_follows_a_stored_early_start(
    session: Session, room: Room, actor: Actor
) -> None:
    set_school_year(
        session,
        actor=actor,
        start_year=2026,
        starts_on=D(2026, 8, 25),
        ends_on=D(2027, 5, 31),
        quarters=[(D(2026, 9, 1), D(2026, 10, 25)), *QUARTERS_2026[1:]],
    )
    assert school_year_of(session, D(2026, 8, 24)).start_year == 2025
    assert school_year_of(session, D(2026, 8, 26)).start_year == 2026
    # Between the year's start and quarter 1: quarter 1 is the current one.
    assert current_quarter(session, today=D(2026, 8, 26)).number == 1


@pytest.mark.parametrize(
    ("today", "start_year", "number"),
    [
        (D(2026, 9, 1), 2026, 1),
        (D(2026, 10, 25), 2026, 1),
        (D(2026, 10, 30), 2026, 1),  # autumn break
        (D(2026, 11, 2), 2026, 2),
        (D(2026, 11, 23), 2026, 2),
        (D(2027, 1, 3), 2026, 2),  # winter break
        (D(2027, 1, 8), 2026, 3),
        (D(2027, 3, 25), 2026, 3),  # spring break
        (D(2027, 3, 30), 2026, 4),
        (D(2027, 5, 31), 2026, 4),
        (D(2027, 6, 1), 2026, 4),  # summer
        (D(2027, 8, 31), 2026, 4),
        (D(2026, 5, 26), 2025, 4),  # after the ministerial end of 2025–2026
    ],
)
def test_current_quarter(session: Session, today: date, start_year: int, number: int) -> None:
    quarter = current_quarter(session, today=today)
    assert (quarter.start_year, quarter.number) == (start_year, number)


def test_current_quarter_uses_stored_dates(session: Session, room: Room, actor: Actor) -> None:
    set_school_year(
        session,
        actor=actor,
        start_year=2026,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 5, 31),
        quarters=[
            (D(2026, 9, 1), D(2026, 11, 1)),
            (D(2026, 11, 9), D(2026, 12, 28)),
            *QUARTERS_2026[2:],
        ],
    )
    quarter = current_quarter(session, today=D(2026, 11, 2))
    assert (quarter.number, quarter.ends_on) == (1, D(2026, 11, 1))
    assert quarter.id is not None
    assert quarter.contains(D(2026, 11, 1)) and not quarter.contains(D(2026, 11, 2))


def test_quarter_of(session: Session) -> None:
    assert quarter_of(session, 2026, 3).starts_on == D(2027, 1, 8)
    with pytest.raises(NotFoundError, match="A school year has quarters 1 to 4, not 5"):
        quarter_of(session, 2026, 5)
