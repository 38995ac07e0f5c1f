"""A caregiver's own goals: create, update, status, archive, list."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, ParentGoal
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.goals import (
    ParentGoalInput,
    add_goal_progress,
    archive_parent_goal,
    create_parent_goal,
    list_parent_goals,
    update_parent_goal,
)


def _count(session: Session, model: type[ParentGoal] | type[AuditEvent]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _goal(**changes: object) -> ParentGoalInput:
    values: dict[str, object] = {
        "description": " Learn a calming routine for bedtime ",
        "set_on": date(2026, 10, 1),
        "target_on": date(2026, 12, 20),
        "note": "  ",
    }
    values.update(changes)
    return ParentGoalInput(**values)  # type: ignore[arg-type]


def test_create_parent_goal(session: Session, actor: Actor, caregiver: Caregiver) -> None:
    made = create_parent_goal(session, actor=actor, caregiver_id=caregiver.id, data=_goal())
    assert made.description == "Learn a calming routine for bedtime"
    assert (made.status, made.note, made.target_on) == ("active", None, date(2026, 12, 20))
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert (event.action, event.entity) == ("create", "parent_goal")
    assert event.details == {"caregiver_id": str(caregiver.id), "status": "active"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"description": " "}, "description", "Describe the caregiver's goal"),
        (
            {"description": "x" * 2001},
            "description",
            "The text is too long (at most 2\u00a0000 characters)",
        ),
        ({"note": "x" * 2001}, "note", "The text is too long (at most 2\u00a0000 characters)"),
        (
            {"target_on": date(2026, 9, 30)},
            "target_on",
            "The target date 30.09.2026 is before the goal was set on 01.10.2026",
        ),
    ],
)
def test_parent_goal_rules(
    session: Session,
    actor: Actor,
    caregiver: Caregiver,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = _count(session, ParentGoal), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        create_parent_goal(session, actor=actor, caregiver_id=caregiver.id, data=_goal(**changes))
    assert raised.value.problems == {field: message}
    assert (_count(session, ParentGoal), _count(session, AuditEvent)) == before


def test_unknown_caregiver(session: Session, actor: Actor) -> None:
    with pytest.raises(ValidationError) as raised:
        create_parent_goal(session, actor=actor, caregiver_id=uuid.uuid4(), data=_goal())
    assert raised.value.problems == {"caregiver_id": "Choose the caregiver whose goal this is"}
    assert _count(session, ParentGoal) == 0


def test_update_status_archive_and_list(
    session: Session, actor: Actor, caregiver: Caregiver
) -> None:
    older = create_parent_goal(session, actor=actor, caregiver_id=caregiver.id, data=_goal())
    newer = create_parent_goal(
        session,
        actor=actor,
        caregiver_id=caregiver.id,
        data=_goal(description="Join the support group", set_on=date(2026, 11, 1)),
    )
    changed = update_parent_goal(
        session, actor=actor, goal_id=older.id, data=_goal(note="Tried twice this week")
    )
    assert (changed.note, changed.status) == ("Tried twice this week", "active")
    achieved = add_goal_progress(
        session, actor=actor, goal_id=newer.id, on=date(2026, 11, 2), text=None, status="achieved"
    )
    assert achieved.status == "achieved"
    with pytest.raises(ValidationError) as raised:
        add_goal_progress(
            session,
            actor=actor,
            goal_id=newer.id,
            on=date(2026, 11, 2),
            text=None,
            status="forgotten",
        )
    assert raised.value.problems == {"status": "Choose where the goal stands from the list"}
    # Goals worked on come first, then the others, newest first.
    assert [g.id for g in list_parent_goals(session, actor=actor, caregiver_id=caregiver.id)] == [
        older.id,
        newer.id,
    ]
    archived = archive_parent_goal(session, actor=actor, goal_id=older.id)
    assert archived.archived_at is not None
    assert [g.id for g in list_parent_goals(session, actor=actor, caregiver_id=caregiver.id)] == [
        newer.id
    ]
    everything = list_parent_goals(
        session, actor=actor, caregiver_id=caregiver.id, include_archived=True
    )
    assert len(everything) == 2
    with pytest.raises(NotFoundError, match="This caregiver's goal was not found"):
        archive_parent_goal(session, actor=actor, goal_id=uuid.uuid4())
