"""The journal: the demo's sessions by day and by week, moving with the keyboard."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo

from caseroom.services.sessions.writing import sessions_between, sessions_on_day
from caseroom.ui.pages.journal import JournalPage, week_start

TUESDAY = date(2026, 11, 24)


@pytest.fixture
def page(qtbot: QtBot, demo: Demo) -> JournalPage:
    shown = JournalPage(demo.context, demo.navigator)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    return shown


def _shown_after(qtbot: QtBot, page: JournalPage, action: object) -> None:
    page.rows = [None]  # type: ignore[list-item]  # replaced by the next answer
    action()  # type: ignore[operator]
    qtbot.waitUntil(lambda: page.rows != [None], timeout=5000)


def test_week_start_is_monday() -> None:
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)


def test_a_day_of_the_demo_then_week_by_week(qtbot: QtBot, page: JournalPage, demo: Demo) -> None:
    actor = demo.context.actor
    expected = demo.query(lambda s: sessions_on_day(s, actor=actor, day=TUESDAY))
    assert len(expected) >= 2
    _shown_after(qtbot, page, lambda: page.show_day(TUESDAY))
    assert page.title.text() == "Tuesday, 24.11.2026"
    assert page.session_ids() == [row.id for row in expected]
    assert page.tree.topLevelItemCount() == len(expected)
    first = page.tree.topLevelItem(0)
    assert first.text(0) == expected[0].starts_at.strftime("%H:%M")
    assert expected[0].attendees[0].last_name in first.text(2)

    page.tree.setFocus()
    _shown_after(qtbot, page, lambda: page.week_button.click())
    week = demo.query(
        lambda s: sessions_between(s, actor=actor, start=date(2026, 11, 23), end=date(2026, 11, 29))
    )
    assert page.title.text() == "Week of 23.11.2026 – 29.11.2026"
    assert page.session_ids() == [row.id for row in week]
    days = sorted({row.held_on for row in week})
    assert page.tree.topLevelItemCount() == len(days)
    assert page.tree.topLevelItem(0).text(0) == "Monday, 23.11.2026"

    page.tree.setFocus()
    _shown_after(
        qtbot,
        page,
        lambda: QTest.keyClick(page.tree, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier),
    )
    later = demo.query(
        lambda s: sessions_between(s, actor=actor, start=date(2026, 11, 30), end=date(2026, 12, 6))
    )
    assert page.title.text() == "Week of 30.11.2026 – 06.12.2026"
    assert page.session_ids() == [row.id for row in later]
    _shown_after(
        qtbot,
        page,
        lambda: QTest.keyClick(page.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),
    )
    _shown_after(
        qtbot,
        page,
        lambda: QTest.keyClick(page.tree, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),
    )
    assert page.title.text() == "Week of 16.11.2026 – 22.11.2026"


def test_filter_by_specialist_and_open_a_session_with_enter(
    qtbot: QtBot, page: JournalPage, demo: Demo
) -> None:
    actor = demo.context.actor
    _shown_after(qtbot, page, lambda: page.show_day(TUESDAY))
    everyone = demo.query(lambda s: sessions_on_day(s, actor=actor, day=TUESDAY))
    staff_id = everyone[-1].staff_id
    mine = [row for row in everyone if row.staff_id == staff_id]
    assert 0 < len(mine) < len(everyone) or len({r.staff_id for r in everyone}) == 1
    index = page.staff_combo.findData(str(staff_id))
    assert index > 0
    _shown_after(qtbot, page, lambda: page.staff_combo.setCurrentIndex(index))
    assert page.session_ids() == [row.id for row in mine]
    page.tree.setFocus()
    page.tree.setCurrentItem(page.tree.topLevelItem(0))
    QTest.keyClick(page.tree, Qt.Key.Key_Return)
    assert demo.navigator.calls[-1] == ("log_session", mine[0].id)


def test_an_empty_day_says_so_and_offers_to_log(
    qtbot: QtBot, page: JournalPage, demo: Demo
) -> None:
    _shown_after(qtbot, page, lambda: page.show_day(date(2026, 11, 28)))  # a Saturday
    assert page.stack.currentWidget() is page.empty
    assert page.empty.text() == "No sessions on this day"
    assert page.empty.button is not None
    page.empty.button.click()
    assert demo.navigator.calls[-1] == ("log_session", None)
