"""Copy a plan forward to the next quarter or year: goals in progress carried one by one,
their ratings starting fresh."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.plans.carry import NextPeriod, copy_forward, next_period
from caseroom.services.plans.plans import PlanRead
from caseroom.ui.context import AppContext
from caseroom.vocab import GoalStatus


class CopyForwardDialog(QDialog):
    """Choose the next quarter or the next year; a draft plan is made with the goals."""

    result_saved = Signal(object)

    def __init__(self, context: AppContext, plan: PlanRead, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.plan = context, plan
        self.setWindowTitle(_("Copy the plan forward"))
        layout = QVBoxLayout(self)
        carried = sum(1 for goal in plan.goals if goal.status == GoalStatus.ACTIVE)
        intro = QLabel(
            ngettext(
                "{n} goal in progress is copied into a new draft plan; its ratings start fresh.",
                "{n} goals in progress are copied into a new draft plan; their ratings start "
                "fresh.",
                carried,
            ).format(n=carried),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        self.quarter = QRadioButton(
            self._choice(_("Next &quarter: {start} – {end}"), NextPeriod.QUARTER), self
        )
        self.year = QRadioButton(
            self._choice(_("Next &year: {start} – {end}"), NextPeriod.YEAR), self
        )
        for button, kind in ((self.quarter, NextPeriod.QUARTER), (self.year, NextPeriod.YEAR)):
            button.setAccessibleName(button.text().replace("&", ""))
            button.setProperty("period", kind.value)
            self.group.addButton(button)
            layout.addWidget(button)
        self.quarter.setChecked(True)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton(_("&Copy"), self)
        self.copy_button.setAccessibleName(_("Copy"))
        self.copy_button.setDefault(True)
        cancel = QPushButton(_("Cancel"), self)
        cancel.setAccessibleName(_("Cancel"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.quarter.setFocus(Qt.FocusReason.OtherFocusReason)

    def _choice(self, text: str, kind: NextPeriod) -> str:
        start, end = next_period(self.plan.starts_on, self.plan.ends_on, kind)
        return text.format(start=start.strftime("%d.%m.%Y"), end=end.strftime("%d.%m.%Y"))

    def period(self) -> NextPeriod:
        """The period chosen."""
        return NextPeriod.YEAR if self.year.isChecked() else NextPeriod.QUARTER

    def copy(self) -> None:
        """Make the new plan, then close."""
        start, end = next_period(self.plan.starts_on, self.plan.ends_on, self.period())
        plan_id = self.plan.id

        def done(result: PlanRead) -> None:
            self.result_saved.emit(result)
            self.accept()

        self.context.call(
            lambda s, actor: copy_forward(
                s, actor=actor, plan_id=plan_id, starts_on=start, ends_on=end
            ),
            done,
            changes={"plan"},
            parent=self,
        )
