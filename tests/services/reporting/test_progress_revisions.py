"""The consilium's progress report says when a goal was reworded and what it said before;
the parents' report shows only the wording in force.

Uses the hand-built room of `test_reporting` (made on 23.11.2026).
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session
from test_reporting import MADE_ON, Room1, build_world

from caseroom.db.models import Goal, Room, Staff
from caseroom.db.models_plan_history import PlanRevision
from caseroom.reports.data import GoalLine, ProgressReportData
from caseroom.reports.progress_report import write_progress_report
from caseroom.services.common import Actor
from caseroom.services.plans.goals import update_goal
from caseroom.services.plans.periods import resolve_period
from caseroom.services.plans.plans import GoalInput
from caseroom.services.reporting import report_data as reporting


@pytest.fixture
def world(session: Session, room: Room, staff: Staff, actor: Actor) -> Room1:
    """The room of `test_reporting`, with the sorting goal reworded."""
    made = build_world(session, room, staff, actor)
    goal = session.scalars(
        select(Goal).where(Goal.description == "Sort objects by two features")
    ).one()
    update_goal(
        session,
        actor=actor,
        goal_id=goal.id,
        data=GoalInput("cognitive", "Sort objects by colour and shape"),
    )
    revision = session.scalars(
        select(PlanRevision).where(
            PlanRevision.goal_id == goal.id, PlanRevision.action == "changed"
        )
    ).one()
    revision.created_at = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # the room's "today" is 23.11
    session.flush()
    return made


def test_a_change_after_the_period_is_not_shown(
    session: Session, actor: Actor, world: Room1
) -> None:
    revision = session.scalars(select(PlanRevision).where(PlanRevision.action == "changed")).one()
    revision.created_at = datetime(2027, 1, 20, 9, 0, tzinfo=UTC)
    session.flush()
    line = _line(_report(session, actor, world, "consilium"), "Sort objects by colour and shape")
    assert line.was is None


def _report(session: Session, actor: Actor, world: Room1, audience: str) -> ProgressReportData:
    return reporting.progress_report_data(
        session,
        actor=actor,
        child_id=world.aigerim,
        period=resolve_period(session, "2026-2027:q2", today=MADE_ON),
        audience=audience,
        made_on=MADE_ON,
        language="en",
    )


def _line(data: ProgressReportData, text: str) -> GoalLine:
    return next(g for group in data.goals for g in group.goals if g.description == text)


def test_the_consilium_report_shows_the_earlier_wording(
    session: Session, actor: Actor, world: Room1, tmp_path: Path
) -> None:
    data = _report(session, actor, world, "consilium")
    line = _line(data, "Sort objects by colour and shape")
    assert line.was == "Sort objects by two features" and line.revised_on is not None
    assert _line(data, "Hold a pencil correctly").was is None
    pdf = tmp_path / "consilium.pdf"
    write_progress_report(data, pdf, language="en")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    flat = " ".join(text.split())
    assert f"revised on {line.revised_on:%d.%m.%Y}" in flat
    assert "(was: Sort objects by two features)" in flat


def test_the_parents_report_does_not(session: Session, actor: Actor, world: Room1) -> None:
    line = _line(_report(session, actor, world, "parent"), "Sort objects by colour and shape")
    assert line.was is None and line.revised_on is None
