""" "Print week…" on the Timetable page: the shown week as a PDF (A4 landscape).

The week printed is the one the page shows, one specialist's or the whole room's. A
timetable names children, so it follows the rules of every export with names: "Protect
with a password" encrypts the PDF, and is ticked and required when the database is
encrypted. "Save as…" suggests `timetable-<week>.pdf` in the folder used last.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from caseroom.i18n import _
from caseroom.reports.protect import write_protected
from caseroom.reports.timetable_pdf import timetable_pdf
from caseroom.services.reporting.common import report_language
from caseroom.services.reporting.passwords import check_export_password, password_required
from caseroom.services.sessions.recurrence import week_label
from caseroom.services.sessions.timetable_print import timetable_week_data
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.save_buttons import save_buttons
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.pages.reports.widgets import choose_data, language_combo
from caseroom.ui.widgets.focus import focus_first_field
from caseroom.ui.widgets.style import SPACE_M, set_role

FOLDER_KEY = "timetable/folder"


def write_week_pdf(
    session: Any,
    *,
    actor: Any,
    monday: date,
    staff_id: uuid.UUID | None,
    out: Path,
    language: str | None,
    password: str | None,
) -> Path:
    """Write the week's timetable PDF to `out` (encrypted under `password` when given);
    an encrypted database refuses a file without one. Returns the file written."""
    check_export_password(session, password, identified=True)
    data = timetable_week_data(session, actor=actor, monday=monday, staff_id=staff_id)
    content = timetable_pdf(data, language=report_language(session, language))
    return write_protected(out, content, "pdf", password)


class TimetablePrintDialog(QDialog):
    """Save the shown week's timetable as a PDF."""

    saved = Signal(object)
    """The PDF was written (its Path)."""

    def __init__(
        self,
        context: AppContext,
        monday: date,
        staff_id: uuid.UUID | None,
        whose: str,
        *,
        settings: Callable[[], QSettings] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.monday, self.staff_id = context, monday, staff_id
        self._settings = settings
        self.written: Path | None = None
        self.setWindowTitle(_("Print the week"))
        self.setAccessibleName(_("Print the week's timetable"))
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        self.what = QLabel(
            _("Week {week}: {whose}").format(week=week_label(monday), whose=whose), self
        )
        self.what.setAccessibleName(_("The week to print"))
        layout.addWidget(self.what)
        form = QFormLayout()
        self.language = language_combo(self, _("Report language"))
        form.addRow(_("&Language:"), self.language)
        layout.addLayout(form)
        self.protection = PasswordPart(self)
        layout.addWidget(self.protection)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Print status"))
        layout.addWidget(self.status)
        self.buttons, self.save_button, self.close_button = save_buttons(
            self, _("Save the timetable as a PDF file"), self.ask_and_save
        )
        layout.addWidget(self.buttons)
        self.protection.changed.connect(self._check)
        context.run(password_required, self._set_required, parent=self)
        context.run(
            lambda db: report_language(db, None),
            lambda code: choose_data(self.language, code),
            parent=self,
        )
        self._check()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        """The keyboard starts in the language choice."""
        super().showEvent(event)
        focus_first_field(self)

    def settings(self) -> QSettings:
        """Where the folder used last is remembered."""
        if self._settings is not None:
            return self._settings()
        from caseroom.ui.main_window import app_settings

        return app_settings()

    def _set_required(self, required: bool) -> None:
        self.protection.set_required(required)
        self._check()

    def _check(self) -> None:
        self.save_button.setEnabled(self.protection.problem() is None)

    def default_path(self) -> Path:
        """`timetable-<week>.pdf` in the folder used last."""
        folder = self.settings().value(FOLDER_KEY, "")
        start = Path(str(folder)) if folder else Path.home()
        return start / f"timetable-{week_label(self.monday)}.pdf"

    def ask_and_save(self) -> None:
        """Save as…, then write the PDF."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the timetable"), str(self.default_path()), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        """Write the PDF to `path` on the worker."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(f"{path.name}.pdf")
        if self.protection.problem() is not None:
            return
        self.settings().setValue(FOLDER_KEY, str(path.parent))
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing the timetable…"))

        def done(written: Path) -> None:
            self.written = written
            self.protection.clear()
            self.status.setText(_("Timetable written to {path}").format(path=written))
            self._check()
            self.saved.emit(written)

        def failed(error: BaseException) -> None:
            self.status.setText(str(error))
            self._check()

        self.context.call(
            write_week_pdf,
            done,
            on_error=failed,
            parent=self,
            monday=self.monday,
            staff_id=self.staff_id,
            out=path,
            language=str(self.language.currentData()),
            password=self.protection.value(),
        )
