"""The group screen's parents' voice: barriers, help and attendance, a peer-support parent,
feedback typed digit by digit, the trend, and the paper slip."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo, active_modal
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.db.models_groups_voice import GroupFeedback
from caseroom.services.parents.peer_support import list_peer_parents
from caseroom.ui.dialogs.feedback_form import FeedbackForm
from caseroom.ui.dialogs.meeting_form import MeetingForm
from caseroom.ui.dialogs.peer_parent_form import EndPeerParentForm, PeerParentForm
from caseroom.ui.pages.groups import GroupsPage

pytestmark = pytest.mark.usefixtures("no_modal_questions")


@pytest.fixture
def page(qtbot: QtBot, demo: Demo) -> GroupsPage:
    shown = GroupsPage(demo.context, demo.navigator)
    qtbot.addWidget(shown)
    shown.resize(1200, 900)
    shown.show()
    shown.refresh()
    qtbot.waitUntil(lambda: shown.view_data is not None, timeout=5000)
    return shown


def _slips(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(GroupFeedback)).scalar_one())


def test_the_screen_shows_barriers_help_peers_and_the_trend(page: GroupsPage) -> None:
    voice = page.view_data.voice
    assert voice is not None
    assert page.voice.barriers_label.text().startswith("Barriers of the")
    assert voice.peers and page.voice.peers_label.text().startswith("Peer-support parents: ")
    assert page.voice.help_tree.topLevelItemCount() == len(voice.effects) > 0
    assert page.voice.trend_tree.topLevelItemCount() == 5
    assert page.voice.trend_tree.topLevelItem(0).text(0) == "I felt welcome and listened to"


def test_feedback_is_typed_one_digit_per_question(
    qtbot: QtBot, page: GroupsPage, demo: Demo
) -> None:
    before = demo.query(_slips)
    page.voice.feedback_button.click()
    form = active_modal(qtbot, FeedbackForm)
    assert isinstance(form, FeedbackForm)
    assert form.focusWidget() is form.meeting_combo
    QTest.keyClick(form.meeting_combo, Qt.Key.Key_Tab)
    for key in ("5", "4", "9", "3", "1", "0"):  # 9 is refused: the box waits for 1 to 5
        QTest.keyClicks(_focused(), key)
    values = {qid: edit.value() for qid, edit in form.answers.items()}
    assert values == {"welcome": 5, "useful": 4, "suited": 3, "easy_to_come": 1, "come_again": 0}
    assert form.answers["easy_to_come"].meaning.text() == "yes"
    assert form.comment_edit.hasFocus()  # the last digit moved on to the comment
    QTest.keyClicks(form.comment_edit, "More evenings, please")
    QTest.keyClick(form.comment_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.saved_slip is not None, timeout=5000)
    assert form.saved_slip.signed_by is None and form.saved_slip.comment == "More evenings, please"
    assert demo.query(_slips) == before + 1


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_mark_a_peer_support_parent(qtbot: QtBot, page: GroupsPage, demo: Demo) -> None:
    group = page.view_data.group
    current = {
        p.caregiver_id
        for p in demo.query(
            lambda s: list_peer_parents(s, actor=demo.context.actor, group_id=group.id)
        )
    }
    member = next(
        m for m in page.view_data.members if m.left_on is None and m.caregiver_id not in current
    )
    for row in range(page.members.topLevelItemCount()):
        if page.members.topLevelItem(row).data(0, Qt.ItemDataRole.UserRole) == member.caregiver_id:
            page.members.setCurrentItem(page.members.topLevelItem(row))
    page.voice.peer_button.click()
    form = active_modal(qtbot, PeerParentForm)
    assert form.focusWidget() is form.member_combo
    assert form.member_combo.currentData() == str(member.caregiver_id)
    QTest.keyClick(form.member_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    name = f"{member.last_name} {member.first_name}"
    qtbot.waitUntil(lambda: name in page.voice.peers_label.text(), timeout=5000)


def test_the_meeting_form_keeps_form_place_and_help(
    qtbot: QtBot, page: GroupsPage, demo: Demo
) -> None:
    meeting = page.view_data.meetings[0][0]
    form = page.open_meeting(meeting.id)
    assert isinstance(form, MeetingForm)
    assert form.format_combo.currentData() == meeting.meeting_format
    assert form.place_edit.text() == (meeting.place or "")
    checked = {code for code, check in form.help_checks.items() if check.isChecked()}
    assert checked == set(meeting.help_offered)
    form.format_combo.setCurrentIndex(form.format_combo.findData("phone"))
    form.help_checks["transport"].setChecked(not form.help_checks["transport"].isChecked())
    assert form.data().meeting_format == "phone"
    assert ("transport" in form.data().help_offered) != ("transport" in checked)
    form.reject()


def test_print_the_slip(qtbot: QtBot, page: GroupsPage, tmp_path: Path) -> None:
    out = tmp_path / "slip.pdf"
    page.write_slip(out)
    qtbot.waitUntil(out.exists, timeout=5000)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "I felt welcome and listened to" in text


def test_end_peer_support_records_her_last_day(qtbot: QtBot, page: GroupsPage, demo: Demo) -> None:
    assert page.view_data.voice is not None
    peers = page.view_data.voice.peers
    assert peers and page.voice.end_peer_button.isEnabled()
    peer = peers[0]
    QTest.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    form = active_modal(qtbot, EndPeerParentForm)
    assert form.focusWidget() is form.peer_combo
    assert form.peer_combo.currentData() == str(peer.caregiver_id)
    form.until_edit.set_value(peer.since - timedelta(days=1))
    QTest.keyClick(form.peer_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "before she started" in form._errors["until"].text(), timeout=5000)
    assert form.isVisible()  # a last day before her first is refused, nothing written
    form.until_edit.set_value(date.today())
    QTest.keyClick(form.peer_combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    stored = demo.query(
        lambda s: list_peer_parents(s, actor=demo.context.actor, group_id=page.view_data.group.id)
    )
    ended = next(p for p in stored if p.caregiver_id == peer.caregiver_id)
    assert ended.until == date.today()


def test_a_slip_is_corrected_and_archived_from_the_slips_list(
    qtbot: QtBot, page: GroupsPage, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseroom.ui.dialogs.feedback_slips import FeedbackSlipsDialog

    before = demo.query(_slips)
    QTest.keyClick(page, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    dialog = active_modal(qtbot, FeedbackSlipsDialog)
    assert isinstance(dialog, FeedbackSlipsDialog)
    qtbot.waitUntil(lambda: dialog.list.topLevelItemCount() > 0, timeout=5000)
    slip = dialog.selected()
    assert slip is not None
    QTest.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    form = active_modal(qtbot, FeedbackForm)
    assert isinstance(form, FeedbackForm) and form.windowTitle() == "Correct a feedback slip"
    assert not form.meeting_combo.isEnabled()  # the slip stays with its meeting
    first = next(iter(form.answers.values()))
    assert form.focusWidget() is first
    assert {qid: e.value() for qid, e in form.answers.items() if e.value() is not None} == dict(
        slip.answers
    )
    changed = 1 if slip.answers.get("welcome") != 1 else 2
    first.selectAll()
    QTest.keyClicks(first, str(changed))
    QTest.keyClick(form.comment_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.saved_slip is not None, timeout=5000)
    assert form.saved_slip.id == slip.id and form.saved_slip.answers["welcome"] == changed
    assert demo.query(_slips) == before  # corrected, not added
    qtbot.waitUntil(lambda: dialog.selected() is not None, timeout=5000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    assert dialog.archive_button.isEnabled()
    dialog.archive_button.click()
    qtbot.waitUntil(lambda: demo.query(_archived_slips) == 1, timeout=5000)
    assert demo.query(_slips) == before  # archived, kept
    qtbot.waitUntil(lambda: all(s.id != slip.id for s in dialog.rows), timeout=5000)
    dialog.close()


def _archived_slips(session: Session) -> int:
    return int(
        session.execute(
            select(func.count())
            .select_from(GroupFeedback)
            .where(GroupFeedback.archived_at.is_not(None))  # type: ignore[union-attr]
        ).scalar_one()
    )
