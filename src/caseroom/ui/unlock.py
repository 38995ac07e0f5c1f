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
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, SPACE_XL, set_role


class UnlockDialog(QDialog):
    """Asks for what opens the encrypted database at `db_path`; `key` is set on success."""

    def __init__(self, runner: TaskRunner, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self.runner = runner
        self.db_path = db_path
        self.key: bytes | None = None
        self.credentials: tuple[str, str] | None = None
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_XL, SPACE_XL, SPACE_XL, SPACE_L)
        layout.setSpacing(SPACE_M)
        self.title = set_role(QLabel("", self), "title")
        layout.addWidget(self.title)
        self.where = set_role(QLabel(str(db_path), self), "muted")
        self.where.setWordWrap(True)
        layout.addWidget(self.where)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.username = QLineEdit(self)
        self.username.setMaxLength(64)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(200)
        self.username_label = QLabel("", self)
        self.username_label.setBuddy(self.username)
        self.password_label = QLabel("", self)
        self.password_label.setBuddy(self.password)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        layout.addLayout(form)
        self.use_passphrase = QCheckBox("", self)
        self.use_passphrase.toggled.connect(self._mode_changed)
        layout.addWidget(self.use_passphrase)
        self.message = set_role(QLabel("", self), "error")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton("", self)
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons.addWidget(self.quit_button)
        self.open_button = QPushButton("", self)
        self.open_button.setProperty("primary", True)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.submit)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.retranslate()
        self.username.setFocus()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(_("Open an encrypted database"))
        self.title.setText(_("This database is encrypted"))
        self.username_label.setText(_("&User name"))
        self.username.setAccessibleName(_("User name"))
        self._mode_changed(self.use_passphrase.isChecked())
        self.use_passphrase.setText(_("Use the database &passphrase instead"))
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
        self.message.setText(text)
        self.message.show()

    def submit(self) -> None:
        """Unwrap the database key with what was typed, on the worker."""
        from caseroom.db.crypto import SlotKind, unlock

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
            lambda: unlock(path, secret, kind=kind, name=name),
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
