"""Parents' own goals on the parents tab: add, edit, note progress, mark reached, by keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import DEMO_TODAY
from tests.ui.test_checkin import open_parents
from wellbeing_fixtures import activate, demo_mother

from caseroom.services.common import SYSTEM
from caseroom.services.parents.goals import list_parent_goals
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.parent_goal_form import GoalProgressForm, ParentGoalForm


def focused() -> Any:
    return QApplication.focusWidget()


def opened(qtbot: QtBot, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    form = QApplication.activeModalWidget()
    activate(qtbot, form)
    return form


def save(qtbot: QtBot, card: Any) -> None:
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_caregivers_goal_is_added_progressed_reached_and_edited_by_keyboard(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    mother = demo_mother(demo_engine)
    with Session(demo_engine) as session:
        before = list_parent_goals(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)
    card = open_parents(qtbot, context, navigator, mother)
    activate(qtbot, card)
    section = card.parents.goals

    section.add_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    form = opened(qtbot, ParentGoalForm)
    assert focused() is form.caregiver  # the first field: whose goal it is
    assert form.set_on.value() == DEMO_TODAY
    qtbot.keyClick(focused(), Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # &Goal
    qtbot.keyClicks(focused(), "A calm evening routine")
    save(qtbot, card)
    texts = [section.list.topLevelItem(n).text(1) for n in range(section.list.topLevelItemCount())]
    row = texts.index("A calm evening routine")
    assert section.list.topLevelItem(row).text(4) == "working on it"

    activate(qtbot, card)
    section.list.setFocus()
    section.list.setCurrentItem(section.list.topLevelItem(row))
    qtbot.keyClick(section.list, Qt.Key.Key_Return)  # Enter: a progress note
    progress = opened(qtbot, GoalProgressForm)
    qtbot.keyClicks(focused(), "Three evenings this week")
    qtbot.keyClick(focused(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)  # &Where it stands
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # working on it → achieved
    assert progress.status.currentData() == "achieved"
    save(qtbot, card)
    with Session(demo_engine) as session:
        goals = list_parent_goals(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)
    [mine] = [g for g in goals if g.description == "A calm evening routine"]
    assert (mine.status, mine.note) == ("achieved", "23.11.2026: Three evenings this week")
    assert len(goals) == len(before) + 1
    shown = next(
        section.list.topLevelItem(n)
        for n in range(section.list.topLevelItemCount())
        if section.list.topLevelItem(n).text(1) == "A calm evening routine"
    )
    assert shown.text(4) == "achieved"

    activate(qtbot, card)
    section.list.setCurrentItem(shown)
    section.edit_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    edit = opened(qtbot, ParentGoalForm)
    assert edit.description.toPlainText() == "A calm evening routine"
    qtbot.keyClick(focused(), Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(focused(), Qt.Key.Key_End)
    qtbot.keyClicks(focused(), " before bed")
    save(qtbot, card)
    with Session(demo_engine) as session:
        goals = list_parent_goals(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)
    assert "A calm evening routine before bed" in [g.description for g in goals]
