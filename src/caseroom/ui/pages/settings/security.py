"""Settings ▸ Security: whether the database file is encrypted, and its passphrase.

A plain database offers "Encrypt this database…": the form takes the passphrase and the
page hands it to the main window (`request_encrypt`), which closes the database, encrypts
it and opens it again. An encrypted database offers "Change passphrase…", done on the
worker while the database stays open (the master key does not change). Only roles with
the BACKUP permission (whole-database work) see these buttons.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QWidget

from caseroom.db.crypto import is_encrypted
from caseroom.i18n import _
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.passphrase_form import ChangePassphraseForm, EncryptForm
from caseroom.ui.main_window import MainWindow
from caseroom.ui.widgets.card import make_card, muted_note, note_row

if TYPE_CHECKING:
    from caseroom.db.crypto import KdfParams


class SecuritySection(QFrame):
    """The Security card of the Settings page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db_path = Path(str(context.engine.url.database))
        self.may_change = allowed(context.actor, Permission.BACKUP)
        self.encrypted: bool | None = None
        self.kdf: KdfParams | None = None
        """Key derivation for a new passphrase (None: the strong default; tests pass a fast one)."""
        self.form: QWidget | None = None
        inner = make_card(self, _("Security"))
        self.state = QLabel("", self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName(_("Encryption"))
        inner.addWidget(self.state)
        self.note = muted_note(self)
        self.note.setAccessibleName(_("Security status"))
        self.encrypt_button = QPushButton(_("&Encrypt this database…"), self)
        self.encrypt_button.setAccessibleName(_("Encrypt this database"))
        self.encrypt_button.clicked.connect(self.ask_encrypt)
        self.change_button = QPushButton(_("Change &passphrase…"), self)
        self.change_button.setAccessibleName(_("Change the passphrase"))
        self.change_button.clicked.connect(self.ask_change)
        note_row(inner, self.note, self.encrypt_button, self.change_button)
        self.encrypt_button.hide()
        self.change_button.hide()

    def refresh(self) -> None:
        """Find out on the worker whether the database file is encrypted."""
        path = self.db_path
        self.context.runner.run(lambda: is_encrypted(path), self.show_state, self._failed)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, OSError):
            raise error
        self.note.setText(str(error))

    def show_state(self, encrypted: bool) -> None:
        """Say whether the file is encrypted and offer what can be done about it."""
        self.encrypted = encrypted
        if encrypted:
            self.state.setText(
                _(
                    "The database file is encrypted. Without the passphrase or an account's "
                    "password nobody can read it, and neither can anyone recover it."
                )
            )
        else:
            self.state.setText(
                _(
                    "The database file is not encrypted: anyone who copies it from this "
                    "computer can read the records."
                )
            )
        self.encrypt_button.setVisible(self.may_change and not encrypted)
        self.change_button.setVisible(self.may_change and encrypted)
        if not self.may_change:
            self.note.setText(_("Your role does not allow changing how the database is kept."))

    def ask_encrypt(self) -> None:
        """Ask for a passphrase, then hand it to the window to encrypt the database."""
        form = EncryptForm(self)
        self.form = form

        def finished(result: int) -> None:
            self.form = None
            if result == EncryptForm.DialogCode.Accepted and form.passphrase:
                self.note.setText(_("Encrypting the database…"))
                window = self.window()
                if isinstance(window, MainWindow):
                    window.request_encrypt(form.passphrase)

        form.finished.connect(finished)
        form.open()

    def ask_change(self) -> None:
        """Open the form that changes the passphrase."""
        form = ChangePassphraseForm(self.context, self.db_path, kdf=self.kdf, parent=self)
        self.form = form

        def finished(result: int) -> None:
            self.form = None
            if result == ChangePassphraseForm.DialogCode.Accepted:
                self.note.setText(_("The passphrase has been changed."))

        form.finished.connect(finished)
        form.open()
