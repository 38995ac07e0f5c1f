"""The review decisions dialog: one decision per goal, saved through the plan tab, the next
period's draft plan shown afterwards."""

from __future__ import annotations

import uuid
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.ui.conftest import settle
from tests.ui.test_plan_tab import current_plan, first_child, open_dialog, open_plan

from caseroom.db.models import Goal
from caseroom.db.models_plan_history import GoalDecision
from caseroom.services.common import SYSTEM
from caseroom.services.plans.carry import review_decisions
from caseroom.services.plans.goals import add_goal
from caseroom.services.plans.plans import GoalInput, PlanRead, get_plan
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.review_decisions import ReviewDecisionsDialog


def plan_with_three_goals(engine: Engine) -> tuple[uuid.UUID, PlanRead]:
    """The first child's plan in effect, with at least three goals."""
    child_id = first_child(engine)
    plan = current_plan(engine, child_id)
    with Session(engine) as session:
        for n in range(len(plan.goals), 3):
            data = GoalInput("communication", f"Names {n + 2} pictures on request")
            add_goal(session, actor=SYSTEM, plan_id=plan.id, data=data)
        session.commit()
    return child_id, current_plan(engine, child_id)


def choose(dialog: ReviewDecisionsDialog, index: int, decision: str, wording: str = "") -> None:
    row = dialog.rows[index]
    row.decision.setCurrentIndex(row.decision.findData(decision))
    row.wording.setText(wording)


def test_deciding_marks_reached_goals_and_makes_the_next_plan(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id, plan = plan_with_three_goals(demo_engine)
    card = open_plan(qtbot, context, navigator, child_id)
    tab = card.plan
    assert tab.decide_button.isVisible()
    assert tab.decide_button.accessibleName() == "Review decisions"
    tab.decide_button.click()
    dialog = open_dialog(qtbot, ReviewDecisionsDialog)
    assert [row.goal.id for row in dialog.rows] == [goal.id for goal in plan.goals]
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.rows[0].decision, timeout=3000)
    kept, changed, reached = plan.goals[0], plan.goals[1], plan.goals[2]
    for index in range(len(plan.goals)):
        choose(dialog, index, "dropped")
    choose(dialog, 0, "continue")
    choose(dialog, 1, "change", "Names ten pictures on request")
    choose(dialog, 2, "reached")
    assert dialog.rows[1].wording.isEnabled() and not dialog.rows[2].wording.isEnabled()
    with (
        qtbot.waitSignal(card.loaded, timeout=10_000),
        qtbot.waitSignal(dialog.result_saved, timeout=5000) as saved,
    ):
        dialog.save_button.click()
    new = saved.args[0]
    assert new.status == "draft" and new.starts_on > plan.ends_on
    assert tab.data is not None and tab.data.plan is not None
    assert tab.data.plan.id == new.id  # the tab shows the new draft plan
    assert {c.goal.description for c in tab.goal_cards} == {
        kept.description,
        "Names ten pictures on request",
    }
    with Session(demo_engine) as session:
        assert session.get(Goal, reached.id).status == "achieved"  # type: ignore[union-attr]
        assert session.get(Goal, kept.id).status == "active"  # type: ignore[union-attr]
        next_plan = get_plan(session, actor=SYSTEM, plan_id=new.id)
        assert [g.description for g in next_plan.goals] == [
            kept.description,
            "Names ten pictures on request",
        ]
        decided = dict(
            session.execute(select(col(GoalDecision.goal_id), col(GoalDecision.decision))).all()
        )
    assert decided[kept.id] == "continue" and decided[changed.id] == "change"
    assert decided[reached.id] == "reached"


def test_change_without_wording_is_refused_and_the_dialog_stays_open(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, no_modal_questions: None
) -> None:
    _child, plan = plan_with_three_goals(demo_engine)
    dialog = ReviewDecisionsDialog(context, plan, today=plan.starts_on)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    choose(dialog, 1, "change", "   ")
    with qtbot.assertNotEmitted(dialog.result_saved, wait=300):
        dialog.save_button.click()
        settle(qtbot, context)
    assert dialog.isVisible()
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "Give the new wording of goal 2."
    assert dialog.focusWidget() is dialog.rows[1].wording
    with Session(demo_engine) as session:
        assert session.scalars(select(GoalDecision)).first() is None
        assert get_plan(session, actor=SYSTEM, plan_id=plan.id).goals == plan.goals


def test_a_review_already_decided_is_refused_in_the_dialog(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, no_modal_questions: None
) -> None:
    _child, plan = plan_with_three_goals(demo_engine)
    first = ReviewDecisionsDialog(context, plan, today=plan.starts_on)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.result_saved, timeout=5000):
        first.save_button.click()  # every goal continued, decided on the plan's last review
    with Session(demo_engine) as session:
        reviewed = get_plan(session, actor=SYSTEM, plan_id=plan.id)
        review_id = reviewed.reviews[-1].id
        assert set(review_decisions(session, actor=SYSTEM, review_id=review_id)) == {
            goal.id for goal in plan.goals
        }
    again = ReviewDecisionsDialog(context, reviewed, today=plan.starts_on)
    qtbot.addWidget(again)
    again.show()
    with qtbot.assertNotEmitted(again.result_saved, wait=300):
        again.save_button.click()
        settle(qtbot, context)
    assert again.isVisible() and again.problem.text().startswith(
        "This review's decisions are already recorded"
    )
