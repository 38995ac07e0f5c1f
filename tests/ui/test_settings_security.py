"""Settings ▸ Security: encrypting a plain database and changing an encrypted one's passphrase."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from tests.ui.conftest import settle

from caseroom.db.cipher import encrypt_database
from caseroom.db.crypto import TEST_KDF, WrongPassphraseError, unlock
from caseroom.db.engine import engine_for_path
from caseroom.services.common import Actor
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.passphrase_form import ChangePassphraseForm, EncryptForm
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.settings.page import SettingsPage
from caseroom.ui.pages.settings.security import SecuritySection
from caseroom.ui.tasks import TaskRunner

OLD = "green tea at four"
NEW = "a longer passphrase now"


def type_into(qtbot: QtBot, edit: object, text: str) -> None:
    """Type `text` as a user would (so textEdited fires)."""
    qtbot.keyClicks(edit, text)


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot, context: AppContext) -> MainWindow:
    """The shared main window, on the Settings page."""
    window.show_page("settings")
    settle(qtbot, context)
    return window


def security_of(window: MainWindow) -> SecuritySection:
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    return page.security


@pytest.fixture
def encrypted(demo_template: Path, tmp_path: Path) -> tuple[Path, bytes]:
    """An encrypted copy of the demo database, with OLD as its passphrase."""
    path = tmp_path / "secret.sqlite3"
    shutil.copyfile(demo_template, path)
    key = encrypt_database(path, OLD, kdf=TEST_KDF)
    return path, key


@pytest.fixture
def encrypted_context(encrypted: tuple[Path, bytes], psychologist: Actor) -> Iterator[AppContext]:
    path, key = encrypted
    engine = engine_for_path(path, key=key)
    runner = TaskRunner()
    yield AppContext(engine, psychologist, runner)
    runner.shutdown()
    engine.dispose()


def test_a_plain_database_offers_encryption_and_hands_the_passphrase_to_the_window(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    section = security_of(window)
    qtbot.waitUntil(lambda: section.encrypted is not None, timeout=10000)
    assert section.encrypted is False
    assert "not encrypted" in section.state.text()
    assert section.encrypt_button.isVisible()
    assert not section.change_button.isVisible()

    section.encrypt_button.click()
    qtbot.waitUntil(lambda: isinstance(section.form, EncryptForm), timeout=3000)
    form = section.form
    assert isinstance(form, EncryptForm)
    type_into(qtbot, form.new_edit, "short")
    problem = form._errors["new_passphrase"]
    assert problem.isVisible() and "at least" in problem.text()
    type_into(qtbot, form.new_edit, " but now long")
    assert not problem.isVisible()
    type_into(qtbot, form.repeat_edit, "short but")
    assert form._errors["repeat"].isVisible()
    type_into(qtbot, form.repeat_edit, " now long")
    assert not form._errors["repeat"].isVisible()

    with qtbot.assertNotEmitted(window.encrypt_requested, wait=100):
        form.try_save()  # not ticked: refused, and says why
    assert form.isVisible()
    assert form._errors["understood"].isVisible()

    form.understood.setChecked(True)
    with qtbot.waitSignal(window.encrypt_requested, timeout=3000) as signal:
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == ["short but now long"]
    assert not form.isVisible()


def test_escape_on_a_changed_encrypt_form_asks_first(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    section = security_of(window)
    qtbot.waitUntil(lambda: section.encrypt_button.isVisible(), timeout=10000)
    section.encrypt_button.click()
    form = section.form
    assert isinstance(form, EncryptForm)
    type_into(qtbot, form.new_edit, "something")
    asked: list[str] = []

    def keep(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", keep)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()
    form.new_edit.clear()
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert len(asked) == 1 and not form.isVisible()


def test_change_passphrase_on_an_encrypted_database(
    qtbot: QtBot, encrypted: tuple[Path, bytes], encrypted_context: AppContext
) -> None:
    path, key = encrypted
    section = SecuritySection(encrypted_context)
    section.kdf = TEST_KDF
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    qtbot.waitUntil(lambda: section.encrypted is not None, timeout=10000)
    assert section.encrypted is True
    assert section.change_button.isVisible() and not section.encrypt_button.isVisible()

    section.change_button.click()
    form = section.form
    assert isinstance(form, ChangePassphraseForm)
    type_into(qtbot, form.old_edit, "not the passphrase")
    type_into(qtbot, form.new_edit, NEW)
    type_into(qtbot, form.repeat_edit, NEW)
    form.try_save()
    wrong = form._errors["old_passphrase"]
    qtbot.waitUntil(wrong.isVisible, timeout=10000)
    assert "wrong" in wrong.text()
    assert form.isVisible() and form.save_button.isEnabled()
    assert unlock(path, OLD) == key

    form.old_edit.clear()
    type_into(qtbot, form.old_edit, OLD)
    form.try_save()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10000)
    assert "changed" in section.note.text()
    assert unlock(path, NEW) == key
    with pytest.raises(WrongPassphraseError):
        unlock(path, OLD)


def test_a_role_without_the_permission_sees_only_the_state(
    qtbot: QtBot, context: AppContext
) -> None:
    runner = TaskRunner()
    assistant = AppContext(context.engine, Actor(context.actor.staff_id, "assistant"), runner)
    section = SecuritySection(assistant)
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    qtbot.waitUntil(lambda: section.encrypted is not None, timeout=10000)
    assert not section.encrypt_button.isVisible() and not section.change_button.isVisible()
    assert "not encrypted" in section.state.text()
    assert "does not allow" in section.note.text()
    runner.shutdown()
