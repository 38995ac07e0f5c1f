"""The two passphrase forms of Settings ▸ Security.

`EncryptForm` asks for a new passphrase twice and for a tick that the user understands
that nobody can recover the data without it; it writes nothing itself (encrypting needs
the database closed: the page hands the passphrase to the main window).
`ChangePassphraseForm` asks for the current passphrase and a new one twice and changes it
on the worker (`services.encryption.change_passphrase`); a wrong current passphrase is
shown under its field.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QWidget

from caseroom.db.crypto import WrongPassphraseError, passphrase_problems
from caseroom.i18n import _
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.widgets.style import SPACE_S, set_role

if TYPE_CHECKING:
    from caseroom.db.crypto import KdfParams

CHANGES = frozenset({"security"})


def secret_edit(parent: QWidget, accessible_name: str) -> QLineEdit:
    """A one-line field whose text is hidden as it is typed."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setAccessibleName(accessible_name)
    edit.setMinimumWidth(260)
    return edit


def new_passphrase_problems(new: str, repeat: str, *, final: bool) -> dict[str, str]:
    """What is wrong with a new passphrase and its repetition (`final`: also empty fields)."""
    problems: dict[str, str] = {}
    if new or final:
        found = passphrase_problems(new)
        if found:
            problems["new_passphrase"] = " ".join(found)
    if (repeat or final) and repeat != new:
        problems["repeat"] = _("The two passphrases are not the same.")
    return problems


def _explanation(text: str, parent: QWidget) -> QLabel:
    label = set_role(QLabel(text, parent), "muted")
    label.setWordWrap(True)
    return label


class _GrowingForm(FormDialog):
    """A passphrase form: an explanation, hidden fields each with its problem line under it,
    validated as the user types; it grows when a problem line appears, so fields are never
    squeezed."""

    def _start(self, explanation: str) -> QFormLayout:
        """Put the explanation at the top; the form layout the fields go in."""
        self.setMinimumWidth(520)
        self.layout_.addWidget(_explanation(explanation, self))
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        return form

    def _secret_row(self, form: QFormLayout, key: str, caption: str, name: str) -> QLineEdit:
        """A hidden field captioned `caption` (accessible `name`), its problem line under it,
        revalidating the form as the user types."""
        edit = secret_edit(self, name)
        form.addRow(caption, edit)
        form.addRow("", self.field_error(key, edit))
        edit.textEdited.connect(lambda _text: self.revalidate())
        return edit

    def _problems(self, *, final: bool) -> dict[str, str]:
        raise NotImplementedError

    def revalidate(self) -> None:
        """Show problems with what has been typed so far."""
        self.show_problems(self._problems(final=False))

    def local_problems(self) -> dict[str, str]:
        """Everything that must be right before saving."""
        return self._problems(final=True)

    def show_problems(self, problems: dict[str, str], *, focus: bool = False) -> None:
        """Show the problems, then make room for them."""
        super().show_problems(problems, focus=focus)
        self.layout_.activate()
        needed = self.sizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)


class EncryptForm(_GrowingForm):
    """Choose the passphrase that encrypts the database (nothing is written here)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Encrypt this database"), parent)
        self.passphrase = ""
        form = self._start(
            _(
                "The database file will be readable only with this passphrase or with "
                "the password of an account. Nobody, not even the developers of "
                "caseroom, can recover the records without them. Write the passphrase "
                "down and keep it somewhere safe, away from this computer."
            )
        )
        self.new_edit = self._secret_row(form, "new_passphrase", _("&Passphrase"), _("Passphrase"))
        self.repeat_edit = self._secret_row(
            form, "repeat", _("&Repeat it"), _("Repeat the passphrase")
        )
        self.understood = QCheckBox(
            _("I &understand that without the passphrase the records cannot be recovered"), self
        )
        self.understood.setAccessibleName(
            _("I understand that without the passphrase the records cannot be recovered")
        )
        form.addRow("", self.understood)
        form.addRow("", self.field_error("understood", self.understood))
        self.layout_.addWidget(
            _explanation(_("caseroom closes the database, encrypts it and opens it again."), self)
        )
        self.save_button.setText(_("&Encrypt"))
        self.save_button.setAccessibleName(_("Encrypt"))
        self.save_button.setToolTip(_("Encrypt (Ctrl+Enter)"))
        self.understood.toggled.connect(lambda _on: self.revalidate())
        self.finish_layout()
        self.mark_clean()

    def snapshot(self) -> tuple[str, str, bool]:
        """The form's values."""
        return self.new_edit.text(), self.repeat_edit.text(), self.understood.isChecked()

    def _problems(self, *, final: bool) -> dict[str, str]:
        problems = new_passphrase_problems(
            self.new_edit.text(), self.repeat_edit.text(), final=final
        )
        if final and not self.understood.isChecked():
            problems["understood"] = _("Tick this to show you have read the warning above.")
        return problems

    def save(self) -> None:
        """Keep the passphrase for the page and close."""
        self.passphrase = self.new_edit.text()
        self.saved()


class ChangePassphraseForm(_GrowingForm):
    """Change the database's passphrase (the records stay as they are)."""

    def __init__(
        self,
        context: AppContext,
        db_path: Path,
        *,
        kdf: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Change the passphrase"), parent)
        self.context, self.db_path, self.kdf = context, db_path, kdf
        form = self._start(
            _(
                "The old passphrase stops working at once. Backups made before now "
                "still open with the old one."
            )
        )
        self.old_edit = self._secret_row(
            form, "old_passphrase", _("&Current passphrase"), _("Current passphrase")
        )
        self.new_edit = self._secret_row(
            form, "new_passphrase", _("&New passphrase"), _("New passphrase")
        )
        self.repeat_edit = self._secret_row(
            form, "repeat", _("&Repeat it"), _("Repeat the new passphrase")
        )
        self.save_button.setText(_("C&hange"))
        self.save_button.setAccessibleName(_("Change the passphrase"))
        self.save_button.setToolTip(_("Change the passphrase (Ctrl+Enter)"))
        self.finish_layout()
        self.mark_clean()

    def snapshot(self) -> tuple[str, str, str]:
        """The form's values."""
        return self.old_edit.text(), self.new_edit.text(), self.repeat_edit.text()

    def _problems(self, *, final: bool) -> dict[str, str]:
        old, new = self.old_edit.text(), self.new_edit.text()
        problems = new_passphrase_problems(new, self.repeat_edit.text(), final=final)
        if final and not old:
            problems["old_passphrase"] = _("Enter the current passphrase.")
        if old and new and old == new:
            problems["new_passphrase"] = _("The new passphrase is the same as the current one.")
        return problems

    def save(self) -> None:
        """Change the passphrase on the worker; a wrong current one stays on screen."""
        from caseroom.services.accounts.encryption import change_passphrase

        self.context.call(
            change_passphrase,
            self.saved,
            on_error=self.on_failed,
            changes=CHANGES,
            parent=self,
            db_path=self.db_path,
            old_passphrase=self.old_edit.text(),
            new_passphrase=self.new_edit.text(),
            kdf=self.kdf,
        )

    def on_failed(self, error: BaseException) -> None:
        """A wrong current passphrase goes under its field; other problems as usual."""
        if isinstance(error, WrongPassphraseError):
            self._saving = False
            self.save_button.setEnabled(True)
            self.show_problems({"old_passphrase": str(error)}, focus=True)
            return
        super().on_failed(error)
