"""Settings: accounts (administrators), my password (everyone with an account), audit trail.

`AccountSections` is the one widget the Settings page adds. It reads, on the worker and
each time the page is shown, whether the acting person has an account and (for an
administrator) the list of accounts, and shows only the cards the person may use:

- **Accounts** (`MANAGE_ACCOUNTS`): who may sign in, their role, last sign-in and state;
  New account…, Reset password…, Unlock, Grant / Withdraw identified access, Close account…
- **Access to notes** (encrypted rooms): who waits for the key to notes, and confirming it.
- **My password**: Change my password… (current password required).
- **Audit trail** (`VIEW_AUDIT`): opens the audit viewer.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import format_date, format_date_time, format_time
from caseroom.db.types import utcnow
from caseroom.i18n import N_, _, ngettext, pgettext
from caseroom.services.accounts.accounts import (
    AccountRead,
    account_of_staff,
    archive_account,
    list_accounts,
    set_identified_access,
    unlock_account,
)
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.account_form import AccountForm
from caseroom.ui.dialogs.password_form import ChangePasswordForm, ResetPasswordForm
from caseroom.ui.pages.settings.audit_viewer import AuditCard
from caseroom.ui.pages.settings.notes_access import NotesAccessCard
from caseroom.ui.widgets.card import button, make_card, muted_note, note_row
from caseroom.ui.widgets.style import SPACE_L, SPACE_S
from caseroom.vocab import StaffRole, label

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseroom.services.common import Actor

ModelIndex = QModelIndex | QPersistentModelIndex
CHANGES = frozenset({"account"})


def is_locked(account: AccountRead, now: datetime | None = None) -> bool:
    """Whether the account is locked out right now."""
    return account.locked_until is not None and account.locked_until > (now or utcnow())


def state_text(account: AccountRead, now: datetime | None = None) -> str:
    """The account's state in words: closed, locked, must change password, failures, active."""
    if account.archived:
        return pgettext("account state", "Closed")
    if is_locked(account, now) and account.locked_until is not None:
        until = account.locked_until.astimezone()
        today = until.date() == (now or utcnow()).astimezone().date()
        shown = format_time(until) if today else format_date_time(until)
        return _("Locked until {time}").format(time=shown)
    if account.must_change_password:
        return _("Must change password")
    if account.failed_attempts:
        return ngettext(
            "{count} wrong password", "{count} wrong passwords", account.failed_attempts
        ).format(count=account.failed_attempts)
    return _("Active")


class AccountsModel(QAbstractTableModel):
    """The accounts as a table: name, user name, role, last sign-in, state, identified."""

    HEADERS = (
        N_("Name"),
        N_("User name"),
        N_("Role"),
        N_("Last sign-in"),
        N_("State"),
        N_("Sees names"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts: list[AccountRead] = []

    def set_accounts(self, accounts: list[AccountRead]) -> None:
        """Show `accounts`."""
        self.beginResetModel()
        self.accounts = list(accounts)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        """One row per account."""
        return 0 if parent.isValid() else len(self.accounts)

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
        """The cell's text (the name's tooltip is the whole name)."""
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.ToolTipRole:
            return self.accounts[index.row()].staff_name
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        account = self.accounts[index.row()]
        column = index.column()
        if column == 0:
            return account.staff_name
        if column == 1:
            return account.username
        if column == 2:
            return label(StaffRole(account.role)) if account.role in set(StaffRole) else ""
        if column == 3:
            last = account.last_login_at
            return format_date_time(last.astimezone()) if last else _("never")
        if column == 4:
            return state_text(account)
        if account.role != StaffRole.ADMINISTRATOR:
            return "—"
        return _("Yes") if account.identified_access else _("No")


class AccountsCard(QFrame):
    """The administrator's list of accounts and what can be done with each."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        inner = make_card(self, _("Accounts"))
        inner.addWidget(
            muted_note(
                self,
                _(
                    "Everyone who opens this database signs in with their own account. "
                    "Identified access lets an administrator see names in records and exports."
                ),
            )
        )
        self.model = AccountsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("accountsTable")
        self.table.setAccessibleName(_("Accounts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setMinimumHeight(180)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        inner.addWidget(self.table)
        self.show_closed = QCheckBox(_("S&how closed accounts"), self)
        self.show_closed.setAccessibleName(_("Show closed accounts"))
        self.show_closed.toggled.connect(lambda _on: self.refresh())
        inner.addWidget(self.show_closed)
        row = QHBoxLayout()
        row.setSpacing(SPACE_S)
        second = QHBoxLayout()
        second.setSpacing(SPACE_S)
        self.new_button = button(self, _("&New account…"))
        self.reset_button = button(self, _("Reset pass&word…"))
        self.unlock_button = button(self, _("Unloc&k"))
        self.grant_button = button(self, _("Grant identified &access"))
        self.archive_button = button(self, _("Close accoun&t…"))
        for made in (self.new_button, self.reset_button, self.unlock_button):
            row.addWidget(made)
        for made in (self.grant_button, self.archive_button):
            second.addWidget(made)
        row.addStretch(1)
        second.addStretch(1)
        inner.addLayout(row)
        inner.addLayout(second)
        self.status = muted_note(self)
        self.status.setAccessibleName(_("Accounts: what happened"))
        inner.addWidget(self.status)
        self.new_button.clicked.connect(self.new_account)
        self.reset_button.clicked.connect(self.reset_selected)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.grant_button.clicked.connect(self.toggle_identified)
        self.archive_button.clicked.connect(self.archive_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the accounts on the worker."""
        self.context.call(
            list_accounts,
            self.show_accounts,
            on_error=self._failed,
            parent=self,
            include_archived=self.show_closed.isChecked(),
        )

    def show_accounts(self, accounts: list[AccountRead]) -> None:
        """Show `accounts`, keeping the selected one selected."""
        chosen = self.selected()
        self.model.set_accounts(accounts)
        if chosen is not None:
            for row, account in enumerate(accounts):
                if account.id == chosen.id:
                    self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> AccountRead | None:
        """The account whose row is selected."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.model.accounts):
            return None
        return self.model.accounts[rows[0].row()]

    def _update_buttons(self) -> None:
        account = self.selected()
        current = account is not None and not account.archived
        self.reset_button.setEnabled(current)
        self.unlock_button.setEnabled(
            current and account is not None and (is_locked(account) or account.failed_attempts > 0)
        )
        is_admin = current and account is not None and account.role == StaffRole.ADMINISTRATOR
        self.grant_button.setEnabled(is_admin)
        withdraw = is_admin and account is not None and account.identified_access
        text = _("Withdraw identified &access") if withdraw else _("Grant identified &access")
        self.grant_button.setText(text)
        self.grant_button.setAccessibleName(text.replace("&", ""))
        self.archive_button.setEnabled(
            current and account is not None and account.staff_id != self.context.actor.staff_id
        )

    # --- actions ---------------------------------------------------------------------------

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error))

    def _done(self, message: str) -> Any:
        def done(account: AccountRead) -> None:
            self.status.setText(message.format(username=account.username))

        return done

    def new_account(self) -> None:
        """Open the new-account form."""
        form = AccountForm(self.context, self)
        form.accepted.connect(lambda: self.status.setText(_("Account created.")))
        form.open()

    def reset_selected(self) -> None:
        """Open the reset-password form for the selected account."""
        account = self.selected()
        if account is None:
            return
        form = ResetPasswordForm(self.context, account, self)
        message = _("{username} gets a new password and must change it at the next sign-in.")
        form.accepted.connect(
            lambda: self.status.setText(message.format(username=account.username))
        )
        form.open()

    def unlock_selected(self) -> None:
        """Lift the selected account's lock-out."""
        account = self.selected()
        if account is not None:
            self.context.call(
                unlock_account,
                self._done(_("{username} can sign in again.")),
                on_error=self._failed,
                changes=CHANGES,
                parent=self,
                account_id=account.id,
            )

    def toggle_identified(self) -> None:
        """Grant or withdraw the selected administrator's identified access."""
        account = self.selected()
        if account is None:
            return
        granted = not account.identified_access
        message = (
            _("{username} now has identified access.")
            if granted
            else _("{username} no longer has identified access.")
        )
        self.context.call(
            set_identified_access,
            self._done(message),
            on_error=self._failed,
            changes=CHANGES,
            parent=self,
            account_id=account.id,
            granted=granted,
        )

    def archive_selected(self) -> None:
        """Close the selected account after asking."""
        account = self.selected()
        if account is None:
            return
        answer = QMessageBox.question(
            self,
            _("Close account"),
            _(
                "Close the account {username} of {name}? They will no longer be able to "
                "sign in. Their records and the audit trail stay."
            ).format(username=account.username, name=account.staff_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.call(
            archive_account,
            self._done(_("The account {username} is closed.")),
            on_error=self._failed,
            changes=CHANGES,
            parent=self,
            account_id=account.id,
        )


class MyPasswordCard(QFrame):
    """The signed-in person's own account: change the password."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.account: AccountRead | None = None
        inner = make_card(self, _("My password"))
        self.about = muted_note(self)
        self.about.setAccessibleName(_("My account"))
        self.change_button = button(self, _("Change my &password…"))
        self.change_button.clicked.connect(self.change_password)
        note_row(inner, self.about, self.change_button)
        self.status = muted_note(self)
        self.status.setAccessibleName(_("My password: what happened"))
        inner.addWidget(self.status)

    def show_account(self, account: AccountRead) -> None:
        """Say whose account it is and when its password was changed."""
        self.account = account
        changed = format_date(account.password_changed_at.astimezone().date())
        self.about.setText(
            _("Signed in as {username}. Password changed on {date}.").format(
                username=account.username, date=changed
            )
        )

    def change_password(self) -> None:
        """Open the change-password form."""
        if self.account is None:
            return
        form = ChangePasswordForm(self.context, self.account, self)
        form.accepted.connect(lambda: self.status.setText(_("Your password was changed.")))
        form.open()


class AccountSections(QWidget):
    """The account cards of the Settings page, each shown only to those who may use it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        actor: Actor = context.actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        self.accounts = AccountsCard(context, self)
        self.accounts.setVisible(allowed(actor, Permission.MANAGE_ACCOUNTS))
        self.notes_access = NotesAccessCard(context, self)  # shown when someone waits
        self.mine = MyPasswordCard(context, self)
        self.mine.hide()  # until the worker says the person has an account
        self.audit = AuditCard(context, self)
        self.audit.setVisible(allowed(actor, Permission.VIEW_AUDIT))
        for part in (self.accounts, self.notes_access, self.mine, self.audit):
            layout.addWidget(part)
        context.changed.connect(self._on_changed)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """Read the accounts each time the Settings page is shown."""
        super().showEvent(event)
        self.refresh()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if "account" in kinds and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """Read the person's own account and (administrators) every account."""
        actor = self.context.actor
        if actor.staff_id is not None:
            staff_id = actor.staff_id

            def own(session: Session, *, actor: Actor) -> AccountRead | None:
                return account_of_staff(session, actor=actor, staff_id=staff_id)

            self.context.call(own, self._show_own, on_error=lambda _e: None, parent=self)
        if self.accounts.isVisibleTo(self):
            self.accounts.refresh()
        self.notes_access.refresh()

    def _show_own(self, account: AccountRead | None) -> None:
        shown = account is not None and not account.archived
        self.mine.setVisible(shown)
        if account is not None and shown:
            self.mine.show_account(account)
