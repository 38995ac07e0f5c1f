"""Defaults that fit the day, filled in before anyone types.

- a new child's school is the room's school, and the family made with her lives in the
  room's locality (so does a new family made on the Families page);
- a new plan's next review is the end of the quarter ahead (28.12.2026 on 23.11.2026);
- "Rate…" starts on the checkpoint of today (quarter 2 on 23.11.2026), not on the start of
  the year.
Each form is opened, filled and saved with the keyboard.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from focus_keys import focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.ui.conftest import DEMO_TODAY
from tests.ui.test_plan_tab import first_child, open_plan
from wellbeing_fixtures import activate

from caseroom.db.models import Child, Family
from caseroom.services.common import SYSTEM
from caseroom.services.people.children import ChildInput, create_child, get_child
from caseroom.services.people.rooms import get_room
from caseroom.services.plans.plans import plans_of_child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import ChildForm
from caseroom.ui.dialogs.family_form import FamilyForm
from caseroom.ui.dialogs.plan_form import PlanForm
from caseroom.ui.dialogs.rating_form import RatingForm


def ctrl_enter(qtbot: QtBot) -> None:
    """Save the form that has the focus."""
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_new_child_goes_to_the_rooms_school_and_her_family_lives_nearby(
    qtbot: QtBot, context: AppContext, demo_engine: Engine
) -> None:
    with Session(demo_engine) as session:
        room = get_room(session)
    assert room is not None and room.locality
    form = ChildForm(context, today=DEMO_TODAY)
    qtbot.addWidget(form)
    activate(qtbot, form)
    qtbot.waitUntil(lambda: form.school.text() == room.school_name, timeout=5000)
    assert not form.is_changed()  # Escape closes it without asking
    qtbot.keyClicks(focused(), "Zhanabay")  # the family: a new one, named so
    qtbot.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(focused(), "Zhanabay")
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(focused(), "Aliya")
    qtbot.keyClick(focused(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(focused(), "14.03.2017")
    with qtbot.waitSignal(form.result_saved, timeout=10_000):
        ctrl_enter(qtbot)
    with Session(demo_engine) as session:
        child = session.execute(
            select(Child).where(col(Child.last_name) == "Zhanabay")
        ).scalar_one()
        family = session.get(Family, child.family_id)
        assert family is not None
        assert (child.school, family.display_name, family.locality) == (
            room.school_name,
            "Zhanabay",
            room.locality,
        )


def test_a_new_family_lives_in_the_rooms_locality(
    qtbot: QtBot, context: AppContext, demo_engine: Engine
) -> None:
    with Session(demo_engine) as session:
        room = get_room(session)
    assert room is not None
    form = FamilyForm(context)
    qtbot.addWidget(form)
    activate(qtbot, form)
    qtbot.waitUntil(lambda: form.locality_edit.text() == room.locality, timeout=5000)
    assert not form.is_changed()
    qtbot.keyClicks(focused(), "Baitursyn")
    with qtbot.waitSignal(form.result_saved, timeout=10_000):
        ctrl_enter(qtbot)
    assert form.result_family is not None
    assert form.result_family.locality == room.locality


def test_a_new_plan_is_reviewed_at_the_end_of_the_quarter(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Any
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
                enrolled_on=DEMO_TODAY,
            ),
            today=DEMO_TODAY,
        )
        session.commit()
    card = open_plan(qtbot, context, navigator, new.id)
    activate(qtbot, card)
    button = card.plan.no_plan.button
    assert button is not None
    button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # "Create plan…"
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PlanForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, PlanForm)
    assert form.next_review_on.value() == date(2026, 12, 28)
    qtbot.waitUntil(form.isActiveWindow)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        ctrl_enter(qtbot)
    with Session(demo_engine) as session:
        [plan] = plans_of_child(session, actor=SYSTEM, child_id=new.id)
    assert plan.next_review_on == date(2026, 12, 28)


def test_rating_starts_on_the_checkpoint_of_today(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    card = open_plan(qtbot, context, navigator, first_child(demo_engine))
    activate(qtbot, card)
    card.plan.goal_cards[0].rate_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RatingForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, RatingForm)
    assert form.checkpoint.currentData() == "q2"  # 23.11.2026 is in quarter 2
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible())
