"""Home practice outcomes in two keystrokes: Space on the task, then a letter.

From Today's "home practice to follow up" and from the child's parents tab, Space opens
the outcome menu and D (done), P (partly done), N (not done) or C (not checked) records it
as checked today; W opens the form with a follow-up note. The parents tab's involvement
figures count what was recorded.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator
from tests.ui.test_checkin import open_parents
from wellbeing_fixtures import Mother, activate, demo_mother

from caseroom.db.models import HomePractice
from caseroom.services.common import Actor
from caseroom.services.parents.practice import PracticeInput, give_practice
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.practice_outcome import OutcomeForm
from caseroom.ui.pages.child_card.parents import measures
from caseroom.ui.pages.today import TodayPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # a menu's grab, offscreen

DONE_OF_GIVEN = next(n for n, (title, _m) in enumerate(measures()) if "Home practice" in title)


def give(engine: Engine, actor: Actor, mother: Mother, given_on: date, task: str) -> uuid.UUID:
    """A pending task for the mother and her child, given on `given_on` (due a week later)."""
    with Session(engine) as session:
        made = give_practice(
            session,
            actor=actor,
            data=PracticeInput(
                mother.caregiver_id,
                mother.child_id,
                task,
                given_on,
                given_on + timedelta(days=7),
            ),
        )
        session.commit()
        return made.id


def stored(engine: Engine, practice_id: uuid.UUID) -> tuple[str, date | None, str | None]:
    with Session(engine) as session:
        record = session.get(HomePractice, practice_id)
        assert record is not None
        return record.outcome, record.checked_on, record.follow_up


def parts(figure: str) -> tuple[int, int]:
    """(done, given) from "2 of 3 (67%)"."""
    done, given = figure.split(" (")[0].split(" of ")
    return int(done), int(given)


def the_menu(qtbot: QtBot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=3000)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def test_space_then_d_on_the_parents_tab_records_done_and_the_figures_count_it(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    mother = demo_mother(demo_engine)
    task_id = give(demo_engine, psychologist, mother, DEMO_TODAY, "Sort the buttons by colour")
    card = open_parents(qtbot, context, navigator, mother)
    activate(qtbot, card)
    section = card.parents.practice
    assert section.isVisible() and section.tasks[0].id == task_id
    figure = card.parents.figure_values[DONE_OF_GIVEN]
    before = figure.text()
    section.list.setFocus()
    section.list.setCurrentItem(section.list.topLevelItem(0))
    qtbot.keyClick(section.list, Qt.Key.Key_Space)
    menu = the_menu(qtbot)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(menu, Qt.Key.Key_D)  # &Done
    assert stored(demo_engine, task_id) == ("done", DEMO_TODAY, None)
    done_before, given_before = parts(before)  # the task counts as given already
    assert parts(figure.text()) == (done_before + 1, given_before)
    assert section.list.topLevelItem(0).text(3) == "done (23.11.2026)"


def test_a_follow_up_note_and_not_checked_from_the_parents_tab(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    psychologist: Actor,
    no_modal_questions: None,
) -> None:
    mother = demo_mother(demo_engine)
    task_id = give(demo_engine, psychologist, mother, DEMO_TODAY, "Read a page aloud")
    card = open_parents(qtbot, context, navigator, mother)
    activate(qtbot, card)
    section = card.parents.practice
    section.list.setFocus()
    qtbot.keyClick(section.list, Qt.Key.Key_Space)
    qtbot.keyClick(the_menu(qtbot), Qt.Key.Key_W)  # &With a follow-up note…
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OutcomeForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, OutcomeForm)
    activate(qtbot, form)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # Done → Partly done
    qtbot.keyClick(form, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)  # &Follow-up
    qtbot.keyClicks(QApplication.focusWidget(), "Shorter pages next week")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert stored(demo_engine, task_id) == ("partly", DEMO_TODAY, "Shorter pages next week")
    activate(qtbot, card)
    section.list.setFocus()
    section.list.setCurrentItem(section.list.topLevelItem(0))
    qtbot.keyClick(section.list, Qt.Key.Key_Space)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(the_menu(qtbot), Qt.Key.Key_C)  # Not &checked
    assert stored(demo_engine, task_id) == ("pending", None, None)


def test_space_then_n_on_today_records_not_done_and_the_task_leaves_the_list(
    qtbot: QtBot,
    context: AppContext,
    navigator: RecordingNavigator,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    mother = demo_mother(demo_engine)
    task_id = give(
        demo_engine, psychologist, mother, DEMO_TODAY - timedelta(days=10), "Count the stairs"
    )
    page = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    activate(qtbot, page)
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.warnings_loaded, timeout=5000)
    listing = page.practice.list
    rows = [listing.topLevelItem(n).text(1) for n in range(listing.topLevelItemCount())]
    row = rows.index("Count the stairs")
    assert "Space records the outcome" in listing.topLevelItem(row).toolTip(0)
    listing.setFocus()
    listing.setCurrentItem(listing.topLevelItem(row))
    qtbot.keyClick(listing, Qt.Key.Key_Space)
    menu = the_menu(qtbot)
    count = listing.topLevelItemCount()
    qtbot.keyClick(menu, Qt.Key.Key_N)  # &Not done
    qtbot.waitUntil(lambda: stored(demo_engine, task_id)[0] == "not_done", timeout=5000)
    assert stored(demo_engine, task_id) == ("not_done", DEMO_TODAY, None)
    qtbot.waitUntil(lambda: listing.topLevelItemCount() == count - 1, timeout=5000)
