"""Log a session fast: one keyboard-first dialog, validated as you type, never losing a draft.

Date and start time are prefilled (now, rounded to 5 minutes), the acting specialist is
preselected and the child is ticked as present, so a routine entry is: choose the kind
(type its first letters), tick the goals worked on (Space), type the notes, Ctrl+Enter.
Every change is checked by running the save itself in a transaction that is rolled back,
so the messages next to the fields are the services' own. The form is saved as a draft
after a second of quiet and whenever the dialog closes; reopening the dialog for the same
child offers the draft back. Saving writes the session, the home practice given and the
planned follow-up in one unit of work.

Correcting a session shows the home practice given at it in the practice fields (opened
from a task, `practice_id`, that task, with the focus on it): saving corrects the task
(its text, who took it home, its due date; it was given on the session's date), and Ctrl+Z
afterwards gives the task its earlier values.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from caseroom.errors import UserError, ValidationError
from caseroom.i18n import _
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, show_error
from caseroom.ui.dialogs.session_entry import (
    FIELD_ALIASES,
    Entry,
    EntryContext,
    load_entry,
    save_entry,
)
from caseroom.ui.dialogs.session_fields import SessionFields
from caseroom.ui.dialogs.session_people import ChildPicker
from caseroom.ui.drafts import DraftStore, session_draft_key
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.style import SPACE_M, SPACE_S
from caseroom.vocab import Confidentiality

DRAFT_DELAY_MS = 1000
CHECK_DELAY_MS = 350
CHANGES = frozenset({"session", "practice", "child"})


def _aliased(problems: dict[str, str]) -> dict[str, str]:
    return {FIELD_ALIASES.get(name, name): message for name, message in problems.items()}


class SessionDialog(FormDialog):
    """Log a new session for a child, or correct a stored one (`session_id`)."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        *,
        child_id: uuid.UUID | None = None,
        session_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
        drafts: DraftStore | None = None,
        practice_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(_("Correct session") if session_id else _("Log session"), parent)
        self.context, self.navigator = context, navigator
        self.child_id, self.session_id = child_id, session_id
        self.practice_id = practice_id
        self.drafts = drafts or DraftStore(seal_key=context.drafts_key)
        self.draft_key = session_draft_key(child_id, session_id)
        self.entry: EntryContext | None = None
        self._closed = False
        self._offer_pending = False
        self._generation = 0
        self._pending_values: dict[str, Any] | None = None
        self._local: dict[str, str] = {}
        self.setMinimumWidth(1080)
        self._build()
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._check_now)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.write_draft)
        self._load(child_id)

    def _build(self) -> None:
        self.offer = QFrame(self)
        self.offer.setFrameShape(QFrame.Shape.StyledPanel)
        self.offer.setAccessibleName(_("Unsaved session"))
        row = QHBoxLayout(self.offer)
        row.setContentsMargins(SPACE_M, SPACE_S, SPACE_M, SPACE_S)
        self.offer_label = QLabel(self.offer)
        self.offer_label.setWordWrap(True)
        self.restore_button = QPushButton(_("&Restore"), self.offer)
        self.restore_button.setAccessibleName(_("Restore the unsaved session"))
        self.discard_button = QPushButton(_("Dis&card"), self.offer)
        self.discard_button.setAccessibleName(_("Discard the unsaved session"))
        row.addWidget(self.offer_label, 1)
        row.addWidget(self.restore_button)
        row.addWidget(self.discard_button)
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button.clicked.connect(self.discard_draft)
        self.offer.hide()
        self.layout_.addWidget(self.offer)

        self.heading = QLabel(_("Loading…"), self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName(_("Child"))
        self.layout_.addWidget(self.heading)
        self.picker: ChildPicker | None = None
        if self.child_id is None and self.session_id is None:
            self.picker = ChildPicker(self.context, self)
            self.picker.chosen.connect(self._child_chosen)
            self.layout_.addWidget(self.picker)
        self.fields = SessionFields(self)
        self.layout_.addWidget(self.fields, 1)
        self._errors.update(self.fields.errors)
        self._focus_for.update(self.fields.focus_for)
        self.fields.changed.connect(self._changed)
        self.finish_layout()

    # --- loading ------------------------------------------------------------------------

    def _load(self, child_id: uuid.UUID | None) -> None:
        self.save_button.setEnabled(False)
        self.context.call(
            load_entry,
            self._loaded,
            on_error=self._load_failed,
            parent=self,
            child_id=child_id,
            session_id=self.session_id,
            practice_id=self.practice_id,
        )

    def _load_failed(self, error: BaseException) -> None:
        if not self._closed:
            show_error(self.general_error, str(error))

    def _child_chosen(self, child_id: uuid.UUID) -> None:
        self.child_id = child_id
        self._load(child_id)

    def _loaded(self, entry: EntryContext) -> None:
        if self._closed:
            return
        self.entry = entry
        if entry.child is not None:
            self.child_id = entry.child.id
            self.heading.setText(
                _("{name}, case {case}").format(
                    name=entry.child.full_name, case=entry.child.case_number
                )
            )
        else:
            self.heading.setText(_("Choose the child"))
        self.fields.fill(entry, self.context.actor.staff_id)
        if entry.existing is not None:
            self.fields.touched.update({"minutes", "people"})
            self.fields.apply_values(self.fields.stored_values(entry))
        self.save_button.setEnabled(True)
        if self._pending_values is not None:
            values, self._pending_values = self._pending_values, None
            self.fields.apply_values(values)
        if self._initial is None:
            self.mark_clean()
            self._offer_draft()
        if not self._offer_pending:
            self._first_field().setFocus(Qt.FocusReason.OtherFocusReason)
        self._changed()

    def _first_field(self) -> QWidget:
        """Where typing starts: the task when opened from it, else the session's kind."""
        given = self.entry.practice if self.entry else None
        if self.practice_id is not None and given is not None:
            return self.fields.practice_edit
        return self.fields.kind_combo

    # --- values -------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as plain JSON values, with the child it is for."""
        return {"child_id": str(self.child_id) if self.child_id else None, **self.fields.values()}

    def snapshot(self) -> Any:
        """The form's values (see `values`)."""
        return self.values()

    def apply_values(self, values: dict[str, Any]) -> None:
        """Put stored values into the form (first loading their child when needed)."""
        wanted = values.get("child_id")
        if wanted and self.child_id is None:
            self._pending_values = values
            self._child_chosen(uuid.UUID(wanted))
            return
        self.fields.apply_values(values)

    def build_entry(self) -> Entry:
        """What Save writes, from the form as it is now."""
        stored = self.entry.existing if self.entry else None
        confidentiality = stored.confidentiality if stored else Confidentiality.SPECIALIST.value
        entry = self.fields.entry(self.session_id, self.child_id, confidentiality)
        given = self.entry.practice if self.entry else None
        if given is None or entry.practice is None:
            return entry
        # a correction of the task given at the session: it keeps the goal it was given for
        return replace(
            entry, practice=replace(entry.practice, goal_id=given.goal_id), practice_id=given.id
        )

    # --- checking as the user types -----------------------------------------------------------

    def local_problems(self) -> dict[str, str]:
        """Problems found without the database."""
        problems = self.fields.local_problems()
        given = self.entry.practice if self.entry else None
        if given is not None and not self.fields.practice_edit.text().strip():
            problems.setdefault(
                "practice",
                _("Describe the task; to take it back, archive it on the parents tab."),
            )
        if self.child_id is None:
            problems.setdefault("attendees", _("Choose the child first."))
        return problems

    def _changed(self) -> None:
        self._schedule_draft()
        if self.entry is not None:
            self._check_timer.start()

    def _check_now(self) -> None:
        """Run the save in a transaction that is rolled back, to show the services' problems."""
        if self._closed or self.entry is None:
            return
        self._local = self.local_problems()
        self.show_problems(self._local)
        if self._local:
            return
        self._generation += 1
        generation, entry, actor = self._generation, self.build_entry(), self.context.actor

        def shown(problems: dict[str, str]) -> None:
            if not self._closed and generation == self._generation and not self._saving:
                self.show_problems({**problems, **self._local})

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                shown(_aliased(error.problems))
            elif isinstance(error, UserError):
                shown({"general": str(error)})
            else:
                raise error

        self.context.run(
            lambda db: save_entry(db, actor, entry),
            lambda _r: shown({}),
            on_error=failed,
            roll_back=True,
        )

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        """Write the session, its home practice and follow-up in one unit of work (a
        changed task given at the session is registered with Undo)."""
        entry, actor = self.build_entry(), self.context.actor
        self._generation += 1
        work: Any = lambda db, _actor: save_entry(db, actor, entry)  # noqa: E731
        done: Callable[[object], None] = self.saved
        if entry.practice_id is not None and self._task_changed():
            from caseroom.ui.undo import register_save, snapshot_work

            task_id, stack = entry.practice_id, self.context.undo
            work, holder = snapshot_work("practice", task_id, work)

            def registered(result: object) -> None:
                register_save(stack, "practice", task_id, holder, result)
                self.saved(result)

            done = registered

        self.context.run(
            lambda db: work(db, actor),
            done,
            changes=CHANGES,
            on_error=self._save_failed,
            parent=self,
        )

    def _task_changed(self) -> bool:
        """Whether the task given at the stored session differs from what it was."""
        loaded = self._initial
        if not isinstance(loaded, dict):
            return False
        keys = ("practice_task", "practice_caregiver", "practice_due", "held_on")
        now = self.values()
        return any(loaded.get(key) != now.get(key) for key in keys)

    def _save_failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            error = ValidationError(_aliased(error.problems))
        self.on_failed(error)

    def saved(self, result: object = None) -> None:
        """Saved: the draft is no longer needed."""
        self._draft_timer.stop()
        self.drafts.delete(self.draft_key)
        self._closed = True
        super().saved(result)

    # --- drafts ---------------------------------------------------------------------------

    def _schedule_draft(self) -> None:
        if self._initial is None:
            return
        if self._offer_pending and self.is_changed():
            # Typing without answering the offer starts afresh: the new work is the draft.
            self._offer_pending = False
            self.offer.hide()
        self._draft_timer.start()

    def _offer_draft(self) -> None:
        draft = self.drafts.load(self.draft_key)
        if draft is None:
            return
        when = draft.saved_at
        shown = when.strftime("%H:%M" if when.date() == date.today() else "%d.%m.%Y %H:%M")
        self.offer_label.setText(_("You have an unsaved session from {time}.").format(time=shown))
        self._offer_pending = True
        self.offer.show()
        self.restore_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def restore_draft(self) -> None:
        """Put the unsaved session back into the form."""
        draft = self.drafts.load(self.draft_key)
        self._offer_pending = False
        self.offer.hide()
        if draft is not None:
            self.apply_values(draft.values)
        self.fields.notes_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def discard_draft(self) -> None:
        """Forget the unsaved session."""
        self._offer_pending = False
        self.offer.hide()
        self.drafts.delete(self.draft_key)
        self.fields.kind_combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def write_draft(self) -> None:
        """Save the form as a draft now (or forget the draft when nothing was changed)."""
        if self._closed or self._initial is None:
            return
        if self.is_changed():
            self.drafts.save(self.draft_key, self.values())
        elif not self._offer_pending:
            self.drafts.delete(self.draft_key)

    # --- closing --------------------------------------------------------------------------

    def confirm_close(self) -> bool:
        """Write the draft first, so it survives even if the app dies while we ask."""
        self.write_draft()
        return super().confirm_close()

    def discarded(self) -> None:
        """Closed without saving: forget the draft (unless its offer was never answered)."""
        if not self._offer_pending:
            self.drafts.delete(self.draft_key)
        self._closed = True

    def done(self, result: int) -> None:
        """Every close stops the timers and ignores answers still on their way."""
        self._draft_timer.stop()
        self._check_timer.stop()
        self._closed = True
        super().done(result)
