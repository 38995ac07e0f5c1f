"""A caregiver's own goal: write it down or change it, and note how it is going.

`ParentGoalForm` adds a goal for one of the family's caregivers (or edits one);
`GoalProgressForm` adds a dated progress line to the goal's notes and says where it stands
(working on it, reached, dropped).
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.parents.goals import (
    ParentGoalInput,
    ParentGoalRead,
    add_goal_progress,
    create_parent_goal,
    update_parent_goal,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import DateField, day_text
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.vocab import ParentGoalStatus, label

CHANGES = frozenset({"parent_goal"})


def _text_edit(parent: QWidget, height: int = 72) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class ParentGoalForm(FormDialog):
    """A new goal of one of `caregivers` ((id, name) pairs), or changes to `goal`."""

    def __init__(
        self,
        context: AppContext,
        caregivers: list[tuple[uuid.UUID, str]],
        goal: ParentGoalRead | None = None,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Edit the caregiver's goal") if goal else _("A caregiver's own goal")
        super().__init__(title, parent, context=context)
        self.goal, self.today = goal, today
        self.caregiver = self.add_field("caregiver_id", _("&Caregiver"), QComboBox(self))
        for caregiver_id, name in caregivers:
            self.caregiver.addItem(name, str(caregiver_id))
        if goal is not None:
            self.caregiver.setCurrentIndex(max(self.caregiver.findData(str(goal.caregiver_id)), 0))
            self.caregiver.setEnabled(False)
        self.description = self.add_field("description", _("&Goal"), _text_edit(self))
        self.description.setPlaceholderText(_("In her words, e.g. a calm evening routine"))
        set_on = goal.set_on if goal else today
        self.set_on = self.add_field(
            "set_on", _("Set o&n"), DateField(set_on, start=set_on, parent=self)
        )
        target = goal.target_on if goal else None
        self.target_on = self.add_field(
            "target_on", _("&Target date"), DateField(target, start=today, parent=self)
        )
        self.note = self.add_field("note", _("N&otes"), _text_edit(self, 96))
        if goal is not None:
            self.description.setPlainText(goal.description)
            self.note.setPlainText(goal.note or "")
        self.resize(520, 0)
        self.undoable("parent_goal", goal.id if goal else None)
        self.ready()

    def local_problems(self) -> dict[str, str]:
        """The goal is described and set on a date; the target is not before it."""
        problems: dict[str, str] = {}
        if not self.description.toPlainText().strip():
            problems["description"] = _("Describe the caregiver's goal")
        set_on, target = self.set_on.value(), self.target_on.value()
        if set_on is None:
            problems["set_on"] = _("Enter the date the goal was set.")
        elif target is not None and target < set_on:
            problems["target_on"] = _(
                "The target date {target} is before the goal was set on {set_on}"
            ).format(target=day_text(target), set_on=day_text(set_on))
        return problems

    def save(self) -> None:
        """Create or update the goal."""
        set_on = self.set_on.value()
        assert set_on is not None
        data = ParentGoalInput(
            description=self.description.toPlainText(),
            set_on=set_on,
            target_on=self.target_on.value(),
            note=self.note.toPlainText() or None,
        )
        goal = self.goal
        if goal is None:
            caregiver_id = uuid.UUID(self.caregiver.currentData())
            self.run(
                lambda s, actor: create_parent_goal(
                    s, actor=actor, caregiver_id=caregiver_id, data=data
                ),
                set(CHANGES),
            )
        else:
            self.run(
                lambda s, actor: update_parent_goal(s, actor=actor, goal_id=goal.id, data=data),
                set(CHANGES),
            )


class GoalProgressForm(FormDialog):
    """How a caregiver's goal is going: a dated line and where it stands now."""

    def __init__(
        self,
        context: AppContext,
        goal: ParentGoalRead,
        *,
        today: date,
        status: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Progress on the goal"), parent, context=context)
        self.goal, self.today = goal, today
        about = QLabel(goal.description, self)
        about.setWordWrap(True)
        about.setAccessibleName(_("Goal"))
        self.form().addRow(about)
        self.text = self.add_field("text", _("&How it is going"), _text_edit(self))
        self.on = self.add_field("on", _("&Date"), DateField(today, start=today, parent=self))
        self.status = self.add_field("status", _("&Where it stands"), QComboBox(self))
        for code in ParentGoalStatus:
            self.status.addItem(label(code), code.value)
        wanted = status or goal.status
        self.status.setCurrentIndex(max(self.status.findData(wanted), 0))
        self.resize(500, 0)
        self.ready()

    def local_problems(self) -> dict[str, str]:
        """A date not before the goal, and something to note."""
        problems: dict[str, str] = {}
        on = self.on.value()
        if on is None:
            problems["on"] = _("Enter the date of the progress note.")
        elif on < self.goal.set_on:
            problems["on"] = _(
                "The progress date {date} is before the goal was set on {set_on}"
            ).format(date=day_text(on), set_on=day_text(self.goal.set_on))
        if not self.text.toPlainText().strip() and self.status.currentData() == self.goal.status:
            problems["text"] = _("Write how the goal is going, or change where it stands")
        return problems

    def save(self) -> None:
        """Add the progress line and the status."""
        on = self.on.value()
        assert on is not None
        goal_id, text = self.goal.id, self.text.toPlainText() or None
        status = self.status.currentData()
        changed = status if status != self.goal.status else None
        self.run(
            lambda s, actor: add_goal_progress(
                s, actor=actor, goal_id=goal_id, on=on, text=text, status=changed
            ),
            set(CHANGES),
        )
