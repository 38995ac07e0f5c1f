"""Settings: access to notes, on an encrypted room.

Notes, safeguarding records and check-ins are meant for a second key, held only by the
accounts whose role reads them and by the room's passphrase. An account set up by someone
who does not hold that key waits *pending* until a holder confirms it. `NotesAccessCard`
shows it: to the person whose own access waits (what it means and who can confirm it), and
to administrators and specialists (who is waiting, and a button to confirm). The card is
hidden when nobody waits, and always on a plain file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QWidget,
)

from caseroom.db.restricted_keys import Access
from caseroom.errors import PermissionDeniedError
from caseroom.i18n import _
from caseroom.services.accounts.records import AccountRead
from caseroom.services.accounts.restricted import (
    confirm_restricted_access,
    holds_restricted_key,
    own_restricted_access,
    pending_restricted_access,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.notes_access_form import ConfirmNotesAccessForm
from caseroom.ui.widgets.card import button, make_card, muted_note
from caseroom.ui.widgets.style import SPACE_S

if TYPE_CHECKING:
    from sqlmodel import Session

    from caseroom.services.common import Actor

CHANGES = frozenset({"account"})


@dataclass(frozen=True, slots=True)
class NotesAccess:
    """What the card shows: the person's own access, who waits, whether she holds the key."""

    own: str = Access.NONE
    pending: list[AccountRead] = field(default_factory=list)
    holds_key: bool = False


def read_notes_access(session: Session, *, actor: Actor) -> NotesAccess:
    """The card's figures in one unit of work (a role that may not ask sees nobody waiting)."""
    try:
        pending = pending_restricted_access(session, actor=actor)
    except PermissionDeniedError:
        pending = []
    return NotesAccess(
        own=own_restricted_access(session, actor=actor),
        pending=pending,
        holds_key=holds_restricted_key(session, actor=actor),
    )


class NotesAccessCard(QFrame):
    """Who waits for the key to notes, and confirming it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data = NotesAccess()
        inner = make_card(self, _("Access to notes"))
        self.own_note = muted_note(
            self,
            _(
                "Your own access to notes waits for confirmation. A colleague whose access to "
                "notes is confirmed, or someone who knows the room's passphrase, confirms it "
                "here in Settings. Until then the notes you write are kept, but your account "
                "cannot open the key that protects them."
            ),
        )
        self.own_note.setAccessibleName(_("My access to notes"))
        inner.addWidget(self.own_note)
        self.waiting_note = muted_note(
            self,
            _(
                "These colleagues may read notes, but nobody who holds the key to notes has "
                "given it to their accounts yet."
            ),
        )
        inner.addWidget(self.waiting_note)
        self.list = QListWidget(self)
        self.list.setObjectName("pendingNotesAccess")
        self.list.setAccessibleName(_("Colleagues waiting for access to notes"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        inner.addWidget(self.list)
        self.confirm_button = button(self, _("Confirm access to not&es…"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        row = QHBoxLayout()
        row.addWidget(self.confirm_button)
        row.addStretch(1)
        inner.addLayout(row)
        inner.setSpacing(SPACE_S)
        self.status = muted_note(self)
        self.status.setAccessibleName(_("Access to notes: what happened"))
        inner.addWidget(self.status)
        self.list.currentRowChanged.connect(lambda _row: self._update_button())
        self.hide()

    def refresh(self) -> None:
        """Read who waits, on the worker."""
        self.context.call(
            read_notes_access, self.show_access, on_error=lambda _e: self.hide(), parent=self
        )

    def show_access(self, data: NotesAccess) -> None:
        """Show `data`; the card is visible only when someone waits."""
        self.data = data
        chosen = self.selected()
        self.list.clear()
        for account in data.pending:
            text = _("{name} ({username})").format(
                name=account.staff_name, username=account.username
            )
            item = QListWidgetItem(text, self.list)
            if chosen is not None and chosen.id == account.id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and data.pending:
            self.list.setCurrentRow(0)
        rows = max(1, min(len(data.pending), 5))
        self.list.setFixedHeight(
            rows * self.list.sizeHintForRow(0) + 2 * self.list.frameWidth() + 4
        )
        self.own_note.setVisible(data.own == Access.PENDING)
        waiting = bool(data.pending)
        for part in (self.waiting_note, self.list, self.confirm_button):
            part.setVisible(waiting)
        self.setVisible(waiting or data.own == Access.PENDING or bool(self.status.text()))
        self._update_button()

    def selected(self) -> AccountRead | None:
        """The colleague whose row is selected."""
        row = self.list.currentRow()
        return self.data.pending[row] if 0 <= row < len(self.data.pending) else None

    def _update_button(self) -> None:
        self.confirm_button.setEnabled(self.selected() is not None)

    def confirm_selected(self) -> None:
        """Confirm the selected colleague: at once for a holder of the key, else with the
        room's passphrase."""
        account = self.selected()
        if account is None:
            return
        message = _("{username} can now open notes.").format(username=account.username)
        if self.data.holds_key:
            self.context.call(
                confirm_restricted_access,
                lambda _read: self.status.setText(message),
                on_error=lambda error: self.status.setText(str(error)),
                changes=CHANGES,
                parent=self,
                account_id=account.id,
            )
            return
        form = ConfirmNotesAccessForm(self.context, account, self)
        form.accepted.connect(lambda: self.status.setText(message))
        form.open()
