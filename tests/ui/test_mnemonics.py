"""Alt shortcuts are unique in every window and dialog, in Kazakh, Russian and English.

Each dialog of the app (tests/ui/dialog_factories.py) is opened in each language, and so
is every page of the main window and every tab of the child card; no two visible controls
may claim the same Alt character (tests/ui/mnemonics.py tells how Qt finds them).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dialog_factories import DIALOGS, Records, read_records
from mnemonics import clashes, mnemonic
from PySide6.QtWidgets import QTabWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from tests.ui.conftest import settle

from caseroom.i18n import LANGUAGES, set_language
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.pages import registry


def test_the_mnemonic_is_the_character_after_a_single_ampersand() -> None:
    assert mnemonic("&Save") == "S"
    assert mnemonic("Save &as…") == "A"
    assert mnemonic("R&&D &report") == "R"
    assert mnemonic("&начать") == "Н"
    assert mnemonic("No shortcut") is None
    assert mnemonic("Tom && Jerry") is None


@pytest.fixture
def records(demo_engine: Engine, demo_path: Path) -> Records:
    """The demo's records the dialogs open on."""
    return read_records(demo_engine, demo_path)


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each interface language in turn."""
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_has_unique_mnemonics(
    qtbot: QtBot,
    context: AppContext,
    records: Records,
    language: str,
    name: str,
    no_modal_questions: None,
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    dialog = DIALOGS[name](context, records, host)
    dialog.resize(1000, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle(qtbot, context, rounds=2)
    found = clashes(dialog)
    assert found == {}, f"{name} in {language}: {found}"
    dialog.close()


@pytest.fixture
def window_in(qtbot: QtBot, context: AppContext, demo_path: Path, language: str) -> MainWindow:
    """The main window built in `language`."""
    shown = MainWindow(demo_path, app_settings())
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    shown.attach(context)
    settle(qtbot, context)
    return shown


def test_every_page_and_card_tab_has_unique_mnemonics(
    qtbot: QtBot, window_in: MainWindow, context: AppContext, records: Records, language: str
) -> None:
    window = window_in
    found: dict[str, dict[str, list[str]]] = {}
    for page in registry.PAGE_NAMES:
        window.show_page(page)
        settle(qtbot, context)
        if clashes(window):
            found[f"page {page}"] = clashes(window)
    window.open_child(records.child_id)
    settle(qtbot, context)
    tabs = max(
        (tab for tab in window.findChildren(QTabWidget) if tab.isVisibleTo(window)),
        key=lambda tab: tab.count(),
    )
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle(qtbot, context)
        if clashes(window):
            found[f"child card tab {index + 1}"] = clashes(window)
    assert found == {}, f"in {language}: {found}"
