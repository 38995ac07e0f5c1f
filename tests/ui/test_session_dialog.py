"""The session dialog, driven from the keyboard as a specialist would use it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo, focused
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import HomePractice, SessionRecord
from caseroom.services.plans.plans import get_plan, plans_of_child
from caseroom.services.sessions import writing as sessions
from caseroom.ui.dialogs.session_dialog import SessionDialog
from caseroom.ui.drafts import DraftStore

CASE = "SR-2026-0003"  # Ақылбекова Жанна: enrolled 29.09.2026, two caregivers, a plan


pytestmark = pytest.mark.usefixtures("no_modal_questions")


def _open(qtbot: QtBot, demo: Demo, tmp_path: Path, **kwargs: object) -> SessionDialog:
    dialog = SessionDialog(
        demo.context, demo.navigator, drafts=DraftStore(tmp_path / "drafts"), **kwargs
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.entry is not None and dialog.save_button.isEnabled())
    return dialog


def _press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    widget = focused()
    assert widget is not None
    QTest.keyClick(widget, key, modifier)


def _type(text: str) -> None:
    widget = focused()
    assert widget is not None
    QTest.keyClicks(widget, text)


def _tab_to(target: QWidget, limit: int = 20) -> int:
    for count in range(1, limit + 1):
        _press(Qt.Key.Key_Tab)
        if focused() is target:
            return count
    raise AssertionError(f"Tab never reached {target.accessibleName()}")


def _session_count(demo: Demo) -> int:
    return demo.query(
        lambda s: s.execute(select(func.count()).select_from(SessionRecord)).scalar_one()
    )


def test_a_routine_session_with_the_keyboard_only(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    child = demo.child(CASE)
    existing = demo.query(
        lambda s: set(s.execute(select(col(SessionRecord.id))).scalars())
    )  # the demo may hold sessions of this child at this very time of day
    dialog = _open(qtbot, demo, tmp_path, child_id=child.id)
    fields = dialog.fields
    assert focused() is fields.kind_combo
    assert fields.staff_combo.currentData() == str(demo.staff_id)
    assert fields.date_edit.value().isoformat() == fields.values()["held_on"]
    assert fields.time_edit.time().minute() % 5 == 0
    _type("j")  # type-ahead: joint parent–child session
    assert fields.kind_combo.currentData() == "joint"
    assert fields.minutes_spin.value() == 40
    QTest.qWait(QApplication.keyboardInputInterval() + 100)  # a new type-ahead search
    _type("i")
    assert fields.kind_combo.currentData() == "individual"
    assert [row.included() for row in fields.rows] == [True, False, False]  # the child only
    # Natural Tab order: status, specialist, topic, child tick, child status, mother tick...
    # No goal looks chosen before the person gets there; Tab gives the first the cursor.
    assert fields.goals_list.count() >= 2
    assert fields.goals_list.currentItem() is None
    assert fields.goals_list.selectedItems() == []
    assert _tab_to(fields.goals_list) == 8
    assert fields.goals_list.currentRow() == 0
    _press(Qt.Key.Key_Space)
    _press(Qt.Key.Key_Down)
    _press(Qt.Key.Key_Space)
    _press(Qt.Key.Key_Tab)
    assert focused() is fields.notes_edit
    _type("Sorted pictures by colour and size.")
    _press(Qt.Key.Key_Tab)
    _type("Practise sorting at home.")
    _press(Qt.Key.Key_Tab)
    assert focused() is fields.practice_edit
    _type("Sort the laundry by colour together")
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert dialog.result() == SessionDialog.DialogCode.Accepted

    def stored(session: Session) -> tuple[sessions.JournalRow, sessions.SessionRead, list[str]]:
        rows = sessions.sessions_between(
            session, actor=demo.context.actor, start=fields.date_edit.value(),
            end=fields.date_edit.value(), child_id=child.id,
        )  # fmt: skip
        row = next(r for r in rows if r.id not in existing)  # the one just saved
        read = sessions.get_session(session, actor=demo.context.actor, session_id=row.id)
        plan = plans_of_child(session, actor=demo.context.actor, child_id=child.id)[0]
        goals = get_plan(session, actor=demo.context.actor, plan_id=plan.id).goals
        wanted = [str(g.id) for g in goals if g.status == "active"][:2]
        return row, read, wanted

    row, read, wanted = demo.query(stored)
    assert read.kind == "individual"
    assert read.notes == "Sorted pictures by colour and size."
    assert read.agreed == "Practise sorting at home."
    assert [(a.person_id, a.status) for a in read.attendees] == [(child.id, "present")]
    assert sorted(str(g) for g in read.goal_ids) == sorted(wanted)
    practice = demo.query(
        lambda s: s.execute(
            select(
                col(HomePractice.task), col(HomePractice.due_on), col(HomePractice.goal_id)
            ).where(col(HomePractice.session_id) == row.id)
        ).all()
    )
    assert len(practice) == 1
    assert practice[0][0] == "Sort the laundry by colour together"
    assert (practice[0][1] - read.held_on).days == 7
    assert str(practice[0][2]) in wanted
    assert not (tmp_path / "drafts" / f"child-{child.id}.json").exists()


def test_a_date_before_enrolment_is_named_and_save_keeps_the_dialog(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    child = demo.child(CASE)
    dialog = _open(qtbot, demo, tmp_path, child_id=child.id)
    before = _session_count(demo)
    dialog.fields.date_edit.setFocus(Qt.FocusReason.TabFocusReason)  # selects the day
    _type("1.9.2026")
    assert dialog.fields.date_edit.value().isoformat() == "2026-09-01"
    problem = dialog.fields.errors["held_on"]
    qtbot.waitUntil(lambda: problem.isVisible(), timeout=5000)
    assert "before" in problem.text() and "29.09.2026" in problem.text()
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=5000)
    assert dialog.isVisible()
    assert problem.isVisible() and "29.09.2026" in problem.text()
    assert focused() is dialog.fields.date_edit
    assert _session_count(demo) == before


def test_escape_on_a_changed_form_asks_and_cancel_keeps_it(
    qtbot: QtBot, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    child = demo.child(CASE)
    dialog = _open(qtbot, demo, tmp_path, child_id=child.id)
    asked: list[str] = []
    answer = {"button": QMessageBox.StandardButton.Cancel}

    def question(parent: QWidget, title: str, text: str, *args: object) -> object:
        asked.append(title)
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "question", question)
    dialog.fields.notes_edit.setFocus()
    _type("Half a note")
    _press(Qt.Key.Key_Escape)
    assert asked == ["Discard changes?"]
    assert dialog.isVisible()
    assert dialog.fields.notes_edit.toPlainText() == "Half a note"
    draft = tmp_path / "drafts" / f"child-{child.id}.json"
    assert draft.exists()  # written before asking, so nothing is lost meanwhile
    answer["button"] = QMessageBox.StandardButton.Discard
    _press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not draft.exists()


def test_escape_on_an_unchanged_form_closes_without_asking(
    qtbot: QtBot, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(qtbot, demo, tmp_path, child_id=demo.child(CASE).id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: pytest.fail("asked"))
    _press(Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_consultation_ticks_the_mother_and_lasts_an_hour(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    dialog = _open(qtbot, demo, tmp_path, child_id=demo.child(CASE).id)
    fields = dialog.fields
    _type("p")
    assert fields.kind_combo.currentData() == "parent_consultation"
    assert fields.minutes_spin.value() == 60
    assert [row.included() for row in fields.rows] == [False, True, False]
    # an absent caregiver's reason field opens only when it matters
    mother = fields.rows[1]
    assert not mother.reason_edit.isEnabled()
    mother.status_combo.setCurrentIndex(mother.status_combo.findData("absent"))
    assert mother.reason_edit.isEnabled()


def test_correcting_a_stored_session(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    child = demo.child(CASE)

    def first_held(session: Session) -> sessions.SessionRead:
        rows = sessions.sessions_between(
            session, actor=demo.context.actor, start=child.enrolled_on,
            end=child.enrolled_on.replace(year=2027), child_id=child.id,
        )  # fmt: skip
        row = next(r for r in rows if r.status == "held")
        return sessions.get_session(session, actor=demo.context.actor, session_id=row.id)

    stored = demo.query(first_held)
    dialog = _open(qtbot, demo, tmp_path, session_id=stored.id)
    assert dialog.windowTitle() == "Correct session"
    assert dialog.fields.notes_edit.toPlainText() == (stored.notes or "")
    assert dialog.fields.date_edit.value() == stored.held_on
    assert dialog.fields.minutes_spin.value() == stored.minutes
    dialog.fields.notes_edit.setFocus()
    QTest.keyClick(dialog.fields.notes_edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    _type(" Corrected.")
    _press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    again = demo.query(
        lambda s: sessions.get_session(s, actor=demo.context.actor, session_id=stored.id)
    )
    assert again.notes == f"{stored.notes} Corrected."
    assert again.goal_ids == stored.goal_ids
    assert [(a.person_id, a.status) for a in again.attendees] == [
        (a.person_id, a.status) for a in stored.attendees
    ]


def test_checking_as_you_type_never_saves(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    child = demo.child(CASE)
    before = _session_count(demo)
    dialog = _open(qtbot, demo, tmp_path, child_id=child.id)
    checked = dialog._generation
    _type("j")  # a complete, valid session: the check runs the save and rolls it back
    qtbot.waitUntil(lambda: dialog._generation > checked, timeout=5000)
    qtbot.waitUntil(lambda: not demo.busy, timeout=5000)
    assert _session_count(demo) == before
    dialog.discard_draft()
    dialog.reject()
