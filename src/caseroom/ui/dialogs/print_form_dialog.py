""" "Print…" on the child card and the caregiver's card: a form to print and sign, as a PDF.

The form (consent, programme, PMPK presentation, referral letter, parent's slip, blank
weekly sheets), what it needs (the consent's scope, the referral) and its language (the
room's first); "Save as…" suggests `<case>-<form>-<lang>.pdf` in the folder used last.
From a caregiver's card the child is chosen among her family's children. A form names the
child, so "Protect with a password" is ticked and required when the database is encrypted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import format_date
from caseroom.i18n import _
from caseroom.services.reporting.form_files import PrintSetup, print_setup, save_form
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.save_buttons import pdf_path, save_buttons
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.pages.reports.widgets import choose_data, language_combo
from caseroom.ui.widgets.style import SPACE_M, set_role
from caseroom.vocab import ConsentScope, label

FOLDER_KEY = "reports/forms_folder"
ChildChoice = tuple[uuid.UUID, str, str]
"""A child the form may be for: record id, case number, full name."""


def form_names() -> list[tuple[str, str]]:
    """The forms in the order offered, with their names in the screens' language."""
    return [
        ("consent", _("Parent's written consent")),
        ("plan", _("Individual development programme")),
        ("pmpk", _("Presentation for the PMPK")),
        ("referral", _("Referral letter")),
        ("slip", _("Reminder slip for the parent")),
        ("sheets", _("Blank weekly sheets")),
    ]


class PrintFormDialog(QDialog):
    """Print one of the forms of a child."""

    ready = Signal()
    """The child's choices have been read: the form can be used."""
    saved = Signal(object)
    """The form was written (its Path)."""

    def __init__(
        self,
        context: AppContext,
        children: Sequence[ChildChoice],
        *,
        today: Callable[[], date] = date.today,
        settings: Callable[[], QSettings] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.today, self._settings = context, today, settings
        self.written: Path | None = None
        self.setup: PrintSetup | None = None
        title = (
            _("Print a form: {name}").format(name=children[0][2])
            if len(children) == 1
            else _("Print a form")
        )
        self.setWindowTitle(title)
        self.setAccessibleName(_("Print a form to sign"))
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        self.form_layout = form = QFormLayout()
        self.child = QComboBox(self)
        self.child.setAccessibleName(_("The child the form is for"))
        for child_id, case_number, full_name in children:
            self.child.addItem(f"{full_name} ({case_number})", (child_id, case_number))
        form.addRow(_("&Child:"), self.child)
        self.kind = QComboBox(self)
        self.kind.setAccessibleName(_("Form to print"))
        for code, name in form_names():
            self.kind.addItem(name, code)
        form.addRow(_("&Form:"), self.kind)
        self.scope = QComboBox(self)
        self.scope.setAccessibleName(_("What the consent is for"))
        self.scope.addItem(_("Every consent the child's work needs"), None)
        for scope in ConsentScope:
            self.scope.addItem(label(scope)[:1].upper() + label(scope)[1:], scope.value)
        form.addRow(_("Sco&pe:"), self.scope)
        self.referral = QComboBox(self)
        self.referral.setAccessibleName(_("Referral to print"))
        form.addRow(_("&Referral:"), self.referral)
        self.language = language_combo(self, _("Form language"))
        form.addRow(_("&Language:"), self.language)
        layout.addLayout(form)
        form.setRowVisible(self.child, len(children) > 1)
        self.protection = PasswordPart(self)
        layout.addWidget(self.protection)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Form status"))
        layout.addWidget(self.status)
        self.buttons, self.save_button, self.close_button = save_buttons(
            self, _("Save the form as a PDF file"), self.ask_and_save
        )
        self.open_button = QPushButton(_("&Open"), self)
        self.open_button.setAccessibleName(_("Open the saved form"))
        self.open_button.clicked.connect(self.open_form)
        self.open_button.hide()
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._check)
        self.referral.currentIndexChanged.connect(self._check)
        self.child.currentIndexChanged.connect(self._load)
        self.protection.changed.connect(self._check)
        (self.child if len(children) > 1 else self.kind).setFocus()
        self._load()

    def _child(self) -> tuple[uuid.UUID, str]:
        child_id, case_number = self.child.currentData()
        return child_id, case_number

    def _load(self) -> None:
        self.setup = None
        self.save_button.setEnabled(False)
        self.status.setText(_("Loading…"))
        self.context.call(
            print_setup,
            self._set_setup,
            on_error=lambda error: self.status.setText(str(error)),
            parent=self,
            child_id=self._child()[0],
        )

    def _set_setup(self, setup: PrintSetup) -> None:
        self.setup = setup
        choose_data(self.language, setup.language)
        self.referral.clear()
        for choice in setup.referrals:
            self.referral.addItem(
                _("{to} ({day})").format(to=choice.to_whom, day=format_date(choice.referred_on)),
                choice.id,
            )
        self.protection.set_required(setup.password_required)
        self.status.setText("" if setup.may_print else _("Your role cannot make reports."))
        self._check()
        self.ready.emit()

    def problem(self) -> str | None:
        """Why the chosen form cannot be printed now (None: it can)."""
        setup, kind = self.setup, self.kind.currentData()
        if setup is None:
            return _("Loading…")
        if not setup.may_print:
            return _("Your role cannot make reports.")
        if kind == "pmpk" and not setup.may_print_pmpk:
            return _("Your role does not allow you to read session notes.")
        if kind == "referral" and not setup.referrals:
            return _("This child has no open referral to print.")
        return self.protection.problem()

    def _check(self) -> None:
        kind = self.kind.currentData()
        self.form_layout.setRowVisible(self.scope, kind == "consent")
        self.form_layout.setRowVisible(self.referral, kind == "referral")
        problem = self.problem()
        self.save_button.setEnabled(problem is None)
        if self.setup is not None and problem != self.protection.problem():
            self.status.setText(problem or "")

    def settings(self) -> QSettings:
        """Where the folder used last is remembered."""
        if self._settings is not None:
            return self._settings()
        from caseroom.ui.main_window import app_settings

        return app_settings()

    def default_path(self) -> Path:
        """`<case>-<form>-<lang>.pdf` in the folder used last."""
        folder = self.settings().value(FOLDER_KEY, "")
        start = Path(str(folder)) if folder else Path.home()
        name = f"{self._child()[1]}-{self.kind.currentData()}-{self.language.currentData()}.pdf"
        return start / name

    def ask_and_save(self) -> None:
        """Save as…, then write the form."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the form"), str(self.default_path()), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        """Write the form to `path` on the worker; then offer to open it."""
        path = pdf_path(path)
        if self.problem() is not None:
            return
        kind = str(self.kind.currentData())
        scope = self.scope.currentData()
        password = self.protection.value()
        self.settings().setValue(FOLDER_KEY, str(path.parent))
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing the form…"))

        def done(written: Path) -> None:
            self.written = written
            self.protection.clear()
            self.status.setText(_("Form written to {path}").format(path=written))
            self.open_button.show()
            self.open_button.setFocus()
            self._check()
            self.saved.emit(written)

        def failed(error: BaseException) -> None:
            self.status.setText(str(error))
            self._check()

        self.context.call(
            save_form,
            done,
            on_error=failed,
            parent=self,
            form=kind,
            child_id=self._child()[0],
            out=path,
            made_on=self.today(),
            language=str(self.language.currentData()),
            password=password,
            scopes=[scope] if kind == "consent" and scope else None,
            referral_id=self.referral.currentData() if kind == "referral" else None,
        )

    def open_form(self) -> None:
        """Open the written form in the system's PDF viewer."""
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
