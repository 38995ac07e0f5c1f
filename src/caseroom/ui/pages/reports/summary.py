"""The Reports page's term summary: period, format, language, names or not; Save as, open.

Like `caseroom report summary`, the summary is de-identified unless "Include names" is
ticked; an identified summary is recorded in the audit log in the same unit of work that
writes the file (`services.report_files.save_term_summary`). An identified summary can be
protected with a password ("Protect with a password"; always, when the database is
encrypted); a summary without names never is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.reporting.files import ReportSetup, save_term_summary, summary_file_name
from caseroom.ui.context import AppContext
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.pages.reports.widgets import PeriodPicker, choose_data, language_combo
from caseroom.ui.widgets.style import SPACE_S, set_role

FOLDER_KEY = "reports/summary_folder"


class SummarySection(QGroupBox):
    """The room's term summary for administrators."""

    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        settings: Callable[[], QSettings],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Term summary"), parent)
        self.context, self.today, self.settings = context, today, settings
        self.setAccessibleName(_("Term summary"))
        self.saved: Path | None = None
        form = QFormLayout(self)
        form.setSpacing(SPACE_S)
        self.period = PeriodPicker(self, name=_("Summary period"))
        form.addRow(_("Pe&riod:"), self.period)
        self.format = QComboBox(self)
        self.format.setAccessibleName(_("File format"))
        self.format.addItem(_("PDF"), "pdf")
        self.format.addItem(_("Excel workbook (XLSX)"), "xlsx")
        self.format.addItem(_("CSV for other programs"), "csv")
        form.addRow(_("Forma&t:"), self.format)
        self.language = language_combo(self, _("Summary language"))
        form.addRow(_("Lan&guage:"), self.language)
        self.identified = QCheckBox(_("Include &names (recorded in the audit log)"), self)
        self.identified.setAccessibleName(_("Include names (recorded in the audit log)"))
        form.addRow("", self.identified)
        self.protection = PasswordPart(self)
        form.addRow("", self.protection)
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACE_S)
        self.save_button = QPushButton(_("Sav&e as…"), self)
        self.save_button.setAccessibleName(_("Save the term summary as a file"))
        self.save_button.clicked.connect(self.ask_and_save)
        self.open_button = QPushButton(_("Open f&ile"), self)
        self.open_button.setAccessibleName(_("Open the saved summary"))
        self.open_button.clicked.connect(self.open_file)
        self.open_button.hide()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        form.addRow("", buttons)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Term summary status"))
        form.addRow("", self.status)
        self.period.changed.connect(self._check)
        self.identified.toggled.connect(lambda _on: self._check())
        self.protection.changed.connect(self._check)
        self.setEnabled(False)

    def set_setup(self, setup: ReportSetup) -> None:
        """Offer the periods of `setup`, in the room's language."""
        self.period.set_choices(setup.periods, setup.current)
        choose_data(self.language, setup.language)
        self.setEnabled(setup.may_export_summary)
        self.identified.setEnabled(setup.may_export_identified)
        self.protection.set_required(setup.password_required)
        if not setup.may_export_summary:
            self.status.setText(_("Your role cannot export the term summary."))
        self._check()

    def _check(self) -> None:
        named = self.identified.isChecked()
        self.protection.setEnabled(named)  # a summary without names is never encrypted
        self.protection.setVisible(named)
        self.save_button.setEnabled(
            self.period.period_text() is not None and self.protection.problem() is None
        )

    def default_path(self) -> Path:
        """Where Save as starts: the folder used last, and a name from period and format."""
        folder = self.settings().value(FOLDER_KEY, "")
        start = Path(str(folder)) if folder else Path.home()
        name = summary_file_name(
            self.period.period_text() or "period",
            str(self.format.currentData()),
            identified=self.identified.isChecked(),
        )
        if self.format.currentData() == "csv" and self.protection.active:
            name += ".zip"
        return start / name

    def ask_path(self) -> Path | None:
        """Ask where to save (Save as dialog); None when the person cancels."""
        file_format = str(self.format.currentData())
        if file_format == "csv" and self.protection.active:
            file_format = "zip"  # a protected CSV is written inside an encrypted zip
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the term summary"),
            str(self.default_path()),
            _("{format} files (*.{suffix})").format(format=file_format.upper(), suffix=file_format),
        )
        return Path(chosen) if chosen else None

    def ask_and_save(self) -> None:
        """Save as…: ask for a file, then write the summary there."""
        path = self.ask_path()
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path, on_saved: Callable[[Path], None] | None = None) -> None:
        """Write the summary to `path` on the worker; then offer to open it."""
        file_format = str(self.format.currentData())
        password = self.protection.value()
        if password is not None and file_format == "csv" and path.suffix.lower() == ".zip":
            path = path.with_suffix("")  # the zip's name is the CSV's name plus .zip
        if path.suffix.lower() != f".{file_format}":
            path = path.with_name(f"{path.name}.{file_format}")
        period = self.period.period_text()
        if period is None or self.protection.problem() is not None:
            return
        self.settings().setValue(FOLDER_KEY, str(path.parent))
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing the summary…"))
        identified = self.identified.isChecked()

        def done(written: Path) -> None:
            self.saved = written
            self.protection.clear()
            self.save_button.setEnabled(True)
            self.status.setText(_("Summary written to {path}").format(path=written))
            self.open_button.show()
            if on_saved is not None:
                on_saved(written)

        def failed(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            self.status.setText(str(error))

        self.context.call(
            save_term_summary,
            done,
            on_error=failed,
            changes={"audit"} if identified else None,
            parent=self,
            period=period,
            file_format=file_format,
            identified=identified,
            out=path,
            made_on=self.today(),
            language=str(self.language.currentData()),
            password=password if identified else None,
        )

    def open_file(self) -> None:
        """Open the saved summary in the program the system uses for it."""
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))
