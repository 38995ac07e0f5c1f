"""Passwords: change your own (current one required) or, as administrator, reset someone's.

Both forms check the new password as it is typed (`accounts.password_problems`: long
enough, not the user name) and that it was typed the same way twice. The passwords never
leave the form except to the service, and are never kept in a draft or a log.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from caseroom.i18n import _
from caseroom.services.accounts.accounts import (
    AccountRead,
    change_password,
    password_problems,
    reset_password,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.widgets.style import SPACE_S, set_role

CHANGES = frozenset({"account"})


def password_edit(parent: QWidget, accessible_name: str) -> QLineEdit:
    """A one-line field that hides what is typed."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    edit.setMinimumWidth(260)
    return edit


class PasswordFormBase(FormDialog):
    """A form with a new password typed twice, checked as it is typed.

    Problems of a field are shown once the field was edited (or Save was pressed), so an
    empty form does not open covered in red.
    """

    def __init__(self, title: str, username: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.username = username
        self._touched: set[str] = set()
        self.setMinimumWidth(480)
        self.rows = QFormLayout()
        self.rows.setSpacing(SPACE_S)
        self.layout_.addLayout(self.rows)

    def add_new_password_fields(self) -> None:
        """The new password and its repetition (call after any fields above them)."""
        self.new_edit = password_edit(self, _("New password"))
        self.repeat_edit = password_edit(self, _("Repeat the new password"))
        self.add_row("new_password", _("&New password"), self.new_edit)
        self.add_row("repeat", _("&Repeat it"), self.repeat_edit)

    def add_row(self, name: str, caption: str, edit: QLineEdit) -> None:
        """Add a row with its problem line; editing it revalidates the form."""
        label = QLabel(caption, self)
        label.setBuddy(edit)
        self.rows.addRow(label, edit)
        self.rows.addRow("", self.field_error(name, edit))
        edit.textEdited.connect(lambda _text, name=name: self._edited(name))

    def _edited(self, name: str) -> None:
        self._touched.add(name)
        if name == "new_password" and self.repeat_edit.text():
            self._touched.add("repeat")
        self.revalidate()

    def revalidate(self) -> None:
        """Show the problems of the fields edited so far."""
        problems = self.local_problems()
        self.show_problems({k: v for k, v in problems.items() if k in self._touched})

    def try_save(self) -> None:
        """Every field counts as edited once Save is pressed."""
        self._touched.update(self._errors)
        super().try_save()

    def new_password_problems(self) -> dict[str, str]:
        """What is wrong with the new password and its repetition."""
        problems: dict[str, str] = {}
        password = self.new_edit.text()
        found = password_problems(self.username, password)
        if found:
            problems["new_password"] = "\n".join(found)
        if self.repeat_edit.text() != password:
            problems["repeat"] = _("The two passwords differ")
        return problems


class ChangePasswordForm(PasswordFormBase):
    """Change the signed-in person's own password."""

    def __init__(
        self, context: AppContext, account: AccountRead, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Change my password"), account.username, parent)
        self.context = context
        who = set_role(
            QLabel(_("Signed in as {username}").format(username=account.username), self),
            "muted",
        )
        self.rows.addRow(who)
        self.old_edit = password_edit(self, _("Current password"))
        self.add_row("old_password", _("&Current password"), self.old_edit)
        self.add_new_password_fields()
        self.finish_layout()
        self.mark_clean()
        self.old_edit.setFocus()

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.old_edit.text(), self.new_edit.text(), self.repeat_edit.text())

    def local_problems(self) -> dict[str, str]:
        """The current password is needed; the new one must be usable and typed twice."""
        problems = {}
        if not self.old_edit.text():
            problems["old_password"] = _("Enter your current password")
        problems.update(self.new_password_problems())
        return problems

    def save(self) -> None:
        """Change the password on the worker."""
        self.call(
            change_password,
            self.context,
            changes=CHANGES,
            old_password=self.old_edit.text(),
            new_password=self.new_edit.text(),
        )


class ResetPasswordForm(PasswordFormBase):
    """An administrator gives an account a new password to change at the next sign-in."""

    def __init__(
        self, context: AppContext, account: AccountRead, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Reset password"), account.username, parent)
        self.context = context
        self.account = account
        note = QLabel(
            _(
                "{name} ({username}) will have to choose a new password at the next "
                "sign-in. A lock-out is lifted too."
            ).format(name=account.staff_name, username=account.username),
            self,
        )
        note.setWordWrap(True)
        self.rows.addRow(set_role(note, "muted"))
        self.add_new_password_fields()
        self.finish_layout()
        self.mark_clean()
        self.new_edit.setFocus()

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.new_edit.text(), self.repeat_edit.text())

    def local_problems(self) -> dict[str, str]:
        """The new password must be usable and typed twice."""
        return self.new_password_problems()

    def save(self) -> None:
        """Reset the password on the worker."""
        self.call(
            reset_password,
            self.context,
            changes=CHANGES,
            account_id=self.account.id,
            new_password=self.new_edit.text(),
        )
