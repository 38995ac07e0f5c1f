"""The task runner: every database operation runs in order on one worker thread.

The GUI thread never touches the database. `TaskRunner.run(fn, on_done)` queues `fn` on a
single-thread executor; when it finishes, `on_done(result)` (or `on_error(exc)`) is called
back on the GUI thread through a queued Qt signal. Operations therefore never overlap and
the window never freezes. A task queued with `wanted` is skipped when its turn comes and
`wanted()` is False (the page that asked was left meanwhile): no wasted reads.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

T = TypeVar("T")


class TaskRunner(QObject):
    """Runs callables on one background thread; delivers results on the GUI thread."""

    _finished = Signal(object, object, object)  # callback, result, error
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseroom-db")
        self._pending = 0
        self._closed = False
        self._finished.connect(self._deliver)

    def run(
        self,
        task: Callable[[], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        wanted: Callable[[], bool] | None = None,
    ) -> Future[T | None]:
        """Queue `task`; call `on_done(result)` or `on_error(exception)` on the GUI thread.

        `wanted` is asked on the worker just before `task` would start: when it answers
        False, `task` is skipped, neither callback is called and the future's result is
        None. It must be cheap and thread-safe (read a flag, never a widget).
        After `shutdown` (the window closed) nothing runs any more: a late timer's work is
        dropped and a cancelled future returned."""
        if self._closed:
            dropped: Future[T | None] = Future()
            dropped.cancel()
            return dropped
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def work() -> T | None:
            if wanted is not None and not wanted():
                self._finished.emit(None, None, None)  # only counts the task as done
                return None
            try:
                result = task()
            except BaseException as error:
                self._finished.emit(on_error, None, error)
                raise
            self._finished.emit(on_done, result, None)
            return result

        return self._executor.submit(work)

    def _deliver(self, callback: Any, result: Any, error: BaseException | None) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if error is not None:
            if callback is None:
                raise error  # unhandled: goes to the crash handler
            callback(error)
        elif callback is not None:
            callback(result)

    def shutdown(self) -> None:
        """Finish queued work and stop the worker (called when the window closes)."""
        self._closed = True
        self._executor.shutdown(wait=True)
