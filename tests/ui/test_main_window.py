"""The main window's frame and the task runner that feeds it."""

from __future__ import annotations

import threading
from pathlib import Path

from pytestqt.qtbot import QtBot

from caseroom.i18n import set_language
from caseroom.ui.main_window import MainWindow
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.widgets.style import SPACE_S


def test_task_runner_runs_off_gui_thread_and_delivers_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 41 + 1

    def done(value: int) -> None:
        seen["callback"] = threading.get_ident()
        seen["value"] = value

    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda b: not b):
        runner.run(work, done)
    runner.shutdown()
    assert seen["value"] == 42
    assert seen["worker"] != gui_thread
    assert seen["callback"] == gui_thread


def test_task_runner_keeps_order_and_reports_errors(qtbot: QtBot) -> None:
    runner = TaskRunner()
    order: list[str] = []
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValueError("boom")

    runner.run(lambda: order.append("first"))
    runner.run(fail, None, errors.append)
    with qtbot.waitSignal(runner.busy_changed, timeout=5000, check_params_cb=lambda b: not b):
        runner.run(lambda: order.append("second"))
    runner.shutdown()
    assert order == ["first", "second"]
    assert len(errors) == 1 and str(errors[0]) == "boom"


def test_status_bar_names_the_database_and_the_rail_is_translated(
    qtbot: QtBot, tmp_path: Path
) -> None:
    set_language("en")
    window = MainWindow(tmp_path / "x.sqlite3")
    qtbot.addWidget(window)
    assert window.path_label.text() == f"Database: {tmp_path / 'x.sqlite3'}"
    assert [button.accessibleName() for button in window.rail_buttons.values()] == [
        "Today",
        "Children",
        "Families",
        "Journal",
        "Timetable",
        "Groups",
        "Reports",
        "Help directory",
        "Settings",
    ]
    assert window.rail_buttons["today"].toolTip() == "Today (Ctrl+1)"
    assert window.rail_buttons["today"].text() == "Today"


def test_a_rail_label_too_wide_for_one_line_takes_two_whole_words(
    qtbot: QtBot, tmp_path: Path
) -> None:
    set_language("kk")
    try:
        window = MainWindow(tmp_path / "x.sqlite3")
        qtbot.addWidget(window)
        timetable, directory = window.rail_buttons["timetable"], window.rail_buttons["directory"]
        assert timetable.text() == "Сабақ\nкестесі"  # was cut to "Саба…тесі"
        assert timetable.accessibleName() == "Сабақ кестесі"
        assert directory.text() == "Көмек\nанықтамалығы"
        room = directory.width() - 2 * SPACE_S
        widest = directory.fontMetrics().horizontalAdvance("анықтамалығы")
        assert widest <= room or directory.font().pointSizeF() == 7  # smaller, down to 7 pt
        assert window.rail_buttons["today"].font().pointSizeF() > 7
    finally:
        set_language("en")


def test_work_queued_after_shutdown_is_dropped_not_raised(qtbot: QtBot) -> None:
    runner = TaskRunner()
    runner.shutdown()
    called: list[str] = []
    future = runner.run(lambda: called.append("ran"), lambda _r: called.append("done"))
    qtbot.wait(50)
    assert future.cancelled()
    assert called == []
