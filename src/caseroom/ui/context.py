"""What every page and dialog is given: the worker, the database, who is acting.

Pages never open sessions themselves. They call `context.call(service_fn, on_done, **kw)`,
which runs `service_fn(session, actor=..., **kw)` on the single database worker inside
one unit of work (commit once, roll back whole on any error) and delivers the result on
the GUI thread. After a successful write, `changed` is emitted with the names of what
changed (e.g. {"child", "session"}) so each view refreshes only what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import Engine

from caseroom.errors import PermissionDeniedError, UserError, translating_storage_errors
from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.undo import UndoStack

T = TypeVar("T")


def _still_there(callback: Callable[..., Any]) -> bool:
    """False when `callback` is a method of a widget deleted while the work ran (a page
    closed, the database swapped): its answer has nobody left to go to."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class AppContext(QObject):
    """The database engine, the acting staff member and the worker, shared by all views."""

    changed = Signal(object)  # frozenset[str]: kinds of records written

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        runner: TaskRunner,
        *,
        read_only: bool = False,
        drafts_key: bytes | None = None,
    ) -> None:
        super().__init__(runner)
        self.engine = engine
        self.actor = actor
        self.runner = runner
        self.read_only = read_only
        """Open read-only (another copy writes): reads are rolled back, so what a read
        would note in the audit trail is not kept; writes fail with a clear message."""
        self.drafts_key = drafts_key
        """The key drafts of forms are sealed with when the database is encrypted (derived
        from its master key: `ui.drafts.draft_seal_key`); None for a plain database."""
        self.undo = UndoStack(self)
        """The last saves and archives Undo can take back (for as long as this is open)."""

    def call(
        self,
        service: Callable[..., T],
        on_done: Callable[[T], None] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        changes: frozenset[str] | set[str] | None = None,
        parent: QWidget | None = None,
        roll_back: bool = False,
        wanted: Callable[[], bool] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run `service(session, actor=..., **kwargs)` in one unit of work on the worker.

        The unit of work is committed when the service returns (a read may write audit
        events: who viewed a restricted record), rolled back when it raises, and always
        rolled back with `roll_back=True` (checking a form by running its save). `changes`
        names what a write changes, for `changed` to tell the pages. A `UserError` goes to
        `on_error`, or is shown in a message box over `parent` when no `on_error` is given.
        A read queued with `wanted` is skipped (nothing read, `on_done` not called) when
        `wanted()` is False as its turn comes (`TaskRunner.run`).
        """
        from sqlmodel import Session

        engine, actor = self.engine, self.actor
        keep = not roll_back and (bool(changes) or not self.read_only)

        def work() -> T:
            with translating_storage_errors(), Session(engine) as session:
                try:
                    result = service(session, actor=actor, **kwargs)
                    if keep:
                        session.commit()
                    else:
                        session.rollback()
                    return result
                except BaseException:
                    session.rollback()
                    raise

        def done(result: T) -> None:
            if changes:
                self.changed.emit(frozenset(changes))
            if on_done is not None and _still_there(on_done):
                on_done(result)

        def failed(error: BaseException) -> None:
            if on_error is not None and isinstance(error, UserError):
                on_error(error)
                return
            if isinstance(error, PermissionDeniedError):
                from caseroom.ui.widgets.denied_cover import show_denied

                if show_denied(parent, str(error)):  # an empty state over the part that asked
                    return
            if isinstance(error, UserError):
                QMessageBox.warning(parent, _("caseroom"), str(error))
                return
            raise error

        self.runner.run(work, done, failed, wanted=wanted)

    def run(
        self,
        work: Callable[[Any], T],
        on_done: Callable[[T], None] | None = None,
        *,
        changes: frozenset[str] | set[str] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
        roll_back: bool = False,
        wanted: Callable[[], bool] | None = None,
    ) -> None:
        """Run `work(session)` (several service calls) as one unit of work on the worker
        (committed like `call`; `roll_back=True` throws its writes away; skipped like
        `call` when `wanted()` is False as its turn comes)."""

        def as_service(session: Any, *, actor: Actor) -> T:
            del actor
            return work(session)

        self.call(
            as_service,
            on_done,
            on_error=on_error,
            changes=changes,
            parent=parent,
            roll_back=roll_back,
            wanted=wanted,
        )
