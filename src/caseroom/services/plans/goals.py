"""A support plan's goals: add, change, order and archive them, and rate them at checkpoints."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import Goal, GoalRating
from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    audit,
    checked_text,
    clean_text,
    load,
    touch,
)
from caseroom.services.permissions import Permission, require, working_note
from caseroom.services.plans import history
from caseroom.services.plans.plans import GoalInput, GoalRead, RatingRead, _d, _plan, _valid
from caseroom.vocab import Checkpoint, Domain, GoalStatus, Rating


def _goal(session: Session, goal_id: uuid.UUID) -> Goal:
    return load(session, Goal, goal_id, _("The goal was not found."))


def _checked_goal(data: GoalInput) -> str:
    problems = Problems()
    if not _valid(Domain, data.domain):
        problems.add("domain", _("Choose the goal's developmental domain from the list."))
    description = checked_text(
        problems,
        "description",
        data.description,
        limit=NOTE_MAX,
        multiline=True,
        missing=_("Describe the goal."),
    )
    for name in ("baseline", "target", "criterion"):
        checked_text(problems, name, getattr(data, name), limit=NOTE_MAX, multiline=True)
    if not _valid(GoalStatus, data.status):
        problems.add("status", _("Choose a goal status from the list."))
    problems.raise_if_any()
    assert description is not None
    return description


def _fill_goal(record: Goal, data: GoalInput, description: str) -> None:
    record.domain = data.domain
    record.description = description
    record.baseline = clean_text(data.baseline)
    record.target = clean_text(data.target)
    record.criterion = clean_text(data.criterion)
    record.status = data.status


def _goal_read(record: Goal) -> GoalRead:
    return GoalRead(
        id=record.id,
        plan_id=record.plan_id,
        domain=record.domain,
        description=record.description,
        baseline=record.baseline,
        target=record.target,
        criterion=record.criterion,
        status=record.status,
        sort_order=record.sort_order,
    )


def add_goal(session: Session, *, actor: Actor, plan_id: uuid.UUID, data: GoalInput) -> GoalRead:
    """Add a goal at the end of a plan's goals."""
    require(actor, Permission.EDIT_RECORDS)
    plan = _plan(session, plan_id)
    description = _checked_goal(data)
    last = session.execute(
        select(func.max(col(Goal.sort_order))).where(col(Goal.plan_id) == plan.id)
    ).scalar_one()
    record = Goal(plan_id=plan.id, domain=data.domain, description=description)
    _fill_goal(record, data, description)
    record.sort_order = 0 if last is None else last + 1
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="goal",
        details={"plan_id": str(plan.id), "domain": record.domain},
    )
    history.record(
        session,
        actor=actor,
        plan_id=plan.id,
        goal_id=record.id,
        action=history.RevisionAction.CREATED,
        before=None,
        after=history.snapshot(record),
    )
    return _goal_read(record)


def update_goal(session: Session, *, actor: Actor, goal_id: uuid.UUID, data: GoalInput) -> GoalRead:
    """Change a goal's wording, domain or status."""
    require(actor, Permission.EDIT_RECORDS)
    record = _goal(session, goal_id)
    description = _checked_goal(data)
    before = history.snapshot(record)
    _fill_goal(record, data, description)
    touch(record)
    history.record(
        session,
        actor=actor,
        plan_id=record.plan_id,
        goal_id=record.id,
        action=history.RevisionAction.CHANGED,
        before=before,
        after=history.snapshot(record),
    )
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="goal",
        details={"plan_id": str(record.plan_id), "status": record.status},
    )
    return _goal_read(record)


def archive_goal(
    session: Session, *, actor: Actor, goal_id: uuid.UUID, reason: str | None = None
) -> None:
    """Archive a goal (its ratings stay in the record)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _goal(session, goal_id)
    archive_and_audit(session, actor, record, "goal", reason=reason)
    history.record(
        session,
        actor=actor,
        plan_id=record.plan_id,
        goal_id=record.id,
        action=history.RevisionAction.ARCHIVED,
        before=None,
        after=None,
    )


def reorder_goals(
    session: Session, *, actor: Actor, plan_id: uuid.UUID, goal_ids: Sequence[uuid.UUID]
) -> None:
    """Put a plan's goals in the given order (every non-archived goal, each once)."""
    require(actor, Permission.EDIT_RECORDS)
    plan = _plan(session, plan_id)
    goals = {
        goal.id: goal
        for goal in session.scalars(
            select(Goal).where(col(Goal.plan_id) == plan.id, col(Goal.archived_at).is_(None))
        )
    }
    if len(goal_ids) != len(goals) or set(goal_ids) != set(goals):
        raise ValidationError({"goal_ids": _("List every goal of the plan exactly once.")})
    for position, goal_id in enumerate(goal_ids):
        if goals[goal_id].sort_order != position:
            goals[goal_id].sort_order = position
            touch(goals[goal_id])
    session.flush()
    audit(session, actor=actor, action="reorder", entity="support_plan", entity_id=plan.id)


def rate_goal(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    goal_id: uuid.UUID,
    checkpoint: str,
    rating: str,
    rated_on: date,
    note: str | None = None,
    today: date | None = None,
) -> RatingRead:
    """Rate a child's goal at a checkpoint; rating the same checkpoint again replaces it."""
    require(actor, Permission.EDIT_RECORDS)
    goal = _goal(session, goal_id)
    plan = _plan(session, goal.plan_id)
    if plan.child_id != child_id:
        raise ValidationError({"goal_id": _("This goal belongs to another child's plan.")})
    problems = Problems()
    if goal.archived_at is not None:
        problems.add("goal_id", _("This goal is archived."))
    if not _valid(Checkpoint, checkpoint):
        problems.add("checkpoint", _("Choose a checkpoint from the list."))
    if not _valid(Rating, rating):
        problems.add("rating", _("Choose a rating from the scale."))
    if rated_on > (today or date.today()):
        problems.add(
            "rated_on", _("The rating date {date} is in the future.").format(date=_d(rated_on))
        )
    elif not plan.starts_on <= rated_on <= plan.ends_on:
        problems.add(
            "rated_on",
            _("The rating date {date} is outside the plan's period {start} – {end}.").format(
                date=_d(rated_on), start=_d(plan.starts_on), end=_d(plan.ends_on)
            ),
        )
    text = checked_text(problems, "note", note, limit=NOTE_MAX, multiline=True)
    problems.raise_if_any()
    record = session.scalars(
        select(GoalRating).where(
            col(GoalRating.goal_id) == goal.id, col(GoalRating.checkpoint) == checkpoint
        )
    ).first()
    action = "update"
    if record is None:
        action = "create"
        record = GoalRating(
            goal_id=goal.id, checkpoint=checkpoint, rated_on=rated_on, rating=rating
        )
        session.add(record)
    record.rated_on = rated_on
    record.rating = rating
    record.note = text
    record.rater_id = actor.staff_id
    record.archived_at = None
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action=action,
        entity="goal_rating",
        details={"goal_id": str(goal.id), "checkpoint": checkpoint, "rating": rating},
    )
    return RatingRead(
        record.id,
        goal.id,
        record.checkpoint,
        record.rating,
        record.rated_on,
        working_note(actor, record.note),
        record.rater_id,
    )
