"""The window locks on demand and when idle; while locked nothing of a record is readable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from caseroom.services.common import SYSTEM
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow

PASSWORD = "correct horse"


def fake_verify(password: str, done: Callable[[str | None], None]) -> None:
    """Accepts PASSWORD only, as a real check on the worker would."""
    done(None if password == PASSWORD else "Wrong password.")


def readable_text() -> str:
    """Every piece of text a person could read on screen now, from every visible window."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in top.findChildren(QWidget):
            if not widget.isVisibleTo(top):
                continue
            if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                texts.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                texts.append(widget.toPlainText())
    return "\n".join(texts)


def first_child(context: AppContext) -> tuple[str, object]:
    with Session(context.engine) as session:
        child = list_children(session, actor=SYSTEM, filters=ChildFilters())[0]
    return child.full_name.split()[0], child.id


def test_ctrl_l_hides_records_and_dialogs_until_the_right_password(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    last_name, child_id = first_child(context)
    window.window_lock.enable("Aigerim Sadykova", fake_verify, idle_minutes=0)
    window.open_child(child_id)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: last_name in readable_text(), timeout=10000)
    window.log_session(child_id=child_id)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None

    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.window_lock.locked
    assert not dialog.isVisible()
    assert last_name not in readable_text()
    assert "Aigerim Sadykova" in readable_text()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.activeModalWidget() is None  # shortcuts are off while locked

    screen = window.window_lock.screen
    qtbot.keyClicks(screen.password, "guess")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert window.window_lock.locked
    assert screen.message.isVisible() and screen.message.text() == "Wrong password."
    assert screen.password.text() == ""

    qtbot.keyClicks(screen.password, PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not window.window_lock.locked
    assert dialog.isVisible()
    assert last_name in readable_text()
    dialog.close()


def test_the_window_locks_by_itself_when_idle_and_input_postpones_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.window_lock.enable("Aigerim", fake_verify, idle_minutes=0.005)  # 300 ms
    qtbot.wait(150)
    qtbot.mouseMove(window, window.rect().center())
    qtbot.keyClick(window.search, Qt.Key.Key_A)
    assert not window.window_lock.locked
    qtbot.waitUntil(lambda: window.window_lock.locked, timeout=3000)
    assert not window.window_lock.watcher.counting


def test_without_a_password_there_is_no_lock(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not window.window_lock.locked
    assert window.window_lock.lock() is False


def test_input_restarts_the_idle_count_once_locking_is_enabled(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The application-wide watcher is installed only when there is something to count.
    watcher = window.window_lock.watcher
    assert not watcher.counting
    window.window_lock.enable("Aigerim", fake_verify, idle_minutes=1)
    watcher._timer.start(5000)  # as if most of the idle minute had gone by
    assert watcher._timer.remainingTime() <= 6000  # a coarse timer may run 5% over
    qtbot.keyClick(window.search, Qt.Key.Key_A)
    assert watcher._timer.remainingTime() > 50_000  # counted afresh from the key
    window.window_lock.set_idle_minutes(0)
    assert not watcher.counting
