"""Running a batch of progress reports beside the app, not on the database worker.

A batch takes minutes for a whole room, so it must not hold up the one worker every page
reads through. `BatchRunner` runs `services.batch.ProgressBatch` on a thread of its own;
the batch itself writes the PDFs in worker processes started with "spawn" (forking a
process that runs Qt is unsafe), each with its own read-only connection. Progress and the
end come back to the GUI thread as queued signals; `cancel()` stops the workers before
their next child (a report is written whole or not at all, so nothing half-written stays).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from caseroom.services.reporting.batch import DEFAULT_WORKERS, BatchJob, ChildOutcome, ProgressBatch
from caseroom.services.reporting.report_data import ReportChild


class _Worker(QThread):
    progressed = Signal(int, int, object)  # done, total, ChildOutcome
    ended = Signal(object, object)  # list[ChildOutcome], error text or None

    def __init__(self, batch: ProgressBatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.batch = batch

    def run(self) -> None:
        outcomes: list[ChildOutcome] = []
        try:
            outcomes = self.batch.run(
                lambda done, total, outcome: self.progressed.emit(done, total, outcome)
            )
        except Exception as error:
            from caseroom.logfile import log_exception

            log_exception(error, "report batch failed")  # types and frames, never names
            self.ended.emit(outcomes, str(error) or type(error).__name__)
            return
        self.ended.emit(outcomes, None)


class BatchRunner(QObject):
    """One batch at a time, on its own thread; signals arrive on the GUI thread."""

    progressed = Signal(int, int, object)
    """done, total, the `ChildOutcome` of the child just finished."""
    finished = Signal(object, bool, object)
    """All outcomes, whether the batch was cancelled, and an error text (or None)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workers = DEFAULT_WORKERS
        self.start_method = "spawn"
        self._worker: _Worker | None = None
        app = QCoreApplication.instance()
        if app is not None:  # never leave a running thread behind when the app quits
            app.aboutToQuit.connect(self._quit)

    def _quit(self) -> None:
        self.cancel()
        self.wait()

    @property
    def running(self) -> bool:
        """Whether a batch is under way."""
        return self._worker is not None

    def start(self, job: BatchJob, children: Sequence[ReportChild]) -> None:
        """Start writing the reports of `children`."""
        if self._worker is not None:
            raise RuntimeError("a batch is already running")
        batch = ProgressBatch(job, children, workers=self.workers, start_method=self.start_method)
        worker = _Worker(batch, self)
        worker.progressed.connect(self.progressed)
        worker.ended.connect(self._ended)
        self._worker = worker
        worker.start()

    def cancel(self) -> None:
        """Stop before each worker's next child; reports already written stay."""
        if self._worker is not None:
            self._worker.batch.cancel()

    def wait(self, milliseconds: int = 60_000) -> bool:
        """Wait for the batch thread to end (closing the window); True when it has."""
        worker = self._worker
        return worker is None or worker.wait(milliseconds)

    def _ended(self, outcomes: list[ChildOutcome], error: str | None) -> None:
        worker = self._worker
        self._worker = None
        cancelled = worker is not None and worker.batch.cancelled
        if worker is not None:
            worker.wait()
            worker.deleteLater()
        self.finished.emit(outcomes, cancelled, error)
