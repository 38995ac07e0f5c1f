"""Rate a goal at a checkpoint on the dynamics scale (rating again replaces the rating)."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from caseroom.i18n import _
from caseroom.services.plans.goals import (
    rate_goal,
)
from caseroom.services.plans.plans import (
    CHECKPOINT_ORDER,
    GoalRead,
    PlanRead,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import DateField, day_text
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.vocab import Rating, label

SCALE = (Rating.NONE, Rating.MINIMAL, Rating.MODERATE, Rating.HIGH, Rating.NOT_ASSESSED)


class RatingForm(FormDialog):
    """The rating of one goal of a child's plan at a chosen checkpoint."""

    def __init__(
        self,
        context: AppContext,
        child_id: uuid.UUID,
        plan: PlanRead,
        goal: GoalRead,
        *,
        number: int = 1,
        checkpoint: str | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Rate goal {number}").format(number=number), parent, context=context)
        self.child_id, self.plan, self.goal = child_id, plan, goal
        self.today = today or date.today()
        about = QLabel(goal.description, self)
        about.setWordWrap(True)
        font = about.font()
        font.setBold(True)
        about.setFont(font)
        about.setAccessibleName(_("Goal"))
        self.form().addRow(about)
        self.checkpoint = self.add_field("checkpoint", _("&Checkpoint"), QComboBox(self))
        rated = {r.checkpoint for r in goal.ratings}
        for point in CHECKPOINT_ORDER:
            text = label(point)
            if point.value in rated:
                text = _("{checkpoint} (rated)").format(checkpoint=text)
            self.checkpoint.addItem(text, point.value)
        self.rating = self.add_field("rating", _("&Rating"), QComboBox(self))
        for code in SCALE:
            self.rating.addItem(label(code), code.value)
        start = min(self.today, plan.ends_on)
        self.rated_on = self.add_field(
            "rated_on", _("Rated &on"), DateField(start, start=start, parent=self)
        )
        self.note_edit = self.add_field("note", _("&Note"), QLineEdit(self))
        first_open = next((c.value for c in CHECKPOINT_ORDER if c.value not in rated), None)
        wanted = checkpoint or first_open or CHECKPOINT_ORDER[0].value
        self.checkpoint.setCurrentIndex(max(self.checkpoint.findData(wanted), 0))
        self.checkpoint.currentIndexChanged.connect(self._prefill)
        # Unless this checkpoint was rated, start from the goal's latest rating (or none).
        latest = goal.ratings[-1].rating if goal.ratings else Rating.NOT_ASSESSED.value
        self.rating.setCurrentIndex(max(self.rating.findData(latest), 0))
        self._prefill()
        self.resize(520, 0)
        self.ready()

    def _prefill(self) -> None:
        """Show the rating already given at the chosen checkpoint, if any."""
        found = [r for r in self.goal.ratings if r.checkpoint == self.checkpoint.currentData()]
        if found:
            self.rating.setCurrentIndex(max(self.rating.findData(found[-1].rating), 0))
            self.rated_on.set_value(found[-1].rated_on)
            self.note_edit.setText(found[-1].note or "")

    def local_problems(self) -> dict[str, str]:
        """The date must be known, not in the future, and inside the plan's period."""
        rated_on = self.rated_on.value()
        if rated_on is None:
            return {"rated_on": _("Enter the date of the rating.")}
        if rated_on > self.today:
            return {
                "rated_on": _("The rating date {date} is in the future.").format(
                    date=day_text(rated_on)
                )
            }
        if not self.plan.starts_on <= rated_on <= self.plan.ends_on:
            return {
                "rated_on": _(
                    "The rating date {date} is outside the plan's period {start} – {end}."
                ).format(
                    date=day_text(rated_on),
                    start=day_text(self.plan.starts_on),
                    end=day_text(self.plan.ends_on),
                )
            }
        return {}

    def save(self) -> None:
        """Store the rating."""
        child_id, goal_id, today = self.child_id, self.goal.id, self.today
        checkpoint, rating = self.checkpoint.currentData(), self.rating.currentData()
        rated_on, note = self.rated_on.value(), self.note_edit.text() or None
        assert rated_on is not None  # check() refused a blank date
        self.run(
            lambda s, actor: rate_goal(
                s,
                actor=actor,
                child_id=child_id,
                goal_id=goal_id,
                checkpoint=checkpoint,
                rating=rating,
                rated_on=rated_on,
                note=note,
                today=today,
            ),
            {"plan"},
        )
