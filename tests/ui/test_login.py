"""A database with accounts opens only after signing in; a reset password is renewed first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import DEMO_TODAY

from caseroom.app import Launcher
from caseroom.services.accounts.accounts import authenticate, create_account
from caseroom.services.common import SYSTEM
from caseroom.services.people.rooms import create_room
from caseroom.services.people.staff import StaffInput, create_staff
from caseroom.services.plans.calendar import school_year_of
from caseroom.ui.login import LoginDialog
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.tasks import TaskRunner

PASSWORD = "steppe wind 7"


def set_up_room(engine: Engine, *, must_change: bool = False) -> None:
    with Session(engine) as session:
        room = create_room(session, actor=SYSTEM, school_name="School 3", room_name="Room A")
        member = create_staff(
            session,
            actor=SYSTEM,
            room_id=room.id,
            data=StaffInput(last_name="Omarova", first_name="Dana", role="psychologist"),
        )
        school_year_of(session, DEMO_TODAY, actor=SYSTEM, ensure=True)
        create_account(
            session,
            actor=SYSTEM,
            staff_id=member.id,
            username="dana",
            password=PASSWORD,
            must_change_password=must_change,
        )
        session.commit()


def start(qtbot: QtBot, db_path: Path) -> tuple[MainWindow, Launcher, LoginDialog]:
    window = MainWindow(db_path, app_settings())
    qtbot.addWidget(window)
    window.show()
    launcher = Launcher(window, TaskRunner(), app_settings(), db_path, today=lambda: DEMO_TODAY)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.login is not None, timeout=10000)
    assert launcher.login is not None
    return window, launcher, launcher.login


def test_signing_in_with_the_keyboard(qtbot: QtBot, engine: Engine, db_path: Path) -> None:
    set_up_room(engine)
    window, launcher, dialog = start(qtbot, db_path)
    assert window.skeleton_title.text() == "Sign in to caseroom"
    assert not window.rail_buttons["children"].isEnabled()
    assert dialog.focusWidget() is dialog.username

    qtbot.keyClicks(dialog.username, "dana")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.password, "steppe wind 8")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10000)
    assert dialog.message.text() == "Wrong user name or password"
    assert dialog.password.text() == ""
    assert launcher.context is None

    with qtbot.waitSignal(launcher.attached, timeout=10000) as attached:
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    context = attached.args[0]
    assert context.actor.role == "psychologist" and context.actor.staff_id is not None
    assert window.current_page_name == "today"
    assert window.window_lock.lock()
    screen = window.window_lock.screen
    assert screen.who.text().startswith("Signed in: Omarova Dana.")
    qtbot.keyClicks(screen.password, "steppe wind 8")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message.isVisible(), timeout=10000)
    assert window.window_lock.locked
    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.window_lock.locked, timeout=10000)
    window.close()
    launcher.shutdown()


def test_cancelling_sign_in_closes_the_window(qtbot: QtBot, engine: Engine, db_path: Path) -> None:
    set_up_room(engine)
    window, launcher, dialog = start(qtbot, db_path)
    with qtbot.waitSignal(window.closed, timeout=5000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert launcher.context is None
    launcher.shutdown()


def test_a_reset_password_must_be_renewed_before_the_window_opens(
    qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_up_room(engine, must_change=True)
    window, launcher, dialog = start(qtbot, db_path)
    qtbot.keyClicks(dialog.username, "dana")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.renewing, timeout=10000)
    assert launcher.context is None
    assert dialog.focusWidget() is dialog.new_password

    qtbot.keyClicks(dialog.new_password, "new steppe 9")
    qtbot.keyClicks(dialog.repeat_password, "new steppe 0")
    qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
    assert dialog.message.text() == "The two passwords differ."

    dialog.repeat_password.clear()
    with qtbot.waitSignal(launcher.attached, timeout=10000):
        qtbot.keyClicks(dialog.repeat_password, "new steppe 9")
        qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
    window.close()
    launcher.shutdown()
    with Session(engine) as session:
        renewed = authenticate(session, username="dana", password="new steppe 9")
        old = authenticate(session, username="dana", password=PASSWORD)
    assert renewed.ok and not renewed.must_change_password
    assert not old.ok
