"""The Reports page's children checklist holds Kazakh and Russian at a laptop's width."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtWidgets import QSplitter
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.ui.conftest import settle

from caseroom.db.models import Family
from caseroom.i18n import set_language
from caseroom.names import sort_key
from caseroom.services.common import SYSTEM
from caseroom.services.people.children import ChildInput, create_child
from caseroom.ui.context import AppContext
from caseroom.ui.pages.reports.page import ReportsPage

WAIT = 20_000
DEMO_TODAY = date(2026, 11, 23)
PAGE_WIDTH = 1366 - 100
"""A 1366-pixel screen less the navigation rail: the page's width on a common laptop."""
EXTRA = [
    ("Akylbekov", "Dias"),
    ("Zhanibekova", "Aruzhan"),
    ("Әлиев", "Тимур"),
    ("Бекболатов", "Бекзат"),
]
"""Children added to the demo: Latin spellings and a Kazakh letter the byte order misplaces."""


def open_page(qtbot: QtBot, context: AppContext, navigator: Any) -> ReportsPage:
    page = ReportsPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(page)
    page.resize(PAGE_WIDTH, 700)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    settle(qtbot, context)  # every load delivered: none left to land on a closed page
    return page


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_search_and_grade_filter_keep_their_width(
    qtbot: QtBot, context: AppContext, navigator: Any, language: str
) -> None:
    set_language(language)
    page = open_page(qtbot, context, navigator)
    picker = page.progress.picker
    qtbot.waitUntil(lambda: picker.grade.count() > 1, timeout=WAIT)
    splitter = page.findChild(QSplitter)
    assert splitter is not None
    splitter.setSizes([PAGE_WIDTH // 2, PAGE_WIDTH // 2])  # as with a preview beside the form
    page.progress.chosen_radio.setChecked(True)
    # The grade filter shows its whole "All grades" and the search has room to type in.
    qtbot.waitUntil(lambda: picker.grade.width() >= picker.grade.sizeHint().width(), timeout=WAIT)
    assert picker.search.width() >= 200
    # The buttons sit below the list, each wide enough for its text.
    for button in (picker.all_button, picker.none_button):
        assert button.geometry().top() > picker.list.geometry().bottom()
        assert button.width() >= button.sizeHint().width()


def test_children_listed_in_the_alphabets_order(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    with Session(demo_engine) as session:
        family_id = session.execute(select(col(Family.id)).limit(1)).scalar_one()
        for number, (last, first) in enumerate(EXTRA, start=1):
            create_child(
                session,
                actor=SYSTEM,
                data=ChildInput(
                    family_id=family_id,
                    last_name=last,
                    first_name=first,
                    birth_date=date(2016, 1, number),
                    case_number=f"SR-2026-09{number:02d}",
                    grade=3,
                    enrolled_on=date(2026, 9, 1),
                ),
            )
        session.commit()
    page = open_page(qtbot, context, navigator)
    picker = page.progress.picker
    names = [picker.list.item(row).text().split(" · ")[0] for row in range(picker.list.count())]
    assert len(names) > len(EXTRA)
    keys = [sort_key(*name.split(" ", 2)) for name in names]
    assert keys == sorted(keys)
    # Cyrillic names first (Ә after А, not after Я): the Latin spellings close the list.
    assert names[-2:] == ["Akylbekov Dias", "Zhanibekova Aruzhan"]
    assert names.index("Әлиев Тимур") < names.index("Бекболатов Бекзат")
