"""Today: a read still queued when the person leaves the page is skipped, not run."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator, settle

from caseroom.ui import pages
from caseroom.ui.context import AppContext
from caseroom.ui.pages.today import TodayPage


@pytest.fixture
def page(qtbot: QtBot, context: AppContext, navigator: RecordingNavigator) -> Iterator[TodayPage]:
    today = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(today)
    today.resize(1200, 800)
    today.show()
    qtbot.waitExposed(today)
    yield today


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of Today's reads as they start on the worker (each still reads)."""
    started: list[str] = []
    module: Any = pages.today

    def recording(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def read(*args: Any, **kwargs: Any) -> Any:
            started.append(name)
            return real(*args, **kwargs)

        return read

    monkeypatch.setattr(module, "load_today", recording("today", module.load_today))
    monkeypatch.setattr(module, "load_warnings", recording("warnings", module.load_warnings))
    return started


def _hold_worker(context: AppContext) -> threading.Event:
    """Keep the worker busy until the returned event is set (so what follows queues)."""
    release = threading.Event()
    context.runner.run(lambda: release.wait(10))
    return release


def test_the_days_read_is_skipped_when_the_page_was_left(
    qtbot: QtBot, page: TodayPage, context: AppContext, reads: list[str]
) -> None:
    release = _hold_worker(context)
    page.refresh()  # queued behind the held worker
    page.hide()  # the person turns to another page before its turn
    release.set()
    settle(qtbot, context)
    assert reads == []
    assert page.data is None


def test_the_warnings_read_is_skipped_when_the_page_was_left(
    qtbot: QtBot, page: TodayPage, context: AppContext, reads: list[str]
) -> None:
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.warnings_loaded, timeout=5000)
    assert reads == ["today", "warnings"]
    assert page.data is not None
    release = _hold_worker(context)
    page.show_data(replace(page.data, warnings_loaded=False))  # queues the warnings again
    page.hide()
    release.set()
    settle(qtbot, context)
    assert reads == ["today", "warnings"]  # the second warnings read never ran
    assert not page.data.warnings_loaded


def test_a_queued_read_runs_while_the_page_stays_and_after_coming_back(
    qtbot: QtBot, page: TodayPage, context: AppContext, reads: list[str]
) -> None:
    release = _hold_worker(context)
    page.refresh()
    page.hide()
    page.show()  # back on the page: what the window asks for now is read
    page.refresh()
    release.set()
    settle(qtbot, context)
    assert reads == ["today", "warnings"]  # the read queued before leaving was skipped
    assert page.data is not None and page.data.warnings_loaded


def test_a_skipped_read_leaves_the_worker_idle(
    qtbot: QtBot, page: TodayPage, context: AppContext
) -> None:
    busy: list[bool] = []
    context.runner.busy_changed.connect(busy.append)
    release = _hold_worker(context)
    page.refresh()
    page.hide()
    release.set()
    qtbot.waitUntil(lambda: busy[-1:] == [False], timeout=5000)
    assert busy == [True, False]
