"""The Families page: find a family across scripts, see and change its people and barriers."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo, active_modal
from sqlalchemy import select
from sqlmodel import col

from caseroom.db.models import Family
from caseroom.services.people.families import get_family, list_barriers
from caseroom.services.people.family_list import FamilyRow
from caseroom.ui.dialogs.barrier_form import BarrierForm
from caseroom.ui.dialogs.caregiver_form import CaregiverForm
from caseroom.ui.dialogs.family_form import FamilyForm
from caseroom.ui.pages.families import FamiliesPage, family_text

pytestmark = pytest.mark.usefixtures("no_modal_questions")


@pytest.fixture
def page(qtbot: QtBot, demo: Demo) -> FamiliesPage:
    shown = FamiliesPage(demo.context, demo.navigator)
    qtbot.addWidget(shown)
    shown.resize(1200, 760)
    shown.show()
    shown.refresh()
    qtbot.waitUntil(lambda: shown.family is not None, timeout=5000)
    return shown


def test_finds_a_cyrillic_family_by_its_latin_name_and_shows_its_caregivers(
    qtbot: QtBot, page: FamiliesPage, demo: Demo
) -> None:
    assert page.list.count() == 8
    assert page.count_label.text() == "8 families"
    page.search_edit.setFocus()
    QTest.keyClicks(page.search_edit, "ospanov")
    qtbot.waitUntil(lambda: page.list.count() == 1, timeout=3000)
    assert page.list.item(0).text().startswith("Оспанов")
    qtbot.waitUntil(
        lambda: page.family is not None and page.family.display_name == "Оспанов", timeout=3000
    )
    assert page.name_label.text() == "Оспанов family"
    family_id = page.family.id
    wanted = demo.query(lambda s: get_family(s, actor=demo.context.actor, family_id=family_id))
    shown = [
        page.caregiver_tree.topLevelItem(i).text(0)
        for i in range(page.caregiver_tree.topLevelItemCount())
    ]
    assert shown == [c.full_name for c in wanted.caregivers]
    assert page.caregiver_tree.topLevelItem(0).text(1) in {"mother", "father", "grandmother"}
    assert page.children_tree.topLevelItem(0).text(1) == "SR-2026-0001"
    # Enter on a child opens the child's card
    page.children_tree.setFocus()
    page.children_tree.setCurrentItem(page.children_tree.topLevelItem(0))
    QTest.keyClick(page.children_tree, Qt.Key.Key_Return)
    assert demo.navigator.calls[-1] == ("open_child", wanted.children[0].id)


def test_add_a_family_with_a_caregiver_and_a_barrier(
    qtbot: QtBot, page: FamiliesPage, demo: Demo
) -> None:
    page.new_button.click()
    form = active_modal(qtbot, FamilyForm)
    assert isinstance(form, FamilyForm)
    problem = form._errors["display_name"]
    QTest.keyClicks(form.name_edit, "Zh")
    form.name_edit.clear()  # typed, then wiped: the form says what is missing at once
    assert problem.isVisible() and problem.text() == "Enter the family's name"
    QTest.keyClicks(form.name_edit, "Zhumabayev")
    assert not problem.isVisible()
    QTest.keyClicks(form.locality_edit, "Kosshy")
    form.count_spin.setValue(5)
    form.marker_checks["low_income"].setChecked(True)
    QTest.keyClick(form.locality_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: page.family is not None and page.family.display_name == "Zhumabayev", timeout=5000
    )
    assert "large family" in page.facts_label.text()
    assert "low income" in page.facts_label.text()

    page.add_caregiver()
    caregiver_form = active_modal(qtbot, CaregiverForm)
    assert isinstance(caregiver_form, CaregiverForm)
    QTest.keyClicks(caregiver_form.last_edit, "Zhumabayeva")
    QTest.keyClicks(caregiver_form.first_edit, "Saule")
    QTest.keyClicks(caregiver_form.phone_edit, "12")
    phone_problem = caregiver_form._errors["phone"]
    assert phone_problem.isVisible() and "not a phone number" in phone_problem.text()
    caregiver_form.save_button.click()  # refused, not silently: the message stays
    assert caregiver_form.isVisible() and phone_problem.isVisible()
    caregiver_form.phone_edit.clear()
    QTest.keyClicks(caregiver_form.phone_edit, "8 701 234 56 78")
    assert not phone_problem.isVisible()
    caregiver_form.save_button.click()
    qtbot.waitUntil(lambda: page.caregiver_tree.topLevelItemCount() == 1, timeout=5000)
    assert page.caregiver_tree.topLevelItem(0).text(0) == "Zhumabayeva Saule"
    assert page.caregiver_tree.topLevelItem(0).text(2) == "+77012345678"

    family_id = page.family.id
    page.add_barrier()
    barrier_form = active_modal(qtbot, BarrierForm)
    assert isinstance(barrier_form, BarrierForm)
    barrier_form.kind_combo.setCurrentIndex(barrier_form.kind_combo.findData("transport"))
    barrier_form.save_button.click()
    qtbot.waitUntil(lambda: page.barrier_tree.topLevelItemCount() == 1, timeout=5000)
    assert page.barrier_tree.topLevelItem(0).text(0) == "transport"
    stored = demo.query(
        lambda s: (
            s.execute(
                select(col(Family.children_count)).where(col(Family.id) == family_id)
            ).scalar_one(),
            list_barriers(s, actor=demo.context.actor, family_id=family_id),
        )
    )
    assert stored[0] == 5
    assert [(b.kind, b.noted_on) for b in stored[1]] == [("transport", date.today())]


def _row(address: str | None, names: tuple[str, ...], caregivers: int) -> FamilyRow:
    return FamilyRow(
        id=uuid.uuid4(),
        display_name="Ахметов",
        locality="Есік қ.",
        address=address,
        caregiver_names=names,
        children_count=2,
        vulnerability=(),
        caregivers=caregivers,
        children=1,
        open_barriers=0,
        archived=False,
    )


def test_same_name_families_in_one_town_read_differently() -> None:
    first = family_text(_row("Есік қ., Сәтбаев к-сі, 88-үй", ("Бақыт",), 1))
    second = family_text(_row("Есік қ., Абай к-сі, 7-үй", ("Әсел", "Гүлнар"), 3))
    assert first == "Ахметов · Есік қ.\nБақыт · Сәтбаев к-сі, 88-үй"  # the town said once
    assert second == "Ахметов · Есік қ.\nӘсел, Гүлнар +1 · Абай к-сі, 7-үй"
    assert family_text(_row(None, (), 0)) == "Ахметов · Есік қ."


def test_the_list_names_each_familys_caregivers(qtbot: QtBot, page: FamiliesPage) -> None:
    family = page.family
    assert family is not None and family.caregivers
    item = page.list.currentItem()
    assert item is not None
    lines = item.text().split("\n")
    assert lines[0].startswith(family.display_name)
    assert lines[1].startswith(family.caregivers[0].first_name)
