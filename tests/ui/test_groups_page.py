"""Groups: record a meeting with attendance and a guest, and read the summary."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo, active_modal
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver
from caseroom.names import fold_name
from caseroom.services.parents.groups import (
    list_members,
)
from caseroom.services.parents.meetings import (
    list_meetings,
    meeting_summary,
)
from caseroom.ui.dialogs.group_form import GroupForm
from caseroom.ui.dialogs.meeting_form import MeetingForm
from caseroom.ui.pages.groups import GroupsPage

pytestmark = pytest.mark.usefixtures("no_modal_questions")


@pytest.fixture
def page(qtbot: QtBot, demo: Demo) -> GroupsPage:
    shown = GroupsPage(demo.context, demo.navigator)
    qtbot.addWidget(shown)
    shown.resize(1200, 760)
    shown.show()
    shown.refresh()
    qtbot.waitUntil(lambda: shown.view_data is not None, timeout=5000)
    return shown


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen name popup
def test_record_a_meeting_with_attendance_and_a_guest(
    qtbot: QtBot, page: GroupsPage, demo: Demo
) -> None:
    actor = demo.context.actor
    assert page.list.count() == 2
    group = page.view_data.group
    today = date.today()

    def facts(session: Session) -> tuple[list, set, Caregiver]:
        members = list_members(session, actor=actor, group_id=group.id, on=today)
        came: set = set()
        for meeting in list_meetings(session, actor=actor, group_id=group.id):
            summary = meeting_summary(session, actor=actor, meeting_id=meeting.id)
            came |= {a.caregiver_id for a in summary.attendees if a.present}
        ever = {m.caregiver_id for m in list_members(session, actor=actor, group_id=group.id)}
        guest = (
            session.execute(
                select(Caregiver).where(col(Caregiver.id).not_in(ever)).order_by(col(Caregiver.id))
            )
            .scalars()
            .first()
        )
        session.expunge(guest)
        return members, came, guest

    members, came, guest = demo.query(facts)
    regulars = [m for m in members if m.caregiver_id in came][:2]
    assert len(regulars) == 2

    page.meeting_button.click()
    form = active_modal(qtbot, MeetingForm)
    assert isinstance(form, MeetingForm)
    qtbot.waitUntil(lambda: len(form.checks) == len(members), timeout=5000)
    assert form.tally.text() == f"Registered: {len(members)} · Present: 0"
    QTest.keyClicks(form.theme_edit, "Evening routines")
    for member in regulars:
        form.checks[member.caregiver_id].setFocus()
        QTest.keyClick(form.checks[member.caregiver_id], Qt.Key.Key_Space)
    assert form.tally.text() == f"Registered: {len(members)} · Present: 2"
    form.picker.setFocus()
    QTest.keyClicks(form.picker, fold_name(f"{guest.last_name} {guest.first_name}"))
    qtbot.waitUntil(lambda: len(form.picker.hits) >= 1, timeout=5000)
    form.picker.pick(next(k for k, v in form.picker.hits.items() if v == guest.id))
    assert form.checks[guest.id].isChecked()
    assert form.tally.text() == f"Registered: {len(members)} · Present: 3"
    QTest.keyClick(form.theme_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.summary is not None, timeout=5000)
    summary = form.summary
    assert (summary.registered, summary.present, summary.newcomers) == (len(members) + 1, 3, 1)
    qtbot.waitUntil(
        lambda: (
            page.meetings.topLevelItemCount() > 0
            and page.meetings.topLevelItem(0).text(1) == "Evening routines"
        ),
        timeout=5000,
    )
    row = page.meetings.topLevelItem(0)
    assert row.text(0) == today.strftime("%d.%m.%Y")
    assert [row.text(2), row.text(3), row.text(4)] == [str(len(members) + 1), "3", "1"]
    # the guest came, so she is now a member from today
    names = [page.members.topLevelItem(i).text(0) for i in range(page.members.topLevelItemCount())]
    assert f"{guest.last_name} {guest.first_name}" in names


def test_a_new_group_needs_a_name(qtbot: QtBot, page: GroupsPage, demo: Demo) -> None:
    page.new_button.click()
    form = active_modal(qtbot, GroupForm)
    assert isinstance(form, GroupForm)
    form.save_button.click()
    problem = form._errors["name"]
    assert form.isVisible() and problem.isVisible()
    assert problem.text() == "Enter the name of the group"
    QTest.keyClicks(form.name_edit, "Fathers' evening")
    assert not problem.isVisible()
    QTest.keyClick(form.name_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.list.count() == 3, timeout=5000)
    qtbot.waitUntil(
        lambda: page.view_data is not None and page.view_data.group.name == "Fathers' evening",
        timeout=5000,
    )
    assert page.view_data.members == [] and page.view_data.meetings == []
