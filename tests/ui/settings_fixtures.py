"""The Settings page shown as a person sees it, for tests of its cards."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from tests.ui.conftest import settle

from caseroom.ui.context import AppContext
from caseroom.ui.pages.settings.page import SettingsPage


def shown_settings(qtbot: QtBot, context: AppContext) -> SettingsPage:
    """The Settings page at a laptop's size, shown, with everything it asked for loaded."""
    page = SettingsPage(context, navigator=None)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot, context)
    return page
