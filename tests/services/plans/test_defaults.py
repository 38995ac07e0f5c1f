"""Defaults that fit the day: the end of the quarter ahead, the rating checkpoint of a day.

The 2026–2027 year is caseroom's estimate: quarter 1 from 01.09.2026 to 25.10.2026,
quarter 2 from 02.11.2026 to 28.12.2026, quarter 3 from 08.01.2027 to 18.03.2027,
quarter 4 from 30.03.2027 to 31.05.2027.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from caseroom.services.plans.calendar import get_school_year
from caseroom.services.plans.periods import (
    checkpoint_on,
    current_checkpoint,
    quarter_end_ahead,
)
from caseroom.vocab import Checkpoint


def test_the_year_is_the_estimate_these_tests_assume(session: Session) -> None:
    year = get_school_year(session, 2026)
    assert [(q.starts_on, q.ends_on) for q in year.quarters] == [
        (date(2026, 9, 1), date(2026, 10, 25)),
        (date(2026, 11, 2), date(2026, 12, 28)),
        (date(2027, 1, 8), date(2027, 3, 18)),
        (date(2027, 3, 30), date(2027, 5, 31)),
    ]


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (date(2026, 9, 1), date(2026, 10, 25)),
        (date(2026, 11, 23), date(2026, 12, 28)),  # in quarter 2
        (date(2026, 12, 28), date(2026, 12, 28)),  # its last day
        (date(2026, 10, 28), date(2026, 12, 28)),  # the autumn break: the next quarter
        (date(2027, 1, 3), date(2027, 3, 18)),  # the winter break
        (date(2027, 7, 10), date(2027, 10, 24)),  # the summer: quarter 1 of the next year
    ],
)
def test_the_end_of_the_quarter_ahead(session: Session, day: date, end: date) -> None:
    assert quarter_end_ahead(session, day) == end


@pytest.mark.parametrize(
    ("day", "checkpoint"),
    [
        (date(2026, 9, 1), Checkpoint.START),
        (date(2026, 9, 28), Checkpoint.START),  # the fourth week
        (date(2026, 9, 29), Checkpoint.Q1),
        (date(2026, 10, 30), Checkpoint.Q1),  # the autumn break
        (date(2026, 11, 23), Checkpoint.Q2),
        (date(2026, 12, 28), Checkpoint.Q2),
        (date(2026, 12, 30), Checkpoint.MIDDLE),  # the winter break
        (date(2027, 1, 21), Checkpoint.MIDDLE),
        (date(2027, 1, 22), Checkpoint.Q3),
        (date(2027, 3, 25), Checkpoint.Q3),  # the spring break
        (date(2027, 4, 15), Checkpoint.Q4),
        (date(2027, 5, 17), Checkpoint.Q4),
        (date(2027, 5, 18), Checkpoint.END),
        (date(2027, 7, 1), Checkpoint.END),  # the summer belongs to the year just ended
    ],
)
def test_the_checkpoint_of_a_day(session: Session, day: date, checkpoint: Checkpoint) -> None:
    start_year = day.year if day.month >= 9 else day.year - 1
    assert checkpoint_on(get_school_year(session, start_year), day) is checkpoint
    assert current_checkpoint(session, today=day) is checkpoint
