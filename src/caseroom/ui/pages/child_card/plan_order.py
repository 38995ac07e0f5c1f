"""Moving a goal up or down on the plan tab.

The selected goal is the one whose card last held the focus (its card is outlined).
Ctrl+Up and Ctrl+Down move it, and so do "Move up" and "Move down" on the tab's bar. The
tab shows goals grouped by domain, so a goal moves past the goals of its own domain only.
The new order (the order shown, which the report numbers the same way) is saved through
`reorder_goals`; Ctrl+Z puts the earlier order back.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.plans.goals import reorder_goals
from caseroom.services.plans.plans import get_plan
from caseroom.ui.context import AppContext
from caseroom.ui.undo import UndoStep

CHANGES = frozenset({"plan"})


class ShownGoal(Protocol):
    """What the order needs of a goal's card on the tab."""

    @property
    def goal(self) -> Any:
        """The goal shown (a `GoalRead`)."""

    def set_selected(self, selected: bool) -> None:
        """Outline the card (or not) as the selected goal."""

    def buttons(self) -> Sequence[QAbstractButton]:
        """The card's buttons, in a fixed order."""


def moved(order: Sequence[uuid.UUID], goal_id: uuid.UUID, other: uuid.UUID) -> list[uuid.UUID]:
    """`order` with `goal_id` and `other` swapped."""
    result = list(order)
    first, second = result.index(goal_id), result.index(other)
    result[first], result[second] = result[second], result[first]
    return result


class GoalOrder(QObject):
    """The tab's "Move up"/"Move down" buttons, Ctrl+Up/Ctrl+Down and the selected goal."""

    def __init__(self, context: AppContext, tab: QWidget, bar: QHBoxLayout) -> None:
        super().__init__(tab)
        self.context = context
        self.tab = tab
        self.plan_id: uuid.UUID | None = None
        self.cards: list[ShownGoal] = []
        self.selected: uuid.UUID | None = None
        self._refocus: tuple[uuid.UUID, int] | None = None
        """The goal and the index of its card's button that had the focus when it was moved:
        the focus goes back there once the cards are made anew."""
        self._moving = False
        """A move was saved: the next cards shown scroll the selected one into view."""
        self.up_button = self._button(_("Move &up"), _("Move goal up"), bar, -1)
        self.down_button = self._button(_("Move dow&n"), _("Move goal down"), bar, 1)
        self.up_button.setToolTip(
            _("Move the selected goal before the one above it in its domain (Ctrl+Up)")
        )
        self.down_button.setToolTip(
            _("Move the selected goal after the one below it in its domain (Ctrl+Down)")
        )
        for key, step in ((Qt.Key.Key_Up, -1), (Qt.Key.Key_Down, 1)):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), tab)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.move(step))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _button(self, text: str, name: str, bar: QHBoxLayout, step: int) -> QPushButton:
        button = QPushButton(text, self.tab)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self.move(step))
        bar.addWidget(button)
        return button

    # --- what is shown -------------------------------------------------------------------

    def show_goals(
        self, plan_id: uuid.UUID | None, cards: Sequence[ShownGoal], may_edit: bool
    ) -> None:
        """The tab shows `cards` (in the order shown) of plan `plan_id`."""
        self.plan_id, self.cards = plan_id, list(cards)
        ids = [card.goal.id for card in self.cards]
        if self.selected not in ids:
            self.selected = None
        show = plan_id is not None and may_edit and len(ids) > 1
        self.up_button.setVisible(show)
        self.down_button.setVisible(show)
        self._show_selection()
        refocus, self._refocus = self._refocus, None
        if refocus is not None and refocus[0] in ids:
            buttons = self.cards[ids.index(refocus[0])].buttons()
            if 0 <= refocus[1] < len(buttons):
                buttons[refocus[1]].setFocus(Qt.FocusReason.OtherFocusReason)
        if self._moving and self.selected is not None:
            QTimer.singleShot(0, self, self.reveal)
        self._moving = False

    def reveal(self) -> None:
        """Scroll the selected goal's card into view (after a move it may sit elsewhere)."""
        card = next((c for c in self.cards if c.goal.id == self.selected), None)
        if not isinstance(card, QWidget):
            return
        area = card.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.ensureWidgetVisible(card, 0, 0)

    def select(self, goal_id: uuid.UUID | None) -> None:
        """Make `goal_id` the selected goal (None: none)."""
        self.selected = goal_id
        self._show_selection()

    def _show_selection(self) -> None:
        for card in self.cards:
            card.set_selected(card.goal.id == self.selected)
        pair = (self.up_button, self.down_button)
        had_focus = next((button for button in pair if button.hasFocus()), None)
        self.up_button.setEnabled(self.neighbour(-1) is not None)
        self.down_button.setEnabled(self.neighbour(1) is not None)
        if had_focus is not None and not had_focus.isEnabled():
            # the goal reached the end of its domain: the other way, else the goal's card
            other = pair[1] if had_focus is pair[0] else pair[0]
            if other.isEnabled():
                other.setFocus(Qt.FocusReason.OtherFocusReason)

    def _card_of(self, widget: QWidget | None) -> ShownGoal | None:
        for card in self.cards:
            if isinstance(card, QWidget) and widget is not None and card.isAncestorOf(widget):
                return card
        return None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        card = self._card_of(new)
        if card is not None and card.goal.id != self.selected:
            self.select(card.goal.id)

    def neighbour(self, step: int) -> uuid.UUID | None:
        """The goal of the same domain next to the selected one (`step` -1: above, 1: below),
        or None when it is the first (last) of its domain or none is selected."""
        goals = [card.goal for card in self.cards]
        at = next((i for i, goal in enumerate(goals) if goal.id == self.selected), None)
        if at is None or not 0 <= at + step < len(goals):
            return None
        other = goals[at + step]
        return other.id if other.domain == goals[at].domain else None

    # --- moving --------------------------------------------------------------------------

    def move(self, step: int) -> bool:
        """Move the selected goal up (-1) or down (1) among its domain's goals; False when
        it cannot move that way."""
        other = self.neighbour(step)
        if other is None or self.selected is None or self.plan_id is None:
            return False
        if not self.up_button.isVisible():
            return False
        goal_id, plan_id = self.selected, self.plan_id
        shown = [card.goal.id for card in self.cards]
        before = [card.goal.id for card in sorted(self.cards, key=lambda c: c.goal.sort_order)]
        after = moved(shown, goal_id, other)
        card = self.cards[shown.index(goal_id)]
        focused = QApplication.focusWidget()
        buttons = card.buttons()
        if focused in buttons:
            self._refocus = (goal_id, buttons.index(focused))
        actor = self.context.actor
        self.context.run(
            lambda session: reorder_goals(session, actor=actor, plan_id=plan_id, goal_ids=after),
            lambda _result: self._saved(plan_id, before, step),
            changes=CHANGES,
            parent=self.tab,
        )
        return True

    def _saved(self, plan_id: uuid.UUID, before: list[uuid.UUID], step: int) -> None:
        self._moving = True
        message = _("Goal moved up") if step < 0 else _("Goal moved down")
        self.context.undo.push(
            UndoStep(
                message,
                lambda session, actor: put_back(session, actor, plan_id, before),
                CHANGES,
                _("Undone: the goals have their earlier order"),
            )
        )


def earlier_order(before: Sequence[uuid.UUID], now: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    """The goals of `now` in the order of `before`: goals archived since are left out,
    goals added since come last, in their order of `now`."""
    present = set(now)
    kept = [goal_id for goal_id in before if goal_id in present]
    known = set(kept)
    return kept + [goal_id for goal_id in now if goal_id not in known]


def put_back(session: Any, actor: Any, plan_id: uuid.UUID, before: Sequence[uuid.UUID]) -> None:
    """Undo of a move: the plan's goals in their earlier order (run on the worker)."""
    now = [goal.id for goal in get_plan(session, actor=actor, plan_id=plan_id).goals]
    reorder_goals(session, actor=actor, plan_id=plan_id, goal_ids=earlier_order(before, now))
