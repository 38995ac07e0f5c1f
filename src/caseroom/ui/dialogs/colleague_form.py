"""A colleague of the room: a new staff member (with an account if asked) or changes to one.

A new colleague may get an account at once: a user name (suggested from her name in
Latin letters) and a temporary password typed twice, which she must change at her first
sign-in (`services.accounts.colleagues.add_colleague`). A colleague already on the staff
is corrected with `services.people.staff.update_staff`; her account is kept on the
Accounts card. The passwords go to the service only, never to a draft or a log.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from caseroom.db.models import NAME
from caseroom.i18n import _
from caseroom.names import fold_text
from caseroom.services.accounts.colleagues import NewColleague, add_colleague
from caseroom.services.accounts.passwords import password_problems, username_problem
from caseroom.services.people.phones import PhoneNumberError, optional_phone
from caseroom.services.people.staff import (
    EMAIL_LIMIT,
    SPECIALISM_LIMIT,
    SPECIALISM_MAX,
    StaffInput,
    StaffRead,
    update_staff,
)
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.dialogs.password_form import password_edit
from caseroom.vocab import StaffRole, label


def split_list(text: str) -> tuple[str, ...]:
    """A list typed on one line, its entries separated by commas or semicolons."""
    return tuple(part.strip() for part in text.replace(";", ",").split(",") if part.strip())


CHANGES = frozenset({"staff", "account"})
"""What a saved colleague changes (the colleagues and accounts cards reload)."""


def suggested_username(first_name: str, last_name: str) -> str:
    """`first.last` in plain Latin letters (`dana.omarova` for Омарова Дана)."""
    first = fold_text(first_name.strip()).replace(" ", "-")
    last = fold_text(last_name.strip()).replace(" ", "-")
    return ".".join(part for part in (first, last) if part)


class ColleagueForm(FormDialog):
    """A new colleague (`member` None), with an account if asked, or changes to `member`."""

    def __init__(
        self, context: AppContext, member: StaffRead | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("Edit colleague") if member is not None else _("New colleague")
        super().__init__(title, parent, context=context)
        self.member = member
        self._suggested = ""
        self.setMinimumWidth(520)
        self.last_edit = self.add_field("last_name", _("&Last name"), self._line(NAME))
        self.first_edit = self.add_field("first_name", _("&First name"), self._line(NAME))
        self.patronymic_edit = self.add_field("patronymic", _("&Patronymic"), self._line(NAME))
        self.role_combo = self.add_field("role", _("&Role"), QComboBox(self))
        for role in StaffRole:
            self.role_combo.addItem(label(role), role.value)
        self.specialisms_edit = self.add_field(
            "specialisms",
            _("Spe&cialisms"),
            self._line(SPECIALISM_MAX * (SPECIALISM_LIMIT + 2)),
            accessible=_("Specialisms, separated by commas"),
        )
        self.specialisms_edit.setPlaceholderText(_("for example: ABA, sand therapy, stuttering"))
        self.specialisms_edit.setToolTip(
            _("What she is also trained in beyond her role, separated by commas")
        )
        self.phone_edit = self.add_field("phone", _("P&hone"), self._line(20))
        self.phone_edit.setPlaceholderText("+7 7XX XXX XX XX")
        self.email_edit = self.add_field("email", _("&E-mail"), self._line(EMAIL_LIMIT))
        self.with_account = QCheckBox(_("Give her an &account now"), self)
        self.with_account.setAccessibleName(_("Give the colleague an account now"))
        self.form().addRow("", self.with_account)
        self.username_edit = self.add_field(
            "username", _("User na&me"), self._line(64), accessible=_("User name")
        )
        self.password_edit = self.add_field(
            "temporary_password",
            _("&Temporary password"),
            password_edit(self, _("Temporary password")),
        )
        self.repeat_edit = self.add_field(
            "repeat", _("Repeat &it"), password_edit(self, _("Repeat the temporary password"))
        )
        self.password_edit.setToolTip(_("She must change it at her first sign-in"))
        may_give = member is None and allowed(context.actor, Permission.MANAGE_ACCOUNTS)
        self.with_account.setVisible(may_give)
        for widget in (self.username_edit, self.password_edit, self.repeat_edit):
            self.form().setRowVisible(widget, may_give)
        if member is not None:
            self.last_edit.setText(member.last_name)
            self.first_edit.setText(member.first_name)
            self.patronymic_edit.setText(member.patronymic or "")
            self.role_combo.setCurrentIndex(max(self.role_combo.findData(member.role), 0))
            self.specialisms_edit.setText(", ".join(member.specialisms))
            self.phone_edit.setText(member.phone or "")
            self.email_edit.setText(member.email or "")
        self.with_account.toggled.connect(self._account_toggled)
        self.first_edit.textChanged.connect(self._suggest)
        self.last_edit.textChanged.connect(self._suggest)
        self._account_toggled(False)
        self.ready()

    def _line(self, limit: int) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMaxLength(limit)
        return edit

    def _account_toggled(self, on: bool) -> None:
        for edit in (self.username_edit, self.password_edit, self.repeat_edit):
            edit.setEnabled(on)
        if on:
            self._suggest()
        self.revalidate()

    def _suggest(self, _text: str = "") -> None:
        """Suggest the user name from the names (unless one was typed)."""
        if not self.with_account.isChecked():
            return
        current = self.username_edit.text()
        if not current or current == self._suggested:
            self._suggested = suggested_username(self.first_edit.text(), self.last_edit.text())
            self.username_edit.setText(self._suggested)

    def data(self) -> StaffInput:
        """The staff member as typed."""
        return StaffInput(
            last_name=self.last_edit.text(),
            first_name=self.first_edit.text(),
            patronymic=self.patronymic_edit.text() or None,
            role=self.role_combo.currentData(),
            phone=self.phone_edit.text() or None,
            email=self.email_edit.text() or None,
            specialisms=split_list(self.specialisms_edit.text()),
        )

    def local_problems(self) -> dict[str, str]:
        """Names, a readable phone; with an account, a user name and a password twice."""
        problems: dict[str, str] = {}
        if not self.last_edit.text().strip():
            problems["last_name"] = _("Enter the last name")
        if not self.first_edit.text().strip():
            problems["first_name"] = _("Enter the first name")
        try:
            optional_phone(self.phone_edit.text())
        except PhoneNumberError as error:
            problems["phone"] = error.message
        if self.with_account.isChecked():
            username = self.username_edit.text()
            name_problem = username_problem(username)
            if name_problem is not None:
                problems["username"] = name_problem
            found = password_problems(username, self.password_edit.text())
            if found:
                problems["temporary_password"] = "\n".join(found)
            if self.repeat_edit.text() != self.password_edit.text():
                problems["repeat"] = _("The two passwords differ")
        return problems

    def service_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """The account service calls the temporary password `password`."""
        return {
            ("temporary_password" if name == "password" else name): text
            for name, text in problems.items()
        }

    def save(self) -> None:
        """Add the colleague (and her account), or save the changes to her."""
        data = self.data()
        if self.member is not None:
            self.call(
                update_staff, self.context, changes=CHANGES, staff_id=self.member.id, data=data
            )
            return
        account = self.with_account.isChecked()
        self.call(
            add_colleague,
            self.context,
            changes=CHANGES,
            data=data,
            username=self.username_edit.text() if account else None,
            temporary_password=self.password_edit.text() if account else None,
        )

    @staticmethod
    def made_name(result: object) -> str:
        """The full name of the colleague a save returned."""
        if isinstance(result, NewColleague):
            return result.staff.full_name
        return result.full_name if isinstance(result, StaffRead) else ""
