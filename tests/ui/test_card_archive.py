"""Archive and restore a child card's records by the keyboard alone, with Undo.

On the sessions tab Delete on a session opens the reason dialog (focus on the reason);
Down and Ctrl+Enter archive it, "Show archived" lists it with its reason, Enter on it
restores it, and Ctrl+Z archives it again with the same reason.
"""

from __future__ import annotations

import uuid
from typing import Any

from focus_keys import ALT, CTRL, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import settle
from tests.ui.test_plan_tab import first_child
from wellbeing_fixtures import activate

from caseroom.db.models import SessionRecord
from caseroom.services.audited import archive_reason
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.main_window import MainWindow


def archived_at(engine: Engine, model: Any, record_id: uuid.UUID) -> Any:
    with Session(engine) as session:
        found = session.get(model, record_id)
        assert found is not None
        return found.archived_at


def archive_by_keys(qtbot: QtBot, context: AppContext, reason_steps: int = 1) -> ArchiveDialog:
    """In the open reason dialog: the focus is on the reason; Down, then Ctrl+Enter."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ArchiveDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ArchiveDialog)
    activate(qtbot, dialog)
    assert focused() is dialog.reason
    for _step in range(reason_steps):
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    settle(qtbot, context)
    return dialog


def test_a_session_is_archived_listed_restored_and_archived_again_by_undo(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    window.open_child(child_id, "sessions")
    settle(qtbot, context)
    tab = window.page("children").card.sessions  # type: ignore[union-attr]
    assert tab.rows
    session_id = tab.rows[0].id
    activate(qtbot, window)
    tab.table.setCurrentItem(tab.table.topLevelItem(0))
    tab.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Delete)
    archive_by_keys(qtbot, context, reason_steps=3)  # a duplicate
    assert archived_at(demo_engine, SessionRecord, session_id) is not None
    with Session(demo_engine) as session:
        assert archive_reason(session, "session", session_id) == "duplicate"
    assert session_id not in [row.id for row in tab.rows]
    assert window.confirm_bar.message.text() == "Archived: session"

    assert not tab.archived.table.isVisible()
    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_H, ALT)  # Show arc&hived
    settle(qtbot, context)
    assert tab.archived.toggle.isChecked()
    listed = tab.archived.table.topLevelItem(0)
    assert listed is not None
    assert listed.data(0, Qt.ItemDataRole.UserRole) == session_id
    assert listed.text(0).startswith("Session: ")
    assert listed.text(2) == "a duplicate of another record"
    tab.archived.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # restore it
    settle(qtbot, context)
    assert archived_at(demo_engine, SessionRecord, session_id) is None
    assert session_id in [row.id for row in tab.rows]
    assert tab.archived.records == []
    assert tab.archived.empty.isVisible()
    assert window.confirm_bar.message.text() == "Restored: session"

    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # undo the restore
    settle(qtbot, context)
    assert archived_at(demo_engine, SessionRecord, session_id) is not None
    with Session(demo_engine) as session:
        assert archive_reason(session, "session", session_id) == "duplicate"
    assert [r.record_id for r in tab.archived.records] == [session_id]
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # and the archive before it
    settle(qtbot, context)
    assert archived_at(demo_engine, SessionRecord, session_id) is None
