"""The Children page driven from the keyboard: search, filters, open a card, add a child."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from caseroom.db.models import Child, Room
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.child_list import ChildFilters, count_children, list_children
from caseroom.services.people.children import ChildInput, create_child, get_child
from caseroom.services.people.iin import make_iin
from caseroom.services.people.search import global_search
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import ChildForm
from caseroom.ui.models.child_table import ID_ROLE, Column
from caseroom.ui.pages.children import ChildrenPage, count_text
from caseroom.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)


def make_page(qtbot: QtBot, context: AppContext, navigator: Any) -> ChildrenPage:
    page = ChildrenPage(context, navigator)
    page.today = lambda: TODAY
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    page.refresh()
    qtbot.waitUntil(lambda: page.model.ever_loaded and not page.model.is_loading, timeout=5000)
    return page


def shown_ids(qtbot: QtBot, page: ChildrenPage) -> list[uuid.UUID]:
    model = page.model
    qtbot.waitUntil(lambda: not model.is_loading, timeout=5000)
    qtbot.waitUntil(
        lambda: all(model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())),
        timeout=5000,
    )
    return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]


def db_ids(engine: Engine, filters: ChildFilters) -> list[uuid.UUID]:
    with Session(engine) as session:
        return [r.id for r in list_children(session, actor=SYSTEM, filters=filters, limit=999)]


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_count_is_grouped_and_pluralised() -> None:
    assert count_text(1) == "1 child"
    assert count_text(1240) == "1,240 children"


def test_page_shows_the_count_and_rows(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = make_page(qtbot, context, navigator)
    with Session(demo_engine) as session:
        total = count_children(session, actor=SYSTEM, filters=ChildFilters())
    assert page.count.text() == f"{total} children"
    assert shown_ids(qtbot, page) == db_ids(demo_engine, ChildFilters())
    assert page.results.currentWidget() is page.table


def test_typing_a_latin_name_finds_the_cyrillic_child(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    with Session(demo_engine) as session:
        family_id = get_child(
            session, actor=SYSTEM, child_id=db_ids(demo_engine, ChildFilters())[0]
        ).family_id
        aigerim = create_child(
            session,
            actor=psychologist,
            data=ChildInput(
                family_id=family_id,
                last_name="Сейткали",
                first_name="Айгерим",
                birth_date=date(2017, 3, 14),
            ),
            today=TODAY,
        )
        session.commit()
    page = make_page(qtbot, context, navigator)
    page.search.setFocus()
    qtbot.keyClicks(page.search, "aigerim seitk")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=5000)
    assert shown_ids(qtbot, page) == [aigerim.id]
    assert page.count.text() == "1 child"
    qtbot.keyClicks(page.search, "zzz")
    qtbot.waitUntil(lambda: page.results.currentWidget() is page.no_match, timeout=5000)
    assert page.model.total == 0
    page.clear_filters()
    qtbot.waitUntil(lambda: page.model.total > 1, timeout=5000)


def test_filters_in_the_bar_narrow_the_table(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = make_page(qtbot, context, navigator)
    everyone = shown_ids(qtbot, page)
    with Session(demo_engine) as session:
        first = get_child(session, actor=SYSTEM, child_id=everyone[0])
    page.grade.setCurrentIndex(page.grade.findData(first.grade))
    wanted = ChildFilters(grade=first.grade)
    qtbot.waitUntil(lambda: page.model.filters == wanted, timeout=5000)
    assert shown_ids(qtbot, page) == db_ids(demo_engine, wanted)
    page.sen.setCurrentIndex(page.sen.findData(first.sen_categories[0]))
    wanted = ChildFilters(grade=first.grade, sen_category=first.sen_categories[0])
    qtbot.waitUntil(lambda: page.model.filters == wanted, timeout=5000)
    assert first.id in shown_ids(qtbot, page)
    assert shown_ids(qtbot, page) == db_ids(demo_engine, wanted)
    qtbot.waitUntil(lambda: page.specialist.count() > 1, timeout=5000)
    page.specialist.setCurrentIndex(page.specialist.findData(str(first.specialist_ids[0])))
    page.status.setCurrentIndex(page.status.findData("active"))
    wanted = ChildFilters(
        grade=first.grade,
        sen_category=first.sen_categories[0],
        status="active",
        specialist_id=first.specialist_ids[0],
    )
    qtbot.waitUntil(lambda: page.model.filters == wanted, timeout=5000)
    assert shown_ids(qtbot, page) == db_ids(demo_engine, wanted)
    assert len(db_ids(demo_engine, wanted)) < len(everyone)


def test_enter_opens_the_card_and_alt_left_comes_back(
    qtbot: QtBot, context: AppContext, navigator: Any
) -> None:
    page = make_page(qtbot, context, navigator)
    ids = shown_ids(qtbot, page)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.card
    assert page.card.child_id == ids[1]
    with qtbot.waitSignal(page.card.loaded, timeout=5000):
        pass
    qtbot.keyClick(focused(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.stack.currentWidget() is page.list_view
    assert page.table.currentIndex().row() == 1


def test_sorting_from_the_header(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = make_page(qtbot, context, navigator)
    page.table.sortByColumn(Column.CASE_NUMBER, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: page.model.sort_column == Column.CASE_NUMBER, timeout=5000)
    with Session(demo_engine) as session:
        expected = [
            r.id
            for r in list_children(
                session, actor=SYSTEM, filters=ChildFilters(), sort="case_number", descending=True
            )
        ]
    assert shown_ids(qtbot, page) == expected
    for column, sort in ((Column.STATUS, "status"), (Column.SEN, "sen")):
        page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        qtbot.waitUntil(
            lambda column=column: page.model.sort_column == column and not page.model.is_loading,
            timeout=5000,
        )
        with Session(demo_engine) as session:
            expected = [
                r.id
                for r in list_children(
                    session, actor=SYSTEM, filters=ChildFilters(), sort=sort, descending=False
                )
            ]
        assert shown_ids(qtbot, page) == expected
        assert page.table.horizontalHeader().sortIndicatorSection() == column


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type `text` as a keyboard would (QTest only types Latin-1, so Cyrillic is sent as
    key events carrying the letter, like a Russian or Kazakh layout does)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def _type(qtbot: QtBot, text: str) -> None:
    """Type into the field with the focus, then Tab to the next one."""
    if text:
        type_text(qtbot, focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def open_add_form(qtbot: QtBot, page: ChildrenPage) -> ChildForm:
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.add_form is not None and page.add_form.isVisible(), timeout=3000)
    form = page.add_form
    assert form is not None
    qtbot.waitUntil(lambda: focused() is form.family_search, timeout=3000)
    return form


def test_add_a_child_with_the_keyboard_only(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = make_page(qtbot, context, navigator)
    with Session(demo_engine) as session:
        before = session.execute(select(func.count()).select_from(Child)).scalar_one()
    form = open_add_form(qtbot, page)
    iin = make_iin(date(2017, 3, 14), "F", 4321)
    _type(qtbot, "Жумабаевы")  # a new family of that name
    _type(qtbot, "")  # the family choice: "New family: Жумабаевы"
    _type(qtbot, "Жумабаева")
    _type(qtbot, "Айша")
    _type(qtbot, "Ерлановна")
    _type(qtbot, "14032017")
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # sex: female
    _type(qtbot, "")
    _type(qtbot, iin)
    _type(qtbot, "Школа-лицей № 12")
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # grade: pre-school
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # grade: 1
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # grade: 2
    _type(qtbot, "")
    _type(qtbot, "Б")
    assert not form.banner.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    with Session(demo_engine) as session:
        after = session.execute(select(func.count()).select_from(Child)).scalar_one()
        found = global_search(session, actor=SYSTEM, text="Zhumabaeva Aisha")
        child = get_child(session, actor=SYSTEM, child_id=found[0].id)
        family_hits = global_search(session, actor=SYSTEM, text="Жумабаевы")
    assert after == before + 1
    assert (child.last_name, child.first_name, child.patronymic) == (
        "Жумабаева",
        "Айша",
        "Ерлановна",
    )
    assert child.birth_date == date(2017, 3, 14)
    assert (child.sex, child.iin, child.grade, child.class_letter) == ("F", iin, 2, "Б")
    assert child.school == "Школа-лицей № 12"
    assert child.enrolled_on == TODAY
    assert child.lead_specialist_id == context.actor.staff_id
    assert [hit.kind for hit in family_hits] == ["family"]
    assert child.family_id == family_hits[0].id
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.card, timeout=3000)
    assert page.card.child_id == child.id


def test_an_invalid_iin_is_named_next_to_the_field_and_save_stays_open(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = make_page(qtbot, context, navigator)
    form = open_add_form(qtbot, page)
    form.last_name.setText("Омаров")
    form.first_name.setText("Тимур")
    form.birth_date.set_value(date(2016, 5, 2))
    form.iin.setFocus()
    qtbot.keyClicks(form.iin, "160502500001")
    iin_error = form._errors["iin"]
    assert iin_error.isVisible()
    assert "check digit" in iin_error.text()
    assert form.iin.accessibleDescription() == iin_error.text()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.banner.isVisible()
    assert focused() is form.iin
    with Session(demo_engine) as session:
        assert not global_search(session, actor=SYSTEM, text="Omarov Timur")
    form.iin.setText("12345")
    assert iin_error.text() == "An IIN has exactly 12 digits"


def test_the_service_refusal_shows_next_to_the_field(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    """A problem only the database can see (an IIN already used) comes back from Save."""
    with Session(demo_engine) as session:
        taken = session.execute(select(Child.iin).where(Child.iin.is_not(None))).scalars().first()
        owner = session.execute(select(Child).where(Child.iin == taken)).scalars().one()
        birth, sex = owner.birth_date, owner.sex
    page = make_page(qtbot, context, navigator)
    form = open_add_form(qtbot, page)
    form.last_name.setText("Омаров")
    form.first_name.setText("Тимур")
    form.birth_date.set_value(birth)
    form.sex.setCurrentIndex(form.sex.findData(sex))
    form.iin.setText(taken or "")
    form.try_save()
    qtbot.waitUntil(lambda: form._errors["iin"].isVisible(), timeout=5000)
    assert "already belongs" in form._errors["iin"].text()
    assert form.isVisible()
    assert form.save_button.isEnabled()


def test_escape_on_a_changed_form_asks_first(
    qtbot: QtBot, context: AppContext, navigator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, context, navigator)
    form = open_add_form(qtbot, page)
    asked: list[bool] = []
    monkeypatch.setattr(form, "confirm_discard", lambda: asked.append(True) or False)
    type_text(qtbot, form.family_search, "Омаровы")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert asked == [True]
    assert form.isVisible()
    monkeypatch.setattr(form, "confirm_discard", lambda: True)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not form.isVisible()


def test_escape_on_an_untouched_form_closes_at_once(
    qtbot: QtBot, context: AppContext, navigator: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, context, navigator)
    form = open_add_form(qtbot, page)
    monkeypatch.setattr(form, "confirm_discard", lambda: pytest.fail("should not ask"))
    qtbot.waitUntil(lambda: form.lead.count() > 1, timeout=3000)  # staff arrived: not a change
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not form.isVisible()


@pytest.fixture
def empty_context(engine: Engine) -> Iterator[AppContext]:
    with Session(engine) as session:
        session.add(Room(school_name="School No. 1", room_name="Room"))
        session.commit()
    runner = TaskRunner()
    yield AppContext(engine, Actor(None, "system"), runner)
    runner.shutdown()


def test_an_empty_room_shows_the_empty_state_with_its_action(
    qtbot: QtBot, empty_context: AppContext, navigator: Any, tmp_path: Path
) -> None:
    page = make_page(qtbot, empty_context, navigator)
    assert page.results.currentWidget() is page.empty
    assert page.count.text() == "0 children"
    assert page.empty.button is not None
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.add_form is not None and page.add_form.isVisible(), timeout=3000)
    assert page.add_form is not None
    page.add_form.dirty = False
    page.add_form.reject()
