"""The next period's plan: copy a plan forward, and the quarterly review's decisions.

`copy_forward` starts a draft plan for the next quarter or year with the goals carried
goal by goal (wording kept, ratings starting fresh; each new goal remembers the goal it came
from, so its history reaches back). `decide_review` records what a review decided for each
goal — continue, change (with the new wording), reached or dropped — marks reached goals
achieved and dropped goals discontinued, and creates the next period's plan from the goals
continued or changed.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Goal, PlanReview
from caseroom.db.models_plan_history import GoalDecision
from caseroom.errors import ValidationError
from caseroom.i18n import N_, _
from caseroom.services.common import Actor, load, touch
from caseroom.services.permissions import Permission, require
from caseroom.services.plans import history
from caseroom.services.plans.goals import _checked_goal, _fill_goal
from caseroom.services.plans.plans import (
    GoalInput,
    PlanInput,
    PlanRead,
    _plan,
    create_plan,
    get_plan,
)
from caseroom.vocab import GoalStatus, PlanStatus


class Decision(StrEnum):
    """What a quarterly review decides for a goal."""

    CONTINUE = "continue"
    CHANGE = "change"
    REACHED = "reached"
    DROPPED = "dropped"


_DECISION_LABELS = {
    Decision.CONTINUE: N_("continue"),
    Decision.CHANGE: N_("change"),
    Decision.REACHED: N_("reached"),
    Decision.DROPPED: N_("dropped"),
}
_CARRIED = frozenset({Decision.CONTINUE, Decision.CHANGE})
_CLOSING_STATUS = {Decision.REACHED: GoalStatus.ACHIEVED, Decision.DROPPED: GoalStatus.DISCONTINUED}


def decision_label(decision: str) -> str:
    """The translated name of a review decision."""
    return _(_DECISION_LABELS[Decision(decision)])


class NextPeriod(StrEnum):
    """How far a plan is copied forward."""

    QUARTER = "quarter"
    YEAR = "year"


def next_period(starts_on: date, ends_on: date, kind: NextPeriod) -> tuple[date, date]:
    """The period after a plan's: the next quarter (as long as this one) or the next year."""
    if kind == NextPeriod.YEAR:
        try:
            return starts_on.replace(year=starts_on.year + 1), ends_on.replace(
                year=ends_on.year + 1
            )
        except ValueError:  # 29 February
            return starts_on + timedelta(days=365), ends_on + timedelta(days=365)
    begins = ends_on + timedelta(days=1)
    return begins, begins + (ends_on - starts_on)


@dataclass(frozen=True, slots=True)
class GoalChoice:
    """A review's decision for one goal; `wording` is the new wording for `change`."""

    decision: str
    wording: GoalInput | None = None


def _carry(
    session: Session,
    *,
    actor: Actor,
    source: Goal,
    plan_id: uuid.UUID,
    order: int,
    wording: GoalInput | None,
) -> Goal:
    goal = Goal(plan_id=plan_id, domain=source.domain, description=source.description)
    for name in ("baseline", "target", "criterion"):
        setattr(goal, name, getattr(source, name))
    goal.status = GoalStatus.ACTIVE.value
    goal.sort_order = order
    if wording is not None:
        _fill_goal(goal, wording, _checked_goal(wording))
        goal.status = GoalStatus.ACTIVE.value
    session.add(goal)
    session.flush()
    history.record(
        session,
        actor=actor,
        plan_id=plan_id,
        goal_id=goal.id,
        action=history.RevisionAction.CARRIED,
        before=history.snapshot(source),
        after=history.snapshot(goal),
        source_goal_id=source.id,
    )
    return goal


def _new_plan(
    session: Session, *, actor: Actor, plan_id: uuid.UUID, starts_on: date, ends_on: date
) -> PlanRead:
    old = _plan(session, plan_id)
    if starts_on <= old.starts_on:
        raise ValidationError({"starts_on": _("The next plan must start after this plan starts.")})
    return create_plan(
        session,
        actor=actor,
        child_id=old.child_id,
        data=PlanInput(
            starts_on=starts_on,
            ends_on=ends_on,
            status=PlanStatus.DRAFT,
            author_id=old.author_id,
        ),
    )


def _goals_of(session: Session, plan_id: uuid.UUID) -> list[Goal]:
    return list(
        session.scalars(
            select(Goal)
            .where(col(Goal.plan_id) == plan_id, col(Goal.archived_at).is_(None))
            .order_by(col(Goal.sort_order), col(Goal.created_at))
        )
    )


def copy_forward(
    session: Session, *, actor: Actor, plan_id: uuid.UUID, starts_on: date, ends_on: date
) -> PlanRead:
    """A draft plan for the next period with the plan's goals in progress, ratings fresh."""
    require(actor, Permission.EDIT_RECORDS)
    new = _new_plan(session, actor=actor, plan_id=plan_id, starts_on=starts_on, ends_on=ends_on)
    carried = [g for g in _goals_of(session, plan_id) if g.status == GoalStatus.ACTIVE.value]
    for order, goal in enumerate(carried):
        _carry(session, actor=actor, source=goal, plan_id=new.id, order=order, wording=None)
    return get_plan(session, actor=actor, plan_id=new.id)


def decide_review(
    session: Session,
    *,
    actor: Actor,
    review_id: uuid.UUID,
    choices: Mapping[uuid.UUID, GoalChoice],
    starts_on: date,
    ends_on: date,
) -> PlanRead:
    """Record a review's decision for every goal and create the next period's plan."""
    require(actor, Permission.EDIT_RECORDS)
    review = load(session, PlanReview, review_id, _("The review was not found."))
    goals = _goals_of(session, review.plan_id)
    problems: dict[str, str] = {}
    if set(choices) != {goal.id for goal in goals}:
        problems["choices"] = _("Decide for every goal of the plan.")
    for goal_id, choice in choices.items():
        if choice.decision not in {d.value for d in Decision}:
            problems[f"decision:{goal_id}"] = _("Choose a decision from the list.")
        elif choice.decision == Decision.CHANGE and choice.wording is None:
            problems[f"decision:{goal_id}"] = _("Give the changed goal's new wording.")
    if problems:
        raise ValidationError(problems)
    new = _new_plan(
        session, actor=actor, plan_id=review.plan_id, starts_on=starts_on, ends_on=ends_on
    )
    order = 0
    for goal in goals:
        choice = choices[goal.id]
        decision = Decision(choice.decision)
        next_goal: Goal | None = None
        if decision in _CARRIED:
            wording = choice.wording if decision == Decision.CHANGE else None
            next_goal = _carry(
                session, actor=actor, source=goal, plan_id=new.id, order=order, wording=wording
            )
            order += 1
        else:
            before = history.snapshot(goal)
            goal.status = _CLOSING_STATUS[decision].value
            touch(goal)
            history.record(
                session,
                actor=actor,
                plan_id=goal.plan_id,
                goal_id=goal.id,
                action=history.RevisionAction.CHANGED,
                before=before,
                after=history.snapshot(goal),
            )
        session.add(
            GoalDecision(
                review_id=review.id,
                goal_id=goal.id,
                decision=decision.value,
                next_goal_id=next_goal.id if next_goal else None,
            )
        )
    session.flush()
    return get_plan(session, actor=actor, plan_id=new.id)


def review_decisions(
    session: Session, *, actor: Actor, review_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """What a review decided, by goal id."""
    require(actor, Permission.VIEW_RECORDS)
    rows = session.execute(
        select(col(GoalDecision.goal_id), col(GoalDecision.decision)).where(
            col(GoalDecision.review_id) == review_id
        )
    )
    return {goal_id: decision for goal_id, decision in rows}
