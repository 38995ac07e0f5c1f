"""Undo of the last save or archive, for as long as the window is open.

One small stack per opened database (`AppContext.undo`). A screen registers what it did
with one line, after its write succeeded:

- `undo.created(kind, record_id)`: undoing a new record archives it with the reason "undone";
- `undo.edited(kind, record_id, before)`: undoing an edit writes the earlier values back
  (`before` is `services.revert.snapshot`, taken in the same unit of work as the edit —
  `FormDialog.undoable()` does all of it for a form);
- `undo.archived(kind, record_id)`: undoing an archive restores the record as it was;
- `undo.restored(kind, record_id, reason)`: undoing a restore archives it again, with the
  reason it had.

`undo()` (Ctrl+Z, or "Undo" in the confirmation bar) runs the newest step's reversal as one
unit of work and drops it; a failed reversal (someone may no longer change the record)
is shown and the step is dropped too, so Undo never repeats a refused change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from caseroom.i18n import _
from caseroom.services import revert
from caseroom.ui.archive_kinds import kind
from caseroom.vocab import ArchiveReason


class UndoContext(Protocol):
    """What the stack needs of the app's context (a Protocol: the context owns the stack)."""

    @property
    def actor(self) -> Any:
        """The person signed in."""

    def run(
        self,
        work: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        changes: frozenset[str] | set[str] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Any:
        """Run `work(session)` on the database worker."""


UNDO_LIMIT = 50
"""The oldest steps are forgotten beyond this many."""


@dataclass(frozen=True, slots=True)
class UndoStep:
    """One thing the user did that Undo can take back."""

    message: str
    """What was done, translated ("Saved: family"), for the confirmation bar."""
    reverse: Callable[[Any, Any], None]
    """`reverse(session, actor)`: takes it back (run on the database worker)."""
    changes: frozenset[str]
    undone_message: str
    """Said once it is taken back ("Undone: family saved")."""


class UndoStack(QObject):
    """The steps Undo can take back, the newest last."""

    changed = Signal()
    """A step was added or taken back (the confirmation bar shows the newest)."""
    undone = Signal(str)
    """A step was taken back: the message saying so."""

    def __init__(self, context: UndoContext) -> None:
        super().__init__(context if isinstance(context, QObject) else None)
        self.context = context
        self.steps: list[UndoStep] = []
        self.last_message = ""
        """What the confirmation bar says: the newest step done, or the last one undone."""

    # --- registering -------------------------------------------------------------------

    def push(self, step: UndoStep) -> None:
        """Add a step (the oldest beyond `UNDO_LIMIT` is forgotten)."""
        self.steps.append(step)
        del self.steps[:-UNDO_LIMIT]
        self.last_message = step.message
        self.changed.emit()

    def created(self, kind_name: str, record_id: uuid.UUID) -> None:
        """A new record was saved: undoing it archives it with the reason "undone"."""
        found = kind(kind_name)
        self.push(
            UndoStep(
                _("Saved: {record}").format(record=found.title),
                lambda session, actor: found.archive_it(
                    session, actor, record_id, ArchiveReason.UNDONE
                ),
                found.changes,
                _("Undone: the new {record} is archived").format(record=found.title),
            )
        )

    def edited(self, kind_name: str, record_id: uuid.UUID, before: dict[str, Any]) -> None:
        """A record was changed: undoing it writes back the values it had before."""
        found = kind(kind_name)

        def reverse(session: Any, actor: Any) -> None:
            revert.revert(
                session,
                actor=actor,
                model=found.model,
                record_id=record_id,
                values=before,
                entity=found.entity,
                permission=found.permission,
            )

        self.push(
            UndoStep(
                _("Saved: {record}").format(record=found.title),
                reverse,
                found.changes,
                _("Undone: the {record} has its earlier values").format(record=found.title),
            )
        )

    def archived(self, kind_name: str, record_id: uuid.UUID) -> None:
        """A record was archived: undoing it restores it."""
        found = kind(kind_name)
        self.push(
            UndoStep(
                _("Archived: {record}").format(record=found.title),
                lambda session, actor: found.restore_it(session, actor, record_id),
                found.changes,
                _("Undone: the {record} is restored").format(record=found.title),
            )
        )

    def restored(self, kind_name: str, record_id: uuid.UUID, reason: str | None) -> None:
        """An archived record was restored: undoing it archives it again (with `reason`, the
        one it was archived with; None when none was kept)."""
        found = kind(kind_name)
        self.push(
            UndoStep(
                _("Restored: {record}").format(record=found.title),
                lambda session, actor: found.archive_it(session, actor, record_id, reason),
                found.changes,
                _("Undone: the {record} is archived again").format(record=found.title),
            )
        )

    # --- taking back -------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        """Whether there is something to undo."""
        return bool(self.steps)

    def undo(self) -> bool:
        """Take back the newest step (on the worker); False when there is nothing to undo."""
        if not self.steps:
            return False
        step = self.steps.pop()
        actor = self.context.actor

        def done(_result: object) -> None:
            self.last_message = step.undone_message
            self.changed.emit()
            self.undone.emit(step.undone_message)

        def failed(error: BaseException) -> None:
            self.last_message = str(error)
            self.changed.emit()

        self.context.run(
            lambda session: step.reverse(session, actor),
            done,
            changes=step.changes,
            on_error=failed,
        )
        return True


def snapshot_work(
    kind_name: str, record_id: uuid.UUID | None, work: Callable[[Any, Any], Any]
) -> tuple[Callable[[Any, Any], Any], dict[str, Any]]:
    """`work` wrapped to keep the record's values just before it runs, and where they go.

    The wrapped work runs in the same unit of work as the save; the returned dict holds
    "before" once it ran (nothing for a new record, `record_id` None).
    """
    holder: dict[str, Any] = {}
    found = kind(kind_name)

    def wrapped(session: Any, actor: Any) -> Any:
        if record_id is not None:
            holder["before"] = revert.snapshot(
                session,
                actor=actor,
                model=found.model,
                record_id=record_id,
                permission=found.permission,
            )
        return work(session, actor)

    return wrapped, holder


def register_save(
    stack: UndoStack | None,
    kind_name: str,
    record_id: uuid.UUID | None,
    holder: dict[str, Any],
    result: object,
) -> None:
    """Register a finished save of a form on `stack`: an edit, or a new record (its id from
    `result.id`)."""
    if stack is None:
        return
    if record_id is not None and "before" in holder:
        stack.edited(kind_name, record_id, holder["before"])
        return
    new_id = getattr(result, "id", None)
    if isinstance(new_id, uuid.UUID):
        stack.created(kind_name, new_id)
