"""Settings ▸ Where to get help: the room's text for a caregiver's wellbeing summary.

- Shift+Tab from Save puts the focus in the text; typing and Ctrl+Enter save it
  (`set_help_text`), and the summary's data then carries it; emptied and saved with
  Alt+X, the general text is printed again;
- a role that may not manage the room gets no editor, reads the text as printed, and the
  service refuses it all the same.
"""

from __future__ import annotations

import pytest
from focus_keys import ALT, CTRL, focused
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import settle
from wellbeing_fixtures import activate

from caseroom.errors import PermissionDeniedError
from caseroom.reports.wellbeing_data import default_help_text
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import list_staff
from caseroom.services.reporting.wellbeing import help_text, set_help_text
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.settings.help_text import HelpTextSection
from caseroom.ui.pages.settings.page import SettingsPage
from caseroom.ui.tasks import TaskRunner

TEXT = "Trust line 150 (free, day and night). Polyclinic No. 2, psychologist, room 12."


def stored(engine: Engine) -> str | None:
    with Session(engine) as session:
        return help_text(session)


def test_write_the_help_text_by_keyboard_then_clear_it(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    assert stored(demo_engine) is None
    window.show_page("settings")
    settle(qtbot, context)
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    section = page.help_text
    assert section.editor.isVisibleTo(window) and section.save_button.isVisibleTo(window)
    assert not section.shown.isVisibleTo(window)
    assert section.editor.toPlainText() == ""
    assert section.editor.placeholderText() == default_help_text(lambda text: text)

    activate(qtbot, window)
    section.save_button.setFocus()
    qtbot.keyClick(section.save_button, Qt.Key.Key_Backtab)  # the text is just before Save
    assert focused() is section.editor
    qtbot.keyClicks(section.editor, TEXT)
    qtbot.keyClick(section.editor, Qt.Key.Key_Return, CTRL)
    settle(qtbot, context)
    assert stored(demo_engine) == TEXT
    assert section.editor.toPlainText() == TEXT  # saved as typed, not a line longer
    assert section.note.text() == "Saved."

    qtbot.keyClick(section.editor, Qt.Key.Key_Tab)  # Tab leaves the text, it types no tab
    assert focused() is not section.editor
    assert section.editor.toPlainText() == TEXT

    section.editor.selectAll()
    qtbot.keyClick(section.editor, Qt.Key.Key_Delete)
    qtbot.keyClick(focused(), Qt.Key.Key_X, ALT)  # Save help te&xt
    qtbot.waitUntil(lambda: stored(demo_engine) is None, timeout=5000)
    settle(qtbot, context)
    assert section.note.text() == "Saved: the general text is printed."


def test_a_role_that_may_not_manage_the_room_gets_no_editor_and_is_refused(
    qtbot: QtBot, demo_engine: Engine, psychologist: Actor
) -> None:
    with Session(demo_engine) as session:
        set_help_text(session, actor=psychologist, text=TEXT)
        session.commit()
        member = list_staff(session, actor=SYSTEM, role="assistant")[0]
    assistant = Actor(member.id, member.role)
    runner = TaskRunner()
    try:
        context = AppContext(demo_engine, assistant, runner)
        section = HelpTextSection(context)
        qtbot.addWidget(section)
        section.show()
        section.refresh()
        qtbot.waitUntil(lambda: section.shown.text() == TEXT, timeout=5000)
        assert not section.editor.isVisible()
        assert not section.save_button.isVisible()
        assert section.note.text() == "Your role does not allow changing the room's help text."
        section.save()  # nothing asked of the worker
        settle(qtbot, context)
    finally:
        runner.shutdown()
    assert stored(demo_engine) == TEXT
    with Session(demo_engine) as session, pytest.raises(PermissionDeniedError):
        set_help_text(session, actor=assistant, text="Call me")
