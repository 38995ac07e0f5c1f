"""The Timetable page changes what it planned: "Change series…" opens the selected
session's series filled in and plans it again; "Days off…" adds and removes the room's
holidays, and a new series plans nothing on them. All from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import Session
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator, settle

from caseroom.services.sessions.holidays import list_holidays
from caseroom.services.sessions.timetable import get_series
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.holidays_dialog import HolidayForm, HolidaysDialog
from caseroom.ui.dialogs.series_form import SeriesForm
from caseroom.ui.pages.timetable import TimetablePage

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def page(
    qtbot: QtBot, context: AppContext, navigator: RecordingNavigator
) -> Iterator[TimetablePage]:
    shown = TimetablePage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(shown)
    shown.resize(1300, 760)
    shown.show()
    qtbot.waitUntil(lambda: shown.loaded, timeout=5000)
    settle(qtbot, context)
    yield shown


def test_change_series_opens_it_filled_in_and_saves_the_change(
    page: TimetablePage, qtbot: QtBot
) -> None:
    entry = next(e for e in page.entries if e.series_id is not None and e.status == "planned")
    assert entry.series_id is not None
    page.select(entry)
    assert page.change_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(page.dialog, SeriesForm) and page.dialog.isVisible())
    form = page.dialog
    assert isinstance(form, SeriesForm)
    with Session(page.context.engine) as session:
        before = get_series(
            session, actor=page.context.actor, series_id=entry.series_id, today=DEMO_TODAY
        )
    assert form.windowTitle() == "Change series"
    assert QApplication.focusWidget() is form.staff_combo  # the first field
    shown = form.data()
    assert shown is not None
    assert (shown.staff_id, shown.kind, shown.child_ids, shown.weekday) == (
        before.staff_id,
        before.kind,
        before.child_ids,
        before.weekday,
    )
    assert (shown.starts_at, shown.minutes, shown.every_weeks) == (
        before.starts_at,
        before.minutes,
        before.every_weeks,
    )
    form.minutes_spin.setValue(before.minutes - 5)
    qtbot.keyClick(form, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    settle(qtbot, page.context)
    with Session(page.context.engine) as session:
        after = get_series(
            session, actor=page.context.actor, series_id=entry.series_id, today=DEMO_TODAY
        )
    assert (after.id, after.minutes) == (before.id, before.minutes - 5)
    moved = [e for e in page.entries if e.series_id == entry.series_id and e.day >= DEMO_TODAY]
    assert moved and all(e.minutes == before.minutes - 5 for e in moved)


def test_change_series_waits_for_a_session_of_a_series(page: TimetablePage) -> None:
    single = next((e for e in page.entries if e.series_id is None), None)
    if single is not None:
        page.select(single)
        assert not page.change_button.isEnabled()
    page.select(next(e for e in page.entries if e.series_id is not None))
    assert page.change_button.isEnabled()


def _holidays(context: AppContext) -> list[tuple[date, date, str]]:
    with Session(context.engine) as session:
        return [(h.starts_on, h.ends_on, h.name) for h in list_holidays(session)]


def test_days_off_are_added_and_removed_from_the_keyboard(
    page: TimetablePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _holidays(page.context)
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(page.dialog, HolidaysDialog) and page.dialog.isVisible())
    dialog = page.dialog
    assert isinstance(dialog, HolidaysDialog)
    settle(qtbot, page.context)
    assert dialog.list.topLevelItemCount() == len(before)
    qtbot.keyClick(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(dialog.form, HolidayForm) and dialog.form.isVisible())
    form = dialog.form
    assert isinstance(form, HolidayForm)
    qtbot.waitUntil(  # the form puts the cursor in its first field once it is shown
        lambda: (
            QApplication.focusWidget() is form.from_edit.focusProxy() or form.from_edit.hasFocus()
        ),
        timeout=5000,
    )
    first = DEMO_TODAY + timedelta(days=9)
    form.from_edit.set_value(first)
    form.until_edit.set_value(first - timedelta(days=1))
    form.name_edit.setText("Closure")
    qtbot.keyClick(form, Qt.Key.Key_Return, CTRL)
    settle(qtbot, page.context)
    assert form.isVisible()  # the last day before the first is refused
    assert "cannot be before" in form._errors["ends_on"].text()
    form.until_edit.set_value(first + timedelta(days=1))
    qtbot.keyClick(form, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    settle(qtbot, page.context)
    added = (first, first + timedelta(days=1), "Closure")
    assert _holidays(page.context) == sorted([*before, added])
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == len(before) + 1)
    row = next(
        i
        for i in range(dialog.list.topLevelItemCount())
        if dialog.list.topLevelItem(i).text(2) == "Closure"  # type: ignore[union-attr]
    )
    dialog.list.setCurrentItem(dialog.list.topLevelItem(row))
    qtbot.waitUntil(dialog.list.hasFocus)  # the form gave the keyboard back where it was
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.keyClick(dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    settle(qtbot, page.context)
    assert _holidays(page.context) == before
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() == len(before))
    dialog.close()
