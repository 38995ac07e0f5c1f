"""SEN categories on screen: Settings adds and archives, the child form and filter offer them."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session

from caseroom.db.models import Child
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.children import get_child
from caseroom.services.people.sen_categories import (
    SenCategoryInput,
    add_sen_category,
    archive_sen_category,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import ChildForm
from caseroom.ui.pages.settings.categories import CODE_ROLE, SenCategoriesSection
from caseroom.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)


def _section(qtbot: QtBot, context: AppContext, count: int = 10) -> SenCategoriesSection:
    section = SenCategoriesSection(context)
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    qtbot.waitUntil(lambda: section.list.count() == count, timeout=5000)
    return section


def _codes(section: SenCategoriesSection) -> list[str]:
    return [section.list.item(row).data(CODE_ROLE) for row in range(section.list.count())]


def test_add_a_category_with_the_keyboard(qtbot: QtBot, context: AppContext) -> None:
    section = _section(qtbot, context)
    changes: list[frozenset[str]] = []
    context.changed.connect(changes.append)
    section.names["label_kk"].setFocus()
    qtbot.keyClicks(section.names["label_en"], "Attention deficit")
    qtbot.keyClick(section.names["label_en"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: section.list.count() == 11, timeout=5000)
    assert section.list.item(10).text() == "Attention deficit"
    assert section.list.currentRow() == 10
    assert section.archive_button.isEnabled()
    assert section.names["label_en"].text() == ""
    assert frozenset({"sen_category"}) in changes


def test_add_is_never_refused_silently(qtbot: QtBot, context: AppContext) -> None:
    section = _section(qtbot, context)
    section.add_button.click()
    assert section.problems["label_ru"].isVisible()
    assert "at least one language" in section.problems["label_ru"].text()
    section.names["label_ru"].setText("x" * 201)  # as the user types
    assert "at most 200" in section.problems["label_ru"].text()
    section.names["label_ru"].setText("Speech disorders")
    section.add_button.click()  # the service finds the name taken
    qtbot.waitUntil(lambda: section.problems["label_ru"].isVisible(), timeout=5000)
    assert "already a category" in section.problems["label_ru"].text()
    assert section.list.count() == 10


def test_archive_a_centres_own_category_after_asking(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(demo_engine) as session:
        own = add_sen_category(session, actor=SYSTEM, data=SenCategoryInput(label_en="Dyspraxia"))
        session.commit()
    section = _section(qtbot, context, 11)
    section.list.setCurrentRow(0)
    assert not section.archive_button.isEnabled()  # the order's categories stay
    section.list.setCurrentRow(10)
    asked: list[str] = []
    monkeypatch.setattr(section, "confirm_archive", lambda c: asked.append(c.code) or True)
    section.archive_button.click()
    qtbot.waitUntil(lambda: section.list.count() == 10, timeout=5000)
    assert asked == [own.code]
    assert own.code not in _codes(section)


def test_an_assistant_sees_the_list_only(qtbot: QtBot, demo_engine: Engine) -> None:
    runner = TaskRunner()
    try:
        context = AppContext(demo_engine, Actor(uuid.uuid4(), "assistant"), runner)
        section = _section(qtbot, context)
        assert section.add_box.isHidden()
        assert section.archive_button.isHidden()
    finally:
        runner.shutdown()


def test_the_child_form_offers_the_rooms_categories_and_keeps_archived_ones(
    qtbot: QtBot, context: AppContext, demo_engine: Engine
) -> None:
    with Session(demo_engine) as session:
        kept = add_sen_category(session, actor=SYSTEM, data=SenCategoryInput(label_ru="Заикание"))
        gone = add_sen_category(session, actor=SYSTEM, data=SenCategoryInput(label_en="Old one"))
        child_id = session.execute(select(Child.id).limit(1)).scalar_one()
        child = get_child(session, actor=SYSTEM, child_id=child_id)
        session.commit()
    # Give the child the category that is then archived: the form must not drop it.
    form = ChildForm(context, child, today=TODAY)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitUntil(lambda: form.sen.count() >= 12, timeout=5000)
    form.sen.item(form.sen.count() - 1).setCheckState(Qt.CheckState.Checked)
    form.try_save()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    with Session(demo_engine) as session:
        archive_sen_category(session, actor=SYSTEM, code=gone.code)
        session.commit()
        child = get_child(session, actor=SYSTEM, child_id=child_id)
    assert gone.code in child.sen_categories

    again = ChildForm(context, child, today=TODAY)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.sen.count() > 0, timeout=5000)
    texts = {
        again.sen.item(row).data(Qt.ItemDataRole.UserRole): again.sen.item(row)
        for row in range(again.sen.count())
    }
    assert texts[kept.code].text() == "Заикание"
    assert texts[gone.code].checkState() == Qt.CheckState.Checked  # archived, still hers
    assert not again.dirty  # the list arriving is not a change
    again.try_save()
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=5000)
    with Session(demo_engine) as session:
        assert gone.code in get_child(session, actor=SYSTEM, child_id=child_id).sen_categories
