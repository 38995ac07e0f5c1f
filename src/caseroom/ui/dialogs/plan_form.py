"""Create or edit a support plan (ИПР), and record a review of it."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.plans.plans import (
    DEFAULT_REVIEW_INTERVAL,
    PlanInput,
    PlanRead,
    add_review,
    create_plan,
    update_plan,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import DateField, day_text
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.vocab import PlanStatus, label


def _notes_edit(parent: QWidget) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(72)
    return edit


class PlanForm(FormDialog):
    """A child's plan: period, status, next review and notes (new when `plan` is None)."""

    def __init__(
        self,
        context: AppContext,
        child_id: uuid.UUID,
        plan: PlanRead | None = None,
        *,
        period: tuple[date, date] | None = None,
        next_review: date | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """`next_review` is a new plan's suggested review (the end of the quarter ahead;
        without it, or when it falls before the plan starts, a term after the start)."""
        super().__init__(
            _("Edit the plan") if plan else _("Create a plan"), parent, context=context
        )
        self.child_id, self.plan = child_id, plan
        today = today or date.today()
        starts, ends = (plan.starts_on, plan.ends_on) if plan else (period or (today, today))
        self.starts_on = self.add_field(
            "starts_on", _("St&arts on"), DateField(starts, start=starts, parent=self)
        )
        self.ends_on = self.add_field(
            "ends_on", _("&Ends on"), DateField(ends, start=ends, parent=self)
        )
        self.status = self.add_field("status", _("S&tatus"), QComboBox(self))
        for code in PlanStatus:
            self.status.addItem(label(code), code.value)
        wanted = plan.status if plan else PlanStatus.ACTIVE.value
        self.status.setCurrentIndex(max(self.status.findData(wanted), 0))
        suggested = next_review if next_review and next_review >= starts else None
        review = plan.next_review_on if plan else suggested or starts + DEFAULT_REVIEW_INTERVAL
        self.next_review_on = self.add_field(
            "next_review_on",
            _("&Next review"),
            DateField(review, start=review or starts, parent=self),
        )
        self.notes = self.add_field("notes", _("N&otes"), _notes_edit(self))
        if plan is not None:
            self.notes.setPlainText(plan.notes or "")
        self.resize(480, 0)
        self.undoable("plan", plan.id if plan else None)
        self.ready()

    def local_problems(self) -> dict[str, str]:
        """Dates known and in order."""
        starts, ends = self.starts_on.value(), self.ends_on.value()
        review = self.next_review_on.value()
        problems: dict[str, str] = {}
        if starts is None:
            problems["starts_on"] = _("Enter the date the plan starts.")
        if ends is None:
            problems["ends_on"] = _("Enter the date the plan ends.")
        if starts and ends and ends < starts:
            problems["ends_on"] = _("The plan ends on {end}, before it starts on {start}.").format(
                end=day_text(ends), start=day_text(starts)
            )
        if starts and review and review < starts:
            problems["next_review_on"] = _(
                "The review date {date} is before the plan starts on {start}."
            ).format(date=day_text(review), start=day_text(starts))
        return problems

    def save(self) -> None:
        """Create or update the plan."""
        starts, ends = self.starts_on.value(), self.ends_on.value()
        assert starts is not None and ends is not None
        data = PlanInput(
            starts_on=starts,
            ends_on=ends,
            status=self.status.currentData(),
            next_review_on=self.next_review_on.value(),
            author_id=self.plan.author_id if self.plan else self.context.actor.staff_id,
            notes=self.notes.toPlainText() or None,
        )
        plan, child_id = self.plan, self.child_id
        if plan is None:
            self.run(
                lambda s, actor: create_plan(s, actor=actor, child_id=child_id, data=data),
                {"plan"},
            )
        else:
            self.run(
                lambda s, actor: update_plan(s, actor=actor, plan_id=plan.id, data=data),
                {"plan"},
            )


class ReviewForm(FormDialog):
    """Record that the plan was reviewed, and when it is reviewed next."""

    def __init__(
        self,
        context: AppContext,
        plan: PlanRead,
        *,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Review the plan"), parent, context=context)
        self.plan = plan
        self.today = today or date.today()
        about = QLabel(
            _("Plan {start} – {end}").format(
                start=day_text(plan.starts_on), end=day_text(plan.ends_on)
            ),
            self,
        )
        self.form().addRow(about)
        self.reviewed_on = self.add_field(
            "reviewed_on", _("&Reviewed on"), DateField(self.today, start=self.today, parent=self)
        )
        self.summary = self.add_field("summary", _("S&ummary"), _notes_edit(self))
        next_review = self.today + DEFAULT_REVIEW_INTERVAL
        self.next_review_on = self.add_field(
            "next_review_on",
            _("&Next review"),
            DateField(next_review, start=next_review, parent=self),
        )
        self.resize(480, 0)
        self.ready()

    def local_problems(self) -> dict[str, str]:
        """The review is dated, not in the future nor before the plan, and the next after it."""
        reviewed, following = self.reviewed_on.value(), self.next_review_on.value()
        problems: dict[str, str] = {}
        if reviewed is None:
            problems["reviewed_on"] = _("Enter the date of the review.")
        elif reviewed > self.today:
            problems["reviewed_on"] = _("The review date {date} is in the future.").format(
                date=day_text(reviewed)
            )
        elif reviewed < self.plan.starts_on:
            problems["reviewed_on"] = _(
                "The review date {date} is before the plan starts on {start}."
            ).format(date=day_text(reviewed), start=day_text(self.plan.starts_on))
        if reviewed and following and following <= reviewed:
            problems["next_review_on"] = _(
                "The next review must come after this review on {date}."
            ).format(date=day_text(reviewed))
        return problems

    def save(self) -> None:
        """Record the review."""
        reviewed = self.reviewed_on.value()
        assert reviewed is not None
        plan_id, today = self.plan.id, self.today
        summary, following = self.summary.toPlainText() or None, self.next_review_on.value()
        self.run(
            lambda s, actor: add_review(
                s,
                actor=actor,
                plan_id=plan_id,
                reviewed_on=reviewed,
                summary=summary,
                next_review_on=following,
                today=today,
            ),
            {"plan"},
        )
