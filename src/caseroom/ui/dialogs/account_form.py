"""A new account for a staff member who has none (administrators).

The staff list (people without an account) is read on the worker when the form opens.
The user name is suggested from the person's name in Latin letters; the password is
checked as it is typed and must be typed twice. By default the person chooses their own
password at the first sign-in.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.names import fold_text
from caseroom.services.accounts.accounts import create_account, list_accounts
from caseroom.services.accounts.passwords import username_problem
from caseroom.services.people.staff import StaffRead, list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.password_form import CHANGES, PasswordFormBase, password_edit
from caseroom.vocab import StaffRole, label

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Candidate:
    """A current staff member without an account."""

    id: uuid.UUID
    name: str
    role: str
    suggested_username: str


def suggest_username(member: StaffRead) -> str:
    """`first.last` in plain Latin letters (`dana.omarova` for Омарова Дана)."""
    first = fold_text(member.first_name).replace(" ", "-")
    last = fold_text(member.last_name).replace(" ", "-")
    return ".".join(part for part in (first, last) if part)


def candidates(session: Session, *, actor: Any) -> list[Candidate]:
    """Current staff members who have no account (not even a closed one)."""
    taken = {a.staff_id for a in list_accounts(session, actor=actor, include_archived=True)}
    return [
        Candidate(member.id, member.full_name, member.role, suggest_username(member))
        for member in list_staff(session, actor=actor)
        if member.id not in taken
    ]


class AccountForm(PasswordFormBase):
    """Create an account: staff member, user name, password twice, first-sign-in change."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("New account"), "", parent)
        self.context = context
        self.people: list[Candidate] = []
        self._suggested = ""
        self.staff_combo = QComboBox(self)
        self.staff_combo.setAccessibleName(_("Staff member"))
        self.staff_combo.setEnabled(False)
        self.staff_combo.addItem(_("Loading…"), None)
        caption = QLabel(_("S&taff member"), self)
        caption.setBuddy(self.staff_combo)
        self.rows.addRow(caption, self.staff_combo)
        self.rows.addRow("", self.field_error("staff_id", self.staff_combo))
        self.staff_combo.currentIndexChanged.connect(self._staff_chosen)
        self.username_edit = QLineEdit(self)
        self.username_edit.setAccessibleName(_("User name"))
        self.username_edit.setMaxLength(64)
        self.add_row("username", _("&User name"), self.username_edit)
        self.new_edit = password_edit(self, _("Password"))
        self.repeat_edit = password_edit(self, _("Repeat the password"))
        self.add_row("new_password", _("&Password"), self.new_edit)
        self.add_row("repeat", _("&Repeat it"), self.repeat_edit)
        self.must_change = QCheckBox(_("The person &chooses a new password at first sign-in"))
        self.must_change.setAccessibleName(_("Choose a new password at first sign-in"))
        self.must_change.setChecked(True)
        self.rows.addRow("", self.must_change)
        self.identified = QCheckBox(_("&Identified access (names in records and exports)"))
        self.identified.setAccessibleName(_("Identified access"))
        self.identified.setToolTip(_("Only an administrator's account can get identified access"))
        self.identified.setEnabled(False)
        self.rows.addRow("", self.identified)
        self.rows.addRow("", self.field_error("identified_access", self.identified))
        self.finish_layout()
        self.mark_clean()
        context.call(candidates, self.show_candidates, on_error=self.on_failed, parent=self)

    def show_candidates(self, people: list[Candidate]) -> None:
        """Fill the staff list (people without an account)."""
        self.people = people
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        if not people:
            self.staff_combo.addItem(_("Everyone on the staff has an account"), None)
        for person in people:
            self.staff_combo.addItem(
                _("{name} — {role}").format(name=person.name, role=label(StaffRole(person.role))),
                person.id,
            )
        self.staff_combo.blockSignals(False)
        self.staff_combo.setEnabled(bool(people))
        self._fit_staff()
        self._staff_chosen()
        self.mark_clean()
        if people:
            self.staff_combo.setFocus()

    def _fit_staff(self) -> None:
        """Widen the form for the longest "name — role" (it opened sized for "Loading…")."""
        self.staff_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.staff_combo.updateGeometry()
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = self.sizeHint().width()
        screen = self.screen().availableGeometry().width() if self.screen() else wanted
        if wanted > self.width():
            grown = min(wanted, screen - 40)
            self.move(self.x() - (grown - self.width()) // 2, self.y())  # still centred
            self.resize(grown, self.height())

    def chosen(self) -> Candidate | None:
        """The staff member chosen."""
        found = self.staff_combo.currentData()
        return next((person for person in self.people if person.id == found), None)

    def _staff_chosen(self, _index: int = 0) -> None:
        person = self.chosen()
        is_admin = person is not None and person.role == StaffRole.ADMINISTRATOR
        self.identified.setEnabled(is_admin)
        if not is_admin:
            self.identified.setChecked(False)
        current = self.username_edit.text()
        if person is not None and (not current or current == self._suggested):
            self._suggested = person.suggested_username
            self.username_edit.setText(self._suggested)
        self.username = self.username_edit.text()
        self.revalidate()

    def _edited(self, name: str) -> None:
        self.username = self.username_edit.text()
        super()._edited(name)

    def snapshot(self) -> Any:
        """The form's values (the suggested user name alone is not a change)."""
        username = self.username_edit.text()
        return (
            self.staff_combo.currentData(),
            "" if username == self._suggested else username,
            self.new_edit.text(),
            self.repeat_edit.text(),
            self.must_change.isChecked(),
            self.identified.isChecked(),
        )

    def local_problems(self) -> dict[str, str]:
        """A person, a usable user name, and a usable password typed twice."""
        problems: dict[str, str] = {}
        if self.chosen() is None:
            problems["staff_id"] = _("Choose a current staff member")
        name_problem = username_problem(self.username_edit.text())
        if name_problem is not None:
            problems["username"] = name_problem
        problems.update(self.new_password_problems())
        return problems

    def save(self) -> None:
        """Create the account on the worker."""
        person = self.chosen()
        assert person is not None  # local_problems guarantees it
        self.call(
            create_account,
            self.context,
            changes=CHANGES,
            staff_id=person.id,
            username=self.username_edit.text(),
            password=self.new_edit.text(),
            identified_access=self.identified.isChecked(),
            must_change_password=self.must_change.isChecked(),
        )

    def on_failed(self, error: BaseException) -> None:
        """A refused save: the service names the field (`password` is our new password)."""
        if isinstance(error, ValidationError) and "password" in error.problems:
            problems = dict(error.problems)
            problems["new_password"] = problems.pop("password")
            error = ValidationError(problems)
        super().on_failed(error)
