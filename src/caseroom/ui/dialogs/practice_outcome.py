"""Whether home practice was done, in two keystrokes: a menu, then a letter.

On a task (on Today or on the child's parents tab) Space, the menu key or Shift+F10 opens
`outcome_menu`: Done, Partly done, Not done, Not checked, each saved at once as checked
today, and "With a follow-up note…", which opens `OutcomeForm` for the outcome, the date
it was checked and what to do next.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.parents.practice import PracticeRead, clear_outcome, record_outcome
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import DateField, day_text
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.vocab import PracticeOutcome

CHANGES = frozenset({"practice"})
NOTE = "note"
"""What the menu's last entry chooses: the form with a follow-up note."""


def outcome_choices() -> list[tuple[str, str]]:
    """(menu text with its letter, outcome code) in the order the menu lists them."""
    return [
        (_("&Done"), PracticeOutcome.DONE.value),
        (_("&Partly done"), PracticeOutcome.PARTLY.value),
        (_("&Not done"), PracticeOutcome.NOT_DONE.value),
        (_("Not &checked"), PracticeOutcome.PENDING.value),
    ]


def outcome_text(code: str) -> str:
    """An outcome as a list shows it."""
    names = {
        PracticeOutcome.DONE.value: _("done"),
        PracticeOutcome.PARTLY.value: _("partly done"),
        PracticeOutcome.NOT_DONE.value: _("not done"),
        PracticeOutcome.PENDING.value: _("not checked"),
    }
    return names.get(code, code)


def outcome_menu(parent: QWidget, chosen: Callable[[str], None]) -> QMenu:
    """The menu of outcomes; `chosen` gets the outcome code, or `NOTE` for the form."""
    menu = QMenu(parent)
    menu.setAccessibleName(_("Outcome of the home practice"))
    for text, code in outcome_choices():
        action = menu.addAction(text)
        action.triggered.connect(lambda _checked=False, code=code: chosen(code))
    menu.addSeparator()
    note: QAction = menu.addAction(_("&With a follow-up note…"))
    note.triggered.connect(lambda _checked=False: chosen(NOTE))
    return menu


def menu_keys(widget: QWidget, open_menu: Callable[[], None]) -> None:
    """Space, the menu key and Shift+F10 on `widget` open the outcome menu (so does a
    right click)."""
    for keys in (QKeySequence(Qt.Key.Key_Space), QKeySequence(Qt.Key.Key_Menu), "Shift+F10"):
        shortcut = QShortcut(QKeySequence(keys), widget)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(open_menu)
    widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    widget.customContextMenuRequested.connect(lambda _point: open_menu())


def save_outcome(
    context: AppContext,
    practice_id: uuid.UUID,
    outcome: str,
    *,
    checked_on: date,
    follow_up: str | None = None,
    on_done: Callable[[PracticeRead], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    parent: QWidget | None = None,
) -> None:
    """Record `outcome` ("pending": not checked) on the worker."""
    if outcome == PracticeOutcome.PENDING.value:
        context.call(
            clear_outcome,
            on_done,
            on_error=on_error,
            changes=CHANGES,
            parent=parent,
            practice_id=practice_id,
            follow_up=follow_up,
        )
        return
    context.call(
        record_outcome,
        on_done,
        on_error=on_error,
        changes=CHANGES,
        parent=parent,
        practice_id=practice_id,
        outcome=outcome,
        checked_on=checked_on,
        follow_up=follow_up,
    )


def popup_at(menu: QMenu, widget: QWidget, point: QPoint | None = None) -> None:
    """Show `menu` over `widget` (at `point` in it, or its top left corner)."""
    menu.popup(widget.mapToGlobal(point or QPoint(0, 0)))


class OutcomeForm(FormDialog):
    """The outcome of one task, when it was checked and a follow-up note."""

    def __init__(
        self,
        context: AppContext,
        practice_id: uuid.UUID,
        task: str,
        *,
        given_on: date,
        today: date,
        outcome: str = PracticeOutcome.DONE.value,
        follow_up: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Outcome of the home practice"), parent, context=context)
        self.practice_id, self.given_on, self.today = practice_id, given_on, today
        about = QLabel(task, self)
        about.setWordWrap(True)
        about.setAccessibleName(_("Task"))
        self.form().addRow(about)
        self.outcome = self.add_field("outcome", _("&Outcome"), QComboBox(self))
        for text, code in outcome_choices():
            self.outcome.addItem(text.replace("&", ""), code)
        self.outcome.setCurrentIndex(max(self.outcome.findData(outcome), 0))
        self.checked_on = self.add_field(
            "checked_on", _("Checked o&n"), DateField(today, start=today, parent=self)
        )
        note = QPlainTextEdit(self)
        note.setTabChangesFocus(True)
        note.setFixedHeight(72)
        note.setPlainText(follow_up or "")
        self.follow_up = self.add_field("follow_up", _("&Follow-up"), note)
        self.outcome.currentIndexChanged.connect(self._pending_has_no_date)
        self._pending_has_no_date()
        self.resize(460, 0)
        self.ready()

    def _pending_has_no_date(self) -> None:
        self.checked_on.setEnabled(self.outcome.currentData() != PracticeOutcome.PENDING.value)

    def local_problems(self) -> dict[str, str]:
        """A check is dated, not in the future nor before the task was given."""
        if self.outcome.currentData() == PracticeOutcome.PENDING.value:
            return {}
        checked = self.checked_on.value()
        if checked is None:
            return {"checked_on": _("Enter the date it was checked.")}
        if checked > self.today:
            return {
                "checked_on": _("The check date {date} is in the future.").format(
                    date=day_text(checked)
                )
            }
        if checked < self.given_on:
            return {
                "checked_on": _(
                    "The check date {checked} is before the task was given on {given}"
                ).format(checked=day_text(checked), given=day_text(self.given_on))
            }
        return {}

    def save(self) -> None:
        """Record the outcome."""
        checked = self.checked_on.value() or self.today
        save_outcome(
            self.context,
            self.practice_id,
            self.outcome.currentData(),
            checked_on=checked,
            follow_up=self.follow_up.toPlainText() or None,
            on_done=self.saved,
            on_error=self.on_failed,
            parent=self,
        )


def ask_outcome(
    context: AppContext,
    anchor: QWidget,
    point: QPoint,
    task: PracticeRead,
    *,
    today: date,
) -> QMenu:
    """Open the outcome menu for `task` at `point` of `anchor`: a choice is saved at once
    (checked `today`); "With a follow-up note…" opens the form."""

    def chosen(code: str) -> None:
        if code != NOTE:
            save_outcome(context, task.id, code, checked_on=today, parent=anchor)
            return
        initial = task.outcome if task.outcome != PracticeOutcome.PENDING.value else None
        form = OutcomeForm(
            context,
            task.id,
            task.task,
            given_on=task.given_on,
            today=today,
            outcome=initial or PracticeOutcome.DONE.value,
            follow_up=task.follow_up,
            parent=anchor,
        )
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.open()

    menu = outcome_menu(anchor, chosen)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    popup_at(menu, anchor, point)
    return menu
