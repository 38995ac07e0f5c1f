"""The Reports page's progress reports: period, audience, language, children, folder;
Preview, and "Make reports" in worker processes beside the app with "12 of 40" and Cancel.

The batch runs in `batch.BatchRunner` (not on the database worker, which stays free
for every other page); at the end the section says what was made and which children
failed, by name and case number, and offers to open the folder. "Protect with a password"
encrypts every PDF of the batch with one password (required when the database is
encrypted); the workers get it inside the job, never in a log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.db.engine import engine_key
from caseroom.i18n import _, ngettext
from caseroom.reports.data import Audience
from caseroom.reports.preview import PageDrawing
from caseroom.services.plans.periods import Period, resolve_period
from caseroom.services.reporting.batch import BatchJob, ChildOutcome
from caseroom.services.reporting.files import ChildChoice, ReportSetup, preview_progress_report
from caseroom.services.reporting.report_data import ReportChild, children_to_report
from caseroom.ui.context import AppContext
from caseroom.ui.pages.reports.batch import BatchRunner
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.pages.reports.preview import PreviewPane
from caseroom.ui.pages.reports.widgets import (
    ChildPicker,
    PeriodPicker,
    audience_combo,
    choose_data,
    language_combo,
)
from caseroom.ui.widgets.style import SPACE_S, set_role

FOLDER_KEY = "reports/progress_folder"


def default_folder() -> Path:
    """Where reports go until the person picks a folder: "caseroom reports" in Documents."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents or Path.home()) / "caseroom reports"


def settings() -> QSettings:
    """caseroom's preferences (the main window's file)."""
    from caseroom.ui.main_window import app_settings

    return app_settings()


class ProgressSection(QGroupBox):
    """Progress reports for many children at once."""

    preview_ready = Signal()
    batch_finished = Signal()

    def __init__(
        self, context: AppContext, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Progress reports"), parent)
        self.context, self.today = context, today
        self.setAccessibleName(_("Progress reports"))
        self.setup: ReportSetup | None = None
        self.outcomes: list[ChildOutcome] = []
        self._job: BatchJob | None = None
        self.out_dir: Path | None = None
        self.preview: PreviewPane | None = None
        self._showing_problem = False
        self.runner = BatchRunner(self)
        self.runner.progressed.connect(self._progressed)
        self.runner.finished.connect(self._finished)
        form = QFormLayout(self)
        form.setSpacing(SPACE_S)
        self.period = PeriodPicker(self, name=_("Report period"))
        form.addRow(_("&Period:"), self.period)
        self.audience = audience_combo(self)
        form.addRow(_("&For:"), self.audience)
        self.language = language_combo(self, _("Report language"))
        form.addRow(_("&Language:"), self.language)
        form.addRow(_("Children:"), self._build_children())
        form.addRow(_("F&older:"), self._build_folder())
        self.protection = PasswordPart(self)
        form.addRow("", self.protection)
        form.addRow("", self._build_actions())
        self.period.changed.connect(self._check)
        self.picker.changed.connect(self._check)
        self.protection.changed.connect(self._check)
        self.setEnabled(False)

    def _build_children(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        self.all_radio = QRadioButton(_("All &active children"), box)
        self.chosen_radio = QRadioButton(_("&Chosen children"), box)
        group = QButtonGroup(box)
        for radio in (self.all_radio, self.chosen_radio):
            radio.setAccessibleName(radio.text().replace("&", ""))
            group.addButton(radio)
            layout.addWidget(radio)
        self.all_radio.setChecked(True)
        self.picker = ChildPicker(box)
        self.picker.setEnabled(False)
        layout.addWidget(self.picker, 1)
        self.chosen_radio.toggled.connect(self.picker.setEnabled)
        self.chosen_radio.toggled.connect(lambda _on: self._check())
        return box

    def _build_folder(self) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        self.folder = QLineEdit(str(settings().value(FOLDER_KEY, "") or default_folder()), row)
        self.folder.setAccessibleName(_("Folder for the reports"))
        self.folder.textChanged.connect(lambda _t: self._check())
        self.browse_button = QPushButton(_("C&hoose…"), row)
        self.browse_button.setAccessibleName(_("Choose the folder for the reports"))
        self.browse_button.clicked.connect(self._browse)
        layout.addWidget(self.folder, 1)
        layout.addWidget(self.browse_button)
        return row

    def _build_actions(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("Pre&view"), box)
        self.preview_button.setAccessibleName(_("Preview the first child's report"))
        self.preview_button.clicked.connect(self.show_preview)
        self.make_button = QPushButton(_("&Make reports"), box)
        self.make_button.setAccessibleName(_("Make the reports"))
        self.make_button.setProperty("primary", True)
        self.make_button.clicked.connect(self.make_reports)
        self.cancel_button = QPushButton(_("Cancel"), box)
        self.cancel_button.setAccessibleName(_("Cancel making the reports"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        self.open_button = QPushButton(_("&Open folder"), box)
        self.open_button.setAccessibleName(_("Open the folder with the reports"))
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        for button in (self.preview_button, self.make_button, self.cancel_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.progress = QProgressBar(box)
        self.progress.setAccessibleName(_("Reports made"))
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status = set_role(QLabel(box), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Progress reports status"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)
        return box

    # --- setup and checks ---------------------------------------------------------------

    def set_setup(self, setup: ReportSetup) -> None:
        """Fill the form from `setup` (periods, room language, active children)."""
        self.setup = setup
        self.period.set_choices(setup.periods, setup.current)
        choose_data(self.language, setup.language)
        self.picker.set_children(setup.children)
        self.protection.set_required(setup.password_required)
        self.all_radio.setText(
            _("All &active children ({count})").format(count=len(setup.children))
        )
        self.setEnabled(setup.may_make_reports)
        if not setup.may_make_reports:
            self.status.setText(_("Your role cannot make progress reports."))
        self._check()

    def chosen_children(self) -> list[ChildChoice]:
        """The children the reports are for (all active, or those ticked)."""
        if self.setup is None:
            return []
        if self.all_radio.isChecked():
            return list(self.setup.children)
        return self.picker.checked()

    def problem(self) -> str | None:
        """Why reports cannot be made yet (None when they can)."""
        return self.form_problem() or self.protection.problem()

    def form_problem(self) -> str | None:
        """What stops the reports apart from the password (the preview needs none)."""
        if self.setup is None:
            return _("Loading…")
        if self.period.period_text() is None:
            return _("The last day comes before the first day.")
        if not self.chosen_children():
            return _("Tick at least one child.")
        if not self.folder.text().strip():
            return _("Choose a folder for the reports.")
        return None

    def _check(self) -> None:
        problem = self.form_problem()  # the password part shows its own problem
        busy = self.runner.running
        self.make_button.setEnabled(self.problem() is None and not busy)
        self.preview_button.setEnabled(problem is None)  # on screen only: no password needed
        if busy or self.setup is None:
            return
        if problem is not None:
            self.status.setText(problem)
        elif self._showing_problem:
            self.status.setText("")  # the last batch's summary stays until the next one
        self._showing_problem = problem is not None

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Folder for the reports"), self.folder.text() or str(default_folder())
        )
        if chosen:
            self.folder.setText(chosen)

    # --- preview ------------------------------------------------------------------------

    def show_preview(self) -> None:
        """Draw the first page of the first chosen child's report in the preview pane."""
        children, text = self.chosen_children(), self.period.period_text()
        if not children or text is None or self.preview is None:
            return
        child, pane = children[0], self.preview
        pane.show_message(_("Preparing the preview…"))

        def done(drawing: PageDrawing) -> None:
            pane.show_drawing(drawing, child.full_name)
            self.preview_ready.emit()

        self.context.call(
            preview_progress_report,
            done,
            on_error=lambda error: pane.show_message(str(error)),
            parent=self,
            child_id=child.id,
            period=text,
            audience=str(self.audience.currentData()),
            made_on=self.today(),
            language=str(self.language.currentData()),
        )

    # --- the batch ----------------------------------------------------------------------

    def make_reports(self) -> None:
        """Write one PDF per chosen child into the folder, beside the app."""
        if self.problem() is not None or self.runner.running:
            return
        out_dir = Path(self.folder.text().strip()).expanduser()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.status.setText(
                _("The folder {path} cannot be used: {error}").format(path=out_dir, error=error)
            )
            return
        settings().setValue(FOLDER_KEY, str(out_dir))
        text = self.period.period_text()
        everyone = self.all_radio.isChecked()
        chosen = [ReportChild(child.id, child.case_number) for child in self.chosen_children()]
        today, actor = self.today(), self.context.actor

        def work(session: Session) -> tuple[Period, list[ReportChild]]:
            period = resolve_period(session, text, today=today)
            # "All" is read again now: a child may have joined or left since the page opened.
            return period, children_to_report(session, actor=actor) if everyone else chosen

        self.make_button.setEnabled(False)
        self.context.run(
            work,
            lambda found: self._start(out_dir, *found),
            on_error=lambda error: self._failed_to_start(str(error)),
            parent=self,
        )

    def _start(self, out_dir: Path, period: Period, children: list[ReportChild]) -> None:
        database = self.context.engine.url.database
        job = BatchJob(
            db_path=Path(database or ""),
            out_dir=out_dir,
            period=period,
            audience=Audience(str(self.audience.currentData())),
            language=str(self.language.currentData()),
            made_on=self.today(),
            db_key=engine_key(self.context.engine),
            password=self.protection.value(),
            actor=self.context.actor,
        )
        self.protection.clear()
        self._job = job
        self.out_dir, self.outcomes = out_dir, []
        self.progress.setRange(0, max(len(children), 1))
        self.progress.setValue(0)
        self._show_count(0, len(children))
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.open_button.hide()
        self.status.setText(_("Starting…"))
        self.runner.start(job, children)
        self._check()

    def _failed_to_start(self, message: str) -> None:
        self.status.setText(message)
        self._check()

    def _show_count(self, done: int, total: int) -> None:
        self.progress.setFormat(_("{done} of {total}").format(done=done, total=total))

    def _progressed(self, done: int, total: int, outcome: ChildOutcome) -> None:
        self.outcomes.append(outcome)
        self.progress.setValue(done)
        self._show_count(done, total)
        self.status.setText(_("Writing reports… {case}").format(case=outcome.case_number))

    def _audit_written(self) -> None:
        from caseroom.services.reporting.files import audit_progress_reports

        job, written = self._job, [outcome.child_id for outcome in self.outcomes if outcome.ok]
        if job is None or not written:
            return
        self.context.call(
            audit_progress_reports,
            changes={"audit"},
            child_ids=written,
            period=job.period,
            audience=job.audience,
            language=job.language,
            encrypted=job.password is not None,
        )

    def cancel(self) -> None:
        """Stop after the reports being written now."""
        self.runner.cancel()
        self.cancel_button.setEnabled(False)
        self.status.setText(_("Cancelling…"))

    def _finished(self, outcomes: list[ChildOutcome], cancelled: bool, error: object) -> None:
        self.outcomes = list(outcomes)
        self._audit_written()
        self.cancel_button.hide()
        self.status.setText(self.summary(cancelled, error if isinstance(error, str) else None))
        self.open_button.setVisible(any(outcome.ok for outcome in self.outcomes))
        self._check()
        for outcome in self.outcomes:
            if not outcome.ok:
                logging.getLogger("caseroom").error(
                    "report of %s failed\n%s", outcome.case_number, outcome.details or ""
                )
        self.batch_finished.emit()

    def summary(self, cancelled: bool, error: str | None) -> str:
        """What the last batch made, and which children failed (by name and case number)."""
        written = sum(outcome.ok for outcome in self.outcomes)
        lines = [
            ngettext(
                "{count} report written to {path}", "{count} reports written to {path}", written
            ).format(count=written, path=self.out_dir)
        ]
        if cancelled:
            lines.append(_("Cancelled: the other reports were not made."))
        names = {child.id: child.full_name for child in (self.setup.children if self.setup else ())}
        for outcome in self.outcomes:
            if not outcome.ok:
                lines.append(
                    _("Not made: {name} ({case}): {error}").format(
                        name=names.get(outcome.child_id, "?"),
                        case=outcome.case_number,
                        error=outcome.error,
                    )
                )
        if error:
            lines.append(_("The reports stopped: {error}").format(error=error))
        return "\n".join(lines)

    def open_folder(self) -> None:
        """Show the folder with the reports in the system's file manager."""
        if self.out_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.out_dir)))
