"""The plan tab: goals by domain, ratings, charts, and the plan's dialogs."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.children import ChildInput, create_child, get_child
from caseroom.services.plans.calendar import school_year_of
from caseroom.services.plans.plans import GoalRead, PlanRead, get_plan, plans_of_child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.goal_form import GoalForm
from caseroom.ui.dialogs.plan_form import PlanForm, ReviewForm
from caseroom.ui.dialogs.rating_form import RatingForm
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.pages.child_card.plan import in_domain_order
from caseroom.ui.widgets.svg_chart import screen_svg
from caseroom.vocab import Domain

TODAY = date(2026, 11, 23)


def first_child(engine: Engine) -> uuid.UUID:
    with Session(engine) as session:
        return list_children(session, actor=SYSTEM, filters=ChildFilters(), limit=1)[0].id


def current_plan(engine: Engine, child_id: uuid.UUID) -> PlanRead:
    with Session(engine) as session:
        summary = next(
            p
            for p in plans_of_child(session, actor=SYSTEM, child_id=child_id)
            if p.status == "active"
        )
        return get_plan(session, actor=SYSTEM, plan_id=summary.id)


def open_plan(qtbot: QtBot, context: AppContext, navigator: Any, child_id: uuid.UUID) -> ChildCard:
    card = ChildCard(context, navigator, lambda: TODAY)
    qtbot.addWidget(card)
    card.resize(1300, 720)
    card.show()
    qtbot.waitExposed(card)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        card.open_child(child_id, "plan")
    return card


def open_dialog(qtbot: QtBot, kind: type[QDialog]) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    return QApplication.activeModalWidget()


def reloaded(qtbot: QtBot, card: ChildCard) -> None:
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        pass


def test_goals_are_grouped_by_domain_with_ratings_and_charts(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    plan = current_plan(demo_engine, child_id)
    card = open_plan(qtbot, context, navigator, child_id)
    tab = card.plan
    assert tab.stack.currentIndex() == 0
    assert "in effect" in tab.summary.text()
    assert len(tab.goal_cards) == len(plan.goals) > 0
    by_id = {goal.id: goal for goal in plan.goals}
    for goal_card in tab.goal_cards:
        goal = by_id[goal_card.goal.id]
        for rating in goal.ratings:
            assert goal_card.cells[rating.checkpoint].text() == {
                "none": "no change",
                "not_assessed": "not assessed",
            }.get(rating.rating, rating.rating)
        assert (goal_card.chart is not None) == bool(goal.ratings)
    order = [domain.value for domain in Domain]
    domains = [order.index(goal_card.goal.domain) for goal_card in tab.goal_cards]
    assert domains == sorted(domains)  # grouped by domain, in the order of the scale
    assert [c.goal.id for c in tab.goal_cards] == [g.id for g in in_domain_order(plan.goals)]
    assert [c.accessibleName() for c in tab.goal_cards[:2]] == ["Goal 1", "Goal 2"]


def test_rate_a_goal_stores_and_shows_the_rating(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    card = open_plan(qtbot, context, navigator, child_id)
    goal_card = card.plan.goal_cards[0]
    goal_id = goal_card.goal.id
    assert goal_card.cells["q2"].text() == "·"
    goal_card.rate_button.click()
    form = open_dialog(qtbot, RatingForm)
    form.checkpoint.setCurrentIndex(form.checkpoint.findData("q2"))
    form.rating.setFocus()
    form.rating.setCurrentIndex(form.rating.findData("high"))
    form.rated_on.set_value(TODAY)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=3000)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(form.rating, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    plan = current_plan(demo_engine, child_id)
    goal = next(g for g in plan.goals if g.id == goal_id)
    stored = [r for r in goal.ratings if r.checkpoint == "q2"]
    assert [(r.rating, r.rated_on) for r in stored] == [("high", TODAY)]
    qtbot.waitUntil(
        lambda: (
            next(c for c in card.plan.goal_cards if c.goal.id == goal_id).cells["q2"].text()
            == "high"
        ),
        timeout=5000,
    )


def test_a_rating_outside_the_plan_is_refused_next_to_the_date(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    plan = current_plan(demo_engine, child_id)
    card = open_plan(qtbot, context, navigator, child_id)
    form = card.plan.rate(card.plan.goal_cards[0].goal, 1, "q2")
    assert isinstance(form, RatingForm)
    form.rated_on.set_value(date(plan.starts_on.year - 1, 1, 10))
    form.try_save()
    assert form.isVisible()
    assert "outside the plan's period" in form._errors["rated_on"].text()
    assert form._errors["rated_on"].isVisible()
    form.rated_on.set_value(date(2027, 1, 10))
    assert form._errors["rated_on"].text() == "The rating date 10.01.2027 is in the future."
    form.dirty = False
    form.reject()


def test_add_a_goal(qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine) -> None:
    child_id = first_child(demo_engine)
    before = current_plan(demo_engine, child_id)
    card = open_plan(qtbot, context, navigator, child_id)
    card.plan.add_goal_button.click()
    form = open_dialog(qtbot, GoalForm)
    form.domain.setCurrentIndex(form.domain.findData("fine_motor"))
    form.try_save()
    assert form.isVisible()
    assert form._errors["description"].text() == "Describe the goal."
    form.description.setPlainText("Застёгивает пуговицы сам")
    form.baseline.setText("С помощью взрослого")
    form.target.setText("Сам, 3 пуговицы")
    form.criterion.setText("3 из 3 раз")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        form.try_save()
    after = current_plan(demo_engine, child_id)
    assert len(after.goals) == len(before.goals) + 1
    added: GoalRead = after.goals[-1]
    assert (added.domain, added.description, added.criterion) == (
        "fine_motor",
        "Застёгивает пуговицы сам",
        "3 из 3 раз",
    )
    qtbot.waitUntil(lambda: len(card.plan.goal_cards) == len(after.goals), timeout=5000)
    shown = next(c for c in card.plan.goal_cards if c.goal.id == added.id)
    assert shown.chart is None  # no ratings yet


def test_review_the_plan(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    before = current_plan(demo_engine, child_id)
    card = open_plan(qtbot, context, navigator, child_id)
    card.plan.review_button.click()
    form = open_dialog(qtbot, ReviewForm)
    form.summary.setPlainText("Речь: заметная динамика")
    form.next_review_on.set_value(date(2027, 2, 1))
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        form.try_save()
    after = current_plan(demo_engine, child_id)
    assert len(after.reviews) == len(before.reviews) + 1
    assert (after.reviews[-1].reviewed_on, after.reviews[-1].summary) == (
        TODAY,
        "Речь: заметная динамика",
    )
    assert after.next_review_on == date(2027, 2, 1)
    qtbot.waitUntil(lambda: "next review 01.02.2027" in card.plan.summary.text(), timeout=5000)


def test_a_child_without_a_plan_gets_one(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    with Session(demo_engine) as session:
        family_id = get_child(session, actor=SYSTEM, child_id=first_child(demo_engine)).family_id
        new = create_child(
            session,
            actor=psychologist,
            data=ChildInput(
                family_id=family_id,
                last_name="Омарова",
                first_name="Дана",
                birth_date=date(2018, 2, 1),
                enrolled_on=TODAY,
            ),
            today=TODAY,
        )
        session.commit()
    card = open_plan(qtbot, context, navigator, new.id)
    tab = card.plan
    assert tab.stack.currentWidget() is tab.no_plan
    assert not tab.add_goal_button.isVisible()
    assert tab.no_plan.button is not None
    tab.no_plan.button.click()
    form = open_dialog(qtbot, PlanForm)
    with Session(demo_engine) as session:
        year = school_year_of(session, TODAY)
    assert form.ends_on.value() == year.ends_on  # the school year's last day
    form.starts_on.set_value(TODAY)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        form.try_save()
    with Session(demo_engine) as session:
        plans = plans_of_child(session, actor=SYSTEM, child_id=new.id)
    assert [(p.starts_on, p.status) for p in plans] == [(TODAY, "active")]
    qtbot.waitUntil(lambda: tab.stack.currentIndex() == 0, timeout=5000)
    assert tab.add_goal_button.isVisible()


def test_screen_svg_drops_the_clip_that_qt_draws_black() -> None:
    svg = (
        b'<svg><clipPath id="clip">\n<rect x="0" y="0" width="9" height="9"/>\n</clipPath>'
        b'<g id="group" style="clip-path: url(#clip)"><rect/></g></svg>'
    )
    assert screen_svg(svg) == b'<svg><g id="group" style=""><rect/></g></svg>'
