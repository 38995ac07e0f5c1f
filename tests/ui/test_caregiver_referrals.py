"""A caregiver's referrals on the parents tab, by the keyboard alone: a referral made by a
safety follow-up is listed on her; a new one is added; Enter on a row opens it, it is sent,
then completed with its outcome (closed)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.test_accessibility import unnamed
from tests.ui.test_checkin import open_parents
from wellbeing_fixtures import activate, demo_mother

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.parents.referrals import ReferralInput, create_referral, list_referrals
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.referral_form import ReferralForm
from caseroom.ui.pages.child_card.caregiver_referrals import CaregiverReferralsSection
from caseroom.vocab import Confidentiality, ReferralStatus


def focused() -> Any:
    return QApplication.focusWidget()


def opened(qtbot: QtBot, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    form = QApplication.activeModalWidget()
    assert form is not None
    activate(qtbot, form)
    return form


def item(section: CaregiverReferralsSection, row: int) -> QTreeWidgetItem:
    found = section.table.topLevelItem(row)
    assert found is not None
    return found


def rows(section: CaregiverReferralsSection) -> list[list[str]]:
    count = section.table.topLevelItemCount()
    return [[item(section, n).text(c) for c in range(4)] for n in range(count)]


def save(qtbot: QtBot, form: ReferralForm) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)


def test_a_caregivers_referral_is_listed_added_sent_and_closed_by_keyboard(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    mother = demo_mother(demo_engine)
    with Session(demo_engine) as session:  # as a safety follow-up that referred her does
        create_referral(
            session,
            actor=psychologist,
            data=ReferralInput(
                to_whom="Crisis line",
                referred_on=date(2026, 11, 2),
                caregiver_id=mother.caregiver_id,
            ),
        )
        session.commit()
    card = open_parents(qtbot, context, navigator, mother)
    section = card.parents.referrals
    qtbot.waitUntil(lambda: any(r[1] == "Crisis line" for r in rows(section)), timeout=5000)
    assert rows(section)[0][0] == mother.name and rows(section)[0][3] == "planned"
    assert unnamed(section) == []

    activate(qtbot, card)
    section.add_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    form = opened(qtbot, ReferralForm)
    assert mother.name in form.windowTitle()
    assert focused() is form.to_whom_edit  # the first field
    assert form.level_combo.currentData() == Confidentiality.PARENT  # her own data
    qtbot.keyClicks(focused(), "Family clinic")
    save(qtbot, form)
    qtbot.waitUntil(lambda: any(r[1] == "Family clinic" for r in rows(section)), timeout=5000)

    def open_row(whom: str) -> ReferralForm:
        activate(qtbot, card)
        table = section.table
        row = next(n for n, r in enumerate(rows(section)) if r[1] == whom)
        table.setFocus()
        table.setCurrentItem(item(section, row))
        qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter on the row opens it
        return opened(qtbot, ReferralForm)

    sent = open_row("Family clinic")
    sent.status_combo.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # planned → sent
    assert sent.status_combo.currentData() == ReferralStatus.SENT
    save(qtbot, sent)
    qtbot.waitUntil(
        lambda: ["Family clinic", "sent"] in [[r[1], r[3]] for r in rows(section)], timeout=5000
    )

    closing = open_row("Family clinic")
    closing.status_combo.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # sent → completed
    assert closing.status_combo.currentData() == ReferralStatus.COMPLETED
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is closing.outcome_edit
    qtbot.keyClicks(focused(), "Seen twice, sleeping better")
    save(qtbot, closing)
    qtbot.waitUntil(lambda: any(r[3].startswith("completed") for r in rows(section)), timeout=5000)
    with Session(demo_engine) as session:
        found = list_referrals(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)
    done = next(r for r in found if r.to_whom == "Family clinic")
    assert (done.status, done.outcome) == ("completed", "Seen twice, sleeping better")
    assert done.child_id is None and done.confidentiality == Confidentiality.PARENT


def test_an_assistant_does_not_see_caregivers_referrals(
    qtbot: QtBot, navigator: Any, demo_engine: Engine
) -> None:
    from caseroom.services.people.staff import list_staff
    from caseroom.ui.tasks import TaskRunner

    with Session(demo_engine) as session:
        member = list_staff(session, actor=SYSTEM, role="assistant")[0]
    runner = TaskRunner()
    try:
        context = AppContext(demo_engine, Actor(member.id, member.role), runner)
        host = QWidget()
        qtbot.addWidget(host)
        section = CaregiverReferralsSection(context, lambda: date(2026, 11, 23), host)
        host.show()
        assert not section.isVisibleTo(host)
    finally:
        runner.shutdown()
