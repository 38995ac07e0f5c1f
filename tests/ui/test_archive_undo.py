"""Archive, "Show archived", Restore and Undo, by the keyboard alone.

- Alt+V on a child's card opens the reason dialog with the focus on the reason; Down and
  Ctrl+Enter archive her; the confirmation bar says so and Ctrl+Z restores her;
- the Children list hides an archived child until "Show archived" (Alt+H) is ticked;
- "Restore" (Alt+O) on an archived child's card brings her back as she was;
- Undo of an edit writes the earlier values back; Undo of a new record archives it as "undone".
"""

from __future__ import annotations

import uuid

from focus_keys import ALT, CTRL, focused
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from tests.ui.conftest import settle
from tests.ui.test_plan_tab import first_child
from wellbeing_fixtures import activate

from caseroom.db.models import Child, Family
from caseroom.services.audited import archive_reason
from caseroom.services.common import SYSTEM
from caseroom.services.people.children import archive_child
from caseroom.services.people.families import get_family
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.dialogs.family_form import FamilyForm
from caseroom.ui.main_window import MainWindow
from caseroom.ui.pages.children import ChildrenPage


def _child(engine: Engine, child_id: uuid.UUID) -> Child:
    with Session(engine) as session:
        found = session.get(Child, child_id)
        assert found is not None
        session.expunge(found)
        return found


def test_archive_a_child_from_her_card_then_undo_with_ctrl_z(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    window.open_child(child_id)
    settle(qtbot, context)
    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_V, ALT)  # Archi&ve child…
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ArchiveDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ArchiveDialog)
    activate(qtbot, dialog)
    assert focused() is dialog.reason
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # no reason yet: refused, says why
    assert dialog.isVisible()
    assert focused() is dialog.reason
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert dialog.chosen_reason() == "left_school"
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    settle(qtbot, context)
    assert _child(demo_engine, child_id).archived_at is not None
    with Session(demo_engine) as session:
        assert archive_reason(session, "child", child_id) == "left_school"
    bar = window.confirm_bar
    assert bar.isVisible()
    assert bar.message.text() == "Archived: child's record"
    assert bar.undo_button.isVisible()
    card = window.page("children").card  # type: ignore[union-attr]
    assert card.archive_button.text() == "Rest&ore"

    activate(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    settle(qtbot, context)
    assert _child(demo_engine, child_id).archived_at is None
    assert bar.message.text() == "Undone: the child's record is restored"
    assert not bar.undo_button.isVisible()
    assert card.archive_button.text() == "Archi&ve child…"


def test_show_archived_finds_an_archived_child_and_restore_brings_her_back(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    before = _child(demo_engine, child_id)
    with Session(demo_engine) as session:
        archive_child(session, actor=SYSTEM, child_id=child_id, reason="duplicate")
        session.commit()
    window.show_page("children")
    settle(qtbot, context)
    page = window.page("children")
    assert isinstance(page, ChildrenPage)
    page.model.reload()
    settle(qtbot, context)
    assert page.model.row_of(child_id) is None
    activate(qtbot, window)
    page.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_H, ALT)  # Show arc&hived
    settle(qtbot, context)
    assert page.show_archived.isChecked()
    row = page.model.row_of(child_id)
    assert row is not None
    assert page.model.index(row, 4).data().endswith(", archived")

    page.table.setCurrentIndex(page.model.index(row, 1))
    page.table.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # open her card
    settle(qtbot, context)
    assert page.card.archive_button.text() == "Rest&ore"
    qtbot.keyClick(focused(), Qt.Key.Key_O, ALT)  # Rest&ore
    settle(qtbot, context)
    # the restore is written on the worker: wait for it to reach the file, not a fixed time
    qtbot.waitUntil(lambda: _child(demo_engine, child_id).archived_at is None, timeout=5000)
    after = _child(demo_engine, child_id)
    assert (after.last_name, after.first_name, after.status, after.grade) == (
        before.last_name,
        before.first_name,
        before.status,
        before.grade,
    )


def test_undo_gives_an_edit_its_earlier_values_and_archives_a_new_record(
    qtbot: QtBot, window: MainWindow, context: AppContext, demo_engine: Engine
) -> None:
    with Session(demo_engine) as session:
        family = session.scalars(select(Family).where(col(Family.archived_at).is_(None))).first()
        assert family is not None
        family_id, old_name = family.id, family.display_name
    with Session(demo_engine) as session:
        read = get_family(session, actor=SYSTEM, family_id=family_id)
    form = FamilyForm(context, read, parent=window)
    form.open()
    activate(qtbot, form)
    QTest.keyClicks(focused(), " (changed)")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    settle(qtbot, context)
    with Session(demo_engine) as session:
        assert session.get(Family, family_id).display_name != old_name  # type: ignore[union-attr]
    assert window.confirm_bar.message.text() == "Saved: family"
    activate(qtbot, window)
    qtbot.keyClick(window.confirm_bar.undo_button, Qt.Key.Key_Space)  # the bar's "Undo"
    settle(qtbot, context)
    with Session(demo_engine) as session:
        assert session.get(Family, family_id).display_name == old_name  # type: ignore[union-attr]

    new = FamilyForm(context, parent=window)
    new.open()
    activate(qtbot, new)
    QTest.keyClicks(focused(), "Undoable")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not new.isVisible(), timeout=5000)
    settle(qtbot, context)
    made = new.result_family
    assert made is not None
    activate(qtbot, window)
    window.rail_buttons["today"].setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Z, CTRL)
    settle(qtbot, context)
    with Session(demo_engine) as session:
        assert session.get(Family, made.id).archived_at is not None  # type: ignore[union-attr]
        assert archive_reason(session, "family", made.id) == "undone"
