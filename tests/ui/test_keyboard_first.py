"""Keyboard-first: each of these is done with keys alone, the way a specialist works.

- Ctrl+N on a child's own card logs a session for that child;
- after "Rate goal" closes, the focus is back on the goal's "Rate…" button (also after the
  save has rebuilt the goal cards);
- Enter on the check-in's result page saves it, as the Save button's tooltip says;
- Tab from the first-run form's last field goes to Start, not to "Open demo data".
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from focus_keys import focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from tests.ui.conftest import DEMO_TODAY, settle
from tests.ui.test_checkin import open_parents, part_of, start_checkin
from tests.ui.test_plan_tab import first_child, open_plan
from wellbeing_fixtures import activate, answer_by_keys, demo_mother, give_screening_consent

from caseroom.services.common import SYSTEM, Actor
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.rating_form import RatingForm
from caseroom.ui.dialogs.session_dialog import SessionDialog
from caseroom.ui.first_run import FirstRunDialog
from caseroom.ui.main_window import MainWindow
from caseroom.ui.tasks import TaskRunner


def test_ctrl_n_on_a_childs_card_logs_a_session_for_her(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    window.open_child(child_id)
    settle(qtbot, context)
    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SessionDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SessionDialog)
    assert dialog.child_id == child_id
    dialog.dirty = False
    dialog.reject()
    # From the children list (no card shown) Ctrl+N asks for the child as before.
    window.show_page("today")
    settle(qtbot, context)
    assert window.shown_child_id() is None


def test_focus_returns_to_the_rate_button_after_the_rating_dialog(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    card = open_plan(qtbot, context, navigator, first_child(demo_engine))
    activate(qtbot, card)
    goal_id = card.plan.goal_cards[1].goal.id
    card.plan.goal_cards[1].rate_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # "Rate…"
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RatingForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, RatingForm)
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # nothing typed: closes at once
    qtbot.waitUntil(lambda: not form.isVisible())
    activate(qtbot, card)  # the window manager's part (the offscreen platform has none)
    qtbot.waitUntil(lambda: focused() is card.plan.goal_button("rate", goal_id))

    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RatingForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, RatingForm)
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Rating
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible())
    rebuilt = card.plan.goal_button("rate", goal_id)
    assert rebuilt is not None
    qtbot.waitUntil(lambda: card.focusWidget() is rebuilt)  # the focus once it is active
    activate(qtbot, card)
    qtbot.waitUntil(lambda: focused() is rebuilt, timeout=5000)


def test_enter_on_the_check_in_result_saves_it(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    mother = demo_mother(demo_engine)
    give_screening_consent(demo_engine, psychologist, mother, DEMO_TODAY - timedelta(days=60))
    card = open_parents(qtbot, context, navigator, mother)
    dialog = start_checkin(qtbot, part_of(card, mother))
    answer_by_keys(qtbot, dialog, [1, 1, 1, 1, 1, 1, 0, 0, 0])
    assert dialog.stack.currentWidget() is dialog.result_page
    assert "Enter" in dialog.save_button.toolTip()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.saved_checkin is not None and dialog.saved_checkin.total == 6


@pytest.fixture
def first_run(qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Discard
    )
    runner = TaskRunner()
    shown = FirstRunDialog(AppContext(engine, SYSTEM, runner), db_path, today=lambda: date.today())
    qtbot.addWidget(shown)
    activate(qtbot, shown)
    yield shown
    runner.shutdown()


def test_tab_from_the_last_first_run_field_reaches_start_before_demo_data(
    qtbot: QtBot, first_run: FirstRunDialog
) -> None:
    first_run.passphrase_repeat.setFocus()
    qtbot.waitUntil(first_run.passphrase_repeat.hasFocus)
    order = []
    for _step in range(3):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        order.append(focused())
    assert order == [first_run.start_button, first_run.cancel_button, first_run.demo_button]
