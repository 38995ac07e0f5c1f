"""A safety answer shows at once, and its flag stays on Today until a follow-up is recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from wellbeing_fixtures import activate, demo_mother, give_screening_consent

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.wellbeing.checkins import list_flags, open_flags
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.checkin_dialog import CheckinDialog
from caseroom.ui.dialogs.followup_dialog import FollowupDialog
from caseroom.ui.pages.today import TodayPage
from caseroom.vocab import FollowupAction

TODAY = date(2026, 11, 23)


def _open_flag_ids(engine: Engine) -> list[Any]:
    with Session(engine) as session:
        return [flag.id for flag in open_flags(session, actor=SYSTEM)]


def _today_page(qtbot: QtBot, context: AppContext, navigator: Any) -> TodayPage:
    page = TodayPage(context, navigator, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.warnings_loaded, timeout=10_000)
    return page


def _cancel(qtbot: QtBot, dialog: FollowupDialog) -> None:
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible() and dialog.recorded is None


def test_a_safety_answer_shows_at_once_and_its_flag_waits_on_today(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    mother = demo_mother(demo_engine)
    give_screening_consent(demo_engine, psychologist, mother, TODAY - timedelta(days=10))
    before = _open_flag_ids(demo_engine)
    page = _today_page(qtbot, context, navigator)
    assert page.flags.rows() == len(before)

    dialog = CheckinDialog(context, mother.caregiver_id, mother.name, today=TODAY, parent=page)
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    for value in [1, 1, 0, 0, 0, 0, 0, 0]:
        qtbot.keyClick(dialog.focusWidget(), str(value))
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.questions.progress.text() == "Question 9 of 9"
    assert dialog.questions.banner.isHidden()
    qtbot.keyClick(dialog.focusWidget(), "1")
    # At once, on item 9 itself, before going on.
    assert not dialog.questions.banner.isHidden()
    assert "talk with her today" in dialog.questions.banner.text()
    assert dialog.questions.progress.text() == "Question 9 of 9"
    qtbot.keyClick(dialog.focusWidget(), "0")  # changed her mind: the banner goes
    assert dialog.questions.banner.isHidden()
    qtbot.keyClick(dialog.focusWidget(), "1")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.result_banner.isHidden()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.save_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    checkin = dialog.saved_checkin
    assert checkin is not None and checkin.flag_id is not None
    assert checkin.safety_items == (9,)

    # Saving opened the follow-up; cancelling it records nothing, the flag stays on Today.
    followup = dialog.followup
    assert followup is not None and followup.isVisible()
    _cancel(qtbot, followup)
    assert _open_flag_ids(demo_engine) == [checkin.flag_id, *before]
    qtbot.waitUntil(lambda: page.flags.rows() == len(before) + 1, timeout=10_000)
    row = page.flags.list.topLevelItem(0)
    assert mother.name in row.text(0)
    assert (row.text(1), row.text(2)) == ("PHQ-9", f"{TODAY:%d.%m.%Y}")

    # Enter on Today opens it again; cancelled again, it is still there after a refresh.
    page.flags.list.setFocus()
    qtbot.keyClick(page.flags.list, Qt.Key.Key_Return)
    assert page.followup is not None and page.followup.flag_id == checkin.flag_id
    _cancel(qtbot, page.followup)
    page.refresh()
    qtbot.waitUntil(lambda: page.flags.rows() == len(before) + 1, timeout=10_000)

    # Recording the follow-up (referral needs "to whom") takes it off Today.
    qtbot.keyClick(page.flags.list, Qt.Key.Key_Return)
    form = page.followup
    activate(qtbot, form)
    form.action_boxes[FollowupAction.TALKED_TODAY].setChecked(True)
    form.action_boxes[FollowupAction.REFERRED].setChecked(True)
    form.try_save()
    assert form.isVisible() and form.recorded is None  # refused without "to whom"
    assert "referred" in form._errors["to_whom"].text()
    form.to_whom.setText("Polyclinic psychologist")
    with qtbot.waitSignal(context.changed, timeout=10_000):
        form.try_save()
    assert form.recorded is not None and form.recorded.followed_up
    qtbot.waitUntil(lambda: page.flags.rows() == len(before), timeout=10_000)
    assert _open_flag_ids(demo_engine) == before
    with Session(demo_engine) as session:
        [flag] = list_flags(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)
    assert flag.followups[0].actions == ("talked_today", "referred")
    assert flag.followups[0].to_whom == "Polyclinic psychologist"
    assert flag.followups[0].referral_id is not None


def test_a_role_that_may_not_see_safeguarding_records_sees_no_flags(
    qtbot: QtBot, demo_engine: Engine, navigator: Any, context: AppContext
) -> None:
    context.actor = Actor(context.actor.staff_id, "assistant")
    page = _today_page(qtbot, context, navigator)
    assert page.flags.rows() == 0
    assert page.data is not None and not page.data.flags_allowed
    assert "safeguarding" in page.flags.empty.text()
