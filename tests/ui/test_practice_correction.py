"""Correcting a home-practice task in the session dialog it was given from, by the keyboard.

Enter on a task of the parents tab opens the session it was given at, the focus in the
task's field filled with it; Ctrl+Enter corrects the task (no second task is made) and
Ctrl+Z gives it its earlier text. A session corrected from the journal shows its task too,
and saving it untouched leaves the task as it was.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from focus_keys import CTRL, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func
from sqlmodel import Session, col, select
from tests.ui.conftest import settle
from tests.ui.test_accessibility import unnamed
from wellbeing_fixtures import activate

from caseroom.db.models import HomePractice
from caseroom.services.parents.practice import PracticeInput, give_practice
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.session_dialog import SessionDialog
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.children import ChildrenPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

GIVEN = date.today() - timedelta(days=3)


def _task(engine: Engine, task_id: uuid.UUID) -> HomePractice:
    with Session(engine) as session:
        found = session.get(HomePractice, task_id)
        assert found is not None
        session.expunge(found)
        return found


def _tasks_of(engine: Engine, child_id: uuid.UUID) -> int:
    with Session(engine) as session:
        query = select(func.count()).where(
            col(HomePractice.child_id) == child_id, col(HomePractice.archived_at).is_(None)
        )
        return int(session.execute(query).scalar_one())


def _given_at_a_session(engine: Engine, context: AppContext) -> tuple[uuid.UUID, uuid.UUID]:
    """A session with the first caregiver of a demo child's family, and a task given at it:
    (child id, task id)."""
    from wellbeing_fixtures import demo_mother

    mother = demo_mother(engine)
    actor = context.actor
    assert actor.staff_id is not None
    with Session(engine) as session:
        held = log_session(
            session,
            actor=actor,
            data=SessionInput(
                held_on=GIVEN,
                kind="parent_consultation",
                staff_id=actor.staff_id,
                minutes=40,
                children=(AttendeeInput(mother.child_id),),
                caregivers=(AttendeeInput(mother.caregiver_id),),
            ),
            today=date.today(),
        )
        task = give_practice(
            session,
            actor=actor,
            data=PracticeInput(
                mother.caregiver_id,
                mother.child_id,
                "Read one page aloud",
                GIVEN,
                GIVEN + timedelta(days=7),
                session_id=held.id,
            ),
        )
        session.commit()
        return mother.child_id, task.id


def _parents_tab(
    qtbot: QtBot, window: MainWindow, context: AppContext, child_id: uuid.UUID
) -> ChildrenPage:
    window.open_child(child_id, "parents")
    settle(qtbot, context)
    page = window.page("children")
    assert isinstance(page, ChildrenPage)
    return page


def _dialog(qtbot: QtBot) -> SessionDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SessionDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SessionDialog)
    qtbot.waitUntil(lambda: dialog.entry is not None, timeout=5000)
    activate(qtbot, dialog)
    return dialog


def test_enter_on_a_task_corrects_it_in_its_session_and_ctrl_z_gives_it_back(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    child_id, task_id = _given_at_a_session(demo_engine, context)
    before = _tasks_of(demo_engine, child_id)
    page = _parents_tab(qtbot, window, context, child_id)
    practice = page.card.parents.practice
    row = next(n for n, task in enumerate(practice.tasks) if task.id == task_id)
    assert practice.correct_button.isVisible() and practice.correct_button.isEnabled()
    assert unnamed(practice) == []
    activate(qtbot, window)
    practice.list.setFocus()
    practice.list.setCurrentItem(practice.list.topLevelItem(row))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    dialog = _dialog(qtbot)
    assert dialog.windowTitle() == "Correct session"
    qtbot.waitUntil(lambda: focused() is dialog.fields.practice_edit, timeout=5000)
    assert dialog.fields.practice_edit.text() == "Read one page aloud"
    assert dialog.fields.practice_due.value() == GIVEN + timedelta(days=7)
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "Read two pages aloud, slowly")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    settle(qtbot, context)
    corrected = _task(demo_engine, task_id)
    assert corrected.task == "Read two pages aloud, slowly"
    assert corrected.given_on == GIVEN
    assert _tasks_of(demo_engine, child_id) == before  # corrected, not given again
    qtbot.waitUntil(
        lambda: any(t.task == "Read two pages aloud, slowly" for t in practice.tasks),
        timeout=5000,
    )
    assert window.confirm_bar.message.text() == "Saved: home practice"

    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: _task(demo_engine, task_id).task == "Read one page aloud")
    settle(qtbot, context)
    assert window.confirm_bar.message.text() == "Undone: the home practice has its earlier values"
    assert _tasks_of(demo_engine, child_id) == before


def test_a_corrected_session_shows_its_task_and_an_emptied_task_is_refused(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    child_id, task_id = _given_at_a_session(demo_engine, context)
    session_id = _task(demo_engine, task_id).session_id
    assert session_id is not None
    before = _tasks_of(demo_engine, child_id)
    window.log_session(session_id=session_id)
    dialog = _dialog(qtbot)
    assert focused() is dialog.fields.kind_combo  # opened for the session: its first field
    assert dialog.fields.practice_edit.text() == "Read one page aloud"
    dialog.fields.practice_edit.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog._errors["practice"].isVisible(), timeout=5000)
    assert dialog.isVisible()
    assert "archive it on the parents tab" in dialog._errors["practice"].text()
    qtbot.keyClicks(focused(), "Read one page aloud")
    due = dialog.fields.practice_due
    due.set_value(GIVEN + timedelta(days=10))
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    settle(qtbot, context)
    kept = _task(demo_engine, task_id)
    assert (kept.task, kept.due_on) == ("Read one page aloud", GIVEN + timedelta(days=10))
    assert _tasks_of(demo_engine, child_id) == before
