"""Opening an encrypted database: your user name and password, or the database passphrase.

The key file beside an encrypted database holds its key wrapped once per account (user
name + password) and once for the passphrase. The dialog unwraps it on the worker (the key
derivation is slow on purpose) and keeps the key in `key`; after signing in with an account
the same user name and password are kept in `credentials`, so the app signs that person in
without asking twice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QWidget,
)

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.widgets.credentials import (
    CredentialFields,
    dialog_bottom,
    dialog_top,
    show_message,
)


class UnlockDialog(QDialog):
    """Asks for what opens the encrypted database at `db_path`; `key` is set on success."""

    def __init__(self, runner: TaskRunner, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.runner = runner
        self.db_path = db_path
        self.key: bytes | None = None
        self.credentials: tuple[str, str] | None = None
        layout, self.title, self.where = dialog_top(self, str(db_path), min_width=440)
        fields = CredentialFields(self)
        self.username, self.password = fields.username, fields.password
        self.username_label, self.password_label = fields.username_label, fields.password_label
        layout.addWidget(fields)
        self.use_passphrase = QCheckBox("", self)
        self.use_passphrase.toggled.connect(self._mode_changed)
        layout.addWidget(self.use_passphrase)
        self.message, self.quit_button, self.open_button = dialog_bottom(self, layout, self.submit)
        self.retranslate()
        self.username.setFocus()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Open an encrypted database"))
        self.title.setText(_("This database is encrypted"))
        self.username_label.setText(_("&User name"))
        self.username.setAccessibleName(_("User name"))
        self._mode_changed(self.use_passphrase.isChecked())
        self.use_passphrase.setText(_("Use the database passphrase &instead"))
        self.use_passphrase.setAccessibleName(_("Use the database passphrase instead"))
        self.quit_button.setText(_("&Quit"))
        self.quit_button.setAccessibleName(_("Quit"))
        self.open_button.setText(_("&Open"))
        self.open_button.setAccessibleName(_("Open"))

    def _mode_changed(self, passphrase: bool) -> None:
        self.username.setVisible(not passphrase)
        self.username_label.setVisible(not passphrase)
        caption = _("Pass&phrase") if passphrase else _("&Password")
        self.password_label.setText(caption)
        self.password.setAccessibleName(caption.replace("&", ""))
        self.password.clear()
        self.message.hide()
        (self.password if passphrase else self.username).setFocus()

    def _show(self, text: str) -> None:
        show_message(self.message, text)

    def submit(self) -> None:
        """Unwrap the database key with what was typed, on the worker."""
        from caseroom.db.attempts import unlock_guarded
        from caseroom.db.crypto import SlotKind

        passphrase = self.use_passphrase.isChecked()
        username, secret = self.username.text().strip(), self.password.text()
        if not secret or (not passphrase and not username):
            self._show(
                _("Enter the passphrase.")
                if passphrase
                else _("Enter your user name and password.")
            )
            return
        kind = SlotKind.PASSPHRASE if passphrase else SlotKind.ACCOUNT
        name = None if passphrase else username
        path = self.db_path
        self.open_button.setEnabled(False)
        self.runner.run(
            lambda: unlock_guarded(path, secret, kind=kind, name=name),
            lambda key: self._unlocked(key, None if passphrase else (username, secret)),
            self._failed,
        )

    def _unlocked(self, key: bytes, credentials: tuple[str, str] | None) -> None:
        self.key, self.credentials = key, credentials
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.open_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        if not isinstance(error, UserError):
            raise error
        self._show(str(error))
