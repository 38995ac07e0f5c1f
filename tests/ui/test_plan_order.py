"""Moving a goal up and down on the plan tab, by the keyboard alone.

- the goal whose card has the focus is the selected one (its card is outlined);
- Ctrl+Up moves it before the goal above it in its domain, saved in the plan's order, and
  the focus stays on the same button of the moved goal's card;
- "Move down" (Alt+N) moves it back; the first goal of a domain cannot move up;
- Ctrl+Z in the window puts the earlier order back;
- a person who may not edit records gets neither button.
"""

from __future__ import annotations

import uuid
from typing import Any

from mnemonics import clashes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import settle
from tests.ui.test_plan_tab import current_plan, first_child, open_plan
from wellbeing_fixtures import activate

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import list_staff
from caseroom.services.plans.goals import add_goal
from caseroom.services.plans.plans import GoalInput
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.child_card.plan import PlanTab, in_domain_order
from caseroom.ui.pages.child_card.plan_order import earlier_order, moved
from caseroom.ui.tasks import TaskRunner
from caseroom.vocab import Domain

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
DOMAIN = Domain.SELF_CARE.value


def focused() -> Any:
    """The widget with the keyboard focus."""
    return QApplication.focusWidget()


def add_two_goals(engine: Engine, actor: Actor, child_id: uuid.UUID) -> tuple[uuid.UUID, ...]:
    """Two more self-care goals at the end of the child's plan in effect."""
    plan = current_plan(engine, child_id)
    with Session(engine) as session:
        made = tuple(
            add_goal(
                session,
                actor=actor,
                plan_id=plan.id,
                data=GoalInput(DOMAIN, text),
            ).id
            for text in ("Buttons a coat", "Ties shoelaces")
        )
        session.commit()
    return made


def shown_ids(tab: PlanTab) -> list[uuid.UUID]:
    return [card.goal.id for card in tab.goal_cards]


def stored_ids(engine: Engine, child_id: uuid.UUID) -> list[uuid.UUID]:
    """The plan's goals in the order shown, as read back from the database."""
    return [goal.id for goal in in_domain_order(current_plan(engine, child_id).goals)]


def card_of(tab: PlanTab, goal_id: uuid.UUID) -> Any:
    return next(card for card in tab.goal_cards if card.goal.id == goal_id)


def test_moved_swaps_two_goals() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert moved([a, b, c], c, b) == [a, c, b]
    assert moved([a, b, c], a, b) == [b, a, c]


def test_the_earlier_order_skips_archived_goals_and_puts_new_ones_last() -> None:
    a, b, c, d = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert earlier_order([a, b, c], [c, b, a]) == [a, b, c]
    assert earlier_order([a, b, c], [c, d, a]) == [a, c, d]  # b archived, d added since


def test_undo_after_a_goal_was_added_keeps_it_and_restores_the_rest(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    child_id = first_child(demo_engine)
    first, second = add_two_goals(demo_engine, psychologist, child_id)
    card = open_plan(qtbot, context, navigator, child_id)
    tab = card.plan
    before = shown_ids(tab)
    tab.order.select(second)
    assert tab.order.move(-1) is True
    settle(qtbot, context)
    assert shown_ids(tab).index(second) == shown_ids(tab).index(first) - 1
    (added,) = add_two_goals(demo_engine, psychologist, child_id)[1:]
    assert context.undo.undo()
    settle(qtbot, context)
    now = stored_ids(demo_engine, child_id)
    assert [goal_id for goal_id in now if goal_id in before] == before
    assert len(now) == len(before) + 2 and added in now


def test_ctrl_up_and_move_down_reorder_goals_and_ctrl_z_undoes(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    child_id = first_child(demo_engine)
    first, second = add_two_goals(demo_engine, psychologist, child_id)
    window.open_child(child_id)
    settle(qtbot, context)
    card = window.page("children").card  # type: ignore[union-attr]
    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_2, ALT)  # the plan tab
    settle(qtbot, context)
    tab: PlanTab = card.plan
    order = tab.order
    ids = shown_ids(tab)
    assert ids.index(second) == ids.index(first) + 1
    assert order.up_button.isVisible() and order.down_button.isVisible()
    assert not order.up_button.isEnabled()  # nothing selected yet

    card_of(tab, second).edit_button.setFocus(Qt.FocusReason.TabFocusReason)
    assert order.selected == second
    assert card_of(tab, second).property("selected") is True
    assert card_of(tab, first).property("selected") is not True
    assert order.up_button.isEnabled() and not order.down_button.isEnabled()  # last goal

    qtbot.keyClick(focused(), Qt.Key.Key_Up, CTRL)
    settle(qtbot, context)
    ids = shown_ids(tab)
    assert ids.index(second) == ids.index(first) - 1
    assert stored_ids(demo_engine, child_id) == ids
    assert focused() is card_of(tab, second).edit_button  # the same button, on the new card
    assert order.selected == second
    assert window.confirm_bar.message.text() == "Goal moved up"

    assert clashes(window) == {}
    qtbot.keyClick(focused(), Qt.Key.Key_N, ALT)  # Move dow&n (clicked after a short flash)
    qtbot.waitUntil(lambda: shown_ids(tab).index(second) == shown_ids(tab).index(first) + 1)
    settle(qtbot, context)
    ids = shown_ids(tab)
    assert focused() is card_of(tab, second).edit_button  # still on the moved goal
    assert order.selected == second
    assert not order.down_button.isEnabled()  # the last of its domain again
    assert stored_ids(demo_engine, child_id) == ids

    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # back to second before first
    settle(qtbot, context)
    ids = shown_ids(tab)
    assert ids.index(second) == ids.index(first) - 1
    assert stored_ids(demo_engine, child_id) == ids
    assert window.confirm_bar.message.text() == "Undone: the goals have their earlier order"

    order.down_button.setFocus(Qt.FocusReason.TabFocusReason)  # Tab to "Move down", Space
    assert order.selected == second  # the selection stays when the focus leaves the cards
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown_ids(tab).index(second) == shown_ids(tab).index(first) + 1)
    settle(qtbot, context)
    assert not order.down_button.isEnabled()
    assert focused() is order.up_button  # not lost when the button it was on is disabled


def test_the_first_goal_of_a_domain_does_not_move_up(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    child_id = first_child(demo_engine)
    first, _second = add_two_goals(demo_engine, psychologist, child_id)
    card = open_plan(qtbot, context, navigator, child_id)
    tab = card.plan
    ids = shown_ids(tab)
    top = next(c.goal.id for c in tab.goal_cards if c.goal.domain == DOMAIN)
    tab.order.select(top)
    assert not tab.order.up_button.isEnabled()
    assert tab.order.move(-1) is False
    settle(qtbot, context)
    assert stored_ids(demo_engine, child_id) == ids
    tab.order.select(first if top != first else _second)
    assert tab.order.up_button.isEnabled()


def test_a_reader_who_may_not_edit_gets_no_move_buttons(
    qtbot: QtBot, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    child_id = first_child(demo_engine)
    add_two_goals(demo_engine, psychologist, child_id)
    with Session(demo_engine) as session:
        roles = {member.role: member for member in list_staff(session, actor=SYSTEM)}
    member = roles["assistant"]
    runner = TaskRunner()
    try:
        reader = AppContext(demo_engine, Actor(member.id, member.role), runner)
        card = open_plan(qtbot, reader, navigator, child_id)
        assert card.plan.goal_cards
        assert not card.plan.order.up_button.isVisible()
        assert not card.plan.order.down_button.isVisible()
        card.plan.order.select(card.plan.goal_cards[-1].goal.id)
        assert card.plan.order.move(-1) is False
    finally:
        runner.shutdown()
