"""The Timetable page: the demo's week per specialist, moving by weeks, planning a series
through its form (a clash keeps the form open), cancelling a day, printing the week."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlmodel import Session, col
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator, settle

from caseroom.db.models import ChildSpecialist, SessionRecord
from caseroom.db.models_timetable import TimetableOccurrence
from caseroom.errors import ValidationError
from caseroom.services.sessions.timetable import SeriesInput, create_series
from caseroom.services.sessions.timetable_week import WeekEntry, week_sessions
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.series_form import SeriesForm
from caseroom.ui.pages.timetable import TimetablePage, cell_text

MONDAY = DEMO_TODAY  # the demo was made on a Monday
LEFT = Qt.MouseButton.LeftButton


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


def _stored_week(context: AppContext, monday: date) -> list[WeekEntry]:
    with Session(context.engine) as session:
        return week_sessions(
            session, actor=context.actor, monday=monday, staff_id=context.actor.staff_id
        )


def _cells(page: TimetablePage) -> list[str]:
    """The texts of the cells holding a session, column by column, top to bottom."""
    return [
        page.grid.item(row, column).text()  # type: ignore[union-attr]
        for column in range(page.grid.columnCount())
        for row in range(page.grid.rowCount())
        if page.cell_entry(row, column) is not None
    ]


def _header(page: TimetablePage, column: int) -> str:
    item = page.grid.horizontalHeaderItem(column)
    assert item is not None
    return item.text()


def test_shows_the_demo_week_of_the_signed_in_specialist(page: TimetablePage) -> None:
    assert page.staff_filter() == page.context.actor.staff_id
    stored = _stored_week(page.context, MONDAY)
    assert stored and all(entry.staff_id == page.context.actor.staff_id for entry in stored)
    assert any(entry.series_id is not None for entry in stored)  # the demo's timetable
    by_day = sorted(stored, key=lambda e: (e.day, e.starts_at or time.max))
    assert _cells(page) == [cell_text(entry, with_staff=False) for entry in by_day]
    assert _header(page, 0) == "Monday\n23.11"
    assert page.grid.columnCount() >= 5
    assert page.title.text() == "Week 2026-W48: 23.11.2026 – 29.11.2026"
    assert all(text.splitlines()[1].endswith(" session") for text in _cells(page))  # the kind


def test_the_whole_room_shows_every_specialist(page: TimetablePage, qtbot: QtBot) -> None:
    page.show_staff(None)
    qtbot.waitUntil(lambda: page.staff_filter() is None and len(page.entries) > 0)
    settle(qtbot, page.context)
    names = {entry.staff_name for entry in page.entries}
    assert len(names) > 1
    assert any(text.endswith(tuple(names)) for text in _cells(page))


def test_next_week_and_this_week_change_the_dates_shown(page: TimetablePage, qtbot: QtBot) -> None:
    qtbot.mouseClick(page.next_button, LEFT)
    settle(qtbot, page.context)
    assert page.title.text() == "Week 2026-W49: 30.11.2026 – 06.12.2026"
    assert _header(page, 0) == "Monday\n30.11"
    assert page.entries == _stored_week(page.context, MONDAY + timedelta(weeks=1))
    assert all(
        MONDAY + timedelta(weeks=1) <= e.day < MONDAY + timedelta(weeks=2) for e in page.entries
    )
    qtbot.mouseClick(page.this_week_button, LEFT)
    settle(qtbot, page.context)
    assert _header(page, 0) == "Monday\n23.11"


def _open_form(page: TimetablePage, qtbot: QtBot) -> SeriesForm:
    qtbot.mouseClick(page.new_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(page.dialog, SeriesForm) and page.dialog.isVisible())
    assert isinstance(page.dialog, SeriesForm)
    return page.dialog


def _a_child_of(context: AppContext) -> object:
    with Session(context.engine) as session:
        return session.scalar(
            select(col(ChildSpecialist.child_id))
            .where(col(ChildSpecialist.staff_id) == context.actor.staff_id)
            .limit(1)
        )


def test_a_new_series_through_the_form_plans_sessions(page: TimetablePage, qtbot: QtBot) -> None:
    form = _open_form(page, qtbot)
    assert form.staff_combo.currentData() == str(page.context.actor.staff_id)
    child = _a_child_of(page.context)
    form.check_child(child)  # type: ignore[arg-type]
    form.weekday_combo.setCurrentIndex(5)  # Saturday: the demo plans nothing then
    form.time_edit.setTime(QTime(10, 0))
    form.minutes_spin.setValue(45)
    form.until_edit.set_value(MONDAY + timedelta(weeks=3))
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    settle(qtbot, page.context)
    assert form.saved_series is not None and form.saved_series.planned == 3
    with Session(page.context.engine) as session:
        planned = session.scalar(
            select(func.count())
            .select_from(TimetableOccurrence)
            .where(col(TimetableOccurrence.series_id) == form.saved_series.id)
        )
    assert planned == 3
    saturday = [e for e in page.entries if e.series_id == form.saved_series.id]
    assert [(e.day, e.starts_at, e.minutes) for e in saturday] == [
        (MONDAY + timedelta(days=5), time(10, 0), 45)
    ]
    assert _header(page, 5) == "Saturday\n28.11"
    assert cell_text(saturday[0], with_staff=False) in _cells(page)


def test_a_clash_keeps_the_form_open_with_the_service_message(
    page: TimetablePage, qtbot: QtBot, no_modal_questions: None
) -> None:
    busy = next(e for e in page.entries if e.starts_at is not None and e.status == "planned")
    child = _a_child_of(page.context)
    with Session(page.context.engine) as session:
        with pytest.raises(ValidationError) as refused:
            create_series(
                session,
                actor=page.context.actor,
                data=SeriesInput(
                    staff_id=busy.staff_id,
                    kind="individual",
                    child_ids=(child,),  # type: ignore[arg-type]
                    weekday=busy.day.weekday(),
                    starts_at=busy.starts_at,  # type: ignore[arg-type]
                    minutes=30,
                    starts_on=MONDAY,
                    ends_on=MONDAY + timedelta(weeks=2),
                ),
                today=DEMO_TODAY,
            )
        session.rollback()
    message = refused.value.problems["starts_at"]
    form = _open_form(page, qtbot)
    form.check_child(child)  # type: ignore[arg-type]
    form.weekday_combo.setCurrentIndex(busy.day.weekday())
    assert busy.starts_at is not None
    form.time_edit.setTime(QTime(busy.starts_at.hour, busy.starts_at.minute))
    form.until_edit.set_value(MONDAY + timedelta(weeks=2))
    qtbot.mouseClick(form.save_button, LEFT)
    qtbot.waitUntil(lambda: form.save_button.isEnabled(), timeout=5000)
    settle(qtbot, page.context)
    assert form.isVisible()
    assert form._errors["starts_at"].text() == message
    assert "already has a session" in message
    form.reject()


def test_cancel_this_day_cancels_the_selected_occurrence(
    page: TimetablePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = next(e for e in page.entries if e.series_id is not None and e.status == "planned")
    page.select(entry)
    assert page.cancel_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.cancel_button, LEFT)
    settle(qtbot, page.context)
    with Session(page.context.engine) as session:
        stored = session.get(SessionRecord, entry.session_id)
        assert stored is not None and stored.status == "cancelled"
    shown = next(e for e in page.entries if e.session_id == entry.session_id)
    assert shown.status == "cancelled"
    assert "(cancelled)" in cell_text(shown, with_staff=False)
    assert cell_text(shown, with_staff=False) in _cells(page)
    page.select(shown)
    assert not page.cancel_button.isEnabled()  # a cancelled day is not cancelled again


def test_print_week_writes_the_shown_week_as_a_pdf(
    page: TimetablePage, qtbot: QtBot, tmp_path: Path
) -> None:
    from caseroom.ui.dialogs.timetable_print import TimetablePrintDialog

    qtbot.mouseClick(page.print_button, LEFT)
    dialog = page.dialog
    assert isinstance(dialog, TimetablePrintDialog)
    settle(qtbot, page.context)
    assert dialog.staff_id == page.context.actor.staff_id and dialog.monday == MONDAY
    with qtbot.waitSignal(dialog.saved, timeout=10000) as written:
        dialog.save_to(tmp_path / "week")
    path = written.args[0]
    assert path == tmp_path / "week.pdf"
    assert path.read_bytes().startswith(b"%PDF")
    dialog.close()


def test_enter_on_a_cell_opens_its_session(
    page: TimetablePage, qtbot: QtBot, navigator: RecordingNavigator
) -> None:
    entry = page.entries[-1]
    page.select(entry)
    page.grid.setFocus()
    qtbot.keyClick(page.grid, Qt.Key.Key_Return)
    assert navigator.calls == [("log_session", {"child_id": None, "session_id": entry.session_id})]
