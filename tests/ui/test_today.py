"""Today: the day's sessions and what is due, each row opening its record."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator

from caseroom.db.models import Attendance, Caregiver, Child, SessionRecord
from caseroom.services.common import SYSTEM
from caseroom.services.plans.due import DueKind, what_is_due
from caseroom.services.sessions.writing import sessions_on_day
from caseroom.services.wellbeing.checkins import open_flags
from caseroom.ui.context import AppContext
from caseroom.ui.pages.today import Section, TodayPage


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, navigator: RecordingNavigator) -> Iterator[TodayPage]:
    today = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(today)
    today.resize(1200, 700)
    today.show()
    today.refresh()
    qtbot.waitUntil(lambda: today.data is not None and today.data.warnings_loaded, timeout=5000)
    yield today


def _column(section: Section, column: int) -> list[str]:
    return [section.list.topLevelItem(row).text(column) for row in range(section.rows())]


def _stored_sessions_of(engine: Engine, day: date) -> list[tuple[str, frozenset[str]]]:
    """Every live session of `day` as (start time, names of the people in it), read
    straight from the tables (the demo's own sessions and its timetable's planned ones)."""
    with Session(engine) as session:
        rows = session.execute(
            select(col(SessionRecord.id), col(SessionRecord.starts_at)).where(
                col(SessionRecord.held_on) == day, col(SessionRecord.archived_at).is_(None)
            )
        ).all()
        people = [
            found
            for person, key in ((Child, Attendance.child_id), (Caregiver, Attendance.caregiver_id))
            for found in session.execute(
                select(col(Attendance.session_id), col(person.last_name), col(person.first_name))
                .join(person, col(person.id) == key)
                .where(
                    col(Attendance.session_id).in_([row[0] for row in rows]),
                    col(Attendance.archived_at).is_(None),
                )
            )
        ]
    names: dict[uuid.UUID, set[str]] = {}
    for session_id, last, first in people:
        names.setdefault(session_id, set()).add(f"{last} {first}")
    return [(at.strftime("%H:%M"), frozenset(names.get(sid, ()))) for sid, at in rows]


def test_lists_the_planned_sessions_in_time_order(page: TodayPage) -> None:
    stored = _stored_sessions_of(page.context.engine, DEMO_TODAY)
    times = _column(page.sessions, 0)
    shown = [
        (at, frozenset(who.split(", ")))
        for at, who in zip(times, _column(page.sessions, 1), strict=True)
    ]
    # every session of the day is listed once, earliest first
    assert sorted(shown, key=repr) == sorted(stored, key=repr)
    assert times == sorted(times)
    assert len(set(times)) >= 4  # several distinct times, so the order means something
    # the demo's own sessions of the day keep their order among the timetable's
    own = [
        ("13:00", frozenset({"Оспанов Дархан", "Шәріпова Камила"})),
        ("14:40", frozenset({"Дүйсенова Гаухар"})),
        ("15:20", frozenset({"Сапарова Жұлдыз"})),
    ]
    assert [row for row in shown if row in own] == own
    assert _column(page.sessions, 2)[shown.index(own[0])] == "Joint parent–child session"
    assert page.sessions.heading.text() == f"Sessions today: {len(stored)}"


def test_lists_pmpk_conclusions_ending_within_30_days(page: TodayPage) -> None:
    assert _column(page.pmpk, 0) == ["Шульц Андрей", "Серікбаева Ақбота", "Оспанов Дархан"]
    overdue = (page.today() - date(2026, 10, 23)).days
    assert overdue > 1
    assert _column(page.pmpk, 2) == [
        f"expired on 23.10.2026, {overdue} days ago",
        "ends 03.12.2026",
        "ends 05.12.2026",
    ]
    # expired and expiring are counted apart: an expired one is not "ending within 30 days"
    assert page.pmpk.heading.text() == ("PMPK conclusions — expired: 1, ending within 30 days: 2")


def test_double_click_on_a_conclusion_opens_the_child_overview(
    qtbot: QtBot, page: TodayPage, navigator: RecordingNavigator
) -> None:
    with Session(page.context.engine) as session:
        due = what_is_due(session, actor=SYSTEM, today=DEMO_TODAY).of_kind(DueKind.PMPK_EXPIRY)
    item = page.pmpk.list.topLevelItem(1)
    rect = page.pmpk.list.visualItemRect(item)
    viewport = page.pmpk.list.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert navigator.calls == [("open_child", {"child_id": due[1].child_id, "tab": "overview"})]


def test_enter_on_a_session_opens_it_in_the_session_dialog(
    qtbot: QtBot, page: TodayPage, navigator: RecordingNavigator
) -> None:
    with Session(page.context.engine) as session:
        rows = sessions_on_day(session, actor=SYSTEM, day=DEMO_TODAY)
    page.sessions.list.setFocus()
    qtbot.keyClick(page.sessions.list, Qt.Key.Key_Down)
    qtbot.keyClick(page.sessions.list, Qt.Key.Key_Return)
    assert navigator.calls == [("log_session", {"child_id": None, "session_id": rows[1].id})]


def test_empty_sections_say_so_and_safety_flags_are_honest(page: TodayPage) -> None:
    assert page.reviews.rows() == 0
    assert page.reviews.body.currentWidget() is page.reviews.empty
    assert page.reviews.empty.text() == "No plan reviews are due."
    assert page.practice.empty.text() == "No home practice waits for a follow-up."
    with Session(page.context.engine) as session:
        flags = open_flags(session, actor=SYSTEM)
    assert page.flags.rows() == len(flags)
    assert page.flags.heading.text() == f"Safety flags waiting for a follow-up: {len(flags)}"
    assert page.flags.empty.text().startswith("No safety flags.")


def test_header_shows_the_day_and_log_session_asks_the_navigator(
    qtbot: QtBot, page: TodayPage, navigator: RecordingNavigator
) -> None:
    assert page.date_label.text() == "Monday, 23 November 2026"
    qtbot.mouseClick(page.log_button, Qt.MouseButton.LeftButton)
    assert navigator.calls == [("log_session", {"child_id": None, "session_id": None})]


def test_a_day_without_sessions_offers_to_log_one(
    qtbot: QtBot, context: AppContext, navigator: RecordingNavigator
) -> None:
    sunday = TodayPage(context, navigator, today=lambda: date(2026, 11, 22))
    qtbot.addWidget(sunday)
    sunday.show()
    sunday.refresh()
    qtbot.waitUntil(lambda: sunday.data is not None and sunday.data.warnings_loaded, timeout=5000)
    assert sunday.sessions.body.currentWidget() is sunday.sessions.empty
    assert sunday.sessions.empty.text() == "No sessions planned today."
    button = sunday.sessions.empty.button
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert navigator.calls == [("log_session", {"child_id": None, "session_id": None})]


def test_a_side_card_with_few_rows_shrinks_to_them(qtbot: QtBot) -> None:
    from caseroom.ui.pages.today import FIT_ROWS, QWIDGETSIZE_MAX
    from caseroom.ui.widgets.empty_state import EmptyState

    section = Section("practice", 3, EmptyState("", compact=True), shrink=True)
    qtbot.addWidget(section)

    def rows(n: int) -> list[tuple[list[str], None, str]]:
        return [([f"child {i}", "task", "23.11.2026"], None, "") for i in range(n)]

    section.fill(rows(1))  # type: ignore[arg-type]
    assert section.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Maximum
    one_row = section.body.maximumHeight()
    assert one_row < QWIDGETSIZE_MAX
    section.fill(rows(2))  # type: ignore[arg-type]
    assert section.body.maximumHeight() > one_row
    section.fill(rows(FIT_ROWS + 2))  # type: ignore[arg-type]
    assert section.sizePolicy().verticalPolicy() == QSizePolicy.Policy.Preferred
    assert section.body.maximumHeight() == QWIDGETSIZE_MAX


def test_an_assistant_sees_the_day_as_an_assistant_no_topics_no_practice(
    qtbot: QtBot,
    context: AppContext,
    navigator: RecordingNavigator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Today reads as the person signed in, never as the system: an assistant sees the
    schedule but no session topics (they are notes) and no home practice."""
    import caseroom.ui.pages.today as today_module
    from caseroom.services.common import Actor
    from caseroom.services.sessions.journal import sessions_between

    with Session(context.engine) as session:
        topics = [r.topic for r in sessions_on_day(session, actor=SYSTEM, day=DEMO_TODAY)]
    assert any(topics)  # the demo's sessions have topics a specialist would see
    assistant = Actor(context.actor.staff_id, "assistant")
    context.actor = assistant
    seen: list[Actor] = []

    def recording_what_is_due(session: Session, *, actor: Actor, **kwargs: object) -> object:
        seen.append(actor)
        return what_is_due(session, actor=actor, **kwargs)  # type: ignore[arg-type]

    def recording_sessions_on_day(session: Session, *, actor: Actor, **kwargs: object) -> object:
        seen.append(actor)
        return sessions_between(session, actor=actor, start=DEMO_TODAY, end=DEMO_TODAY)

    monkeypatch.setattr(today_module, "what_is_due", recording_what_is_due)
    monkeypatch.setattr(today_module, "sessions_on_day", recording_sessions_on_day)
    page = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.warnings_loaded, timeout=5000)
    assert seen == [assistant, assistant, assistant]  # the day, what is due, warnings
    assert page.sessions.rows() == len(topics)
    tips = [page.sessions.list.topLevelItem(row).toolTip(0) for row in range(page.sessions.rows())]
    for topic in filter(None, topics):
        assert all(topic not in tip for tip in tips)
    assert page.practice.rows() == 0


def test_the_warnings_come_second_and_only_while_the_page_is_shown(
    qtbot: QtBot, context: AppContext, navigator: RecordingNavigator, demo_engine: Engine
) -> None:
    hidden = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(hidden)
    hidden.refresh()  # e.g. the person already turned to another page
    qtbot.waitUntil(lambda: hidden.data is not None, timeout=5000)
    qtbot.waitUntil(lambda: not context.runner._pending, timeout=5000)
    assert hidden.data is not None and not hidden.data.warnings_loaded
    assert not any(item.kind == DueKind.NO_SESSION for item in hidden.data.due.items)
    assert hidden.warnings.heading.text() == "Warnings: …"
    hidden.resize(1200, 700)
    hidden.show()
    hidden.refresh()
    qtbot.waitUntil(lambda: hidden.data is not None and hidden.data.warnings_loaded, timeout=5000)
    with Session(demo_engine) as session:
        due = what_is_due(session, actor=context.actor, today=DEMO_TODAY, no_session_weeks=3)
    # the same list as reading everything at once
    assert hidden.data.due.items == due.items
