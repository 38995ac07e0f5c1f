"""The roster import wizard: choose a file, see what it would make, import all or nothing.

1. **File**: a `.csv`, `.txt` or `.xlsx` roster (typed, or chosen with Browse).
2. **Check**: the file is read and imported in a transaction that is rolled back (a dry
   run), so what is shown is exactly what the import would do: the records it makes,
   finds or updates; the columns recognised and ignored; every problem and warning by row
   and column. Any problem keeps Import off: nothing is imported until the file is right.
3. **Import**: all rows in one transaction, with its progress; Cancel (or Escape) stops it
   and rolls it back, so the database stays exactly as it was.

Reading and importing run on the database worker (`AppContext`); the import's progress
callback, called there, reaches the window through a queued signal and is where a
Cancel is noticed (`ImportCancelledError` makes the unit of work roll back).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.importing.problems import RosterError
from caseroom.services.importing.read import RosterTable, read_roster
from caseroom.services.importing.roster import ImportSummary, import_roster
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.roster_review import ReviewPage, made_text
from caseroom.ui.widgets.labels import heading, muted
from caseroom.ui.widgets.style import SPACE_M, SPACE_S, SPACE_XL, set_role

CHANGES = frozenset({"child", "family", "caregiver", "pmpk"})
"""What an import changes, for the pages to refresh."""


class ImportCancelledError(UserError):
    """The person cancelled the import; its unit of work is rolled back."""

    def __init__(self) -> None:
        super().__init__(_("The import was cancelled: nothing was imported."))


class _Relay(QObject):
    """Carries progress from the worker thread to the window (a queued signal)."""

    progressed = Signal(str, int, int)


class RosterImportWizard(QDialog):
    """Choose a roster, review what it makes, import it (see the module's description)."""

    imported = Signal(object)  # ImportSummary

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.folder = folder or Path.home()
        self.table: RosterTable | None = None
        self.summary: ImportSummary | None = None
        self.state = "file"  # file, checking, review, importing, done
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)
        self.setWindowTitle(_("Import a roster"))
        self.setMinimumSize(880, 600)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_XL, SPACE_XL, SPACE_XL, SPACE_M)
        layout.setSpacing(SPACE_M)
        self.step = set_role(QLabel("", self), "muted")
        self.step.setAccessibleName(_("Step"))
        layout.addWidget(self.step)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_file_page())
        self.review = ReviewPage(self.stack)
        self.stack.addWidget(self.review)
        self.stack.addWidget(self._build_run_page())
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_buttons())
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.next_step)
        self._show_file_page()

    # --- building ----------------------------------------------------------------------------

    def _build_file_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_M)
        layout.addWidget(heading(_("Choose the roster"), page))
        layout.addWidget(
            muted(
                _(
                    "A .csv, .txt or .xlsx file with a header row, one child a row. It needs "
                    "the child's last and first name (or full name) and date of birth; "
                    "caregivers, phones, the PMPK conclusion, school and grade may follow, "
                    "in any order, with Kazakh, Russian or English headers."
                ),
                page,
            )
        )
        row = QHBoxLayout()
        row.setSpacing(SPACE_S)
        self.path = QLineEdit(page)
        self.path.setAccessibleName(_("Roster file"))
        self.path.setPlaceholderText(_("The roster file: .csv, .txt or .xlsx"))
        self.path.textChanged.connect(lambda _text: self._enable())
        self.path.returnPressed.connect(self.next_step)
        title = QLabel(_("&File:"), page)
        title.setBuddy(self.path)
        self.browse_button = QPushButton(_("B&rowse…"), page)
        self.browse_button.setAccessibleName(_("Choose the roster file"))
        self.browse_button.clicked.connect(self.browse)
        row.addWidget(title)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)
        self.file_error = set_role(QLabel("", page), "error")
        self.file_error.setWordWrap(True)
        self.file_error.setAccessibleName(_("Why the file cannot be read"))
        self.file_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.file_error)
        layout.addStretch(1)
        return page

    def _build_run_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_M)
        layout.addStretch(1)
        self.run_title = heading(_("Importing the roster"), page)
        layout.addWidget(self.run_title)
        self.progress = QProgressBar(page)
        self.progress.setAccessibleName(_("Import progress"))
        self.progress.setRange(0, 100)
        layout.addWidget(self.progress)
        self.run_text = QLabel("", page)
        self.run_text.setWordWrap(True)
        self.run_text.setAccessibleName(_("What the import is doing"))
        self.run_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.run_text)
        layout.addStretch(2)
        return page

    def _build_buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(SPACE_S)
        self.back_button = QPushButton(_("&Back"), self)
        self.back_button.setAccessibleName(_("Back"))
        self.back_button.clicked.connect(self.back)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"), self)
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setToolTip(_("Cancel (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.next_button = QPushButton("", self)
        self.next_button.setProperty("primary", True)
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next_step)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.next_button)
        return bar

    # --- steps -------------------------------------------------------------------------------

    def _set_next(self, text: str, name: str) -> None:
        self.next_button.setText(text)
        self.next_button.setAccessibleName(name)

    def _show_file_page(self) -> None:
        self.state = "file"
        self.step.setText(_("Step 1 of 3: the file"))
        self.stack.setCurrentIndex(0)
        self._set_next(_("&Check the file"), _("Check the file"))
        self._enable()
        self.path.setFocus(Qt.FocusReason.OtherFocusReason)

    def _enable(self) -> None:
        state = self.state
        self.back_button.setVisible(state in ("review", "done"))
        self.back_button.setEnabled(state in ("review", "done"))
        if state == "file":
            self.next_button.setEnabled(bool(self.path.text().strip()))
        elif state == "review":
            self.next_button.setEnabled(self.summary is not None)
        elif state == "done":
            self.next_button.setEnabled(True)
        else:
            self.next_button.setEnabled(False)
        self.cancel_button.setEnabled(state != "done")
        self.browse_button.setEnabled(state == "file")
        self.path.setReadOnly(state != "file")

    def next_step(self) -> None:
        """Check the file, import it, or close once done (whichever the step offers)."""
        if not self.next_button.isEnabled():
            return
        if self.state == "file":
            self.check()
        elif self.state == "review":
            self.start_import()
        elif self.state == "done":
            self.accept()

    def back(self) -> None:
        """Back to the file (from the review, or after an import was cancelled)."""
        if self.state in ("review", "done"):
            self._show_file_page()

    def browse(self) -> None:
        """Choose the roster file in the system's dialog."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose the roster"),
            str(self.folder),
            _("Rosters (*.csv *.tsv *.txt *.xlsx)"),
        )
        if chosen:
            self.path.setText(chosen)
            self.path.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- running on the worker ---------------------------------------------------------------

    def _progress(self, stage: str, done: int, total: int) -> None:
        """Called on the worker: tell the window; stop when Cancel was pressed."""
        self._relay.progressed.emit(stage, done, total)
        if self._cancel.is_set():
            raise ImportCancelledError()

    def _progressed(self, stage: str, done: int, total: int) -> None:
        self.progress.setValue(min(100, done * 100 // max(total, 1)))
        if stage == "reading":
            self.run_text.setText(_("Reading the file…"))
        elif stage == "checking":
            self.run_text.setText(
                _("Checking the rows: {done} of {total}").format(done=done, total=total)
            )
        else:
            self.run_text.setText(_("Writing the records…"))

    def _running(self, title: str, state: str) -> None:
        self.state = state
        self._cancel.clear()
        self.run_title.setText(title)
        self.progress.setValue(0)
        self.run_text.setText("")
        self.stack.setCurrentIndex(2)
        self._set_next(_("&Import"), _("Import"))
        self._enable()
        self.cancel_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def check(self) -> None:
        """Read the file and run the import as a dry run, to show what it would do."""
        path = Path(self.path.text().strip()).expanduser()
        self.folder = path.parent
        self.file_error.setText("")
        self.table, self.summary = None, None
        self.step.setText(_("Step 2 of 3: what the roster makes"))
        self._running(_("Checking the roster"), "checking")
        progress = self._progress
        self.context.runner.run(lambda: read_roster(path, progress), self._read, self._check_failed)

    def _read(self, table: RosterTable) -> None:
        if self.state != "checking":
            return
        self.table = table
        self.context.call(
            import_roster,
            self._checked,
            on_error=self._check_failed,
            roll_back=True,
            table=table,
            progress=self._progress,
            parent=self,
        )

    def _checked(self, summary: ImportSummary) -> None:
        self.summary = summary
        self._show_review(summary.warnings, ())

    def _check_failed(self, error: BaseException) -> None:
        if isinstance(error, RosterError):
            self.summary = None
            self._show_review(error.warnings, error.problems)
            return
        if not isinstance(error, UserError):
            raise error
        self._show_file_page()
        if not isinstance(error, ImportCancelledError):
            self.file_error.setText(str(error))

    def _show_review(self, warnings: tuple[Any, ...], problems: tuple[Any, ...]) -> None:
        self.state = "review"
        self.stack.setCurrentIndex(1)
        self.review.show_result(self.table, self.summary, problems, warnings)
        self._set_next(_("&Import"), _("Import"))
        self._enable()
        self.review.tabs.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_import(self) -> None:
        """Import every row, in one transaction (Cancel rolls it back)."""
        if self.table is None:
            return
        self.step.setText(_("Step 3 of 3: importing"))
        self._running(_("Importing the roster"), "importing")
        self.context.call(
            import_roster,
            self._imported,
            on_error=self._import_failed,
            changes=CHANGES,
            table=self.table,
            progress=self._progress,
            parent=self,
        )

    def _imported(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.state = "done"
        self.progress.setValue(100)
        self.run_title.setText(_("The roster is imported"))
        self.run_text.setText(made_text(summary, done=True))
        self._set_next(_("&Close"), _("Close"))
        self._enable()
        self.back_button.hide()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.imported.emit(summary)

    def _import_failed(self, error: BaseException) -> None:
        if isinstance(error, RosterError):
            self.summary = None
            self._show_review(error.warnings, error.problems)
            return
        self.state = "done"
        self.run_title.setText(
            _("The import was cancelled")
            if isinstance(error, ImportCancelledError)
            else _("The roster was not imported")
        )
        self.run_text.setText(
            _("Nothing was imported: the database is as it was.")
            if isinstance(error, ImportCancelledError)
            else str(error)
        )
        self.progress.setValue(0)
        self._set_next(_("&Close"), _("Close"))
        self._enable()
        self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- closing -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Cancel: while checking or importing, stop it (it rolls back); else close."""
        if self.state in ("checking", "importing"):
            self._cancel.set()
            self.run_text.setText(_("Cancelling…"))
            self.cancel_button.setEnabled(False)
            return
        super().reject()
