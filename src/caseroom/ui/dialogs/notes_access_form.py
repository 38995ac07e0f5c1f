"""Confirm a colleague's access to notes with the room's passphrase.

An administrator (or a specialist whose own access is still pending) does not hold the key
to notes; the room's passphrase does. This form asks for it once, gives the colleague the
key (`services.accounts.restricted.confirm_restricted_access`) and keeps nothing: a wrong
passphrase is shown under its field and counts towards the lock-out like any other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from caseroom.db.crypto import WrongPassphraseError
from caseroom.i18n import _
from caseroom.services.accounts.records import AccountRead
from caseroom.services.accounts.restricted import confirm_restricted_access
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.dialogs.passphrase_form import secret_edit
from caseroom.ui.widgets.style import SPACE_S, set_role

CHANGES = frozenset({"account"})


class ConfirmNotesAccessForm(FormDialog):
    """The room's passphrase, to give `account` the key to notes."""

    def __init__(self, context: AppContext, account: AccountRead, parent: QWidget | None = None):
        super().__init__(_("Confirm access to notes"), parent, context=context)
        self.account = account
        self.setMinimumWidth(520)
        about = QLabel(
            _(
                "{name} ({username}) may read notes, but nobody who holds the key to notes "
                "has given it to her account yet. Type the room's passphrase to give it now. "
                "The passphrase is not kept."
            ).format(name=account.staff_name, username=account.username),
            self,
        )
        about.setWordWrap(True)
        set_role(about, "muted")
        self.layout_.addWidget(about)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        self.passphrase_edit = secret_edit(self, _("The room's passphrase"))
        form.addRow(_("Room's &passphrase"), self.passphrase_edit)
        form.addRow("", self.field_error("passphrase", self.passphrase_edit))
        self.passphrase_edit.textEdited.connect(lambda _text: self.revalidate())
        self.save_button.setText(_("Con&firm"))
        self.save_button.setAccessibleName(_("Confirm access to notes"))
        self.save_button.setToolTip(_("Confirm access to notes (Ctrl+Enter)"))
        self.finish_layout()
        self.mark_clean()

    def snapshot(self) -> str:
        """The form's one value."""
        return self.passphrase_edit.text()

    def revalidate(self) -> None:
        """Nothing to check while typing but that something was typed (shown on save)."""
        self.show_problems({})

    def local_problems(self) -> dict[str, str]:
        """The passphrase must be typed."""
        if not self.passphrase_edit.text():
            return {"passphrase": _("Type the room's passphrase.")}
        return {}

    def save(self) -> None:
        """Confirm on the worker."""
        self.call(
            confirm_restricted_access,
            self.context,
            changes=CHANGES,
            account_id=self.account.id,
            passphrase=self.passphrase_edit.text(),
        )

    def on_failed(self, error: BaseException) -> None:
        """A wrong passphrase goes under its field, which is emptied for the next try."""
        if isinstance(error, WrongPassphraseError):
            self._saving = False
            self.save_button.setEnabled(True)
            self.passphrase_edit.clear()
            self.show_problems({"passphrase": str(error)}, focus=True)
            return
        super().on_failed(error)
