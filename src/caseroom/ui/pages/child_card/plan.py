"""The child card's plan tab: goals by domain, ratings at checkpoints, a chart per goal."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlmodel import Session

from caseroom.i18n import _, current_language
from caseroom.services.common import Actor
from caseroom.services.people.children import ChildRead
from caseroom.services.plans.calendar import school_year_of
from caseroom.services.plans.periods import checkpoint_on, quarter_end_ahead
from caseroom.services.plans.plans import (
    CHECKPOINT_ORDER,
    GoalRead,
    PlanRead,
    PlanSummary,
    get_plan,
    plans_of_child,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.copy_forward import CopyForwardDialog
from caseroom.ui.dialogs.goal_form import GoalForm
from caseroom.ui.dialogs.goal_history import GoalHistoryDialog
from caseroom.ui.dialogs.plan_form import PlanForm, ReviewForm
from caseroom.ui.dialogs.rating_form import RatingForm
from caseroom.ui.dialogs.review_decisions import ReviewDecisionsDialog
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.child_card.parts import (
    SPACE_L,
    SPACE_M,
    SPACE_S,
    WARNING_STYLE,
    CardTab,
    EmptyState,
    Loader,
    clear_layout,
    day,
    heading,
    muted,
    note,
)
from caseroom.ui.pages.child_card.plan_archive import PlanArchive
from caseroom.ui.pages.child_card.plan_order import GoalOrder
from caseroom.ui.widgets.svg_chart import SvgChart, goal_chart_svgs
from caseroom.vocab import Checkpoint, Domain, GoalStatus, PlanStatus, Rating, label


@dataclass(frozen=True, slots=True)
class PlanData:
    """The child's plans, the one shown (with goals and ratings) and a chart per goal."""

    plans: tuple[PlanSummary, ...]
    plan: PlanRead | None
    charts: dict[uuid.UUID, bytes] = field(default_factory=dict)
    school_year: tuple[date, date] | None = None
    review_default: date | None = None
    """A new plan's next review: the end of the quarter ahead."""
    checkpoint: str | None = None
    """The rating checkpoint of today, which "Rate…" starts on."""


def choose_plan(plans: list[PlanSummary], wanted: uuid.UUID | None) -> PlanSummary | None:
    """The plan asked for, else the one in effect, else the latest."""
    for plan in plans:
        if plan.id == wanted:
            return plan
    active = [plan for plan in plans if plan.status == PlanStatus.ACTIVE.value]
    found = active or plans
    return found[0] if found else None


def in_domain_order(goals: tuple[GoalRead, ...]) -> list[GoalRead]:
    """Goals grouped by domain (in the order of `Domain`), as the screen and the report
    number them 1, 2, …; goals keep their plan order inside a domain."""
    rank = {domain.value: index for index, domain in enumerate(Domain)}
    return sorted(goals, key=lambda goal: rank.get(goal.domain, len(rank)))


def plan_loader(wanted: uuid.UUID | None, today: date, language: str) -> Loader:
    """A loader reading the plans and the chosen plan, and drawing its charts."""

    def load(session: Session, actor: Actor, child: ChildRead) -> PlanData:
        plans = plans_of_child(session, actor=actor, child_id=child.id)
        year = school_year_of(session, today)
        period = (year.starts_on, year.ends_on)
        review, checkpoint = quarter_end_ahead(session, today), checkpoint_on(year, today).value
        chosen = choose_plan(plans, wanted)
        if chosen is None:
            return PlanData((), None, {}, period, review, checkpoint)
        plan = get_plan(session, actor=actor, plan_id=chosen.id)
        charts = goal_chart_svgs(in_domain_order(plan.goals), language)
        return PlanData(tuple(plans), plan, charts, period, review, checkpoint)

    return load


def _label(kind: type[Checkpoint] | type[Rating] | type[Domain], code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


class GoalCard(QFrame):
    """One goal: words, baseline/target/criterion, ratings grid, chart, actions."""

    def __init__(
        self,
        number: int,
        goal: GoalRead,
        chart: bytes | None,
        on_rate: Callable[[GoalRead, int], object],
        on_edit: Callable[[GoalRead], object],
        parent: QWidget | None = None,
        on_history: Callable[[GoalRead, int], object] | None = None,
        on_archive: Callable[[GoalRead, int], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.goal = goal
        self.setObjectName("card")  # the app's stylesheet draws cards
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Goal {number}").format(number=number))
        layout = QGridLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)
        layout.setHorizontalSpacing(SPACE_L)
        layout.setVerticalSpacing(SPACE_S)
        title = QLabel(
            _("{number}. {description}").format(number=number, description=goal.description), self
        )
        title.setWordWrap(True)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title, 0, 0)
        facts = [
            (_("Baseline: {text}"), goal.baseline),
            (_("Target: {text}"), goal.target),
            (_("Criterion: {text}"), goal.criterion),
        ]
        lines = [text.format(text=value) for text, value in facts if value]
        if goal.status != "active":
            lines.append(_("Status: {status}").format(status=label_status(goal.status)))
        layout.addWidget(muted("\n".join(lines) or _("No baseline or target yet."), self), 1, 0)
        layout.addLayout(self._ratings(goal), 2, 0)
        buttons = QHBoxLayout()
        rate = QPushButton(_("Rate…"), self)
        rate.setAccessibleName(_("Rate goal {number}").format(number=number))
        rate.clicked.connect(lambda: on_rate(goal, number))
        edit = QPushButton(_("Edit…"), self)
        edit.setAccessibleName(_("Edit goal {number}").format(number=number))
        edit.clicked.connect(lambda: on_edit(goal))
        buttons.addWidget(rate)
        buttons.addWidget(edit)
        history = QPushButton(_("History…"), self)
        history.setAccessibleName(_("History of goal {number}").format(number=number))
        history.clicked.connect(lambda: on_history(goal, number) if on_history else None)
        history.setVisible(on_history is not None)
        buttons.addWidget(history)
        self.history_button = history
        archive = QPushButton(_("Archive…"), self)
        archive.setAccessibleName(_("Archive goal {number}").format(number=number))
        archive.clicked.connect(lambda: on_archive(goal, number) if on_archive else None)
        archive.setVisible(on_archive is not None)
        buttons.addWidget(archive)
        self.archive_button = archive
        buttons.addStretch(1)
        layout.addLayout(buttons, 3, 0)
        self.rate_button, self.edit_button = rate, edit
        if chart is not None:
            self.chart: SvgChart | None = SvgChart(chart, self)
            self.chart.setAccessibleName(_("Progress chart of goal {number}").format(number=number))
            self.chart.setMinimumWidth(self.chart.sizeHint().width() * 2 // 3)
            self.chart.setMaximumWidth(self.chart.sizeHint().width())
            layout.addWidget(self.chart, 0, 1, 4, 1, Qt.AlignmentFlag.AlignTop)
        else:
            self.chart = None
            hint = muted(_("No ratings yet: the chart appears after the first one."), self)
            hint.setFixedWidth(220)
            layout.addWidget(hint, 0, 1, 4, 1, Qt.AlignmentFlag.AlignTop)
        layout.setColumnStretch(0, 1)

    def buttons(self) -> list[QPushButton]:
        """The card's buttons: rate, edit, history, archive."""
        return [self.rate_button, self.edit_button, self.history_button, self.archive_button]

    def set_selected(self, selected: bool) -> None:
        """Outline the card as the selected goal (the one "Move up"/"Move down" moves)."""
        if bool(self.property("selected")) == selected:
            return
        self.setProperty("selected", selected)
        self.style().unpolish(self)
        self.style().polish(self)

    def _ratings(self, goal: GoalRead) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACE_M)
        grid.setVerticalSpacing(2)
        given = {rating.checkpoint: rating for rating in goal.ratings}
        self.cells: dict[str, QLabel] = {}
        for column, checkpoint in enumerate(CHECKPOINT_ORDER):
            name = label(checkpoint)
            head = muted(name, self)  # wraps: "middle of year" is long in Kazakh and Russian
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(head, 0, column)
            found = given.get(checkpoint.value)
            text = _label(Rating, found.rating) if found else "·"
            cell = QLabel(text, self)
            cell.setWordWrap(True)
            cell.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            cell.setAccessibleName(_("{checkpoint}: {rating}").format(checkpoint=name, rating=text))
            if found is not None:
                cell.setToolTip(day(found.rated_on) + (f"\n{found.note}" if found.note else ""))
            grid.addWidget(cell, 1, column)
            self.cells[checkpoint.value] = cell
        grid.setColumnStretch(len(CHECKPOINT_ORDER), 1)
        return grid


def label_status(code: str) -> str:
    """A goal status label."""
    try:
        return label(GoalStatus(code))
    except ValueError:
        return code


class PlanTab(CardTab):
    """The plan in effect (or another chosen), its goals, ratings and charts."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, navigator, today, parent)
        self.data: PlanData | None = None
        self._wanted: uuid.UUID | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, 0)
        outer.setSpacing(SPACE_M)
        bar = QHBoxLayout()
        bar.setSpacing(SPACE_S)
        self.plan_label = QLabel(_("&Plan:"), self)
        self.plan_choice = QComboBox(self)
        self.plan_choice.setAccessibleName(_("Plan"))
        self.plan_label.setBuddy(self.plan_choice)
        self.plan_choice.activated.connect(self._plan_chosen)
        bar.addWidget(self.plan_label)
        bar.addWidget(self.plan_choice)
        self.summary = QLabel("", self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Plan summary"))
        bar.addWidget(self.summary, 1)
        outer.addLayout(bar)
        # The actions take a row of their own: beside the summary, seven Kazakh or Russian
        # buttons squeezed it into four lines on a 1366-pixel laptop.
        bar = QHBoxLayout()
        bar.setSpacing(SPACE_S)
        self.review_button = self._button(_("Revie&w plan…"), self.review, bar)
        self.edit_plan_button = self._button(_("Edit p&lan…"), self.edit_plan, bar)
        self.add_goal_button = self._button(_("Add &goal…"), lambda: self.edit_goal(None), bar)
        self.copy_button = self._button(_("Copy &forward…"), self._copy_clicked, bar)
        self.decide_button = self._button(_("Review &decisions…"), self._decide_clicked, bar)
        bar.addStretch(1)
        self.order = GoalOrder(context, self, bar)  # the selected goal's: on the right
        outer.addLayout(bar)
        self.review_note = note("", WARNING_STYLE, self)
        self.review_note.hide()
        outer.addWidget(self.review_note)
        self.stack = QStackedWidget(self)
        outer.addWidget(self.stack, 1)
        scroll = QScrollArea(self.stack)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget(scroll)
        self.body = body
        self.goals_layout = QVBoxLayout(body)
        self.goals_layout.setContentsMargins(0, 0, SPACE_S, SPACE_L)
        self.goals_layout.setSpacing(SPACE_M)
        scroll.setWidget(body)
        self.stack.addWidget(scroll)
        self.no_plan = EmptyState(
            _("No support plan yet. Write the plan from the PMPK recommendations."),
            _("&Create plan…"),
            self.create_plan,
            self.stack,
        )
        self.stack.addWidget(self.no_plan)
        self.archive = PlanArchive(context, self)
        outer.addWidget(self.archive)
        self.goal_cards: list[GoalCard] = []
        self._return_to: tuple[str, uuid.UUID] | None = None
        """The goal card's button (rate or edit, goal id) that opened the dialog last: the
        focus goes back to it when the dialog closes, even after the cards are rebuilt."""

    def _button(self, text: str, slot: Callable[[], None], bar: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        bar.addWidget(button)
        return button

    def loader(self) -> Loader:
        """Plans, the chosen plan and its charts (drawn on the worker)."""
        return plan_loader(self._wanted, self.today(), current_language())

    def show_data(self, child: ChildRead, data: PlanData) -> None:
        """Show the plan, or the empty state with "Create plan"."""
        self.child, self.data = child, data
        plan = data.plan
        has_plan = plan is not None
        for widget in (
            self.review_button,
            self.edit_plan_button,
            self.add_goal_button,
            self.copy_button,
            self.decide_button,
        ):
            widget.setVisible(has_plan)
        self.plan_choice.clear()
        for summary in data.plans:
            self.plan_choice.addItem(
                _("{start} – {end}").format(start=day(summary.starts_on), end=day(summary.ends_on)),
                str(summary.id),
            )
        if plan is not None:
            self.plan_choice.setCurrentIndex(max(self.plan_choice.findData(str(plan.id)), 0))
        several = len(data.plans) > 1
        self.plan_label.setVisible(several)
        self.plan_choice.setVisible(several)
        self.goal_cards = []
        self.order.cards = []
        clear_layout(self.goals_layout)
        shown = None if plan is None else (plan.id, self.plan_choice.currentText())
        self.archive.show_plan(child.id, shown)
        if plan is None:
            self.summary.setText("")
            self.review_note.hide()
            self.stack.setCurrentWidget(self.no_plan)
            self.order.show_goals(None, [], False)
            return
        self._show_summary(plan)
        self.stack.setCurrentIndex(0)
        self._show_goals(plan, data.charts)
        self.order.show_goals(plan.id, self.goal_cards, self.archive.may_edit)
        if self._return_to is not None:  # once the new cards are shown
            wanted, self._return_to = self._return_to, None
            QTimer.singleShot(0, self, lambda: self.return_focus(wanted))

    def goal_button(self, kind: str, goal_id: uuid.UUID) -> QPushButton | None:
        """The "Rate…" (`kind` "rate"), "Edit…" or "History…" button of `goal_id`'s card."""
        for card in self.goal_cards:
            if card.goal.id == goal_id:
                buttons = {"rate": card.rate_button, "history": card.history_button}
                return buttons.get(kind, card.edit_button)
        return None

    def return_focus(self, wanted: tuple[str, uuid.UUID] | None = None) -> None:
        """Put the focus back on the goal button that opened the last dialog (the cards are
        made anew when the plan is read again after a save)."""
        wanted = wanted or self._return_to
        if wanted is None:
            return
        button = self.goal_button(*wanted)
        if button is not None and button.isVisible():
            button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _opened_from(self, kind: str, goal_id: uuid.UUID, form: QDialog) -> None:
        self._return_to = (kind, goal_id)

        def closed(result: int) -> None:
            self.return_focus()
            if result != QDialog.DialogCode.Accepted:
                self._return_to = None  # nothing is read again: done

        form.finished.connect(closed)

    def _show_summary(self, plan: PlanRead) -> None:
        parts = [
            _("Plan {start} – {end}").format(start=day(plan.starts_on), end=day(plan.ends_on)),
            _label_plan(plan.status),
        ]
        if plan.reviews:
            parts.append(_("last reviewed {date}").format(date=day(plan.reviews[-1].reviewed_on)))
        if plan.next_review_on:
            parts.append(_("next review {date}").format(date=day(plan.next_review_on)))
        self.summary.setText(" · ".join(parts))
        overdue = (
            plan.status == PlanStatus.ACTIVE.value
            and plan.next_review_on is not None
            and plan.next_review_on <= self.today()
        )
        if overdue and plan.next_review_on is not None:
            self.review_note.setText(
                _("The plan's review was due on {date}.").format(date=day(plan.next_review_on))
            )
            self.review_note.show()
        else:
            self.review_note.hide()

    def _show_goals(self, plan: PlanRead, charts: dict[uuid.UUID, bytes]) -> None:
        if not plan.goals:
            self.goals_layout.addWidget(
                EmptyState(
                    _("This plan has no goals yet."),
                    _("Add the first goal…"),
                    lambda: self.edit_goal(None),
                    self.body,
                )
            )
            return
        shown_domain: str | None = None
        for number, goal in enumerate(in_domain_order(plan.goals), start=1):
            if goal.domain != shown_domain:
                shown_domain = goal.domain
                title = _label(Domain, goal.domain)
                self.goals_layout.addWidget(heading(title[:1].upper() + title[1:], self.body))
            card = GoalCard(
                number,
                goal,
                charts.get(goal.id),
                self.rate,
                self.edit_goal,
                self.body,
                on_history=self.history,
                on_archive=self.archive_goal if self.archive.may_edit else None,
            )
            self.goals_layout.addWidget(card)
            self.goal_cards.append(card)
        self.goals_layout.addStretch(1)

    # --- actions -------------------------------------------------------------------------------

    def _plan_chosen(self, index: int) -> None:
        self._wanted = uuid.UUID(self.plan_choice.itemData(index))
        self.reload_card()

    def _saved(self, result: object) -> None:
        if isinstance(result, PlanRead):
            self._wanted = result.id  # a new plan is shown even when another is in effect
        self.reload_card()

    def create_plan(self) -> None:
        """Open the plan form for a new plan (the school year by default)."""
        if self.child is None or self.data is None:
            return
        form = PlanForm(
            self.context,
            self.child.id,
            period=self.data.school_year,
            next_review=self.data.review_default,
            today=self.today(),
            parent=self,
        )
        form.result_saved.connect(self._saved)
        form.open()

    def edit_plan(self) -> None:
        """Edit the shown plan's period, status and review date."""
        if self.child is None or self.data is None or self.data.plan is None:
            return
        form = PlanForm(self.context, self.child.id, self.data.plan, parent=self)
        form.result_saved.connect(self._saved)
        form.open()

    def review(self) -> None:
        """Record a review of the shown plan."""
        if self.data is None or self.data.plan is None:
            return
        form = ReviewForm(self.context, self.data.plan, today=self.today(), parent=self)
        form.result_saved.connect(self._saved)
        form.open()

    def edit_goal(self, goal: GoalRead | None) -> None:
        """Add a goal (None) or edit one."""
        if self.data is None or self.data.plan is None:
            return
        form = GoalForm(self.context, self.data.plan.id, goal, parent=self)
        form.result_saved.connect(self._saved)
        if goal is not None:
            self._opened_from("edit", goal.id, form)
        form.open()

    def history(self, goal: GoalRead, number: int) -> GoalHistoryDialog:
        """Show a goal's earlier versions."""
        title = _("{number}. {description}").format(number=number, description=goal.description)
        dialog = GoalHistoryDialog(self.context, goal.id, title, parent=self)
        self._opened_from("history", goal.id, dialog)
        dialog.open()
        return dialog

    def archive_goal(self, goal: GoalRead, number: int) -> QDialog | None:
        """Archive a goal of the plan, asking why (Ctrl+Z brings it back)."""
        what = _("{number}. {description}").format(number=number, description=goal.description)
        return self.archive.archive_goal(goal.id, what)

    def _copy_clicked(self) -> None:
        self.copy_forward()

    def copy_forward(self) -> CopyForwardDialog | None:
        """Copy the shown plan to the next quarter or year (a draft, ratings fresh)."""
        if self.data is None or self.data.plan is None:
            return None
        dialog = CopyForwardDialog(self.context, self.data.plan, parent=self)
        dialog.result_saved.connect(self._saved)
        dialog.open()
        return dialog

    def _decide_clicked(self) -> None:
        self.decide_review()

    def decide_review(self) -> ReviewDecisionsDialog | None:
        """Record the review's decision per goal; the next period's draft plan is shown."""
        if self.data is None or self.data.plan is None:
            return None
        dialog = ReviewDecisionsDialog(
            self.context, self.data.plan, today=self.today(), parent=self
        )
        dialog.result_saved.connect(self._saved)
        dialog.open()
        return dialog

    def rate(self, goal: GoalRead, number: int, checkpoint: str | None = None) -> RatingForm | None:
        """Rate a goal at a checkpoint (today's checkpoint by default)."""
        if self.child is None or self.data is None or self.data.plan is None:
            return None
        form = RatingForm(
            self.context,
            self.child.id,
            self.data.plan,
            goal,
            number=number,
            checkpoint=checkpoint or self.data.checkpoint,
            today=self.today(),
            parent=self,
        )
        form.result_saved.connect(self._saved)
        self._opened_from("rate", goal.id, form)
        form.open()
        return form


def _label_plan(code: str) -> str:
    try:
        return label(PlanStatus(code))
    except ValueError:
        return code
