"""The caregivers' own goals on the parents tab: add, edit, note progress, reach or drop.

A list of every caregiver's goals (the ones worked on first) with "Add a goal…", "Edit
the goal…", "Progress note…" and "Archive the goal…" (or Delete); Enter on a goal opens
its progress note, where it can be marked reached or dropped. Each goal's notes (its
progress lines) show in the list's tooltip and under the list for the goal the keyboard
is on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.parents.goals import ParentGoalRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.dialogs.parent_goal_form import GoalProgressForm, ParentGoalForm
from caseroom.ui.pages.child_card.parts import SPACE_S, day, muted
from caseroom.vocab import ParentGoalStatus, label


def status_text(code: str) -> str:
    """Where a goal stands, in words."""
    try:
        return label(ParentGoalStatus(code))
    except ValueError:
        return code


class ParentGoalsSection(QWidget):
    """The list of the caregivers' goals and what can be done with them."""

    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        reload: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.today, self.reload = context, today, reload
        self.caregivers: list[tuple[uuid.UUID, str]] = []
        self.goals: list[ParentGoalRead] = []
        self.form: FormDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        buttons = QHBoxLayout()
        self.add_button = self._button(_("&Add a goal…"), self.add, buttons)
        self.add_button.setAccessibleName(_("Add a caregiver's own goal"))
        self.edit_button = self._button(_("Edit the &goal…"), self.edit, buttons)
        self.edit_button.setAccessibleName(_("Edit the caregiver's goal"))
        self.progress_button = self._button(_("Progress &note…"), self.progress, buttons)
        self.progress_button.setAccessibleName(
            _("Note progress on the goal, or mark it reached or dropped")
        )
        self.archive_button = self._button(_("Archive the goal…"), self.archive, buttons)
        self.archive_button.setAccessibleName(_("Archive the caregiver's goal"))
        self.archive_button.setToolTip(_("Archive the chosen goal (Delete)"))
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list = QTreeWidget(self)
        self.list.setObjectName("parentGoals")
        self.list.setAccessibleName(_("Caregivers' own goals"))
        self.list.setColumnCount(5)
        self.list.setHeaderLabels(
            [_("Caregiver"), _("Goal"), _("Set on"), _("Target date"), _("Where it stands")]
        )
        self.list.setRootIsDecorated(False)
        self.list.setWordWrap(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in (0, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(lambda *_args: self.progress())
        self.list.currentItemChanged.connect(lambda *_args: self._show_notes())
        layout.addWidget(self.list)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.archive)
        self.notes = QLabel("", self)
        self.notes.setWordWrap(True)
        self.notes.setAccessibleName(_("Notes on the goal"))
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.notes)
        self.empty = muted(_("No goals of their own recorded yet."), self)
        layout.addWidget(self.empty)

    def _button(self, text: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def show_goals(
        self,
        caregivers: list[tuple[uuid.UUID, str]],
        goals: dict[uuid.UUID, tuple[ParentGoalRead, ...]],
    ) -> None:
        """List every caregiver's goals (`caregivers`: (id, name) in the family's order)."""
        chosen = self.current_goal()
        self.caregivers = caregivers
        names = dict(caregivers)
        self.goals = [goal for carer_id, _name in caregivers for goal in goals.get(carer_id, ())]
        self.list.clear()
        for goal in self.goals:
            item = QTreeWidgetItem(
                [
                    names.get(goal.caregiver_id, "—"),
                    goal.description,
                    day(goal.set_on),
                    day(goal.target_on),
                    status_text(goal.status),
                ]
            )
            tip = goal.description + (f"\n\n{goal.note}" if goal.note else "")
            for column in range(5):
                item.setToolTip(column, tip)
            self.list.addTopLevelItem(item)
        has_goals, has_carers = bool(self.goals), bool(caregivers)
        self.list.setVisible(has_goals)
        self.empty.setVisible(not has_goals)
        self.add_button.setEnabled(has_carers)
        self.edit_button.setEnabled(has_goals)
        self.progress_button.setEnabled(has_goals)
        self.archive_button.setEnabled(has_goals)
        row = next((n for n, g in enumerate(self.goals) if chosen and g.id == chosen.id), 0)
        current = self.list.topLevelItem(row)
        if current is not None:
            self.list.setCurrentItem(current)
        self._show_notes()

    def current_goal(self) -> ParentGoalRead | None:
        """The goal the keyboard is on."""
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else -1
        return self.goals[row] if 0 <= row < len(self.goals) else None

    def _show_notes(self) -> None:
        goal = self.current_goal()
        text = goal.note if goal is not None and goal.note else ""
        self.notes.setText(text)
        self.notes.setVisible(bool(text))

    def _open(self, form: FormDialog) -> FormDialog:
        self.form = form
        form.result_saved.connect(lambda _saved: self.reload())
        form.open()
        return form

    def add(self) -> FormDialog | None:
        """A new goal for one of the caregivers."""
        if not self.caregivers:
            return None
        return self._open(
            ParentGoalForm(self.context, self.caregivers, today=self.today(), parent=self)
        )

    def edit(self) -> FormDialog | None:
        """Change the wording, dates or notes of the goal the keyboard is on."""
        goal = self.current_goal()
        if goal is None:
            return None
        return self._open(
            ParentGoalForm(self.context, self.caregivers, goal, today=self.today(), parent=self)
        )

    def progress(self) -> FormDialog | None:
        """How the goal is going, and whether it was reached or dropped."""
        goal = self.current_goal()
        if goal is None:
            return None
        return self._open(GoalProgressForm(self.context, goal, today=self.today(), parent=self))

    def archive(self) -> ArchiveDialog | None:
        """Archive the goal the keyboard is on, asking why (Ctrl+Z brings it back)."""
        goal = self.current_goal()
        if goal is None:
            return None
        name = dict(self.caregivers).get(goal.caregiver_id, "")
        what = " · ".join(part for part in (name, goal.description) if part)
        dialog = ArchiveDialog(self.context, "parent_goal", goal.id, what, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.form = dialog
        dialog.open()
        return dialog
