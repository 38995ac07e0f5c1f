"""PMPK conclusions on the child card: record, correct, archive, history, expiry in words.

Everything is done with the keyboard on the overview tab. A new conclusion is valid for
the usual months of the settings (18 here) from its date, unless changed; an expired one
says "expired" on the card and on Today (red there too, never by colour alone).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.conftest import DEMO_TODAY, RecordingNavigator
from tests.ui.test_child_card import first_child, open_card
from wellbeing_fixtures import activate

from caseroom.services.accounts.settings_store import PMPK_DEFAULT_VALIDITY_MONTHS, set_setting
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.plans.pmpk import (
    ConclusionInput,
    add_conclusion,
    conclusions_of_child,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.dialogs.pmpk_form import ConclusionForm
from caseroom.ui.pages.today import TodayPage
from caseroom.ui.widgets.style import colors


def focused() -> Any:
    return QApplication.focusWidget()


def press(qtbot: QtBot, button: Any) -> ConclusionForm:
    """Space on a button of the card; the conclusion form it opens."""
    button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ConclusionForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, ConclusionForm)
    activate(qtbot, form)
    return form


def alt(qtbot: QtBot, form: ConclusionForm, key: Qt.Key) -> None:
    qtbot.keyClick(focused(), key, Qt.KeyboardModifier.AltModifier)


def test_record_correct_and_archive_a_conclusion_by_keyboard(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    psychologist: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    child_id = first_child(demo_engine)
    with Session(demo_engine) as session:
        set_setting(session, actor=SYSTEM, key=PMPK_DEFAULT_VALIDITY_MONTHS, value=18)
        earlier = conclusions_of_child(session, actor=SYSTEM, child_id=child_id)
        session.commit()
    card = open_card(qtbot, context, navigator, child_id, "overview")
    activate(qtbot, card)
    section = card.overview.pmpk

    form = press(qtbot, section.record_button)
    assert focused() is form.number  # the first field
    assert form.issued_on.value() == DEMO_TODAY
    assert form.valid_until.value() == date(2028, 5, 23)  # 18 months, from the settings
    qtbot.keyClicks(focused(), "117/26")
    alt(qtbot, form, Qt.Key.Key_D)  # &Date of the conclusion
    qtbot.keyClicks(focused(), "20.11.2026")
    assert form.valid_until.value() == date(2028, 5, 20)  # follows the date
    alt(qtbot, form, Qt.Key.Key_C)  # &Conditions of education
    assert focused() is form.conditions
    qtbot.keyClicks(focused(), "Inclusive class with a teaching assistant")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # on to the specialists
    assert focused() is form.specialists
    qtbot.keyClicks(focused(), "speech therapist, psychologist")
    alt(qtbot, form, Qt.Key.Key_G)  # Pro&gramme
    qtbot.keyClicks(focused(), "Adapted general programme")
    alt(qtbot, form, Qt.Key.Key_O)  # &Other recommendations
    qtbot.keyClicks(focused(), "Speech therapy twice a week")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    text = card.overview.conclusion.text()
    assert "No. 117/26 of 20.11.2026" in text and "Valid until 20.05.2028" in text
    assert "Conditions of education:\nInclusive class with a teaching assistant" in text
    assert "Specialists: speech therapist, psychologist" in text
    assert "Programme:\nAdapted general programme" in text
    assert "Other recommendations:\nSpeech therapy twice a week" in text
    assert [line.split(":")[0] for line in section.history.text().splitlines()] == [
        f"No. {c.number} of {c.issued_on:%d.%m.%Y}" for c in earlier
    ]

    activate(qtbot, card)
    form = press(qtbot, section.correct_button)
    assert form.number.text() == "117/26"
    assert form.specialists.text() == "speech therapist, psychologist"
    assert form.programme.toPlainText() == "Adapted general programme"
    form.number.selectAll()
    qtbot.keyClicks(focused(), "118/26")
    alt(qtbot, form, Qt.Key.Key_U)  # Valid &until: changed by hand
    qtbot.keyClicks(focused(), "20.11.2027")
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "No. 118/26 of 20.11.2026" in card.overview.conclusion.text()
    with Session(demo_engine) as session:
        now = conclusions_of_child(session, actor=SYSTEM, child_id=child_id)
    assert (now[0].number, now[0].valid_until) == ("118/26", date(2027, 11, 20))
    assert len(now) == len(earlier) + 1

    activate(qtbot, card)
    section.archive_button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # "Archive…" asks why
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ArchiveDialog))
    reasons = QApplication.activeModalWidget()
    assert isinstance(reasons, ArchiveDialog)
    activate(qtbot, reasons)
    assert focused() is reasons.reason
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with Session(demo_engine) as session:
        after = conclusions_of_child(session, actor=SYSTEM, child_id=child_id)
    assert [c.id for c in after] == [c.id for c in earlier]
    assert "118/26" not in card.overview.conclusion.text()


def test_an_expired_conclusion_says_so_on_the_card_and_on_today(
    qtbot: QtBot,
    context: AppContext,
    navigator: RecordingNavigator,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    child_id = first_child(demo_engine)
    with Session(demo_engine) as session:
        add_conclusion(
            session,
            actor=psychologist,
            child_id=child_id,
            data=ConclusionInput(
                issued_on=date(2026, 11, 2),  # the newest: the current one
                number="PMPK-7/25",
                valid_until=DEMO_TODAY - timedelta(days=3),
            ),
            today=DEMO_TODAY,
        )
        session.commit()
    card = open_card(qtbot, context, navigator, child_id, "overview")
    overview = card.overview
    assert overview.expiry.isVisible()
    assert overview.expiry.text().startswith("The PMPK conclusion expired on 20.11.2026")
    assert "Valid until 20.11.2026 — expired" in overview.conclusion.text()

    page = TodayPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None and page.data.warnings_loaded, timeout=5000)
    rows = [page.pmpk.list.topLevelItem(n) for n in range(page.pmpk.rows())]
    [mine] = [row for row in rows if row.text(1) == "Conclusion PMPK-7/25"]
    assert mine.text(2) == "expired on 20.11.2026, 3 days ago"
    assert mine.foreground(2).color() == QColor(colors().danger)
    not_expired = [row for row in rows if row.text(2).startswith("ends ")]
    assert not_expired and all(
        row.foreground(2).color() != QColor(colors().danger) for row in not_expired
    )
