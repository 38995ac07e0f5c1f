"""Today's warnings: consents, referrals, children not seen, sessions not written up; each
row says what and since when, and Enter opens the right place."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator

from caseroom.services.plans.due import DueItem, DueKind, DueList
from caseroom.ui.context import AppContext
from caseroom.ui.pages.today import TodayPage

CHILD, FAMILY, SESSION = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
ITEMS = (
    DueItem(DueKind.CONSENT_EXPIRY, uuid.uuid4(), CHILD, "Оспанов Дархан", date(2026, 11, 1), True),
    DueItem(
        DueKind.CONSENT_EXPIRY,
        uuid.uuid4(),
        None,
        "Оспанова Айгүл",
        date(2026, 12, 1),
        False,
        caregiver_id=uuid.uuid4(),
        family_id=FAMILY,
    ),
    DueItem(
        DueKind.REFERRAL_WAITING,
        uuid.uuid4(),
        CHILD,
        "Оспанов Дархан",
        date(2026, 11, 20),
        True,
        "ПМПК",
    ),
    DueItem(DueKind.NO_SESSION, CHILD, CHILD, "Оспанов Дархан", date(2026, 11, 22), True),
    DueItem(DueKind.SESSION_UNWRITTEN, SESSION, None, None, date(2026, 11, 21), True, "Sounds"),
)


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, navigator: RecordingNavigator) -> Iterator[TodayPage]:
    today = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(today)
    today.resize(1200, 900)
    today.show()
    today.refresh()
    qtbot.waitUntil(lambda: today.data is not None and today.data.warnings_loaded, timeout=5000)
    assert today.data is not None
    today.show_data(replace(today.data, due=DueList(DEMO_TODAY, ITEMS), no_session_weeks=3))
    yield today


def test_each_warning_says_what_and_since_when(page: TodayPage) -> None:
    rows = [
        [page.warnings.list.topLevelItem(n).text(c) for c in range(3)]
        for n in range(page.warnings.rows())
    ]
    assert rows == [
        ["Оспанов Дархан", "Consent", "ended on 01.11.2026"],
        ["Оспанова Айгүл", "Consent", "ends 01.12.2026"],
        ["Оспанов Дархан", "Referral to ПМПК", "no outcome since 20.11.2026"],
        ["Оспанов Дархан", "No session attended", "not seen since 01.11.2026"],
        ["(several children)", "Sounds", "not written up since 21.11.2026"],
    ]
    assert page.warnings.heading.text() == "Warnings: 5"


def test_enter_on_each_warning_opens_the_right_place(
    qtbot: QtBot, page: TodayPage, navigator: RecordingNavigator
) -> None:
    listing = page.warnings.list
    listing.setFocus()
    listing.setCurrentItem(listing.topLevelItem(0))
    qtbot.keyClick(listing, Qt.Key.Key_Return)
    for _row in range(4):
        qtbot.keyClick(listing, Qt.Key.Key_Down)
        qtbot.keyClick(listing, Qt.Key.Key_Return)
    assert navigator.calls == [
        ("open_child", {"child_id": CHILD, "tab": "overview"}),
        ("open_family", {"family_id": FAMILY}),
        ("open_child", {"child_id": CHILD, "tab": "overview"}),
        ("open_child", {"child_id": CHILD, "tab": "sessions"}),
        ("log_session", {"child_id": None, "session_id": SESSION}),
    ]
