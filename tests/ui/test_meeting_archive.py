"""Groups: archive a meeting with a reason, undo it, find it again and restore it, by keys.

- Alt+T on the groups page opens the reason dialog for the chosen meeting, focus on the
  reason; Down and Ctrl+Enter archive it and it leaves the list; Ctrl+Z brings it back;
- "Show archived meetings" (Alt+G) lists it again marked archived; Alt+T, now "Restore
  meeting", brings it back, and so does Enter on its row.
"""

from __future__ import annotations

import uuid

from focus_keys import ALT, CTRL, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import settle
from tests.ui.test_accessibility import unnamed
from wellbeing_fixtures import activate

from caseroom.db.models import GroupMeeting
from caseroom.services.audited import archive_reason
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.groups import GroupsPage


def _archived(engine: Engine, meeting_id: uuid.UUID) -> bool:
    with Session(engine) as session:
        found = session.get(GroupMeeting, meeting_id)
        assert found is not None
        return found.archived_at is not None


def _ids(page: GroupsPage) -> list[uuid.UUID]:
    tree = page.meetings
    return [
        tree.topLevelItem(n).data(0, Qt.ItemDataRole.UserRole)
        for n in range(tree.topLevelItemCount())
    ]


def _groups_page(qtbot: QtBot, window: MainWindow, context: AppContext) -> GroupsPage:
    window.show_page("groups")
    settle(qtbot, context)
    page = window.page("groups")
    assert isinstance(page, GroupsPage)
    qtbot.waitUntil(lambda: page.view_data is not None and bool(page.view_data.meetings))
    return page


def test_archive_a_meeting_undo_it_then_restore_it_from_the_archived_list(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    page = _groups_page(qtbot, window, context)
    meeting_id = _ids(page)[0]
    held_on = page.meetings.topLevelItem(0).text(0)
    activate(qtbot, window)
    page.meetings.setFocus()
    page.meetings.setCurrentItem(page.meetings.topLevelItem(0))
    assert page.meeting_archive.text() == "Archive mee&ting…"
    qtbot.keyClick(focused(), Qt.Key.Key_T, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ArchiveDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ArchiveDialog)
    activate(qtbot, dialog)
    assert focused() is dialog.reason
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.chosen_reason() == "mistake"
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    qtbot.waitUntil(lambda: _archived(demo_engine, meeting_id), timeout=5000)
    settle(qtbot, context)
    with Session(demo_engine) as session:
        assert archive_reason(session, "group_meeting", meeting_id) == "mistake"
    qtbot.waitUntil(lambda: meeting_id not in _ids(page), timeout=5000)

    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)  # undo: the meeting is back
    qtbot.waitUntil(lambda: not _archived(demo_engine, meeting_id), timeout=5000)
    settle(qtbot, context)
    qtbot.waitUntil(lambda: meeting_id in _ids(page), timeout=5000)
    assert window.confirm_bar.message.text() == "Undone: the group meeting is restored"

    # archived again (by the service this time), then found with "Show archived meetings"
    from caseroom.services.parents.meeting_archive import archive_meeting_for

    with Session(demo_engine) as session:
        archive_meeting_for(session, actor=context.actor, meeting_id=meeting_id, reason="duplicate")
        session.commit()
    context.changed.emit(frozenset({"meeting"}))
    settle(qtbot, context)
    qtbot.waitUntil(lambda: meeting_id not in _ids(page), timeout=5000)
    page.meetings.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_G, ALT)  # Show archived meetin&gs
    settle(qtbot, context)
    assert page.archived_meetings.isChecked()
    assert unnamed(page) == []
    qtbot.waitUntil(lambda: meeting_id in _ids(page), timeout=5000)
    row = _ids(page).index(meeting_id)
    item = page.meetings.topLevelItem(row)
    assert item.text(0) == f"{held_on}, archived"
    page.meetings.setFocus()
    page.meetings.setCurrentItem(item)
    assert page.meeting_archive.text() == "Restore mee&ting"
    assert page.meeting_archive.accessibleName() == "Restore: group meeting"
    qtbot.keyClick(focused(), Qt.Key.Key_T, ALT)  # Restore mee&ting
    qtbot.waitUntil(lambda: not _archived(demo_engine, meeting_id), timeout=5000)
    settle(qtbot, context)
    qtbot.waitUntil(
        lambda: page.meetings.topLevelItem(_ids(page).index(meeting_id)).text(0) == held_on
    )
    restored = page.meetings.topLevelItem(_ids(page).index(meeting_id))
    assert restored.text(0) == held_on
    # Ctrl+Z archives it again
    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: _archived(demo_engine, meeting_id), timeout=5000)
    settle(qtbot, context)
    assert window.confirm_bar.message.text() == "Undone: the group meeting is archived again"
    qtbot.waitUntil(
        lambda: page.meetings.topLevelItem(_ids(page).index(meeting_id)).text(0) != held_on
    )
    # Enter on the archived row restores it too
    item = page.meetings.topLevelItem(_ids(page).index(meeting_id))
    page.meetings.setFocus()
    page.meetings.setCurrentItem(item)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not _archived(demo_engine, meeting_id), timeout=5000)
    settle(qtbot, context)


def test_feedback_is_offered_only_for_meetings_not_archived(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    page = _groups_page(qtbot, window, context)
    meeting_id = _ids(page)[0]
    from caseroom.services.parents.meeting_archive import archive_meeting_for

    with Session(demo_engine) as session:
        archive_meeting_for(session, actor=context.actor, meeting_id=meeting_id, reason="mistake")
        session.commit()
    page.archived_meetings.setChecked(True)
    settle(qtbot, context)
    qtbot.waitUntil(lambda: meeting_id in _ids(page), timeout=5000)
    assert meeting_id not in [meeting.id for meeting in page.live_meetings()]
    assert len(page.live_meetings()) == len(_ids(page)) - 1
