"""The plan tab's new actions: a goal's history, copy forward, and the goal form filled from
the goal bank."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import Engine
from sqlmodel import Session
from tests.ui.conftest import settle
from tests.ui.dialog_factories import Records, read_records

from caseroom.services.plans.goals import update_goal
from caseroom.services.plans.plans import GoalInput, get_plan, plans_of_child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.copy_forward import CopyForwardDialog
from caseroom.ui.dialogs.goal_bank_dialog import GoalBankDialog
from caseroom.ui.dialogs.goal_form import GoalForm
from caseroom.ui.dialogs.goal_history import GoalHistoryDialog


@pytest.fixture
def records(demo_engine: Engine, demo_path: Path) -> Records:
    """The demo's records the dialogs open on."""
    return read_records(demo_engine, demo_path)


def test_the_history_dialog_lists_the_old_wording(
    qtbot: QtBot, context: AppContext, records: Records, demo_engine: Engine
) -> None:
    goal = records.goal
    with Session(demo_engine) as session:
        update_goal(
            session,
            actor=context.actor,
            goal_id=goal.id,
            data=GoalInput(
                goal.domain, "A new wording", goal.baseline, goal.target, goal.criterion
            ),
        )
        session.commit()
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = GoalHistoryDialog(context, goal.id, "A new wording", parent=parent)
    dialog.show()
    settle(qtbot, context)
    top = dialog.tree.topLevelItem(0)
    assert top is not None and top.text(1) == "changed"
    child = top.child(0)
    assert (child.text(1), child.text(2), child.text(3)) == (
        "Goal",
        goal.description,
        "A new wording",
    )


def test_the_goal_form_is_filled_from_the_bank(
    qtbot: QtBot, context: AppContext, records: Records
) -> None:
    form = GoalForm(context, records.plan.id)
    qtbot.addWidget(form)
    form.show()
    bank = GoalBankDialog(context, parent=form)
    bank.show()
    bank.words.setText("scissors")
    settle(qtbot, context)
    assert bank.results.count() == 1 and bank.count.text() == "Goals found: 1"
    bank.take()
    form.fill_from(bank.chosen)
    assert form.domain.currentData() == "fine_motor"
    assert form.description.toPlainText() == "Cuts along a line with scissors"
    assert form.target.text().startswith("Cuts along a 15 cm straight line")
    form.mark_clean()  # closing a changed form would ask whether to discard


def test_copy_forward_makes_a_draft_plan_for_the_next_quarter(
    qtbot: QtBot, context: AppContext, records: Records, demo_engine: Engine
) -> None:
    dialog = CopyForwardDialog(context, records.plan)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.result_saved, timeout=5000) as saved:
        dialog.copy_button.click()
    new = saved.args[0]
    assert new.status == "draft" and new.starts_on > records.plan.ends_on
    with Session(demo_engine) as session:
        assert new.id in {
            p.id for p in plans_of_child(session, actor=context.actor, child_id=records.child_id)
        }
        plan = get_plan(session, actor=context.actor, plan_id=new.id)
    active = [g.description for g in records.plan.goals if g.status == "active"]
    assert [g.description for g in plan.goals] == active
    assert all(g.ratings == () for g in plan.goals)
