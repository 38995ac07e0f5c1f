"""The unlock dialog on the shared credentials frame: modes, messages, the key on success."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from caseroom.db.crypto import TEST_KDF, unlock
from caseroom.db.open import create_encrypted_database
from caseroom.i18n import set_language
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.unlock import UnlockDialog
from caseroom.ui.widgets.credentials import show_message

PASSPHRASE = "green tea at four"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    """A worker for the dialog."""
    made = TaskRunner()
    yield made
    made.shutdown()


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    """A new encrypted database (closed), opened by PASSPHRASE."""
    path = tmp_path / "room.sqlite3"
    engine, _key = create_encrypted_database(path, PASSPHRASE, kdf=TEST_KDF)
    engine.dispose()
    return path


def test_the_passphrase_mode_hides_the_user_name_and_names_the_field(
    qtbot: QtBot, runner: TaskRunner, encrypted: Path
) -> None:
    set_language("en")
    dialog = UnlockDialog(runner, encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.where.text() == str(encrypted)
    assert dialog.password.accessibleName() == "Password"
    assert not dialog.message.isVisible()
    dialog.open_button.click()
    assert dialog.message.isVisible()
    assert dialog.message.text() == "Enter your user name and password."
    dialog.use_passphrase.setChecked(True)
    assert not dialog.username.isVisible() and not dialog.username_label.isVisible()
    assert dialog.password.accessibleName() == "Passphrase"
    assert not dialog.message.isVisible()


def test_a_wrong_passphrase_is_said_and_the_right_one_gives_the_key(
    qtbot: QtBot, runner: TaskRunner, encrypted: Path
) -> None:
    set_language("en")
    dialog = UnlockDialog(runner, encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_passphrase.setChecked(True)
    dialog.password.setText("not the passphrase")
    dialog.open_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10000)
    assert dialog.message.text()
    assert dialog.password.text() == "" and dialog.open_button.isEnabled()
    dialog.password.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.open_button.click()
    assert dialog.key == unlock(encrypted, PASSPHRASE)
    assert dialog.credentials is None


def test_show_message_shows_text_and_hides_an_empty_line(qtbot: QtBot) -> None:
    label = QLabel("")
    qtbot.addWidget(label)
    label.show()
    show_message(label, "Wrong user name or password")
    assert label.isVisible() and label.text() == "Wrong user name or password"
    show_message(label, None)
    assert not label.isVisible() and label.text() == ""
