"""The notes search: typed, walked and opened by keyboard alone; for note readers only."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db import search
from caseroom.db.models import SessionRecord
from caseroom.errors import PermissionDeniedError
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import list_staff
from caseroom.services.sessions.writing import search_notes
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.note_search import NoteSearchDialog
from caseroom.ui.pages.journal import JournalPage
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.widgets.rich_text import HTML_ROLE, highlighted


def _write_notes(demo: Demo, notes: str) -> uuid.UUID:
    """Give one held, ordinary demo session these notes (indexed) and return its id."""
    with Session(demo.engine) as session:
        record = (
            session.execute(
                select(SessionRecord)
                .where(
                    col(SessionRecord.status) == "held",
                    col(SessionRecord.confidentiality) == "specialist",
                    col(SessionRecord.archived_at).is_(None),
                )
                .order_by(col(SessionRecord.held_on).desc())
            )
            .scalars()
            .first()
        )
        assert record is not None
        record.notes = notes
        session.flush()
        search.index_sessions(session, [record.id])
        session.commit()
        return record.id


@pytest.fixture
def dialog(qtbot: QtBot, demo: Demo) -> NoteSearchDialog:
    shown = NoteSearchDialog(demo.context, demo.navigator)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_type_walk_down_and_enter_opens_the_session(
    qtbot: QtBot, demo: Demo, dialog: NoteSearchDialog
) -> None:
    session_id = _write_notes(demo, "Мальчик хорошо держит зрительное внимание, xylofonchik.")
    assert dialog.focusWidget() is dialog.query
    QTest.keyClicks(dialog.query, "XYLOFON")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    assert dialog.status.text() == "1 session found"
    item = dialog.results.item(0)
    assert "xylofonchik" in item.text()
    assert "<b>xylofonchik</b>" in item.data(HTML_ROLE)
    QTest.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.results.hasFocus() and dialog.results.currentRow() == 0
    QTest.keyClick(dialog.results, Qt.Key.Key_Return)
    assert demo.navigator.calls[-1] == ("log_session", session_id)
    assert not dialog.isVisible()


def test_a_note_with_markup_is_shown_as_text(
    qtbot: QtBot, demo: Demo, dialog: NoteSearchDialog
) -> None:
    _write_notes(demo, "zebrafinch <b>loud</b> <img src=x> & co")
    QTest.keyClicks(dialog.query, "zebrafinch")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    shown = dialog.results.item(0).data(HTML_ROLE)
    assert "&lt;b&gt;loud&lt;/b&gt;" in shown and "<img" not in shown
    document = QTextDocument()
    document.setHtml(shown)
    assert "zebrafinch <b>loud</b> <img src=x> & co" in document.toPlainText()


def test_highlighting_bolds_words_that_start_like_the_query() -> None:
    assert highlighted("Внимание держит; ВНИМАТЕЛЬНО", "вним") == (
        "<b>Внимание</b> держит; <b>ВНИМАТЕЛЬНО</b>"
    )
    assert highlighted("a<b>c", "") == "a&lt;b&gt;c"


def test_an_assistant_gets_no_entry_and_the_service_refuses(qtbot: QtBot, demo: Demo) -> None:
    journal = JournalPage(demo.context, demo.navigator)
    qtbot.addWidget(journal)
    assert journal.search_button is not None
    with Session(demo.engine) as session:
        member = list_staff(session, actor=SYSTEM, role="assistant")[0]
    assistant = Actor(member.id, member.role)
    runner = TaskRunner()
    try:
        context = AppContext(demo.engine, assistant, runner)
        page = JournalPage(context, demo.navigator)
        qtbot.addWidget(page)
        assert page.search_button is None
        texts = [button.text() for button in page.findChildren(type(journal.search_button))]
        assert "Search &notes…" not in texts
    finally:
        runner.shutdown()
    with Session(demo.engine) as session, pytest.raises(PermissionDeniedError):
        search_notes(session, actor=assistant, text="внимание")


def test_the_filters_narrow_the_results(qtbot: QtBot, demo: Demo, dialog: NoteSearchDialog) -> None:
    session_id = _write_notes(demo, "quokkaquest")
    with Session(demo.engine) as session:
        record = session.get(SessionRecord, session_id)
        assert record is not None
        held_on, staff_id = record.held_on, record.staff_id
    QTest.keyClicks(dialog.query, "quokka")
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    rows = dialog.filter_rows
    qtbot.waitUntil(lambda: rows.staff_combo.count() > 2, timeout=5000)
    other = next(
        i
        for i in range(1, rows.staff_combo.count())
        if rows.staff_combo.itemData(i) != str(staff_id)
    )
    rows.staff_combo.setCurrentIndex(other)
    qtbot.waitUntil(lambda: dialog.results.count() == 0, timeout=5000)
    assert dialog.status.text() == "No session notes hold these words."
    rows.staff_combo.setCurrentIndex(rows.staff_combo.findData(str(staff_id)))
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
    rows.start.set_value(held_on + timedelta(days=1))
    rows.end.set_value(held_on + timedelta(days=30))
    rows.dated.setChecked(True)
    assert rows.values()["start"] == held_on + timedelta(days=1)
    qtbot.waitUntil(lambda: dialog.results.count() == 0, timeout=5000)
    rows.start.set_value(held_on)
    qtbot.waitUntil(lambda: dialog.results.count() == 1, timeout=5000)
