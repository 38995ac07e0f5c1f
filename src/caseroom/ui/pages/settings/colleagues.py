"""Settings → Colleagues: the room's staff members, with their role and account.

An administrator (whoever manages accounts) adds a colleague (with an account and a
temporary password she changes at her first sign-in), corrects her names, role and
contacts, gives an account to a colleague who has none, and archives a colleague who
left: `archive_staff_member` closes her account and drops its key slot with her. Roles
that may not manage accounts see the card covered by a sentence saying so (the services
refuse them anyway). The list is read on the worker each time the page is shown.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import format_date
from caseroom.i18n import N_, _
from caseroom.services.accounts.accounts import (
    AccountRead,
    archive_staff_member,
    list_accounts,
)
from caseroom.services.people.staff import StaffRead, list_staff
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.account_form import AccountForm, Candidate
from caseroom.ui.dialogs.colleague_form import CHANGES, ColleagueForm
from caseroom.ui.widgets.card import make_card, muted_note
from caseroom.ui.widgets.denied_cover import show_denied
from caseroom.ui.widgets.style import SPACE_L, SPACE_S, set_role
from caseroom.vocab import StaffRole, label

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseroom.services.common import Actor

ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Colleague:
    """A staff member and her account (None: she has none)."""

    staff: StaffRead
    account: AccountRead | None


def read_colleagues(
    session: Session, *, actor: Actor, include_archived: bool = False
) -> list[Colleague]:
    """The staff members by name, each with her account (the accounts need the right to
    manage them)."""
    accounts = {
        account.staff_id: account
        for account in list_accounts(session, actor=actor, include_archived=True)
    }
    members = list_staff(session, actor=actor, include_archived=include_archived)
    return [Colleague(member, accounts.get(member.id)) for member in members]


def role_text(code: str) -> str:
    """A role in words."""
    return label(StaffRole(code)) if code in set(StaffRole) else code


def account_text(colleague: Colleague) -> str:
    """Her user name, or that she has none (or that it is closed)."""
    account = colleague.account
    if account is None:
        return _("No account")
    if account.archived:
        return _("{username} (closed)").format(username=account.username)
    if account.must_change_password:
        return _("{username} (a new password at the first sign-in)").format(
            username=account.username
        )
    return account.username


def state_text(member: StaffRead) -> str:
    """Whether she works in the room or left (archived, with the day)."""
    if member.archived_at is None:
        return _("Works in the room")
    return _("Archived on {date}").format(date=format_date(member.archived_at.date()))


class ColleaguesModel(QAbstractTableModel):
    """The colleagues as a table: name, role, specialisms, phone, account, state."""

    HEADERS = (
        N_("Name"),
        N_("Role"),
        N_("Specialisms"),
        N_("Phone"),
        N_("Account"),
        N_("State"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colleagues: list[Colleague] = []

    def set_colleagues(self, colleagues: list[Colleague]) -> None:
        """Show `colleagues`."""
        self.beginResetModel()
        self.colleagues = list(colleagues)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """One row per colleague."""
        return 0 if parent.isValid() else len(self.colleagues)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """Six columns."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Translated column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(self.HEADERS[section]) if 0 <= section < len(self.HEADERS) else None
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text."""
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        colleague = self.colleagues[index.row()]
        member = colleague.staff
        texts = (
            member.full_name,
            role_text(member.role),
            ", ".join(member.specialisms) or "—",
            member.phone or "—",
            account_text(colleague),
            state_text(member),
        )
        return texts[index.column()]


class PickedAccountForm(AccountForm):
    """The new-account form with one colleague chosen already."""

    def __init__(
        self, context: AppContext, staff_id: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        self.picked = staff_id
        super().__init__(context, parent)

    def show_candidates(self, people: list[Candidate]) -> None:
        """Fill the staff list and choose the colleague the account is for."""
        super().show_candidates(people)
        combo = self.staff_combo
        index = next((i for i in range(combo.count()) if combo.itemData(i) == self.picked), -1)
        if index >= 0:
            self.staff_combo.setCurrentIndex(index)
            self.mark_clean()
            self.username_edit.setFocus()


def about_text() -> str:
    """What the colleagues list is for."""
    return _(
        "Everyone who works in the room: her role decides what she may see and do. "
        "Archiving a colleague who left closes her account, so her password no longer "
        "opens this database."
    )


class ColleaguesWindow(QDialog):
    """The room's colleagues and what an administrator does with them (its own window, so
    its Alt shortcuts are its own)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.form: QWidget | None = None
        self.setWindowTitle(_("Colleagues"))
        self.setAccessibleName(_("Colleagues"))
        self.resize(960, 560)
        self.model = ColleaguesModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        layout.setSpacing(SPACE_S)
        layout.addWidget(set_role(QLabel(_("Colleagues"), self), "title"))
        layout.addWidget(muted_note(self, about_text()))
        self.table = QTableView(self)
        self.table.setObjectName("colleaguesTable")
        self.table.setAccessibleName(_("Colleagues"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        self.show_archived = QCheckBox(_("Show colleagues who &left"), self)
        self.show_archived.setAccessibleName(_("Show colleagues who left"))
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        layout.addWidget(self.show_archived)
        row = QHBoxLayout()
        row.setSpacing(SPACE_S)
        self.new_button = self._button(_("&New colleague…"), self.new_colleague, row)
        self.edit_button = self._button(_("&Edit…"), self.edit_selected, row)
        self.account_button = self._button(_("&Give an account…"), self.give_account, row)
        self.archive_button = self._button(_("&Archive…"), self.archive_selected, row)
        row.addStretch(1)
        self.close_button = self._button(_("Close"), self.accept, row)
        self.close_button.setAutoDefault(False)
        layout.addLayout(row)
        self.status = muted_note(self)
        self.status.setAccessibleName(_("Colleagues: what happened"))
        layout.addWidget(self.status)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        context.changed.connect(self._on_changed)
        self._update_buttons()
        self.table.setFocus()
        self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter on a row opens it (the list's own "activated"); it never presses a button
        of a form open over this window, as QDialog would."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def _button(self, text: str, slot: Any, row: QHBoxLayout) -> QPushButton:
        made = QPushButton(text, self)
        made.setAccessibleName(text.replace("&", "").removesuffix("…"))
        made.setAutoDefault(False)
        made.clicked.connect(lambda _checked=False: slot())
        row.addWidget(made)
        return made

    # --- reading ---------------------------------------------------------------------------

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & {"staff", "account"} and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the colleagues on the worker."""
        self.context.call(
            read_colleagues,
            self.show_colleagues,
            on_error=self._failed,
            parent=self,
            include_archived=self.show_archived.isChecked(),
        )

    def show_colleagues(self, colleagues: list[Colleague]) -> None:
        """Show `colleagues`, keeping the selected one selected."""
        chosen = self.selected()
        self.model.set_colleagues(colleagues)
        rows = [n for n, c in enumerate(colleagues) if chosen and c.staff.id == chosen.staff.id]
        if rows or colleagues:
            self.table.selectRow(rows[0] if rows else 0)
        self._update_buttons()

    def selected(self) -> Colleague | None:
        """The colleague whose row is selected."""
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows or rows[0].row() >= len(self.model.colleagues):
            return None
        return self.model.colleagues[rows[0].row()]

    def _update_buttons(self) -> None:
        chosen = self.selected()
        current = chosen is not None and chosen.staff.archived_at is None
        self.edit_button.setEnabled(current)
        self.account_button.setEnabled(current and chosen is not None and chosen.account is None)
        self.archive_button.setEnabled(
            current and chosen is not None and chosen.staff.id != self.context.actor.staff_id
        )

    # --- actions ---------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error))

    def _open(self, form: QWidget) -> QWidget:
        self.form = form
        form.open()  # type: ignore[attr-defined]
        return form

    def new_colleague(self) -> QWidget:
        """Open the form for a new colleague."""
        form = ColleagueForm(self.context, parent=self)
        form.result_saved.connect(
            lambda made: self.status.setText(
                _("{name} was added.").format(name=ColleagueForm.made_name(made))
            )
        )
        return self._open(form)

    def edit_selected(self) -> QWidget | None:
        """Open the form on the selected colleague (one who still works in the room)."""
        chosen = self.selected()
        if chosen is None or chosen.staff.archived_at is not None:
            return None
        form = ColleagueForm(self.context, chosen.staff, parent=self)
        form.result_saved.connect(lambda _made: self.status.setText(_("Saved.")))
        return self._open(form)

    def give_account(self) -> QWidget | None:
        """Open the new-account form for the selected colleague."""
        chosen = self.selected()
        if chosen is None or chosen.account is not None or chosen.staff.archived_at:
            return None
        form = PickedAccountForm(self.context, chosen.staff.id, self)
        name = chosen.staff.full_name
        form.accepted.connect(
            lambda: self.status.setText(
                _("{name} has an account; she changes the password at her first sign-in.").format(
                    name=name
                )
            )
        )
        return self._open(form)

    def archive_selected(self) -> None:
        """Archive the selected colleague (and close her account) after asking."""
        chosen = self.selected()
        if chosen is None or chosen.staff.archived_at is not None:
            return
        name = chosen.staff.full_name
        if chosen.account is not None and not chosen.account.archived:
            question = _(
                "Archive {name}? Her account {username} is closed and her password no longer "
                "opens this database. Her sessions and records stay."
            ).format(name=name, username=chosen.account.username)
        else:
            question = _("Archive {name}? Her sessions and records stay.").format(name=name)
        answer = QMessageBox.question(
            self,
            _("Archive colleague"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.call(
            archive_staff_member,
            lambda _member: self.status.setText(_("{name} was archived.").format(name=name)),
            on_error=self._failed,
            changes=CHANGES,
            parent=self,
            staff_id=chosen.staff.id,
        )


class ColleaguesCard(QFrame):
    """The Settings card that opens the colleagues window (administrators); other roles
    see it covered by a sentence saying who keeps the colleagues."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.window_: ColleaguesWindow | None = None
        inner = make_card(self, _("Colleagues"))
        self.body = QWidget(self)
        inner.addWidget(self.body)
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(muted_note(self.body, about_text()), 1)
        self.open_button: QPushButton | None = None
        if not allowed(context.actor, Permission.MANAGE_ACCOUNTS):
            self.body.setMinimumHeight(72)
            show_denied(self.body, _("Colleagues and their accounts are kept by an administrator."))
            return
        self.open_button = QPushButton(_("Open the l&ist of colleagues…"), self.body)
        self.open_button.setAccessibleName(_("Open the list of colleagues"))
        self.open_button.clicked.connect(self.open_window)
        row.addWidget(self.open_button)

    def open_window(self) -> ColleaguesWindow:
        """Show the colleagues window (one window; raised when already open)."""
        if self.window_ is None:
            self.window_ = ColleaguesWindow(self.context, self)
            self.window_.finished.connect(self._closed)
            self.window_.show()
        else:
            self.window_.raise_()
            self.window_.activateWindow()
        return self.window_

    def _closed(self, _result: int) -> None:
        if self.window_ is not None:
            self.window_.deleteLater()
        self.window_ = None
