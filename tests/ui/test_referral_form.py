"""Referrals on the child card: added, corrected and moved on with the keyboard only."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.ui.conftest import settle
from wellbeing_fixtures import activate

from caseroom.db.models import Referral
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.parents.referrals import ReferralRead, list_referrals
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.staff import list_staff
from caseroom.services.permissions import Permission
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject, visible_levels
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.pages.child_card.referrals import ReferralsSection
from caseroom.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)


def _child_id(engine: Engine) -> uuid.UUID:
    with Session(engine) as session:
        return list_children(session, actor=SYSTEM, filters=ChildFilters(), limit=1)[0].id


def _stored(engine: Engine, child_id: uuid.UUID) -> list[ReferralRead]:
    with Session(engine) as session:
        return list_referrals(session, actor=SYSTEM, child_id=child_id)


def _card(qtbot: QtBot, context: AppContext, navigator: Any, child_id: uuid.UUID) -> ChildCard:
    card = ChildCard(context, navigator, lambda: TODAY)
    qtbot.addWidget(card)
    card.resize(1300, 760)
    card.show()
    qtbot.waitExposed(card)
    with qtbot.waitSignal(card.loaded, timeout=10_000, check_params_cb=lambda n: n == "overview"):
        card.open_child(child_id, "overview")
    return card


def _rows(qtbot: QtBot, section: ReferralsSection, count: int) -> None:
    qtbot.waitUntil(lambda: section.table.topLevelItemCount() == count, timeout=10_000)


def _press(qtbot: QtBot, widget: QWidget) -> None:
    activate(qtbot, widget.window())
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(widget.hasFocus, timeout=5_000)
    qtbot.keyClick(widget, Qt.Key.Key_Space)


def _form(qtbot: QtBot, section: ReferralsSection, previous: ReferralForm | None) -> ReferralForm:
    qtbot.waitUntil(lambda: section.form not in (None, previous), timeout=5_000)
    form = section.form
    assert form is not None
    qtbot.waitExposed(form)
    activate(qtbot, form)
    return form


def _alt(qtbot: QtBot, form: QWidget, key: str) -> QWidget:
    qtbot.keyClick(form.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
    focused = form.focusWidget()
    assert focused is not None
    return focused


def _save(qtbot: QtBot, form: ReferralForm, section: ReferralsSection, rows: int) -> None:
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=10_000)
    settle(qtbot, section.context)  # the card reloads, and the section reads its list again
    _rows(qtbot, section, rows)


def test_a_referral_is_added_sent_and_completed_by_keyboard(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    child_id = _child_id(demo_engine)
    before = _stored(demo_engine, child_id)
    card = _card(qtbot, context, navigator, child_id)
    section = card.overview.referrals
    assert section.isVisible() and section.add_button.isVisible()
    _rows(qtbot, section, len(before))

    _press(qtbot, section.add_button)
    form = _form(qtbot, section, None)
    assert form.level_combo.currentData() == "specialist"  # a child's referral: default
    statuses = [form.status_combo.itemData(i) for i in range(form.status_combo.count())]
    assert statuses == ["planned", "sent"]  # planned, or sent the day it is written
    assert not form.outcome_edit.isEnabled()
    qtbot.keyClicks(_alt(qtbot, form, "t"), "Regional PMPK")
    qtbot.keyClicks(_alt(qtbot, form, "r"), "Speech delay persists")
    day = _alt(qtbot, form, "d")
    day.setSelectedSection(day.Section.DaySection)  # type: ignore[attr-defined]
    qtbot.keyClicks(day, "02.11.2026")
    qtbot.keyClick(_alt(qtbot, form, "m"), Qt.Key.Key_Home)  # the first level: shareable
    assert form.level_combo.currentData() == "shareable"
    _save(qtbot, form, section, len(before) + 1)
    [made] = [r for r in _stored(demo_engine, child_id) if r.id not in {b.id for b in before}]
    assert (made.to_whom, made.reason, made.referred_on) == (
        "Regional PMPK",
        "Speech delay persists",
        date(2026, 11, 2),
    )
    assert (made.status, made.confidentiality, made.staff_id) == (
        "planned",
        "shareable",
        psychologist.staff_id,
    )
    assert made.id in section.edit_buttons

    _press(qtbot, section.edit_buttons[made.id])
    second = _form(qtbot, section, form)
    assert second.to_whom_edit.text() == "Regional PMPK"
    qtbot.keyClick(_alt(qtbot, second, "a"), Qt.Key.Key_Down)  # planned → sent
    assert second.status_combo.currentData() == "sent" and not second.outcome_edit.isEnabled()
    _save(qtbot, second, section, len(before) + 1)
    sent = next(r for r in _stored(demo_engine, child_id) if r.id == made.id)
    assert sent.status == "sent" and sent.confidentiality == "shareable"

    # Enter on the row opens it as well.
    table = section.table
    row = next(
        table.topLevelItem(i)
        for i in range(table.topLevelItemCount())
        if table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == made.id
    )
    activate(qtbot, table.window())
    table.setFocus(Qt.FocusReason.TabFocusReason)
    table.setCurrentItem(row)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    third = _form(qtbot, section, second)
    qtbot.keyClick(_alt(qtbot, third, "a"), Qt.Key.Key_Down)  # sent → completed
    assert third.status_combo.currentData() == "completed" and third.outcome_edit.isEnabled()
    qtbot.keyClicks(_alt(qtbot, third, "o"), "New conclusion issued")
    _save(qtbot, third, section, len(before) + 1)
    done = next(r for r in _stored(demo_engine, child_id) if r.id == made.id)
    assert (done.status, done.outcome) == ("completed", "New conclusion issued")
    shown = next(
        table.topLevelItem(i)
        for i in range(table.topLevelItemCount())
        if table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == made.id
    )
    assert shown.text(2) == "completed: New conclusion issued"
    assert shown.text(3) == "shareable"


def test_where_to_is_required_and_escape_asks_first(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, monkeypatch: Any
) -> None:
    child_id = _child_id(demo_engine)
    form = ReferralForm(context, ReferralSubject(child_id, "Child Name"), today=TODAY)
    qtbot.addWidget(form)
    activate(qtbot, form)
    assert form.focusWidget() is form.to_whom_edit
    qtbot.keyClicks(_alt(qtbot, form, "r"), "Reason only")
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.isVisible() and form.banner.isVisible()
    assert form._errors["to_whom"].text() == "Say where the referral is made to"
    assert form.focusWidget() is form.to_whom_edit
    qtbot.keyClicks(form.to_whom_edit, "Clinic")
    assert not form._errors["to_whom"].isVisible()
    asked: list[bool] = []
    monkeypatch.setattr(
        "caseroom.ui.dialogs.form_base.ask_discard", lambda _w: asked.append(True) or False
    )
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Escape)
    assert asked == [True] and form.isVisible()
    form.done(0)
    with Session(demo_engine) as session:
        made = session.execute(select(Referral).where(col(Referral.to_whom) == "Clinic")).all()
    assert made == []


def test_the_level_picker_offers_only_levels_the_actor_may_see() -> None:
    reader = Actor(uuid.uuid4(), "assistant", frozenset({Permission.VIEW_NOTES}))
    assert visible_levels(reader) == ["shareable", "specialist"]
    assert visible_levels(Actor(uuid.uuid4(), "psychologist")) == [
        "shareable",
        "specialist",
        "parent",
        "safeguarding",
    ]


def test_an_assistant_sees_no_referrals(qtbot: QtBot, demo_engine: Engine) -> None:
    with Session(demo_engine) as session:
        assistant = list_staff(session, actor=SYSTEM, role="assistant")[0]
    runner = TaskRunner()
    try:
        context = AppContext(demo_engine, Actor(assistant.id, assistant.role), runner)
        section = ReferralsSection(context, lambda: TODAY)
        qtbot.addWidget(section)
        assert section.isHidden()  # hidden for good: a parent's show() leaves it hidden
        assert section.add_button.isHidden() and section.table.isColumnHidden(4)
    finally:
        runner.shutdown()
