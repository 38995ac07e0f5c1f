"""Signing in: user name and password, then a new password when the old one was reset.

The dialog checks the password with `services.accounts.authenticate` on the database
worker (argon2 is slow on purpose); a failed attempt is recorded there (and may lock the
account for a while), so the unit of work commits either way. On success `actor` holds who
signed in, for the window to act as.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.widgets.credentials import (
    CredentialFields,
    dialog_bottom,
    dialog_top,
    password_edit,
    show_message,
)
from caseroom.ui.widgets.style import SPACE_S

if TYPE_CHECKING:
    from caseroom.services.accounts.accounts import LoginResult
    from caseroom.services.common import Actor
    from caseroom.ui.context import AppContext


class LoginDialog(QDialog):
    """Asks who is there; `actor` is set once the password was right (and renewed if due)."""

    def __init__(self, context: AppContext, room: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login")
        self.context = context
        self.actor: Actor | None = None
        self.who = ""
        """The name of whoever signed in (shown on the lock screen)."""
        self.credentials: tuple[str, str] | None = None
        """The user name and password that signed in (to open an encrypted file next time)."""
        self._signed_in: Actor | None = None
        self._old_password = ""
        layout, self.title, self.room = dialog_top(self, room, min_width=420)
        sign_in = CredentialFields(self, top_margin=SPACE_S)
        self.username, self.password = sign_in.username, sign_in.password
        self.username_label, self.password_label = sign_in.username_label, sign_in.password_label
        layout.addWidget(sign_in)
        self.sign_in_page = sign_in

        renew = QWidget(self)
        renew_form = QFormLayout(renew)
        renew_form.setContentsMargins(0, SPACE_S, 0, 0)
        renew_form.setSpacing(SPACE_S)
        self.renew_intro = QLabel("", renew)
        self.renew_intro.setWordWrap(True)
        renew_form.addRow(self.renew_intro)
        self.new_password = password_edit(renew)
        self.repeat_password = password_edit(renew)
        self.new_label = QLabel("", renew)
        self.new_label.setBuddy(self.new_password)
        self.repeat_label = QLabel("", renew)
        self.repeat_label.setBuddy(self.repeat_password)
        renew_form.addRow(self.new_label, self.new_password)
        renew_form.addRow(self.repeat_label, self.repeat_password)
        layout.addWidget(renew)
        renew.hide()
        self.renew_page = renew

        self.message, self.quit_button, self.ok_button = dialog_bottom(self, layout, self.submit)
        self.retranslate()
        self.username.setFocus()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Sign in to caseroom"))
        self.title.setText(_("Sign in"))
        self.username_label.setText(_("&User name"))
        self.password_label.setText(_("&Password"))
        self.renew_intro.setText(
            _("Your password was reset by the administrator. Choose a new one to go on.")
        )
        self.new_label.setText(_("&New password"))
        self.repeat_label.setText(_("&Repeat it"))
        for caption in (self.username_label, self.password_label, self.new_label):
            buddy = caption.buddy()
            if buddy is not None:
                buddy.setAccessibleName(caption.text().replace("&", ""))
        self.repeat_password.setAccessibleName(_("Repeat the new password"))
        self.quit_button.setText(_("&Quit"))
        self.quit_button.setAccessibleName(_("Quit"))
        self._set_ok_text()

    @property
    def renewing(self) -> bool:
        """Whether the dialog asks for a new password (after the old one was right)."""
        return not self.renew_page.isHidden()

    def _set_ok_text(self) -> None:
        renewing = self.renewing
        self.ok_button.setText(_("Save and &sign in") if renewing else _("&Sign in"))
        self.ok_button.setAccessibleName(self.ok_button.text().replace("&", ""))

    def _show(self, message: str | None) -> None:
        show_message(self.message, message)

    def _working(self, working: bool) -> None:
        self.ok_button.setEnabled(not working)
        self.sign_in_page.setEnabled(not working)
        self.renew_page.setEnabled(not working)

    def submit(self) -> None:
        """Check the password (first step) or save the new one (second step)."""
        if self.renewing:
            self._renew()
            return
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self._show(_("Enter your user name and password."))
            (self.username if not username else self.password).setFocus()
            return
        from caseroom.services.accounts.accounts import authenticate

        self._old_password = password
        self._working(True)
        self.context.run(
            lambda session: authenticate(session, username=username, password=password),
            self._checked,
            changes={"account"},
            parent=self,
        )

    def _checked(self, result: LoginResult) -> None:
        self._working(False)
        self.password.clear()
        if not result.ok or result.actor is None:
            self._show(result.message)
            self.password.setFocus()
            return
        self._show(None)
        if result.account is not None:
            self.who = result.account.staff_name
        if result.must_change_password:
            self._signed_in = result.actor
            self.sign_in_page.hide()
            self.renew_page.show()
            self._set_ok_text()
            self.new_password.setFocus()
            return
        self.actor = result.actor
        self.credentials = (self.username.text().strip(), self._old_password)
        self.accept()

    def _renew(self) -> None:
        from caseroom.services.accounts.accounts import change_password, password_problems

        new, repeat = self.new_password.text(), self.repeat_password.text()
        problems = password_problems(self.username.text().strip(), new)
        if problems:
            self._show(problems[0])
            self.new_password.setFocus()
            return
        if new != repeat:
            self._show(_("The two passwords differ."))
            self.repeat_password.setFocus()
            return
        actor = self._signed_in
        assert actor is not None
        old = self._old_password

        self._working(True)
        self.context.run(
            lambda session: change_password(
                session, actor=actor, old_password=old, new_password=new
            ),
            lambda _account: self._renewed(actor),
            changes={"account"},
            on_error=self._renew_failed,
            parent=self,
        )

    def _renewed(self, actor: Actor) -> None:
        self._working(False)
        self.actor = actor
        self.credentials = (self.username.text().strip(), self.new_password.text())
        self.accept()

    def _renew_failed(self, error: BaseException) -> None:
        self._working(False)
        self._show(str(error))
