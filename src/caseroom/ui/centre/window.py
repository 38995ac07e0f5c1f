"""The centre's window: its rooms, the regional summary of a period, the open conflicts.

Keyboard first: the period box has the focus first; every control has an accessible name
and an Alt shortcut of its own. Reading, importing and deciding a conflict run on the
worker thread (`ui.tasks.TaskRunner`); the centre's passphrase is asked only when bundles
are imported. Dates are shown as everywhere in the app (`caseroom.dates`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import format_date
from caseroom.errors import UserError
from caseroom.i18n import _, current_language, ngettext
from caseroom.ui.centre import work
from caseroom.ui.centre.conflicts_page import ConflictsPage
from caseroom.ui.centre.tables import fill as _fill
from caseroom.ui.centre.tables import make_table as _table
from caseroom.ui.tasks import TaskRunner

PASSPHRASE_VARIABLE = "CASEROOM_CENTRE_PASSPHRASE"


class CentreWindow(QMainWindow):
    """The centre mode of the app on the centre database at `url`."""

    def __init__(self, url: str, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.url = url
        self.runner = runner or TaskRunner(self)
        self.view: work.CentreView | None = None
        self._note = ""
        self.setWindowTitle(_("caseroom: the centre"))
        self.setAccessibleName(_("The centre"))
        body = QWidget()
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        period_label = QLabel(_("&Period:"))
        self.period = QLineEdit()
        self.period.setPlaceholderText("2026-2027")
        self.period.setAccessibleName(_("Period (school year)"))
        period_label.setBuddy(self.period)
        self.show_button = QPushButton(_("&Show"))
        self.show_button.setAccessibleName(_("Show the period"))
        self.import_button = QPushButton(_("&Import bundles…"))
        self.import_button.setAccessibleName(_("Import room bundles"))
        self.save_button = QPushButton(_("Save &as…"))
        self.save_button.setAccessibleName(_("Save the regional summary as a file"))
        for widget in (period_label, self.period, self.show_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.import_button)
        top.addWidget(self.save_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("The centre's views"))
        self.tabs.tabBar().setAccessibleName(_("The centre's views"))
        self.rooms = _table(
            _("Rooms"),
            [
                _("School"),
                _("Room"),
                _("Locality"),
                _("Last period"),
                _("Bundle made"),
                _("This period"),
            ],
        )
        summary_page = QWidget()
        summary_layout = QVBoxLayout(summary_page)
        section_row = QHBoxLayout()
        section_label = QLabel(_("Sectio&n:"))
        self.section = QComboBox()
        self.section.setAccessibleName(_("Summary section"))
        section_label.setBuddy(self.section)
        section_row.addWidget(section_label)
        section_row.addWidget(self.section, 1)
        summary_layout.addLayout(section_row)
        self.figures = _table(_("Summary figures"), [_("Figure"), _("Value")])
        summary_layout.addWidget(self.figures)
        self.conflicts_page = ConflictsPage(self.decide)
        self.conflicts = self.conflicts_page.table
        self.tabs.addTab(self.rooms, _("&Rooms"))
        self.tabs.addTab(summary_page, _("Su&mmary"))
        self.tabs.addTab(self.conflicts_page, _("&Conflicts"))
        layout.addWidget(self.tabs, 1)
        self.status = QLabel()
        self.status.setAccessibleName(_("Status"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.setCentralWidget(body)
        self.setTabOrder(self.period, self.show_button)
        self.period.returnPressed.connect(self.show_period)
        self.show_button.clicked.connect(self.show_period)
        self.import_button.clicked.connect(self.import_bundles)
        self.save_button.clicked.connect(self.save_as)
        self.section.currentIndexChanged.connect(self._show_section)
        self.save_button.setEnabled(False)
        self.period.setFocus()

    # reading
    def refresh(self, period: str | None = None) -> None:
        """Read the rooms, the summary and the conflicts of `period` (None: the latest)."""
        self.status.setText(_("Reading the centre database…"))
        self.runner.run(lambda: work.load(self.url, period), self._loaded, self._failed)

    def show_period(self) -> None:
        """Show the period typed in the period box."""
        text = self.period.text().strip()
        if not text:
            self.refresh(None)
            return
        try:
            period = work.check_period(text)
        except UserError as error:
            self._failed(error)
            return
        self.refresh(period)

    def _loaded(self, view: work.CentreView) -> None:
        self.view = view
        if view.period and not self.period.text().strip():
            self.period.setText(view.period)
        bold = QFont()
        bold.setBold(True)
        rows = []
        for line in view.rooms:
            made = format_date(line.last_made_at.astimezone().date()) if line.last_made_at else ""
            state = _("sent") if line.sent_period else _("not sent")
            rows.append(
                [
                    line.school_name,
                    line.room_name,
                    line.locality,
                    line.last_period or _("none yet"),
                    made,
                    state,
                ]
            )
        _fill(self.rooms, rows)
        for r, line in enumerate(view.rooms):
            if not line.sent_period:
                for c in range(self.rooms.columnCount()):
                    item = self.rooms.item(r, c)
                    if item is not None:
                        item.setFont(bold)
        self.section.blockSignals(True)
        self.section.clear()
        if view.summary is not None:
            self.section.addItems([section.title for section in view.summary.sections])
        self.section.blockSignals(False)
        self._show_section()
        self.conflicts_page.show_conflicts(view.conflicts)
        self.save_button.setEnabled(view.summary is not None)
        if view.period is None:
            self.status.setText(_("No room has sent a bundle yet."))
        else:
            waiting = ngettext(
                "{count} conflict waits for a decision.",
                "{count} conflicts wait for a decision.",
                len(view.conflicts),
            ).format(count=len(view.conflicts))
            self.status.setText(f"{self._note}\n{waiting}" if self._note else waiting)
        self._note = ""

    def _show_section(self) -> None:
        summary = self.view.summary if self.view is not None else None
        index = self.section.currentIndex()
        if summary is None or not 0 <= index < len(summary.sections):
            _fill(self.figures, [])
            return
        section = summary.sections[index]
        _fill(self.figures, section.rows, section.header)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserError):
            raise error
        self.status.setText(str(error))
        QMessageBox.warning(self, _("The centre"), str(error))

    # deciding
    def decide(self, number: int, keep: str, value: Any) -> None:
        """Decide conflict `number` for `keep` (`kept`, `other`, or `value` with `value`)."""
        self.status.setText(_("Recording the decision…"))
        self.runner.run(
            lambda: work.resolve(self.url, number, keep, value), self._decided, self._failed
        )

    def _decided(self, text: str) -> None:
        self._note = text
        self.refresh(self.view.period if self.view is not None else None)

    # importing
    def ask_passphrase(self) -> str | None:
        """The centre's passphrase (CASEROOM_CENTRE_PASSPHRASE, else asked); None: cancelled."""
        value = os.environ.get(PASSPHRASE_VARIABLE)
        if value is not None:
            return value
        text, ok = QInputDialog.getText(
            self,
            _("The centre's passphrase"),
            _("The centre's &passphrase:"),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else None

    def import_bundles(self) -> None:
        """Pick bundle files and import them."""
        files, _filter = QFileDialog.getOpenFileNames(self, _("Import bundles"))
        if files:
            self.import_files(files)

    def import_files(self, files: list[str]) -> None:
        """Import `files` (asking the passphrase), then show what each gave."""
        passphrase = self.ask_passphrase()
        if passphrase is None:
            return
        self.status.setText(_("Importing bundles…"))
        self.runner.run(
            lambda: work.import_files(self.url, files, passphrase), self._imported, self._failed
        )

    def _imported(self, result: tuple[list[str], int]) -> None:
        lines, refused = result
        text = "\n".join(lines)
        self.status.setText(text)
        if refused:
            QMessageBox.warning(self, _("Import bundles"), text)
        else:
            QMessageBox.information(self, _("Import bundles"), text)
        self.refresh(self.view.period if self.view is not None else None)

    # saving
    def save_as(self) -> None:
        """Save the summary shown as CSV, XLSX or PDF."""
        if self.view is None or self.view.summary is None:
            return
        name, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the regional summary"),
            f"summary-{self.view.period}.pdf",
            _("PDF (*.pdf);;Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, out: Path) -> None:
        """Write the summary shown to `out` (its suffix picks the format)."""
        if self.view is None or self.view.summary is None:
            return
        summary, language = self.view.summary, current_language()
        self.runner.run(
            lambda: work.save_summary(summary, out, language),
            lambda _none: self.status.setText(_("Summary written to {path}").format(path=out)),
            self._failed,
        )

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        """Stop the worker when the window closes."""
        self.runner.shutdown()
        super().closeEvent(event)
