"""Plan history: an edit keeps the old version; copy-forward; the review's decisions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session

from caseroom.db.models import Child, Goal, GoalRating
from caseroom.db.models_plan_history import GoalDecision
from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.plans.carry import (
    GoalChoice,
    NextPeriod,
    copy_forward,
    decide_review,
    next_period,
    review_decisions,
)
from caseroom.services.plans.goals import add_goal, archive_goal, rate_goal, update_goal
from caseroom.services.plans.history import goal_history, last_wording_changes, plan_history
from caseroom.services.plans.plans import GoalInput, PlanInput, add_review, create_plan, update_plan
from caseroom.vocab import Checkpoint, Domain, GoalStatus, PlanStatus, Rating

PLAN = PlanInput(starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 31), status=PlanStatus.ACTIVE)
SORT = GoalInput(Domain.COGNITIVE, "Sorts by colour", baseline="2 colours", target="4 colours")


def test_an_edit_keeps_the_old_version_who_and_what(
    session: Session, actor: Actor, child: Child
) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=PLAN)
    goal = add_goal(session, actor=actor, plan_id=plan.id, data=SORT)
    changed = GoalInput(
        Domain.COGNITIVE,
        "Sorts by colour and shape",
        baseline="2 colours",
        target="4 colours and 3 shapes",
        criterion="4 of 5",
    )
    update_goal(session, actor=actor, goal_id=goal.id, data=changed)
    update_goal(session, actor=actor, goal_id=goal.id, data=changed)  # no change: not kept
    revisions = goal_history(session, actor=actor, goal_id=goal.id)
    assert [r.action for r in revisions] == ["changed", "created"]
    newest = revisions[0]
    assert newest.staff_id == actor.staff_id and newest.staff_name
    assert newest.changes["description"] == ("Sorts by colour", "Sorts by colour and shape")
    assert newest.changes["target"] == ("4 colours", "4 colours and 3 shapes")
    assert newest.changes["criterion"] == (None, "4 of 5")
    assert "baseline" not in newest.changes
    assert session.get(Goal, goal.id).description == "Sorts by colour and shape"  # type: ignore[union-attr]
    was = last_wording_changes(session, goal_ids=[goal.id])
    assert was[goal.id][1] == "Sorts by colour"
    archive_goal(session, actor=actor, goal_id=goal.id)
    assert goal_history(session, actor=actor, goal_id=goal.id)[0].action == "archived"


def test_a_plan_change_is_kept(session: Session, actor: Actor, child: Child) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=PLAN)
    later = PlanInput(PLAN.starts_on, date(2026, 12, 25), PlanStatus.ACTIVE, notes="Longer")
    update_plan(session, actor=actor, plan_id=plan.id, data=later)
    newest = plan_history(session, actor=actor, plan_id=plan.id)[0]
    assert newest.changes["ends_on"] == ("2026-10-31", "2026-12-25")
    assert newest.changes["notes"] == (None, "Longer")
    assistant = Actor(staff_id=actor.staff_id, role="assistant")  # may not read notes
    hidden = plan_history(session, actor=assistant, plan_id=plan.id)[0]
    assert hidden.changes["notes"] == (None, None)
    assert hidden.changes["ends_on"] == ("2026-10-31", "2026-12-25")


def test_copy_forward_carries_goals_with_fresh_ratings_and_history(
    session: Session, actor: Actor, child: Child
) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=PLAN)
    first = add_goal(session, actor=actor, plan_id=plan.id, data=SORT)
    done = add_goal(
        session,
        actor=actor,
        plan_id=plan.id,
        data=GoalInput(Domain.SPEECH, "Says hello", status=GoalStatus.ACHIEVED),
    )
    rate_goal(
        session,
        actor=actor,
        child_id=child.id,
        goal_id=first.id,
        checkpoint=Checkpoint.Q1,
        rating=Rating.MODERATE,
        rated_on=date(2026, 10, 1),
        today=date(2026, 10, 2),
    )
    starts, ends = next_period(PLAN.starts_on, PLAN.ends_on, NextPeriod.QUARTER)
    assert starts == date(2026, 11, 1)
    new = copy_forward(session, actor=actor, plan_id=plan.id, starts_on=starts, ends_on=ends)
    assert new.status == PlanStatus.DRAFT and new.starts_on == starts
    assert [g.description for g in new.goals] == ["Sorts by colour"]
    assert new.goals[0].ratings == () and new.goals[0].target == "4 colours"
    assert done.id not in {g.id for g in new.goals}
    ratings = session.scalars(select(GoalRating).where(GoalRating.goal_id == new.goals[0].id))
    assert list(ratings) == []
    actions = [r.action for r in goal_history(session, actor=actor, goal_id=new.goals[0].id)]
    assert actions == ["carried", "created"]
    assert next_period(PLAN.starts_on, PLAN.ends_on, NextPeriod.YEAR)[0] == date(2027, 9, 1)


def test_review_decisions_close_goals_and_make_the_next_plan(
    session: Session, actor: Actor, child: Child
) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=PLAN)
    goals = [
        add_goal(session, actor=actor, plan_id=plan.id, data=GoalInput(Domain.SPEECH, text))
        for text in ("Keep", "Reword", "Done", "Drop")
    ]
    review = add_review(
        session,
        actor=actor,
        plan_id=plan.id,
        reviewed_on=date(2026, 10, 30),
        today=date(2026, 10, 30),
    )
    reworded = GoalInput(Domain.SPEECH, "Reworded", target="In 3 sessions")
    choices = {
        goals[0].id: GoalChoice("continue"),
        goals[1].id: GoalChoice("change", reworded),
        goals[2].id: GoalChoice("reached"),
        goals[3].id: GoalChoice("dropped"),
    }
    with pytest.raises(ValidationError):
        decide_review(
            session,
            actor=actor,
            review_id=review.id,
            choices={goals[0].id: GoalChoice("continue")},
            starts_on=date(2026, 11, 1),
            ends_on=date(2026, 12, 25),
        )
    new = decide_review(
        session,
        actor=actor,
        review_id=review.id,
        choices=choices,
        starts_on=date(2026, 11, 1),
        ends_on=date(2026, 12, 25),
    )
    assert [g.description for g in new.goals] == ["Keep", "Reworded"]
    assert new.goals[1].target == "In 3 sessions"
    assert session.get(Goal, goals[2].id).status == GoalStatus.ACHIEVED  # type: ignore[union-attr]
    assert session.get(Goal, goals[3].id).status == GoalStatus.DISCONTINUED  # type: ignore[union-attr]
    assert review_decisions(session, actor=actor, review_id=review.id) == {
        goals[0].id: "continue",
        goals[1].id: "change",
        goals[2].id: "reached",
        goals[3].id: "dropped",
    }
    linked = session.scalars(select(GoalDecision).where(GoalDecision.goal_id == goals[1].id)).one()
    assert linked.next_goal_id == new.goals[1].id
    history = goal_history(session, actor=actor, goal_id=new.goals[1].id)
    assert history[0].changes["description"] == ("Reword", "Reworded")
