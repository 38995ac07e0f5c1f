"""Every control a person can reach has a name a screen reader can say.

The name is read the way assistive technology reads it: through Qt's accessibility
interface (`QAccessible.queryAccessibleInterface(widget).text(Name)`), which takes an
explicit accessible name, a button's text or a label's buddy into account. The walk covers
every page of the main window on the demo database, each tab of the child card and the
session dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QAccessibleInterface,
)
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
    QPushButton,
    QScrollBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlmodel import Session, col, select
from tests.ui.conftest import settle

from caseroom.db.models import Caregiver
from caseroom.i18n import ngettext
from caseroom.names import fold_name
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


def test_the_goal_order_buttons_and_the_help_text_card_are_named(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with Session(context.engine) as session:
        child = list_children(session, actor=SYSTEM, filters=ChildFilters())[0]
    window.open_child(child.id)
    settle(qtbot, context)
    card = window.page("children").card  # type: ignore[union-attr]
    card.tabs.setCurrentIndex(1)
    settle(qtbot, context)
    order = card.plan.order
    order.select(card.plan.goal_cards[-1].goal.id)
    named = {accessible_name(widget) for widget in reachable_controls(window)}
    assert {"Move goal up", "Move goal down"} <= named
    window.show_page("settings")
    settle(qtbot, context)
    named = {accessible_name(widget) for widget in reachable_controls(window)}
    assert {"Help text", "Save help text"} <= named


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


def _find(
    interface: QAccessibleInterface, name: str, depth: int = 0
) -> QAccessibleInterface | None:
    """The accessible interface named `name` under `interface` (depth first)."""
    if interface.text(QAccessible.Text.Name) == name:
        return interface
    if depth > 30:
        return None
    for index in range(interface.childCount()):
        child = interface.child(index)
        found = _find(child, name, depth + 1) if child is not None else None
        if found is not None:
            return found
    return None


def _record_accessibility_events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    events: list[tuple[Any, ...]] = []
    original = QAccessible.updateAccessibility

    def record(event: QAccessibleEvent) -> None:
        text = event.message() if isinstance(event, QAccessibleAnnouncementEvent) else ""
        events.append((event.type(), event.object(), event.child(), text))
        original(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(record))
    return events


def test_the_search_results_popup_is_on_the_accessibility_tree_with_its_hits(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    events = _record_accessibility_events(monkeypatch)
    with Session(context.engine) as session:
        child = list_children(session, actor=SYSTEM, filters=ChildFilters())[0]
    window.search.setFocus()
    last_name = child.full_name.split()[0]
    qtbot.keyClicks(window.search, fold_name(last_name))
    qtbot.waitUntil(window.search.results.isVisible, timeout=5000)
    application = QAccessible.queryAccessibleInterface(QApplication.instance())
    assert application is not None
    found = _find(application, "Search results")
    assert found is not None and found.role() == QAccessible.Role.List
    hits = window.search.hits()
    assert hits and found.childCount() == len(hits)
    names = [found.child(row).text(QAccessible.Text.Name) for row in range(len(hits))]
    assert any(last_name in name and "Child" in name for name in names), names
    assert all("\n" not in name for name in names)
    said = [text for kind, _o, _c, text in events if kind == QAccessible.Event.Announcement]
    assert said and said[-1] == ngettext("{count} match", "{count} matches", len(hits)).format(
        count=len(hits)
    )
    focus = [(o, c) for kind, o, c, _t in events if kind == QAccessible.Event.Focus]
    assert focus[-1] == (window.search.results, 0)  # the first hit is said, focus stays put
    if len(hits) > 1:
        qtbot.keyClick(window.search, Qt.Key.Key_Down)
        focus = [(o, c) for kind, o, c, _t in events if kind == QAccessible.Event.Focus]
        assert focus[-1] == (window.search.results, 1)
    assert window.search.hasFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen popup
def test_the_caregiver_picker_popup_is_named_and_says_each_row(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch, no_modal_questions: None
) -> None:
    from caseroom.services.parents.groups import list_groups
    from caseroom.ui.dialogs.group_form import MemberForm

    events = _record_accessibility_events(monkeypatch)
    with Session(context.engine) as session:
        group = list_groups(session, actor=SYSTEM)[0]
        carer = session.execute(select(Caregiver).order_by(col(Caregiver.last_name))).scalars()
        last_name = next(iter(carer)).last_name
    form = MemberForm(context, group)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.picker.setFocus()
    qtbot.keyClicks(form.picker, fold_name(last_name))
    popup = form.picker.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    interface = QAccessible.queryAccessibleInterface(popup)
    assert interface is not None
    assert interface.text(QAccessible.Text.Name) == "Caregivers found"
    rows = list(form.picker.hits)
    assert interface.childCount() == len(rows) > 0
    assert [interface.child(i).text(QAccessible.Text.Name) for i in range(len(rows))] == rows
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    focus = [(o, c) for kind, o, c, _t in events if kind == QAccessible.Event.Focus]
    assert focus and focus[-1] == (popup, 0)
    said = [text for kind, _o, _c, text in events if kind == QAccessible.Event.Announcement]
    assert said[-1] == ngettext("{count} match", "{count} matches", len(rows)).format(
        count=len(rows)
    )
    popup.hide()


def test_enter_presses_the_focused_button_of_a_page(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.show_page("children")
    settle(qtbot, context)
    page = window.page("children")
    assert page is not None
    button = QPushButton("Probe", page)  # a page button that opens no modal dialog
    button.show()
    pressed: list[bool] = []
    button.clicked.connect(lambda: pressed.append(True))
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    qtbot.keyClick(button, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert pressed == [True, True]
    qtbot.keyClick(button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert pressed == [True, True]  # Ctrl+Enter stays the forms' save key
