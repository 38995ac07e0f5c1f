"""Every dialog opens with the keyboard in its first field, never on a button.

Each dialog of the app (tests/ui/dialog_factories.py) is opened as the app opens it and
the focused widget is looked at once the window is active: it must be a field inside the
dialog (a line, a list, a choice, a date...) and the first one of the tab order that
takes typing (or the one a dialog starts in on purpose: `STARTS_IN`), not Save, Cancel or
any other push button.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from dialog_factories import DIALOGS, Records, read_records
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from tests.ui.conftest import settle

from caseroom.ui.context import AppContext
from caseroom.ui.widgets.focus import first_field

STARTS_IN: dict[str, Callable[[Any], QWidget]] = {
    # The date is today's already; what kind of session it was is the first thing to say.
    "SessionDialog": lambda dialog: dialog.fields.kind_combo,
    # The language is the one caseroom started in; the school is the first thing to type.
    "FirstRunDialog": lambda dialog: dialog.school,
}
"""Dialogs that start in a later field on purpose, and that field."""


@pytest.fixture
def records(demo_engine: Engine, demo_path: Path) -> Records:
    """The demo's records the dialogs open on."""
    return read_records(demo_engine, demo_path)


def describe(widget: QWidget | None) -> str:
    """A widget, told for a failure message."""
    if widget is None:
        return "nothing"
    name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
    return f"{type(widget).__name__} {name!r}"


@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_every_dialog_opens_with_the_focus_in_its_first_field(
    qtbot: QtBot, context: AppContext, records: Records, name: str, no_modal_questions: None
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    dialog = DIALOGS[name](context, records, host)
    dialog.open() if hasattr(dialog, "open") else dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
    settle(qtbot, context, rounds=2)
    focused = QApplication.focusWidget()
    assert focused is not None and dialog.isAncestorOf(focused), describe(focused)
    assert not isinstance(focused, QPushButton), f"{name} opens on {describe(focused)}"
    expected = STARTS_IN[name](dialog) if name in STARTS_IN else first_field(dialog)
    assert expected is not None
    assert (
        focused is expected or expected.isAncestorOf(focused) or (focused.focusProxy() is expected)
    ), f"{name}: focus on {describe(focused)}, first field {describe(expected)}"
    assert focused.focusPolicy() & Qt.FocusPolicy.TabFocus
    dialog.close()
