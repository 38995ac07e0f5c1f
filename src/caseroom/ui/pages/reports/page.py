"""The Reports page: children's progress reports in a batch, and the room's term summary.

Progress reports: period (a quarter or year of the school calendar, or any range), who
they are for, their language (whatever the screens speak), all active children or those
ticked, and the folder. "Preview" draws the first page of the first child's report;
"Make reports" writes one PDF per child in worker processes beside the app (the database
worker stays free), with "12 of 40", Cancel, and at the end what was made and what failed.
The progress reports are in `progress.py`, the term summary in
`summary.py`, the preview painter in `preview.py`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QSplitter, QVBoxLayout, QWidget

from caseroom.i18n import _
from caseroom.services.reporting.files import ReportSetup
from caseroom.ui.context import AppContext
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.reports.preview import PreviewPane
from caseroom.ui.pages.reports.progress import ProgressSection, settings
from caseroom.ui.pages.reports.summary import SummarySection
from caseroom.ui.widgets.style import SPACE_M, SPACE_S, page_margins, set_role


class ReportsPage(QWidget):
    """Progress reports and the term summary, with a preview of a report's first page."""

    loaded = Signal()

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator, self.today = context, navigator, today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        layout.setSpacing(SPACE_M)
        title = set_role(QLabel(_("Reports"), self), "title")
        title.setAccessibleName(_("Reports"))
        layout.addWidget(title)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        forms = QWidget(splitter)
        column = QVBoxLayout(forms)
        column.setContentsMargins(0, 0, SPACE_S, 0)
        column.setSpacing(SPACE_M)
        self.progress = ProgressSection(context, today, forms)
        self.summary = SummarySection(context, today, settings, forms)
        column.addWidget(self.progress, 1)
        column.addWidget(self.summary)
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setAccessibleName(_("Report settings"))
        scroll.setWidget(forms)
        self.preview = PreviewPane(splitter)
        self.progress.preview = self.preview
        splitter.addWidget(scroll)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        layout.addWidget(splitter, 1)
        self.setup: ReportSetup | None = None
        self._stale = False
        context.changed.connect(self._changed)
        self.reload()

    def _changed(self, what: frozenset[str]) -> None:
        if "child" in what or "room" in what or "calendar" in what:
            self._stale = True

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Read the children again if they changed while the page was hidden."""
        super().showEvent(event)  # type: ignore[arg-type]
        if self._stale and not self.progress.runner.running:
            self._stale = False
            self.reload()

    def reload(self) -> None:
        """Read the periods, the room's language and the active children again."""
        from caseroom.services.reporting.files import report_setup

        def done(setup: ReportSetup) -> None:
            self.setup = setup
            self.progress.set_setup(setup)
            self.summary.set_setup(setup)
            self.loaded.emit()

        self.context.call(
            report_setup,
            done,
            on_error=lambda error: self.progress.status.setText(str(error)),
            parent=self,
            today=self.today(),
        )

    def child_ids(self) -> list[uuid.UUID]:
        """The ids of the children the next batch is for."""
        return [child.id for child in self.progress.chosen_children()]

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        """Cancel a running batch and wait for its workers."""
        self.progress.runner.cancel()
        self.progress.runner.wait()
        super().closeEvent(event)  # type: ignore[arg-type]
