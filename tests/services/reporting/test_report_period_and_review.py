"""What a report says about time: a period not ended is counted so far, one that has not
begun is refused, and a review date that has passed is called overdue.

Uses the hand-built room of `test_reporting` (made on 23.11.2026).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session
from test_reporting import MADE_ON, Room1, build_world, d

from caseroom.db.models import Room, Staff
from caseroom.errors import ValidationError
from caseroom.reports.data import Audience, ProgressReportData, ReportPeriod
from caseroom.services.common import Actor
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting import report_data as reporting
from caseroom.services.reporting.batch import BatchJob, ProgressBatch
from caseroom.services.reporting.report_data import ReportChild
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session
from caseroom.vocab import SessionKind


@pytest.fixture
def world(session: Session, room: Room, staff: Staff, actor: Actor) -> Room1:
    """The room of `test_reporting`."""
    return build_world(session, room, staff, actor)


def _progress(
    session: Session, actor: Actor, world: Room1, period: str, made_on: date = MADE_ON
) -> ProgressReportData:
    return reporting.progress_report_data(
        session,
        actor=actor,
        child_id=world.aigerim,
        period=resolve_period(session, period, today=made_on),
        audience="parent",
        made_on=made_on,
        language="en",
    )


def _held_on(session: Session, actor: Actor, world: Room1, staff: Staff, day: date) -> None:
    """An individual session with Aigerim on `day`, logged on 1 December."""
    log_session(
        session,
        actor=actor,
        data=SessionInput(
            held_on=day,
            kind="individual",
            staff_id=staff.id,
            minutes=30,
            status="held",
            children=(AttendeeInput(world.aigerim, "present"),),
        ),
        today=date(2026, 12, 1),
    )


def test_a_period_not_ended_is_counted_up_to_the_day_the_report_is_made(
    session: Session, actor: Actor, world: Room1, staff: Staff
) -> None:
    quarter = resolve_period(session, "2026-2027:q2", today=MADE_ON)
    data = _progress(session, actor, world, "2026-2027:q2")
    assert data.period == ReportPeriod(
        start=quarter.start,
        end=MADE_ON,
        label="2026-2027:q2",
        school_year=2026,
        quarter=2,
        planned_end=quarter.end,
    )
    assert data.period.cut_short
    before = sum(row.held for row in data.sessions)
    _held_on(session, actor, world, staff, d(11, 25))  # two days after the report's day
    assert sum(row.held for row in _progress(session, actor, world, "2026-2027:q2").sessions) == (
        before
    )
    later = _progress(session, actor, world, "2026-2027:q2", made_on=d(11, 30))
    assert sum(row.held for row in later.sessions) == before + 1
    assert later.period.end == d(11, 30)


def test_an_ended_period_is_whole_and_not_cut_short(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = _progress(session, actor, world, "2026-2027:q1")
    assert (data.period.school_year, data.period.quarter) == (2026, 1)
    assert data.period.planned_end is None and not data.period.cut_short
    summary = reporting.term_summary_data(
        session,
        actor=actor,
        period=resolve_period(session, "2026-09-01..2026-12-31", today=MADE_ON),
        identified=False,
        made_on=MADE_ON,
    )
    assert (summary.period.end, summary.period.planned_end) == (MADE_ON, d(12, 31))
    assert (summary.period.school_year, summary.period.quarter) == (None, None)


def test_a_period_that_has_not_begun_is_refused_with_a_clear_message(
    session: Session, actor: Actor, world: Room1, tmp_path: Path
) -> None:
    future = resolve_period(session, "2026-2027:q3", today=MADE_ON)
    with pytest.raises(ValidationError) as refused:
        _progress(session, actor, world, "2026-2027:q3")
    assert refused.value.field == "period"
    assert str(refused.value) == (
        f"This period starts on {future.start:%d.%m.%Y}, after today (23.11.2026): a report "
        "can only cover days that have already come. Choose a period that has begun."
    )
    with pytest.raises(ValidationError):
        reporting.term_summary_data(
            session, actor=actor, period=future, identified=False, made_on=MADE_ON
        )
    out = tmp_path / "out"
    job = BatchJob(tmp_path / "none.sqlite3", out, future, Audience.PARENT, "en", MADE_ON)
    batch = ProgressBatch(job, [ReportChild(world.aigerim, "SR-2026-0001")], workers=1)
    with pytest.raises(ValidationError):
        batch.run(lambda *_args: None)
    assert not out.exists()  # refused before anything was made


def test_the_next_review_is_a_day_to_come_or_overdue(
    session: Session, actor: Actor, world: Room1
) -> None:
    period = "2026-09-01..2026-10-31"
    coming = _progress(session, actor, world, period)  # the plan's review is on 20.12.2026
    assert coming.next_steps[-1] == "The support plan will next be reviewed on 20.12.2026."
    on_the_day = _progress(session, actor, world, period, made_on=d(12, 20))
    assert on_the_day.next_steps[-1] == "The support plan will next be reviewed on 20.12.2026."
    late = _progress(session, actor, world, period, made_on=d(12, 21))
    assert late.next_steps[-1] == "Support plan review overdue since 20.12.2026."


def test_the_consilium_report_carries_the_conclusion_it_can_call_expired(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = reporting.progress_report_data(
        session,
        actor=actor,
        child_id=world.aigerim,
        period=world.period,
        audience="consilium",
        made_on=date(2027, 1, 2),
        language="en",
    )
    assert data.pmpk is not None and data.pmpk.valid_until == d(12, 10)
    assert data.pmpk.days_overdue(data.made_on) == 23
    assert data.pmpk.days_overdue(d(12, 10)) == 0  # valid on its last day
    assert data.sessions[0].kind is SessionKind.INDIVIDUAL
