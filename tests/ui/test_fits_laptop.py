"""Every page and every tab of the child card fits a 1366-pixel laptop screen, in each language.

A page's widest row decides the window's narrowest width: a row of Russian or Kazakh labels
that grows past the screen pushes the right-hand buttons off it (a hidden page counts too,
since the pages share one stack).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dialog_factories import Records, read_records
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from tests.ui.conftest import settle

from caseroom.i18n import LANGUAGES, set_language
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.pages import registry

SCREEN_WIDTH = 1366


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each interface language in turn."""
    set_language(request.param)
    yield request.param
    set_language("en")


def test_every_page_and_card_tab_fits_a_1366_pixel_screen(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, demo_path: Path, language: str
) -> None:
    records: Records = read_records(demo_engine, demo_path)
    window = MainWindow(demo_path, app_settings())
    qtbot.addWidget(window)
    window.resize(SCREEN_WIDTH, 768)
    window.show()
    qtbot.waitExposed(window)
    window.attach(context)
    settle(qtbot, context)
    too_wide: dict[str, int] = {}
    for page in registry.PAGE_NAMES:
        window.show_page(page)
        settle(qtbot, context)
        if window.minimumSizeHint().width() > SCREEN_WIDTH:
            too_wide[f"page {page}"] = window.minimumSizeHint().width()
    window.open_child(records.child_id)
    settle(qtbot, context)
    tabs = max(
        (tab for tab in window.findChildren(QTabWidget) if tab.isVisibleTo(window)),
        key=lambda tab: tab.count(),
    )
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle(qtbot, context)
        if window.minimumSizeHint().width() > SCREEN_WIDTH:
            too_wide[f"child card tab {index + 1}"] = window.minimumSizeHint().width()
    assert too_wide == {}, f"wider than {SCREEN_WIDTH} px in {language}: {too_wide}"
