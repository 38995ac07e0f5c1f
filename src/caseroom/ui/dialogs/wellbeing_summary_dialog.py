""" "Print her summary…": a caregiver's own wellbeing summary as a PDF, for her alone.

Her name and her scores are as private as the database, so the summary follows the rule
of every export with names: "Protect with a password" encrypts the PDF (AES-256), and it
is ticked and required when the database is encrypted
(`services.reporting.passwords.password_required`). The file is written on the database
worker by `services.reporting.wellbeing.save_wellbeing_summary`, which refuses a summary
without a password from an encrypted database itself.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, current_language
from caseroom.services.reporting.passwords import password_required
from caseroom.services.reporting.wellbeing import save_wellbeing_summary
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.save_buttons import save_buttons
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.widgets.style import SPACE_M, set_role


class WellbeingSummaryDialog(QDialog):
    """Save one caregiver's own wellbeing summary as a PDF, protected when it must be."""

    ready = Signal()
    """Whether a password is required has been read: the form can be used."""
    saved = Signal(object)
    """The summary was written (its Path)."""

    def __init__(
        self,
        context: AppContext,
        caregiver_id: uuid.UUID,
        name: str,
        file_name: str,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.caregiver_id, self.file_name = context, caregiver_id, file_name
        self.today = today
        self.written: Path | None = None
        self._loaded = False
        self.setWindowTitle(_("Summary for {name}").format(name=name))
        self.setAccessibleName(_("Wellbeing summary for a caregiver"))
        self.setMinimumWidth(460)  # room for the Kazakh and Russian notes to wrap whole
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        intro = QLabel(_("Her own scores over time, for her alone"), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.protection = PasswordPart(self)
        layout.addWidget(self.protection)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Summary status"))
        layout.addWidget(self.status)
        self.buttons, self.save_button, self.close_button = save_buttons(
            self, _("Save the summary as a PDF file"), self.ask_and_save
        )
        layout.addWidget(self.buttons)
        self.protection.changed.connect(self._check)
        self.save_button.setEnabled(False)
        self.status.setText(_("Loading…"))
        self.protection.protect.setFocus(Qt.FocusReason.OtherFocusReason)
        context.run(
            password_required,
            self._set_required,
            on_error=lambda error: self.status.setText(str(error)),
            parent=self,
        )

    def _set_required(self, required: bool) -> None:
        self._loaded = True
        self.protection.set_required(required)
        self.status.setText("")
        first = self.protection.password if required else self.protection.protect
        first.setFocus(Qt.FocusReason.OtherFocusReason)
        self._check()
        self.ready.emit()

    def _check(self) -> None:
        self.save_button.setEnabled(self._loaded and self.protection.problem() is None)

    def ask_and_save(self) -> None:
        """Save as…, then write the summary."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save her summary"), self.file_name, _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        """Write the summary to `path` on the worker (encrypted when protected)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        if not self._loaded or self.protection.problem() is not None:
            return
        password = self.protection.value()
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing her summary…"))

        def done(written: Path) -> None:
            self.written = written
            self.protection.clear()
            self.status.setText(_("Saved to {path}").format(path=written))
            self._check()
            self.saved.emit(written)

        def failed(error: BaseException) -> None:
            self.status.setText(str(error))
            self._check()

        self.context.call(
            save_wellbeing_summary,
            done,
            on_error=failed,
            parent=self,
            caregiver_id=self.caregiver_id,
            out=path,
            made_on=self.today(),
            language=current_language(),
            password=password,
        )
