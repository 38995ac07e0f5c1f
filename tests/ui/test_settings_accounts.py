"""Settings: accounts (administrator), my password, and pages a role may not use.

Driven as a user: the keyboard types into the forms, Tab moves on, Ctrl+Enter saves;
the database is checked afterwards (an account created, a password that signs in).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from accounts_fixtures import (
    ADMIN_PASSWORD,
    PSYCHOLOGIST_PASSWORD,
    SignedIn,
    fast_hashing,
    modal,
    signed_in,
    staff_id_named,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from caseroom.errors import PermissionDeniedError
from caseroom.i18n import set_language
from caseroom.services.accounts.accounts import AccountRead, account_of_staff, list_accounts
from caseroom.services.common import SYSTEM, Actor
from caseroom.ui.dialogs.account_form import AccountForm
from caseroom.ui.dialogs.password_form import ChangePasswordForm, ResetPasswordForm
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.settings.accounts import AccountSections
from caseroom.ui.pages.settings.page import SettingsPage
from caseroom.ui.widgets.denied_cover import DeniedCover
from caseroom.ui.widgets.empty_state import EmptyState

__all__ = ["fast_hashing", "signed_in"]  # fixtures used by name


@pytest.fixture(autouse=True)
def english() -> None:
    set_language("en")


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every question box asked (answered Yes / Discard), by title."""
    asked: list[str] = []

    def answer(_parent: QWidget, title: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return (
            QMessageBox.StandardButton.Discard
            if title == "Discard changes?"
            else QMessageBox.StandardButton.Yes
        )

    monkeypatch.setattr(QMessageBox, "question", answer)
    return asked


def sections(qtbot: QtBot, data: SignedIn, actor: Actor) -> AccountSections:
    shown = AccountSections(data.context(actor))
    qtbot.addWidget(shown)
    shown.resize(900, 700)
    shown.show()
    return shown


def accounts_in_db(data: SignedIn) -> dict[str, AccountRead]:
    with Session(data.engine) as session:
        found = list_accounts(session, actor=SYSTEM, include_archived=True)
    return {account.username: account for account in found}


def select_row(qtbot: QtBot, shown: AccountSections, username: str) -> None:
    table = shown.accounts.table
    qtbot.waitUntil(
        lambda: username in [a.username for a in shown.accounts.model.accounts], timeout=5000
    )
    row = [a.username for a in shown.accounts.model.accounts].index(username)
    table.setFocus()
    table.selectRow(row)
    assert shown.accounts.selected() is not None


def type_into(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the keyboard focus."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClicks(focus, text)


def tab(qtbot: QtBot) -> None:
    """Press Tab where the keyboard focus is."""
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_Tab)


def test_administrator_creates_an_account_typing_and_it_signs_in(
    qtbot: QtBot, signed_in: SignedIn, questions: list[str]
) -> None:
    shown = sections(qtbot, signed_in, signed_in.admin)
    assert shown.accounts.isVisible() and shown.audit.isVisible()
    qtbot.waitUntil(lambda: len(shown.accounts.model.accounts) == 2, timeout=5000)
    assert shown.accounts.model.data(shown.accounts.model.index(0, 1)) == "aigul"
    qtbot.waitUntil(shown.mine.isVisible, timeout=5000)

    shown.accounts.new_button.setFocus()
    qtbot.keyClick(shown.accounts.new_button, Qt.Key.Key_Space)
    form = modal(qtbot, AccountForm)
    assert isinstance(form, AccountForm)
    qtbot.waitUntil(lambda: form.staff_combo.isEnabled(), timeout=5000)
    names = [form.staff_combo.itemText(i) for i in range(form.staff_combo.count())]
    assert all("Bekova" not in name and "Омарова" not in name for name in names)  # have one
    kim = staff_id_named(signed_in.engine, "Ким")
    combo = form.staff_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == kim))
    assert form.username_edit.text() == "irina.kim"  # suggested in Latin letters
    assert not form.identified.isEnabled()  # only administrators get identified access

    form.username_edit.setFocus()
    form.username_edit.selectAll()
    type_into(qtbot, "ikim")
    tab(qtbot)
    assert form.new_edit.hasFocus()
    type_into(qtbot, "short")
    problem = form._errors["new_password"]
    assert problem.isVisible() and "at least 8" in problem.text()  # as the user types
    type_into(qtbot, "-but-long-now")
    assert not problem.isVisible()
    tab(qtbot)
    type_into(qtbot, "short-but-long-no")
    assert "differ" in form._errors["repeat"].text()
    type_into(qtbot, "w")
    assert not form._errors["repeat"].isVisible()
    qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)

    stored = accounts_in_db(signed_in)["ikim"]
    assert stored.staff_id == kim and stored.must_change_password
    assert signed_in.login_works("ikim", "short-but-long-now")
    assert not signed_in.login_works("ikim", "short-but-long-no")
    qtbot.waitUntil(lambda: len(shown.accounts.model.accounts) == 3, timeout=5000)
    assert questions == []


def test_save_is_never_refused_silently_and_escape_asks(
    qtbot: QtBot, signed_in: SignedIn, questions: list[str]
) -> None:
    shown = sections(qtbot, signed_in, signed_in.admin)
    shown.accounts.new_account()
    form = modal(qtbot, AccountForm)
    assert isinstance(form, AccountForm)
    qtbot.waitUntil(lambda: form.staff_combo.isEnabled(), timeout=5000)
    form.username_edit.setFocus()
    form.username_edit.selectAll()
    type_into(qtbot, "dana")  # taken (case-insensitively) by the psychologist's account
    tab(qtbot)
    type_into(qtbot, "dana")  # the user name as password
    form.repeat_edit.setFocus()
    type_into(qtbot, "dana")
    qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible()
    assert "at least 8" in form._errors["new_password"].text()
    assert "must not be the user name" in form._errors["new_password"].text()
    assert form.new_edit.hasFocus()  # the first bad field
    form.new_edit.setFocus()
    form.new_edit.selectAll()
    type_into(qtbot, "long enough pass")
    form.repeat_edit.setFocus()
    form.repeat_edit.selectAll()
    type_into(qtbot, "long enough pass")
    qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form._errors["username"].isVisible(), timeout=5000)
    assert form._errors["username"].text() == "This user name is taken"
    assert form.isVisible() and form.save_button.isEnabled()

    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert questions == ["Discard changes?"]
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert set(accounts_in_db(signed_in)) == {"aigul", "dana"}


def test_change_my_password_then_sign_in_with_the_new_one(
    qtbot: QtBot, signed_in: SignedIn, questions: list[str]
) -> None:
    shown = sections(qtbot, signed_in, signed_in.psychologist)
    qtbot.waitUntil(shown.mine.isVisible, timeout=5000)
    assert not shown.accounts.isVisible() and not shown.audit.isVisible()
    assert "Signed in as dana" in shown.mine.about.text()
    shown.mine.change_button.setFocus()
    qtbot.keyClick(shown.mine.change_button, Qt.Key.Key_Space)
    form = modal(qtbot, ChangePasswordForm)
    assert isinstance(form, ChangePasswordForm)
    assert form.old_edit.echoMode() == form.old_edit.EchoMode.Password
    form.old_edit.setFocus()
    type_into(qtbot, "not my password")
    tab(qtbot)
    type_into(qtbot, "new steppe 2027")
    tab(qtbot)
    type_into(qtbot, "new steppe 2027")
    qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form._errors["old_password"].isVisible(), timeout=5000)
    assert form._errors["old_password"].text() == "The current password is wrong"
    assert form.old_edit.hasFocus()
    form.old_edit.selectAll()
    type_into(qtbot, PSYCHOLOGIST_PASSWORD)
    qtbot.keyClick(form.old_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert shown.mine.status.text() == "Your password was changed."
    assert signed_in.login_works("dana", "new steppe 2027")
    assert not signed_in.login_works("dana", PSYCHOLOGIST_PASSWORD)
    assert questions == []


def test_reset_unlock_grant_and_close_accounts(
    qtbot: QtBot, signed_in: SignedIn, questions: list[str]
) -> None:
    for _attempt in range(3):
        assert not signed_in.login_works("dana", "wrong password")
    shown = sections(qtbot, signed_in, signed_in.admin)
    select_row(qtbot, shown, "dana")
    card = shown.accounts
    assert card.model.data(card.model.index(1, 4)) == "3 wrong passwords"
    assert card.unlock_button.isEnabled() and not card.grant_button.isEnabled()
    qtbot.keyClick(card.unlock_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "can sign in again" in card.status.text(), timeout=5000)
    assert accounts_in_db(signed_in)["dana"].failed_attempts == 0

    select_row(qtbot, shown, "dana")
    card.reset_button.setFocus()
    qtbot.keyClick(card.reset_button, Qt.Key.Key_Space)
    form = modal(qtbot, ResetPasswordForm)
    assert isinstance(form, ResetPasswordForm)
    type_into(qtbot, "temporary-123")
    tab(qtbot)
    type_into(qtbot, "temporary-123")
    qtbot.keyClick(form.repeat_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert accounts_in_db(signed_in)["dana"].must_change_password
    assert signed_in.login_works("dana", "temporary-123")

    select_row(qtbot, shown, "aigul")
    assert card.grant_button.text().replace("&", "") == "Grant identified access"
    assert not card.archive_button.isEnabled()  # never your own account
    qtbot.keyClick(card.grant_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: accounts_in_db(signed_in)["aigul"].identified_access, timeout=5000)
    qtbot.waitUntil(lambda: "Withdraw" in card.grant_button.text(), timeout=5000)

    select_row(qtbot, shown, "dana")
    qtbot.keyClick(card.archive_button, Qt.Key.Key_Space)
    assert questions == ["Close account"]
    qtbot.waitUntil(lambda: accounts_in_db(signed_in)["dana"].archived, timeout=5000)
    qtbot.waitUntil(lambda: len(card.model.accounts) == 1, timeout=5000)
    assert not signed_in.login_works("dana", "temporary-123")
    card.show_closed.setChecked(True)
    qtbot.waitUntil(lambda: len(card.model.accounts) == 2, timeout=5000)
    assert card.model.data(card.model.index(1, 4)) == "Closed"


def test_someone_without_an_account_sees_no_account_cards(
    qtbot: QtBot, signed_in: SignedIn
) -> None:
    with Session(signed_in.engine) as session:
        from caseroom.services.people.staff import list_staff

        assistant = list_staff(session, actor=SYSTEM, role="assistant")[0]
        assert account_of_staff(session, actor=SYSTEM, staff_id=assistant.id) is None
    shown = sections(qtbot, signed_in, Actor(assistant.id, assistant.role))
    seen: list[object] = []
    shown.context.runner.run(lambda: None, seen.append)  # after the sections' own reads
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(50)
    assert not shown.accounts.isVisible()
    assert not shown.mine.isVisible()
    assert not shown.audit.isVisible()


def test_settings_page_holds_the_account_sections(
    qtbot: QtBot, signed_in: SignedIn, navigator: Any
) -> None:
    page = SettingsPage(signed_in.context(signed_in.admin), navigator)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    page.refresh()
    found = page.findChild(AccountSections)
    assert found is not None
    qtbot.waitUntil(lambda: len(found.accounts.model.accounts) == 2, timeout=5000)


def window_for(qtbot: QtBot, signed_in: SignedIn, actor: Actor, tmp_path: Path) -> MainWindow:
    window = MainWindow(tmp_path / "demo.sqlite3")
    qtbot.addWidget(window)
    window.attach(signed_in.context(actor))
    return window


def test_rail_and_shortcuts_follow_the_role(
    qtbot: QtBot, signed_in: SignedIn, tmp_path: Path
) -> None:
    admin = window_for(qtbot, signed_in, signed_in.admin, tmp_path)
    enabled = {name for name, button in admin.rail_buttons.items() if button.isEnabled()}
    assert enabled == {"directory", "reports", "settings"}  # the directory names no child
    assert [b.isHidden() for b in admin.rail_buttons.values()] == [True] * 6 + [False] * 3
    assert not admin.shortcuts["children"].isEnabled()
    assert admin.shortcuts["settings"].isEnabled()
    assert admin.current_page_name == "reports"  # Today is not theirs: the first usable page
    assert not admin.search.isEnabled()
    qtbot.keyClick(admin, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert admin.current_page_name == "reports"

    granted = Actor(signed_in.admin.staff_id, "administrator", frozenset({"view_records"}))
    with_grant = window_for(qtbot, signed_in, granted, tmp_path)
    assert with_grant.rail_buttons["children"].isEnabled()

    assistant = Actor(staff_id_named(signed_in.engine, "Петрова"), "assistant")
    helper = window_for(qtbot, signed_in, assistant, tmp_path)
    assert not helper.rail_buttons["reports"].isEnabled()
    assert helper.rail_buttons["journal"].isEnabled()
    assert helper.current_page_name == "today"
    helper.show_page("reports")  # asked for anyway (e.g. by a link): says why, builds nothing
    page = helper.page("reports")
    assert isinstance(page, EmptyState) and page.objectName() == "page_reports_denied"
    assert "not available to your role" in page.text()


def test_a_refused_read_covers_the_part_that_asked_instead_of_a_message_box(
    qtbot: QtBot, signed_in: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: boxes.append(str(args[2])))
    context = signed_in.context(signed_in.psychologist)
    window = QWidget()
    qtbot.addWidget(window)
    holder = QWidget(window)  # a part of a page, as pages pass themselves as `parent`
    holder.resize(500, 300)
    inner = QWidget(holder)
    inner.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    window.show()

    def refused(_session: Session, *, actor: Actor) -> None:
        raise PermissionDeniedError("Only an administrator can read the audit trail.")

    for _request in range(3):
        context.call(refused, parent=holder)
    qtbot.waitUntil(lambda: holder.findChild(DeniedCover) is not None, timeout=5000)
    qtbot.wait(100)
    covers = holder.findChildren(DeniedCover)
    assert len(covers) == 1 and covers[0].isVisible()
    assert covers[0].text() == "Only an administrator can read the audit trail."
    assert covers[0].geometry() == holder.rect()
    assert not inner.isEnabled()  # nothing behind the cover takes the focus
    assert boxes == []
    context.call(refused, parent=window)  # a window (a dialog): one message box
    qtbot.waitUntil(lambda: len(boxes) == 1, timeout=5000)


def test_admin_password_fixture_signs_in(signed_in: SignedIn) -> None:
    assert signed_in.login_works("AIGUL", ADMIN_PASSWORD)
