""" "Protect with a password": the part of a report form that encrypts files with names.

A tick box, the password and its repeat (never shown), and a line saying what is wrong
as the person types. When the database is encrypted the part is `required`: ticked, and
the tick cannot be taken off. The password stays in this widget until the file is
written; it is never logged nor remembered in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from caseroom.i18n import _
from caseroom.services.reporting.passwords import export_password_problems
from caseroom.ui.widgets.style import SPACE_S, set_role


class PasswordPart(QWidget):
    """Whether, and with which password, the files are encrypted."""

    changed = Signal()
    """The tick, a password or the repeat changed (the form checks itself again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Protect with a password"))
        self._required = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        self.protect = QCheckBox(_("Protect with a pass&word"), self)
        self.protect.setAccessibleName(_("Protect the files with a password"))
        layout.addWidget(self.protect)
        self.fields = QWidget(self)
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(SPACE_S)
        self.password = QLineEdit(self.fields)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("Password for the files"))
        self.repeat = QLineEdit(self.fields)
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(_("The same password again"))
        password_label = QLabel(_("Passwor&d:"), self.fields)
        password_label.setBuddy(self.password)
        repeat_label = QLabel(_("T&ype it again:"), self.fields)
        repeat_label.setBuddy(self.repeat)
        form.addRow(password_label, self.password)
        form.addRow(repeat_label, self.repeat)
        layout.addWidget(self.fields)
        self.error = set_role(QLabel(self), "error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Password problem"))
        self.error.hide()
        layout.addWidget(self.error)
        self.note = set_role(QLabel(self), "muted")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(_("Why a password is needed"))
        self.note.hide()
        layout.addWidget(self.note)
        self.protect.toggled.connect(self._update)
        self.password.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self._update()

    @property
    def required(self) -> bool:
        """Whether the files must be protected (the database is encrypted)."""
        return self._required

    def set_required(self, required: bool) -> None:
        """Tick and lock the part (an encrypted database), or leave the choice free."""
        self._required = required
        if required:
            self.protect.setChecked(True)
        self.protect.setEnabled(not required)
        self.note.setText(
            _("The database is encrypted, so files with names are protected with a password.")
            if required
            else ""
        )
        self.note.setVisible(required)
        self._update()

    @property
    def active(self) -> bool:
        """Whether the files will be encrypted."""
        return self.isEnabled() and self.protect.isChecked()

    def problem(self) -> str | None:
        """What is wrong with the passwords typed (None when they will do or are not used)."""
        if not self.active:
            return None
        problems = export_password_problems(self.password.text(), self.repeat.text())
        return problems[0] if problems else None

    def value(self) -> str | None:
        """The password to encrypt with; None when the files are not encrypted."""
        if not self.active or self.problem() is not None:
            return None
        return self.password.text()

    def clear(self) -> None:
        """Forget the password typed (after the files are written)."""
        self.password.clear()
        self.repeat.clear()

    def _update(self) -> None:
        self.fields.setVisible(self.protect.isChecked())
        problem = self.problem()
        # Say nothing while the person has not typed anything yet.
        typed = bool(self.password.text() or self.repeat.text())
        self.error.setText(problem or "")
        self.error.setVisible(problem is not None and typed)
        self.changed.emit()
