"""Settings ▸ Access to notes, on an encrypted room (privacy issue, point 7).

An administrator adds a psychologist: the psychologist's access to the key to notes waits.
Driven by the keyboard as people would: she sees why on her own Settings page; the
administrator, who does not hold the key, confirms her with the room's passphrase (a wrong
one is shown under the field and gives nothing); once confirmed, the psychologist, holding
the key herself, confirms the next colleague at once, without any passphrase.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from accounts_fixtures import modal
from mnemonics import assert_claims_alone
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from settings_fixtures import shown_settings
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.services.account_fixtures import (  # noqa: F401
    PASSWORD,
    encrypted_room,
    fast_hashing,
    second_key,
)

from caseroom.db.models import Staff
from caseroom.db.restricted_keys import unlock_restricted
from caseroom.i18n import LANGUAGES, set_language
from caseroom.services.accounts.accounts import authenticate, create_account
from caseroom.services.accounts.restricted import pending_restricted_access
from caseroom.services.common import Actor
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.notes_access_form import ConfirmNotesAccessForm
from caseroom.ui.pages.settings.accounts import AccountSections
from caseroom.ui.pages.settings.notes_access import NotesAccessCard
from caseroom.ui.tasks import TaskRunner

PASSPHRASE = "Esik mektebi 2026 winter"  # QTest types ASCII only
pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Engine]]:
    """An encrypted room: an administrator with an account, two specialists she added."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "room.sqlite3"
    engine = encrypted_room(
        path,
        PASSPHRASE,
        (("administrator", "Admin"), ("psychologist", "Dana"), ("speech_therapist", "Irina")),
    )
    admin_actor = sign_in(engine, "admin")
    with Session(engine) as session:
        for last_name, username in (("Dana", "dana"), ("Irina", "irina")):
            staff_id = session.execute(
                select(Staff.id).where(col(Staff.last_name) == last_name)
            ).scalar_one()
            create_account(
                session, actor=admin_actor, staff_id=staff_id, username=username, password=PASSWORD
            )
        session.commit()
    yield path, engine
    engine.dispose()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    made = TaskRunner()
    yield made
    made.shutdown()


def sign_in(engine: Engine, username: str) -> Actor:
    """Sign in as the app does (the engine then holds that person's keys)."""
    with Session(engine) as session:
        result = authenticate(session, username=username, password=PASSWORD)
        session.commit()
    return result.actor_or_raise()


def settings(qtbot: QtBot, engine: Engine, runner: TaskRunner, actor: Actor) -> AccountSections:
    shown = AccountSections(AppContext(engine, actor, runner))
    qtbot.addWidget(shown)
    shown.resize(900, 900)
    shown.show()
    return shown


def waiting(engine: Engine, actor: Actor) -> list[str]:
    with Session(engine) as session:
        return [a.username for a in pending_restricted_access(session, actor=actor)]


def test_a_waiting_specialist_is_told_why_and_the_administrator_confirms_her_by_passphrase(
    qtbot: QtBot, room: tuple[Path, Engine], runner: TaskRunner
) -> None:
    path, engine = room
    dana = sign_in(engine, "dana")
    mine = settings(qtbot, engine, runner, dana)
    card = mine.notes_access
    qtbot.waitUntil(card.isVisible, timeout=5000)
    assert card.own_note.isVisible() and "waits for confirmation" in card.own_note.text()
    mine.close()

    admin = sign_in(engine, "admin")
    shown = settings(qtbot, engine, runner, admin)
    card = shown.notes_access
    qtbot.waitUntil(lambda: card.list.count() == 2, timeout=5000)
    assert not card.own_note.isVisible()  # an administrator reads no notes: nothing waits for her
    texts = [card.list.item(i).text() for i in range(2)]
    assert texts[0].startswith("Dana") and texts[0].endswith("(dana)")
    assert texts[1].startswith("Irina") and texts[1].endswith("(irina)")
    card.list.setFocus()
    qtbot.keyClick(card.list, Qt.Key.Key_Home)
    assert card.selected() is not None and card.selected().username == "dana"  # type: ignore[union-attr]
    card.confirm_button.setFocus()
    qtbot.keyClick(card.confirm_button, Qt.Key.Key_Space)
    form = modal(qtbot, ConfirmNotesAccessForm)
    assert isinstance(form, ConfirmNotesAccessForm)
    assert form.passphrase_edit.hasFocus()

    qtbot.keyClick(form.passphrase_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "Type the room's passphrase" in form._errors["passphrase"].text()
    qtbot.keyClicks(form.passphrase_edit, "not the passphrase")
    qtbot.keyClick(form.passphrase_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(form._errors["passphrase"].text()), timeout=5000)
    assert form.isVisible() and form.passphrase_edit.text() == ""
    assert second_key(path, "dana") is None and waiting(engine, admin) == ["dana", "irina"]

    qtbot.keyClicks(form.passphrase_edit, PASSPHRASE)
    qtbot.keyClick(form.passphrase_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: "dana can now open notes" in card.status.text(), timeout=5000)
    assert second_key(path, "dana") == unlock_restricted(path, PASSPHRASE).restricted_key
    assert waiting(engine, admin) == ["irina"]
    qtbot.waitUntil(lambda: card.list.count() == 1, timeout=5000)


def test_a_specialist_who_holds_the_key_confirms_a_colleague_without_a_passphrase(
    qtbot: QtBot, room: tuple[Path, Engine], runner: TaskRunner
) -> None:
    path, engine = room
    from caseroom.services.accounts.restricted import confirm_restricted_access

    admin = sign_in(engine, "admin")
    with Session(engine) as session:
        dana_id = next(
            a.id for a in pending_restricted_access(session, actor=admin) if a.username == "dana"
        )
        confirm_restricted_access(session, actor=admin, account_id=dana_id, passphrase=PASSPHRASE)
        session.commit()

    dana = sign_in(engine, "dana")
    shown = settings(qtbot, engine, runner, dana)
    card = shown.notes_access
    qtbot.waitUntil(lambda: card.list.count() == 1, timeout=5000)
    assert not card.own_note.isVisible()  # her own access is confirmed
    card.confirm_button.setFocus()
    qtbot.keyClick(card.confirm_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "irina can now open notes" in card.status.text(), timeout=5000)
    assert second_key(path, "irina") == second_key(path, "dana") is not None
    assert waiting(engine, admin) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_card_claims_an_alt_key_nothing_else_on_the_settings_page_does(
    qtbot: QtBot, room: tuple[Path, Engine], runner: TaskRunner, language: str
) -> None:
    _path, engine = room
    set_language(language)
    context = AppContext(engine, sign_in(engine, "admin"), runner)
    page = shown_settings(qtbot, context)
    card = page.findChild(NotesAccessCard)
    assert card is not None
    qtbot.waitUntil(card.confirm_button.isVisible, timeout=5000)
    assert_claims_alone(page, card.confirm_button.text(), language)
