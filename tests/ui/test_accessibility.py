"""Every control a person can reach has a name a screen reader can say.

The name is read the way assistive technology reads it: through Qt's accessibility
interface (`QAccessible.queryAccessibleInterface(widget).text(Name)`), which takes an
explicit accessible name, a button's text or a label's buddy into account. The walk covers
every page of the main window on the demo database, each tab of the child card and the
session dialog.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import Session
from tests.ui.conftest import settle

from caseroom.services.common import SYSTEM
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages import registry

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces as the widget's name."""
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return interface.text(QAccessible.Text.Name).strip()


def reachable_controls(root: QWidget) -> Iterator[QWidget]:
    """Visible, enabled controls under `root` that take focus or a click."""
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), QComboBox | QAbstractSpinBox
        ):
            continue  # the line edit inside a combo or spin box: the outer control is named
        if isinstance(widget, QHeaderView | QScrollBar):
            continue  # a view's header and scroll bars: Qt exposes them as parts of the view
        if isinstance(widget, QAbstractButton) and widget.objectName().startswith("qt_"):
            continue  # Qt's internal buttons (scroll arrows, tab bar scrollers)
        yield widget


def unnamed(root: QWidget) -> list[str]:
    """A description of every reachable control under `root` that has no accessible name."""
    return [
        f"{type(widget).__name__} {widget.objectName() or '(no object name)'} "
        f"in {type(widget.parentWidget()).__name__}"
        for widget in reachable_controls(root)
        if not accessible_name(widget)
    ]


@pytest.mark.parametrize("page", registry.PAGE_NAMES)
def test_every_control_on_each_page_has_a_name(
    qtbot: QtBot, window: MainWindow, context: AppContext, page: str
) -> None:
    window.show_page(page)
    settle(qtbot, context)
    assert window.current_page_name == page
    controls = list(reachable_controls(window))
    assert controls, "the walk found no controls at all"
    assert unnamed(window) == []


def test_every_tab_of_the_child_card_names_its_controls(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with Session(context.engine) as session:
        child = list_children(session, actor=SYSTEM, filters=ChildFilters())[0]
    window.open_child(child.id)
    settle(qtbot, context)
    tabs = [tab for tab in window.findChildren(QTabWidget) if tab.isVisibleTo(window)]
    assert tabs, "the child card shows no tabs"
    card_tabs = max(tabs, key=lambda tab: tab.count())
    for index in range(card_tabs.count()):
        card_tabs.setCurrentIndex(index)
        settle(qtbot, context)
        assert unnamed(window) == [], card_tabs.tabText(index)


def test_the_icons_inside_search_boxes_are_named(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.show_page("children")
    settle(qtbot, context)
    boxes = [window.search, window.page("children").search]  # type: ignore[union-attr]
    for box in boxes:
        box.setText("ab")  # the clear button shows once there is text
        icons = [
            button for button in box.findChildren(QAbstractButton) if button.isVisibleTo(window)
        ]
        assert icons, "no clear button shown"
        assert {accessible_name(button) for button in icons} <= {"Clear the search", "Search"}
        assert "Clear the search" in {accessible_name(button) for button in icons}
        box.clear()


def test_the_session_dialog_names_every_control(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with Session(context.engine) as session:
        child = list_children(session, actor=SYSTEM, filters=ChildFilters())[0]
    window.log_session(child_id=child.id)
    settle(qtbot, context)
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    assert list(reachable_controls(dialog))
    assert unnamed(dialog) == []
    dialog.close()
