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

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy import Engine

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.ui.tasks import TaskRunner

T = TypeVar("T")


class AppContext(QObject):
    """The database engine, the acting staff member and the worker, shared by all views."""

    changed = Signal(object)  # frozenset[str]: kinds of records written

    def __init__(self, engine: Engine, actor: Actor, runner: TaskRunner) -> None:
        super().__init__(runner)
        self.engine = engine
        self.actor = actor
        self.runner = runner

    def call(
        self,
        service: Callable[..., T],
        on_done: Callable[[T], None] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        changes: frozenset[str] | set[str] | None = None,
        parent: QWidget | None = None,
        **kwargs: Any,
    ) -> None:
        """Run `service(session, actor=..., **kwargs)` in one unit of work on the worker.

        `changes` names what a write changes; when given, the transaction is committed
        and `changed` is emitted. A `UserError` goes to `on_error`, or is shown in a
        message box over `parent` when no `on_error` is given.
        """
        from sqlmodel import Session

        engine, actor = self.engine, self.actor

        def work() -> T:
            with Session(engine) as session:
                try:
                    result = service(session, actor=actor, **kwargs)
                    if changes:
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
            if on_done is not None:
                on_done(result)

        def failed(error: BaseException) -> None:
            if on_error is not None and isinstance(error, UserError):
                on_error(error)
                return
            if isinstance(error, UserError):
                QMessageBox.warning(parent, _("caseroom"), str(error))
                return
            raise error

        self.runner.run(work, done, failed)

    def run(
        self,
        work: Callable[[Any], T],
        on_done: Callable[[T], None] | None = None,
        *,
        changes: frozenset[str] | set[str] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Run `work(session)` (several service calls) as one unit of work on the worker."""

        def as_service(session: Any, *, actor: Actor) -> T:
            del actor
            return work(session)

        self.call(as_service, on_done, on_error=on_error, changes=changes, parent=parent)
