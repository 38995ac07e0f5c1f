"""Add or edit a goal of a support plan: domain, wording, baseline, target, criterion."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from caseroom.i18n import _
from caseroom.services.plans.goal_bank import BankEntry
from caseroom.services.plans.goals import (
    add_goal,
    update_goal,
)
from caseroom.services.plans.plans import (
    GoalInput,
    GoalRead,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.dialogs.goal_bank_dialog import GoalBankDialog
from caseroom.vocab import Domain, GoalStatus, label


class GoalForm(FormDialog):
    """A goal of the plan `plan_id` (new when `goal` is None)."""

    def __init__(
        self,
        context: AppContext,
        plan_id: uuid.UUID,
        goal: GoalRead | None = None,
        *,
        domain: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit goal") if goal else _("Add a goal"), parent, context=context)
        self.plan_id, self.goal = plan_id, goal
        self.domain = self.add_field("domain", _("&Domain"), QComboBox(self))
        for code in Domain:
            self.domain.addItem(label(code), code.value)
        self.description = self.add_field(
            "description", _("&Goal"), QPlainTextEdit(self), accessible=_("Goal description")
        )
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(72)
        self.baseline = self.add_field("baseline", _("&Baseline"), QLineEdit(self))
        self.baseline.setPlaceholderText(_("What the child does now"))
        self.target = self.add_field("target", _("&Target"), QLineEdit(self))
        self.target.setPlaceholderText(_("What the child will do"))
        self.criterion = self.add_field("criterion", _("&Criterion"), QLineEdit(self))
        self.criterion.setPlaceholderText(_("How progress will be seen, e.g. 4 times of 5"))
        self.status = self.add_field("status", _("&Status"), QComboBox(self))
        for status in GoalStatus:
            self.status.addItem(label(status), status.value)
        if goal is not None:
            self.domain.setCurrentIndex(max(self.domain.findData(goal.domain), 0))
            self.description.setPlainText(goal.description)
            self.baseline.setText(goal.baseline or "")
            self.target.setText(goal.target or "")
            self.criterion.setText(goal.criterion or "")
            self.status.setCurrentIndex(max(self.status.findData(goal.status), 0))
        elif domain is not None:
            self.domain.setCurrentIndex(max(self.domain.findData(domain), 0))
        self.status.setVisible(goal is not None)
        self.form().labelForField(self.status).setVisible(goal is not None)
        self.bank_button = QPushButton(_("From the goal ban&k…"), self)
        self.bank_button.setAccessibleName(_("From the goal bank"))
        self.bank_button.setToolTip(_("Search the goal bank and fill the fields from a goal"))
        self.bank_button.clicked.connect(self.open_bank)
        self.form().addRow("", self.bank_button)
        self.bank: GoalBankDialog | None = None
        self.resize(560, 0)
        self.undoable("goal", goal.id if goal else None)
        self.ready()

    def open_bank(self) -> None:
        """Search the goal bank; the goal chosen fills the fields."""
        self.bank = GoalBankDialog(self.context, domain=self.domain.currentData(), parent=self)
        self.bank.accepted.connect(lambda: self.fill_from(self.bank.chosen if self.bank else None))
        self.bank.open()

    def fill_from(self, entry: BankEntry | None) -> None:
        """Put a bank goal's wording (in the user's language) into the fields."""
        if entry is None:
            return
        self.domain.setCurrentIndex(max(self.domain.findData(entry.domain), 0))
        self.description.setPlainText(entry.text("description"))
        self.baseline.setText(entry.text("baseline"))
        self.target.setText(entry.text("target"))
        self.criterion.setText(entry.text("criterion"))
        self.description.setFocus()

    def local_problems(self) -> dict[str, str]:
        """A goal needs words."""
        if not self.description.toPlainText().strip():
            return {"description": _("Describe the goal.")}
        return {}

    def goal_input(self) -> GoalInput:
        """The form as the service takes it."""
        return GoalInput(
            domain=self.domain.currentData(),
            description=self.description.toPlainText(),
            baseline=self.baseline.text() or None,
            target=self.target.text() or None,
            criterion=self.criterion.text() or None,
            status=self.status.currentData() if self.goal else GoalStatus.ACTIVE.value,
        )

    def save(self) -> None:
        """Add or update the goal."""
        data, goal, plan_id = self.goal_input(), self.goal, self.plan_id
        if goal is None:
            self.run(
                lambda s, actor: add_goal(s, actor=actor, plan_id=plan_id, data=data), {"plan"}
            )
        else:
            self.run(
                lambda s, actor: update_goal(s, actor=actor, goal_id=goal.id, data=data),
                {"plan"},
            )
