"""First run: set up the room and its first staff member, or open demo data instead."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlmodel import Session
from tests.ui.conftest import DEMO_TODAY

import caseroom.i18n
from caseroom.app import LANGUAGE_KEY, LAST_DB_KEY, Launcher, actor_key
from caseroom.db.crypto import SlotKind, is_encrypted, unlock
from caseroom.db.models import AuditEvent
from caseroom.i18n import current_language
from caseroom.services.accounts.accounts import accounts_exist, authenticate
from caseroom.services.common import SYSTEM
from caseroom.services.people.rooms import get_room
from caseroom.services.people.staff import list_staff
from caseroom.services.plans.calendar import get_school_year
from caseroom.ui.context import AppContext
from caseroom.ui.first_run import FirstRunDialog
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.tasks import TaskRunner

PASSWORD = "quiet river 12"
PASSPHRASE = "the school safe holds this"


@pytest.fixture
def dialog(
    qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[FirstRunDialog]:
    # When pytest-qt closes the dialog after a test, typed text is discarded without asking.
    monkeypatch.setattr(
        QMessageBox, "question", lambda *_args, **_kw: QMessageBox.StandardButton.Discard
    )
    runner = TaskRunner()
    shown = FirstRunDialog(AppContext(engine, SYSTEM, runner), db_path, today=lambda: DEMO_TODAY)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    runner.shutdown()


def _fill(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    qtbot.keyClicks(dialog.school, "School-lyceum No. 12")
    qtbot.keyClicks(dialog.room, "Support room")
    qtbot.keyClicks(dialog.locality, "Kosshy")
    qtbot.keyClicks(dialog.last_name, "Omarova")
    qtbot.keyClicks(dialog.first_name, "Dana")
    dialog.role.setCurrentIndex(dialog.role.findData("speech_therapist"))
    qtbot.keyClicks(dialog.username, "dana")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.repeat, PASSWORD)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.passphrase_repeat, PASSPHRASE)


def test_setting_up_stores_room_staff_and_school_year(
    qtbot: QtBot, dialog: FirstRunDialog, engine: Engine
) -> None:
    _fill(qtbot, dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    with Session(engine) as session:
        room = get_room(session)
        staff = list_staff(session, actor=SYSTEM)
        year = get_school_year(session, 2026)
        events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    assert room is not None
    assert (room.school_name, room.room_name, room.locality) == (
        "School-lyceum No. 12",
        "Support room",
        "Kosshy",
    )
    assert [(m.last_name, m.first_name, m.role) for m in staff] == [
        ("Omarova", "Dana", "speech_therapist")
    ]
    assert year.stored and year.starts_on.isoformat() == "2026-09-01"
    assert events == 4  # room, staff member, account, school year
    result = dialog.result_value
    assert result is not None and result.actor is not None
    assert result.actor.staff_id == staff[0].id and result.actor.role == "speech_therapist"
    assert "manage_accounts" in result.actor.grants  # the room's first account adds colleagues
    assert result.who == "Omarova Dana"
    assert result.encrypt_with == PASSPHRASE  # encrypting is on unless unticked
    assert result.credentials == ("dana", PASSWORD)
    with Session(engine) as session:
        assert accounts_exist(session)
        signed_in = authenticate(session, username="Dana", password=PASSWORD)
        wrong = authenticate(session, username="dana", password="quiet river 13")
    assert signed_in.ok and signed_in.actor is not None
    assert (signed_in.actor.staff_id, signed_in.actor.role) == (
        result.actor.staff_id,
        result.actor.role,
    )
    assert not wrong.ok


def test_the_password_is_checked_as_it_is_typed(qtbot: QtBot, dialog: FirstRunDialog) -> None:
    _fill(qtbot, dialog)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Backspace)
    assert dialog.fields["repeat"].problem.text() == "The two passwords differ."
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, "short")
    assert dialog.fields["password"].problem.text() == "A password has at least 8 characters"
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.focusWidget() is dialog.password


def test_missing_fields_are_named_and_nothing_is_written(
    qtbot: QtBot, dialog: FirstRunDialog, engine: Engine
) -> None:
    qtbot.keyClicks(dialog.school, "School No. 3")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.fields["room_name"].problem.text() == "Enter the name of the room"
    assert dialog.fields["last_name"].problem.text() == "Enter the last name"
    assert dialog.fields["school_name"].problem.isHidden()
    assert dialog.focusWidget() is dialog.room
    qtbot.keyClicks(dialog.room, "Room A")
    assert dialog.fields["room_name"].problem.isHidden()  # checked as the user types
    with Session(engine) as session:
        assert get_room(session) is None


def test_choosing_a_language_translates_the_dialog_at_once(
    qtbot: QtBot, dialog: FirstRunDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Marked(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return f"[ru] {message}"

    monkeypatch.setattr(caseroom.i18n, "translations_for", lambda _language: Marked())
    dialog.language.setFocus()
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    assert current_language() == "ru"
    assert dialog.title.text() == "[ru] Welcome to caseroom"
    assert dialog.start_button.text() == "[ru] S&tart"
    assert dialog.labels["school_name"].text() == "[ru] &School"


def test_escape_on_a_typed_form_asks_before_discarding(
    qtbot: QtBot, dialog: FirstRunDialog, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked: list[str] = []

    def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.keyClicks(dialog.school, "School No. 3")
    qtbot.keyClick(dialog.school, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    qtbot.keyClick(dialog.school, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert asked == ["Discard what you typed and close caseroom?"] * 2


def test_open_demo_instead_makes_a_demo_beside_and_opens_it(qtbot: QtBot, db_path: Path) -> None:
    window = MainWindow(db_path, app_settings())
    qtbot.addWidget(window)
    window.show()
    launcher = Launcher(window, TaskRunner(), app_settings(), db_path)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.first_run is not None, timeout=5000)
    first_run = launcher.first_run
    assert first_run is not None
    with qtbot.waitSignal(launcher.attached, timeout=30000) as attached:
        qtbot.mouseClick(first_run.demo_button, Qt.MouseButton.LeftButton)
    context = attached.args[0]
    demo = db_path.with_name("caseroom-demo.sqlite3")
    assert Path(str(context.engine.url.database)) == demo
    assert window.db_path == demo and str(demo) in window.path_label.text()
    with Session(context.engine) as session:
        room = get_room(session)
        staff = {member.id: member.role for member in list_staff(session, actor=SYSTEM)}
    assert room is not None
    assert staff[context.actor.staff_id] == "psychologist"
    assert app_settings().value(LANGUAGE_KEY) == "en"
    with Session(launcher.engine) as session:  # type: ignore[arg-type]
        assert get_room(session) is not None
    window.close()
    launcher.shutdown()
    assert launcher.engine is None


def test_a_new_database_is_set_up_then_opened_as_the_new_staff_member(
    qtbot: QtBot, db_path: Path
) -> None:
    settings = app_settings()
    window = MainWindow(db_path, settings)
    qtbot.addWidget(window)
    window.show()
    launcher = Launcher(window, TaskRunner(), settings, db_path, today=lambda: DEMO_TODAY)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.first_run is not None, timeout=5000)
    first_run = launcher.first_run
    assert first_run is not None
    assert window.skeleton_title.text() == "Setting up caseroom"
    _fill(qtbot, first_run)
    with qtbot.waitSignal(launcher.attached, timeout=10000) as attached:
        qtbot.keyClick(first_run.first_name, Qt.Key.Key_Return)  # Enter starts
    context = attached.args[0]
    with Session(context.engine) as session:
        staff = list_staff(session, actor=SYSTEM)
    assert context.actor.staff_id == staff[0].id and context.actor.role == "speech_therapist"
    assert settings.value(actor_key(db_path)) == str(staff[0].id)
    assert settings.value(LAST_DB_KEY) == str(db_path)
    assert window.current_page_name == "today"
    assert window.window_lock.available  # the new account's password unlocks the window
    window.close()
    launcher.shutdown()
    # The file was encrypted straight away; both the recovery passphrase and the new
    # account's own password open it, and nothing of it reads as a plain SQLite file.
    assert is_encrypted(db_path) and b"SQLite format 3" not in db_path.read_bytes()[:16]
    assert unlock(db_path, PASSPHRASE) == unlock(
        db_path, PASSWORD, kind=SlotKind.ACCOUNT, name="dana"
    )


def test_encryption_can_be_left_off_and_the_passphrase_is_checked(
    qtbot: QtBot, dialog: FirstRunDialog
) -> None:
    _fill(qtbot, dialog)
    dialog.passphrase_repeat.clear()
    qtbot.keyClicks(dialog.passphrase_repeat, "something else entirely")
    assert dialog.fields["passphrase_repeat"].problem.text() == "The two passphrases differ."
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.focusWidget() is dialog.passphrase_repeat
    dialog.encrypt.setFocus()
    qtbot.keyClick(dialog.encrypt, Qt.Key.Key_Space)
    assert not dialog.encrypt.isChecked() and not dialog.passphrase.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.result_value is not None and dialog.result_value.encrypt_with is None


def _launch_first_run(qtbot: QtBot, path: Path) -> tuple[MainWindow, Launcher, FirstRunDialog]:
    window = MainWindow(path, app_settings())
    qtbot.addWidget(window)
    window.show()
    launcher = Launcher(window, TaskRunner(), app_settings(), path, today=lambda: DEMO_TODAY)
    launcher.start()
    qtbot.waitUntil(lambda: launcher.first_run is not None, timeout=10000)
    assert launcher.first_run is not None
    return window, launcher, launcher.first_run


def test_cancel_on_a_new_file_asks_then_leaves_no_file_behind(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "room"
    folder.mkdir()
    (folder / "notes.txt").write_text("kept")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Close]
    asked: list[str] = []

    def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    window, launcher, first_run = _launch_first_run(qtbot, folder / "caseroom.sqlite3")
    assert (folder / "caseroom.sqlite3").exists() and (folder / "caseroom.sqlite3.lock").exists()
    qtbot.mouseClick(first_run.cancel_button, Qt.MouseButton.LeftButton)
    assert first_run.isVisible() and window.isVisible()  # "go on" was answered
    qtbot.keyClick(first_run.school, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    launcher.shutdown()
    assert asked == ["Quit without setting up the room?"] * 2
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]
    assert launcher.engine is None


def test_cancel_on_an_existing_file_without_a_room_keeps_that_file(
    qtbot: QtBot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Close)
    size = db_path.stat().st_size
    window, launcher, first_run = _launch_first_run(qtbot, db_path)
    qtbot.mouseClick(first_run.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    launcher.shutdown()
    assert db_path.exists() and db_path.stat().st_size >= size
    assert not db_path.with_name(db_path.name + ".lock").exists()
