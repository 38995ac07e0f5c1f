""" "Report…" on the child card: one child's progress report as a PDF, then open it.

Period, audience and language (the room's language first); "Save as…" suggests the usual
file name from the case number (`<case>-<audience>-<lang>.pdf`) in the folder used last.
The report is written on the database worker (one child takes a fraction of a second).
"Protect with a password" encrypts the PDF (AES-256); it is ticked and required when the
database is encrypted, since the report names the child.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.reporting.batch import report_file_name
from caseroom.services.reporting.files import ReportSetup, report_setup, save_progress_report
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.save_buttons import pdf_path, save_buttons
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.pages.reports.widgets import (
    PeriodPicker,
    audience_combo,
    choose_data,
    language_combo,
)
from caseroom.ui.widgets.style import SPACE_M, set_role

FOLDER_KEY = "reports/child_folder"


class ChildReportDialog(QDialog):
    """Make one child's progress report."""

    ready = Signal()
    """The periods have been read: the form can be used."""
    saved = Signal(object)
    """The report was written (its Path)."""

    def __init__(
        self,
        context: AppContext,
        child_id: uuid.UUID,
        case_number: str,
        full_name: str,
        *,
        today: Callable[[], date] = date.today,
        settings: Callable[[], QSettings] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.child_id, self.case_number = context, child_id, case_number
        self.today = today
        self._settings = settings
        self.written: Path | None = None
        self._may = False
        self.setWindowTitle(_("Progress report: {name}").format(name=full_name))
        self.setAccessibleName(_("Progress report for one child"))
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        form = QFormLayout()
        self.period = PeriodPicker(self, name=_("Report period"))
        form.addRow(_("&Period:"), self.period)
        self.audience = audience_combo(self)
        form.addRow(_("&For:"), self.audience)
        self.language = language_combo(self, _("Report language"))
        form.addRow(_("&Language:"), self.language)
        layout.addLayout(form)
        self.protection = PasswordPart(self)
        layout.addWidget(self.protection)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Report status"))
        layout.addWidget(self.status)
        self.buttons, self.save_button, self.close_button = save_buttons(
            self, _("Save the report as a PDF file"), self.ask_and_save
        )
        self.open_button = QPushButton(_("&Open"), self)
        self.open_button.setAccessibleName(_("Open the saved report"))
        self.open_button.clicked.connect(self.open_report)
        self.open_button.hide()
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.buttons)
        self.period.changed.connect(self._check)
        self.protection.changed.connect(self._check)
        self.save_button.setEnabled(False)
        self.status.setText(_("Loading…"))
        context.call(
            report_setup,
            self._set_setup,
            on_error=lambda error: self.status.setText(str(error)),
            parent=self,
            today=today(),
            with_children=False,
        )

    def settings(self) -> QSettings:
        """Where the folder used last is remembered."""
        if self._settings is not None:
            return self._settings()
        from caseroom.ui.main_window import app_settings

        return app_settings()

    def _set_setup(self, setup: ReportSetup) -> None:
        self.period.set_choices(setup.periods, setup.current)
        choose_data(self.language, setup.language)
        self.status.setText("" if setup.may_make_reports else _("Your role cannot make reports."))
        self._may = setup.may_make_reports
        self.protection.set_required(setup.password_required)
        self._check()
        self.ready.emit()

    def _check(self) -> None:
        self.save_button.setEnabled(
            self._may
            and self.period.period_text() is not None
            and self.protection.problem() is None
        )

    def default_path(self) -> Path:
        """The usual file name of this report, in the folder used last."""
        folder = self.settings().value(FOLDER_KEY, "")
        start = Path(str(folder)) if folder else Path.home()
        name = report_file_name(
            self.case_number, str(self.audience.currentData()), str(self.language.currentData())
        )
        return start / name

    def ask_path(self) -> Path | None:
        """The Save as dialog; None when the person cancels."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the progress report"), str(self.default_path()), _("PDF files (*.pdf)")
        )
        return Path(chosen) if chosen else None

    def ask_and_save(self) -> None:
        """Save as…, then write the report."""
        path = self.ask_path()
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> None:
        """Write the report to `path` on the worker; then offer to open it."""
        path = pdf_path(path)
        period = self.period.period_text()
        if period is None or self.protection.problem() is not None:
            return
        password = self.protection.value()
        self.settings().setValue(FOLDER_KEY, str(path.parent))
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing the report…"))

        def done(written: Path) -> None:
            self.written = written
            self.protection.clear()
            self.status.setText(_("Report written to {path}").format(path=written))
            self.open_button.show()
            self.open_button.setFocus()
            self._check()
            self.saved.emit(written)

        def failed(error: BaseException) -> None:
            self.status.setText(str(error))
            self._check()

        self.context.call(
            save_progress_report,
            done,
            on_error=failed,
            parent=self,
            child_id=self.child_id,
            period=period,
            audience=str(self.audience.currentData()),
            out=path,
            made_on=self.today(),
            language=str(self.language.currentData()),
            password=password,
        )

    def open_report(self) -> None:
        """Open the written report in the system's PDF viewer."""
        if self.written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.written)))
