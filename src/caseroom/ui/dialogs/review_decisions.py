"""The quarterly review's decisions: for each goal of a plan, continue, change (with the new
wording), reached or dropped; saving marks the goals and makes the next period's draft plan
from the goals continued or changed."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.plans.carry import (
    Decision,
    GoalChoice,
    NextPeriod,
    decide_review,
    decision_label,
    next_period,
    review_decisions,
)
from caseroom.services.plans.plans import GoalInput, GoalRead, PlanRead, add_review
from caseroom.ui.context import AppContext
from caseroom.vocab import GoalStatus

_STARTING = {
    GoalStatus.ACHIEVED.value: Decision.REACHED,
    GoalStatus.DISCONTINUED.value: Decision.DROPPED,
}
"""The decision a goal's row starts on: what its status already says, else continue."""


class GoalRow:
    """One goal's line: its wording, the decision and the new wording for "change"."""

    def __init__(self, number: int, goal: GoalRead, grid: QGridLayout, parent: QWidget) -> None:
        self.goal = goal
        title = QLabel(
            _("{number}. {description}").format(number=number, description=goal.description),
            parent,
        )
        title.setWordWrap(True)
        self.decision = QComboBox(parent)
        self.decision.setAccessibleName(_("Decision for goal {number}").format(number=number))
        for decision in Decision:
            self.decision.addItem(decision_label(decision), decision.value)
        start = _STARTING.get(goal.status, Decision.CONTINUE)
        self.decision.setCurrentIndex(self.decision.findData(start.value))
        self.wording = QLineEdit(parent)
        self.wording.setAccessibleName(_("New wording of goal {number}").format(number=number))
        self.wording.setPlaceholderText(_("New wording of the goal"))
        self.wording.setMaxLength(500)
        self.decision.currentIndexChanged.connect(self._decided)
        row = grid.rowCount()
        grid.addWidget(title, row, 0)
        grid.addWidget(self.decision, row, 1)
        grid.addWidget(self.wording, row, 2)
        self._decided()

    def _decided(self) -> None:
        self.wording.setEnabled(self.chosen() == Decision.CHANGE)

    def chosen(self) -> Decision:
        """The decision chosen for the goal."""
        return Decision(self.decision.currentData())

    def choice(self) -> GoalChoice:
        """The goal's decision for the service (the new wording kept only for "change")."""
        decision = self.chosen()
        if decision != Decision.CHANGE:
            return GoalChoice(decision.value)
        goal = self.goal
        wording = GoalInput(
            goal.domain, self.wording.text().strip(), goal.baseline, goal.target, goal.criterion
        )
        return GoalChoice(decision.value, wording)


class ReviewDecisionsDialog(QDialog):
    """Decide for each goal of a plan and choose the next period; Save makes the draft."""

    result_saved = Signal(object)

    def __init__(
        self,
        context: AppContext,
        plan: PlanRead,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.plan, self.today = context, plan, today
        self.setWindowTitle(_("Review decisions"))
        layout = QVBoxLayout(self)
        if plan.reviews:
            text = _("Decisions of the review of {date}.").format(
                date=plan.reviews[-1].reviewed_on.strftime("%d.%m.%Y")
            )
        else:
            text = _("A review dated today is recorded with these decisions.")
        intro = QLabel(
            text + " " + _("The goals continued or changed go into a new draft plan."), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        grid = QGridLayout(body)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(2, 2)
        self.rows = [GoalRow(n, goal, grid, body) for n, goal in enumerate(plan.goals, start=1)]
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.group = QButtonGroup(self)
        self.quarter = QRadioButton(
            self._choice(_("Next &quarter: {start} – {end}"), NextPeriod.QUARTER), self
        )
        self.year = QRadioButton(
            self._choice(_("Next &year: {start} – {end}"), NextPeriod.YEAR), self
        )
        for button in (self.quarter, self.year):
            button.setAccessibleName(button.text().replace("&", ""))
            self.group.addButton(button)
            layout.addWidget(button)
        self.quarter.setChecked(True)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(_("Problem"))
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(self)
        self.save_button = QPushButton(_("&Save"), self)
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setDefault(True)
        cancel = QPushButton(_("Cancel"), self)
        cancel.setAccessibleName(_("Cancel"))
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)
        first = self.rows[0].decision if self.rows else self.quarter
        first.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choice(self, text: str, kind: NextPeriod) -> str:
        start, end = next_period(self.plan.starts_on, self.plan.ends_on, kind)
        return text.format(start=start.strftime("%d.%m.%Y"), end=end.strftime("%d.%m.%Y"))

    def period(self) -> NextPeriod:
        """The period chosen for the next plan."""
        return NextPeriod.YEAR if self.year.isChecked() else NextPeriod.QUARTER

    def refuse(self, message: str, field: QWidget | None = None) -> None:
        """Tell what stops the save (the dialog stays open) and go to the field at fault."""
        self.problem.setText(message)
        self.problem.show()
        if field is not None:
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        """Record the decisions and make the next plan, then close."""
        for number, row in enumerate(self.rows, start=1):
            if row.chosen() == Decision.CHANGE and not row.wording.text().strip():
                self.refuse(
                    _("Give the new wording of goal {number}.").format(number=number), row.wording
                )
                return
        self.problem.hide()
        choices = {row.goal.id: row.choice() for row in self.rows}
        start, end = next_period(self.plan.starts_on, self.plan.ends_on, self.period())
        plan_id, today = self.plan.id, self.today
        review_id = self.plan.reviews[-1].id if self.plan.reviews else None

        def work(session: Session, actor: Actor) -> PlanRead:
            decided: uuid.UUID | None = review_id
            if decided is None:
                decided = add_review(
                    session, actor=actor, plan_id=plan_id, reviewed_on=today, today=today
                ).id
            elif review_decisions(session, actor=actor, review_id=decided):
                raise UserError(
                    _("This review's decisions are already recorded: record a new review first.")
                )
            return decide_review(
                session,
                actor=actor,
                review_id=decided,
                choices=choices,
                starts_on=start,
                ends_on=end,
            )

        def done(result: PlanRead) -> None:
            self.result_saved.emit(result)
            self.accept()

        self.context.call(
            work,
            done,
            on_error=lambda error: self.refuse(str(error)),
            changes={"plan"},
            parent=self,
        )
