"""A wellbeing check-in in the app: from her consent to the trend on the parents tab."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from wellbeing_fixtures import Mother, activate, answer_by_keys, demo_mother, give_screening_consent

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.wellbeing.checkins import list_checkins
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.checkin_dialog import CheckinDialog
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.pages.child_card.wellbeing import WellbeingPart

TODAY = date(2026, 11, 23)


def open_parents(qtbot: QtBot, context: AppContext, navigator: Any, mother: Mother) -> ChildCard:
    card = ChildCard(context, navigator, lambda: TODAY)
    qtbot.addWidget(card)
    card.resize(1300, 760)
    card.show()
    qtbot.waitExposed(card)
    with qtbot.waitSignal(card.loaded, timeout=10_000, check_params_cb=lambda n: n == "parents"):
        card.open_child(mother.child_id, "parents")
    return card


def part_of(card: ChildCard, mother: Mother) -> WellbeingPart:
    return card.parents.wellbeing_parts[mother.caregiver_id]


def checkins(engine: Engine, mother: Mother) -> list[Any]:
    with Session(engine) as session:
        return list_checkins(session, actor=SYSTEM, caregiver_id=mother.caregiver_id)


def start_checkin(qtbot: QtBot, part: WellbeingPart) -> CheckinDialog:
    qtbot.mouseClick(part.checkin_button, Qt.MouseButton.LeftButton)
    dialog = part.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    return dialog


def save_and_reload(qtbot: QtBot, card: ChildCard, dialog: CheckinDialog) -> None:
    assert dialog.stack.currentWidget() is dialog.result_page
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved_checkin is not None
    assert not dialog.isVisible()


def test_without_her_consent_the_button_is_disabled_and_nothing_is_recorded(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    mother = demo_mother(demo_engine)
    card = open_parents(qtbot, context, navigator, mother)
    part = part_of(card, mother)
    assert not part.checkin_button.isEnabled()
    assert not part.consent_note.isHidden()
    assert "consent" in part.consent_note.text()
    assert "consent" in part.checkin_button.toolTip()
    # Even a dialog opened some other way refuses to save, says why and writes nothing.
    dialog = CheckinDialog(context, mother.caregiver_id, mother.name, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    answer_by_keys(qtbot, dialog, [0, 1, 0, 0, 0, 0, 0, 0, 0])
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result_error.isVisible(), timeout=10_000)
    assert "consent" in dialog.result_error.text()
    assert dialog.saved_checkin is None
    assert checkins(demo_engine, mother) == []
    dialog.done(0)  # close without the discard question


def test_a_keyboard_check_in_is_saved_and_the_second_shows_change_and_trend(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    mother = demo_mother(demo_engine)
    earlier = TODAY - timedelta(days=42)
    give_screening_consent(demo_engine, psychologist, mother, TODAY - timedelta(days=60))
    card = open_parents(qtbot, context, navigator, mother)
    part = part_of(card, mother)
    assert part.checkin_button.isEnabled()
    assert part.consent_note.isHidden()

    dialog = start_checkin(qtbot, part)
    assert dialog.instrument.id == "phq9"
    dialog.date_field.set_value(earlier)
    answer_by_keys(qtbot, dialog, [2, 1, 1, 1, 1, 1, 1, 1, 0])
    assert dialog.total_label.text() == "9 of 27"
    assert dialog.band_label.text() == "Mild symptoms"
    assert dialog.change_label.text() == "The first check-in with this questionnaire."
    assert not dialog.result_banner.isVisible()
    save_and_reload(qtbot, card, dialog)
    [first] = checkins(demo_engine, mother)
    assert (first.total, first.band, first.given_on) == (9, "mild", earlier)
    assert first.flag_id is None

    part = part_of(card, mother)
    dialog = start_checkin(qtbot, part)
    answer_by_keys(qtbot, dialog, [1, 1, 1, 1, 1, 1, 0, 0, 0])
    assert dialog.total_label.text() == "6 of 27"
    assert dialog.change_label.text() == f"3 points lower than on {earlier:%d.%m.%Y}."
    save_and_reload(qtbot, card, dialog)
    second, _first = checkins(demo_engine, mother)
    assert (second.total, second.change, second.previous_on) == (6, -3, earlier)

    part = part_of(card, mother)
    assert "3 points lower" in part.latest_labels[0].text()
    assert list(part.charts) == ["phq9"]
    [series] = part.data.series
    assert [p.scaled_total for p in series.points] == [9, 6]
    svg = part.data.charts["phq9"].decode()
    assert f"{earlier:%d.%m.%Y}" in svg and f"{TODAY:%d.%m.%Y}" in svg
    assert part.print_button.isEnabled()


def test_keys_go_back_and_need_an_answer_and_escape_asks_before_discarding(
    qtbot: QtBot,
    context: AppContext,
    demo_engine: Engine,
    psychologist: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mother = demo_mother(demo_engine)
    give_screening_consent(demo_engine, psychologist, mother, TODAY)
    dialog = CheckinDialog(context, mother.caregiver_id, mother.name, today=TODAY)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    dialog.instrument_box.setCurrentIndex(dialog.instrument_box.findData("who5"))
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    page = dialog.questions
    assert page.progress.text() == "Question 1 of 5"
    assert page.instructions.text() == dialog.instrument.instructions() != ""
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)  # no answer yet: stays
    assert page.progress.text() == "Question 1 of 5" and page.hint.isVisible()
    qtbot.keyClick(dialog.focusWidget(), "9")  # not an option on WHO-5: nothing chosen
    assert page.chosen() is None
    qtbot.keyClick(dialog.focusWidget(), "4")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Right)
    assert page.progress.text() == "Question 2 of 5"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backspace)
    assert page.progress.text() == "Question 1 of 5" and page.chosen() == 4
    asked: list[bool] = []
    monkeypatch.setattr(
        "caseroom.ui.dialogs.checkin_dialog.ask_discard", lambda _w: asked.append(True) or False
    )
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible()
    for _number in range(5):
        qtbot.keyClick(dialog.focusWidget(), "4")
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.total_label.text() == "80 of 100 (raw score 20 of 25)"
    assert checkins(demo_engine, mother) == []
    dialog.done(0)  # close without the discard question
