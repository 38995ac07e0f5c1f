"""Settings → Colleagues, driven by the keyboard: an administrator adds a colleague with an
account (its temporary password signs in and must be changed), corrects one, gives one an
account, archives one (her account closes); roles that may not manage accounts see a cover.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from accounts_fixtures import SignedIn, fast_hashing, signed_in, staff_id_named
from mnemonics import assert_claims_alone, clashes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from settings_fixtures import shown_settings
from sqlmodel import Session
from tests.ui.test_accessibility import unnamed

from caseroom.i18n import LANGUAGES, set_language
from caseroom.services.accounts.accounts import authenticate, list_accounts
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import list_staff
from caseroom.ui.dialogs.account_form import AccountForm
from caseroom.ui.dialogs.colleague_form import ColleagueForm, suggested_username
from caseroom.ui.pages.settings.colleagues import ColleaguesCard, ColleaguesWindow
from caseroom.ui.widgets.denied_cover import DeniedCover

__all__ = ["fast_hashing", "signed_in"]  # fixtures used by name


KEPT: list[QWidget] = []
"""The cards the windows were opened from, kept alive until the test ends."""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("en")
    KEPT.clear()


@pytest.fixture
def answers_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question box asked (answered Yes), by title."""
    asked: list[str] = []

    def answer(_parent: QWidget, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


def card_for(qtbot: QtBot, data: SignedIn, actor: Actor) -> ColleaguesWindow:
    """The colleagues window, opened by the keyboard from its Settings card."""
    card = ColleaguesCard(data.context(actor))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    assert card.open_button is not None
    card.open_button.setFocus()
    qtbot.keyClick(card.open_button, Qt.Key.Key_Space)
    shown = card.window_
    assert isinstance(shown, ColleaguesWindow)
    KEPT.append(card)
    qtbot.waitExposed(shown)
    qtbot.waitUntil(shown.isActiveWindow, timeout=3000)
    assert shown.table.hasFocus()  # the keyboard starts in the list
    return shown


def modal(qtbot: QtBot, kind: type) -> QWidget:
    """The modal dialog of `kind` once it is shown, made the active window."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    found = QApplication.activeModalWidget()
    assert found is not None
    qtbot.waitExposed(found)
    found.activateWindow()
    qtbot.waitUntil(found.isActiveWindow, timeout=3000)
    return found


def names_in(card: ColleaguesWindow) -> list[str]:
    return [colleague.staff.last_name for colleague in card.model.colleagues]


def select(qtbot: QtBot, card: ColleaguesWindow, last_name: str) -> None:
    qtbot.waitUntil(lambda: last_name in names_in(card), timeout=5000)
    card.table.setFocus()
    card.table.selectRow(names_in(card).index(last_name))


def type_here(qtbot: QtBot, text: str) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)


def key(
    qtbot: QtBot, which: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, which, modifier)


def test_the_user_name_is_suggested_in_latin_letters() -> None:
    assert suggested_username("Дана", "Омарова") == "dana.omarova"
    assert suggested_username(" Гүлмира ", "Жұмабаева") == "gulmira.jumabaeva"


def test_an_administrator_adds_a_colleague_with_an_account_by_keyboard(
    qtbot: QtBot, signed_in: SignedIn, answers_yes: list[str]
) -> None:
    card = card_for(qtbot, signed_in, signed_in.admin)
    qtbot.waitUntil(lambda: "Bekova" in names_in(card), timeout=5000)
    card.table.setFocus()
    key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # &New colleague…
    form = modal(qtbot, ColleagueForm)
    assert isinstance(form, ColleagueForm)
    assert form.last_edit.hasFocus()  # the first field
    type_here(qtbot, "Nurlanova")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Asel")
    key(qtbot, Qt.Key.Key_Tab)
    key(qtbot, Qt.Key.Key_Tab)  # no patronymic
    assert form.role_combo.hasFocus()
    form.role_combo.setCurrentIndex(form.role_combo.findData("speech_therapist"))
    key(qtbot, Qt.Key.Key_Tab)
    assert form.specialisms_edit.hasFocus()
    type_here(qtbot, "stuttering; ABA, ")
    for _field in range(3):  # phone, e-mail, then the account check box
        key(qtbot, Qt.Key.Key_Tab)
    assert form.with_account.hasFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert form.with_account.isChecked()
    assert form.username_edit.text() == "asel.nurlanova"
    form.password_edit.setFocus()
    type_here(qtbot, "short")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()  # refused, and said why
    assert "at least 8" in form._errors["temporary_password"].text()
    assert form.password_edit.hasFocus()
    type_here(qtbot, "-and-longer")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "short-and-longer")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: "Nurlanova" in names_in(card), timeout=5000)
    assert "Nurlanova Asel was added." in card.status.text()
    row = names_in(card).index("Nurlanova")
    assert card.model.index(row, 2).data() == "stuttering, ABA"

    with Session(signed_in.engine) as session:
        made = next(m for m in list_staff(session, actor=SYSTEM) if m.last_name == "Nurlanova")
        assert made.role == "speech_therapist"
        assert made.specialisms == ("stuttering", "ABA")
        result = authenticate(session, username="asel.nurlanova", password="short-and-longer")
        session.commit()
    assert result.ok and result.must_change_password
    assert answers_yes == []


def test_a_colleague_is_corrected_from_her_row_with_enter(
    qtbot: QtBot, signed_in: SignedIn, answers_yes: list[str]
) -> None:
    card = card_for(qtbot, signed_in, signed_in.admin)
    select(qtbot, card, "Ким")
    key(qtbot, Qt.Key.Key_Return)  # Enter on the row opens it
    form = modal(qtbot, ColleagueForm)
    assert isinstance(form, ColleagueForm)
    assert form.last_edit.hasFocus() and form.last_edit.text() == "Ким"
    assert not form.with_account.isVisible()  # her account is kept on the Accounts card
    form.phone_edit.setFocus()
    form.phone_edit.selectAll()
    type_here(qtbot, "8 701 234 56 78")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    with Session(signed_in.engine) as session:
        kim = next(m for m in list_staff(session, actor=SYSTEM) if m.last_name == "Ким")
    assert kim.phone == "+77012345678"


def test_an_account_is_given_to_the_chosen_colleague(
    qtbot: QtBot, signed_in: SignedIn, answers_yes: list[str]
) -> None:
    card = card_for(qtbot, signed_in, signed_in.admin)
    select(qtbot, card, "Петрова")
    assert card.account_button.isEnabled()
    key(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)  # &Give an account…
    form = modal(qtbot, AccountForm)
    assert isinstance(form, AccountForm)
    petrova = staff_id_named(signed_in.engine, "Петрова")
    qtbot.waitUntil(lambda: form.staff_combo.currentData() == petrova, timeout=5000)
    assert form.username_edit.text() == "alina.petrova"
    form.new_edit.setFocus()
    type_here(qtbot, "first-day-pass")
    key(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "first-day-pass")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert signed_in.login_works("alina.petrova", "first-day-pass")


def test_archiving_a_colleague_closes_her_account(
    qtbot: QtBot, signed_in: SignedIn, answers_yes: list[str]
) -> None:
    from accounts_fixtures import PSYCHOLOGIST_PASSWORD

    card = card_for(qtbot, signed_in, signed_in.admin)
    select(qtbot, card, "Омарова")
    card.archive_button.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert answers_yes == ["Archive colleague"]
    qtbot.waitUntil(lambda: "Омарова" not in names_in(card), timeout=5000)
    assert "was archived" in card.status.text()
    with Session(signed_in.engine) as session:
        closed = [a for a in list_accounts(session, actor=SYSTEM, include_archived=True)]
    assert next(a for a in closed if a.username == "dana").archived
    assert not signed_in.login_works("dana", PSYCHOLOGIST_PASSWORD)
    card.show_archived.setChecked(True)
    qtbot.waitUntil(lambda: "Омарова" in names_in(card), timeout=5000)
    select(qtbot, card, "Омарова")
    assert not card.archive_button.isEnabled() and not card.edit_button.isEnabled()


def test_your_own_row_cannot_be_archived(qtbot: QtBot, signed_in: SignedIn) -> None:
    card = card_for(qtbot, signed_in, signed_in.admin)
    select(qtbot, card, "Bekova")
    assert not card.archive_button.isEnabled()
    assert not card.account_button.isEnabled()  # she has one
    assert card.edit_button.isEnabled()


def test_a_role_that_may_not_manage_accounts_sees_a_cover(
    qtbot: QtBot, signed_in: SignedIn
) -> None:
    card = ColleaguesCard(signed_in.context(signed_in.psychologist))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    cover = card.findChild(DeniedCover)
    assert cover is not None and cover.isVisible()
    assert "administrator" in cover.text()
    assert card.open_button is None  # nothing to press behind it


def test_every_control_of_the_card_and_form_has_a_name(qtbot: QtBot, signed_in: SignedIn) -> None:
    card = card_for(qtbot, signed_in, signed_in.admin)
    select(qtbot, card, "Ким")
    assert unnamed(card) == []
    form = card.new_colleague()
    assert isinstance(form, ColleagueForm)
    form.with_account.setChecked(True)
    assert unnamed(form) == []
    form.dirty = False
    form.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_window_and_its_form_have_unique_mnemonics(
    qtbot: QtBot, signed_in: SignedIn, language: str
) -> None:
    set_language(language)
    shown = card_for(qtbot, signed_in, signed_in.admin)
    qtbot.waitUntil(lambda: bool(names_in(shown)), timeout=5000)
    assert clashes(shown) == {}, language
    form = shown.new_colleague()
    assert isinstance(form, ColleagueForm)
    qtbot.waitExposed(form)
    form.with_account.setChecked(True)
    assert clashes(form) == {}, language
    form.dirty = False
    form.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_settings_card_claims_an_alt_key_nothing_else_on_the_page_does(
    qtbot: QtBot, signed_in: SignedIn, language: str
) -> None:
    set_language(language)
    context = signed_in.context(signed_in.admin)
    page = shown_settings(qtbot, context)
    card = page.findChild(ColleaguesCard)
    assert card is not None and card.open_button is not None
    assert_claims_alone(page, card.open_button.text(), language)
