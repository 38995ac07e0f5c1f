"""Progress on a caregiver's own goal: dated lines in its note, and where it stands."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.db.models import AuditEvent, Caregiver
from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.goals import (
    ParentGoalInput,
    add_goal_progress,
    create_parent_goal,
)


def _audits(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


def test_progress_lines_pile_up_in_the_note_and_the_status_follows(
    session: Session, actor: Actor, caregiver: Caregiver
) -> None:
    goal = create_parent_goal(
        session,
        actor=actor,
        caregiver_id=caregiver.id,
        data=ParentGoalInput("Keep an evening routine", date(2026, 9, 14), note="Her idea"),
    )
    first = add_goal_progress(
        session, actor=actor, goal_id=goal.id, on=date(2026, 10, 5), text=" Three evenings "
    )
    assert (first.note, first.status) == ("Her idea\n05.10.2026: Three evenings", "active")
    audits = _audits(session)
    reached = add_goal_progress(
        session,
        actor=actor,
        goal_id=goal.id,
        on=date(2026, 11, 23),
        text="Every evening",
        status="achieved",
    )
    assert reached.note == "Her idea\n05.10.2026: Three evenings\n23.11.2026: Every evening"
    assert reached.status == "achieved"
    assert _audits(session) == audits + 1
    dropped = add_goal_progress(
        session, actor=actor, goal_id=goal.id, on=date(2026, 11, 23), text=None, status="dropped"
    )
    assert (dropped.note, dropped.status) == (reached.note, "dropped")


def test_progress_rules(session: Session, actor: Actor, caregiver: Caregiver) -> None:
    goal = create_parent_goal(
        session,
        actor=actor,
        caregiver_id=caregiver.id,
        data=ParentGoalInput("Join the group", date(2026, 9, 14)),
    )
    with pytest.raises(ValidationError) as raised:
        add_goal_progress(
            session, actor=actor, goal_id=goal.id, on=date(2026, 9, 1), text=" ", status="won"
        )
    assert raised.value.problems == {
        "status": "Choose where the goal stands from the list",
        "on": "The progress date 01.09.2026 is before the goal was set on 14.09.2026",
    }
    for status in (None, "active"):  # nothing to write: no line, the same status
        with pytest.raises(ValidationError) as raised:
            add_goal_progress(
                session, actor=actor, goal_id=goal.id, on=date(2026, 10, 1), text="", status=status
            )
        assert raised.value.problems == {
            "text": "Write how the goal is going, or change where it stands"
        }
    with pytest.raises(ValidationError) as raised:
        add_goal_progress(
            session, actor=actor, goal_id=goal.id, on=date(2026, 10, 1), text="x" * 2001
        )
    assert raised.value.problems == {"text": "The goal's notes are full (at most 2000 characters)"}
