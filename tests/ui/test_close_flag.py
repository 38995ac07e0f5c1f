"""A safety flag on the parents tab: record what was done, then close it, by the keyboard.

The flag shows under the mother's wellbeing while it is not closed; its button records a
follow-up first (the flag cannot be closed without one), then closes it: the dialog opens
with the focus on the closing date, lists what was done, refuses a date before the flag
or in the future, and Ctrl+Enter closes the flag, which leaves the tab.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from focus_keys import CTRL, focused
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from tests.ui.test_accessibility import unnamed
from tests.ui.test_checkin import TODAY, open_parents, part_of
from wellbeing_fixtures import Mother, activate, demo_mother, give_screening_consent

from caseroom.db.models_wellbeing import WellbeingFlag
from caseroom.services.common import Actor
from caseroom.services.wellbeing.checkins import give_checkin
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.close_flag_dialog import CloseFlagDialog
from caseroom.ui.dialogs.followup_dialog import FollowupDialog
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.pages.child_card.safety_flags import SafetyFlags
from caseroom.vocab import CheckinMode

pytestmark = pytest.mark.usefixtures("no_modal_questions")

RAISED = TODAY - timedelta(days=2)


def _raise_flag(engine: Engine, actor: Actor, mother: Mother) -> uuid.UUID:
    """A PHQ-9 with "several days" on item 9: a safety flag."""
    give_screening_consent(engine, actor, mother, RAISED - timedelta(days=10))
    with Session(engine) as session:
        read = give_checkin(
            session,
            actor=actor,
            caregiver_id=mother.caregiver_id,
            instrument="phq9",
            answers={**dict.fromkeys(range(1, 9), 1), 9: 1},
            given_on=RAISED,
            mode=CheckinMode.IN_PERSON,
            today=TODAY,
        )
        session.commit()
    assert read.flag_id is not None
    return read.flag_id


def _flag(engine: Engine, flag_id: uuid.UUID) -> WellbeingFlag:
    with Session(engine) as session:
        found = session.get(WellbeingFlag, flag_id)
        assert found is not None
        session.expunge(found)
        return found


def _flags_of(card: ChildCard, mother: Mother) -> SafetyFlags:
    return part_of(card, mother).flags


def _button(card: ChildCard, mother: Mother, flag_id: uuid.UUID) -> Any:
    flags = _flags_of(card, mother)
    row = next(n for n, flag in enumerate(flags.flags) if flag.id == flag_id)
    return flags.buttons[row], flags.lines[row]


def _press(qtbot: QtBot, card: ChildCard, button: Any) -> None:
    activate(qtbot, card)
    button.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)


def test_record_what_was_done_then_close_the_flag_by_keys(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    psychologist: Actor,
) -> None:
    mother = demo_mother(demo_engine)
    flag_id = _raise_flag(demo_engine, psychologist, mother)
    card = open_parents(qtbot, context, navigator, mother)
    button, line = _button(card, mother, flag_id)
    assert line.text() == f"Safety flag: PHQ-9 on {RAISED:%d.%m.%Y}, waiting for a follow-up"
    assert button.text() == "Record what was done…"
    assert unnamed(_flags_of(card, mother)) == []
    assert button.accessibleName() == (
        f"Record what was done about the safety flag of {RAISED:%d.%m.%Y}"
    )

    _press(qtbot, card, button)
    followup = _flags_of(card, mother).dialog
    assert isinstance(followup, FollowupDialog)
    activate(qtbot, followup)
    assert focused() is followup.action_boxes["talked_today"]
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    button, line = _button(card, mother, flag_id)
    assert line.text() == (
        f"Safety flag: PHQ-9 on {RAISED:%d.%m.%Y}, followed up on {TODAY:%d.%m.%Y}"
        " (talked with the caregiver today)"
    )
    assert button.text() == "Close the flag…"
    assert _flag(demo_engine, flag_id).closed_on is None

    _press(qtbot, card, button)
    dialog = _flags_of(card, mother).dialog
    assert isinstance(dialog, CloseFlagDialog)
    activate(qtbot, dialog)
    assert focused() is dialog.closed_on
    assert unnamed(dialog) == []
    assert dialog.closed_on.value() == TODAY
    assert dialog.followups.text() == f"{TODAY:%d.%m.%Y}: talked with the caregiver today"
    dialog.closed_on.set_value(RAISED - timedelta(days=1))
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    assert dialog.isVisible()
    assert dialog._errors["closed_on"].text() == (
        "The flag cannot be closed before the day it was raised"
    )
    dialog.closed_on.set_value(TODAY + timedelta(days=1))
    assert dialog._errors["closed_on"].text() == "The closing date cannot be in the future"
    dialog.closed_on.set_value(TODAY)
    dialog.closed_on.setFocus()
    with qtbot.waitSignal(card.loaded, timeout=10_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    closed = _flag(demo_engine, flag_id)
    assert closed.closed_on == TODAY
    assert closed.closed_by_id == psychologist.staff_id
    assert flag_id not in [flag.id for flag in _flags_of(card, mother).flags]


def test_one_who_may_read_her_data_but_not_safeguarding_records_sees_no_flag(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    from dataclasses import replace

    from caseroom.services.permissions import Permission

    mother = demo_mother(demo_engine)
    _raise_flag(demo_engine, psychologist, mother)
    context.actor = replace(
        psychologist, role="assistant", grants=frozenset({Permission.VIEW_PARENT_DATA})
    )
    card = open_parents(qtbot, context, navigator, mother)
    part = part_of(card, mother)
    assert part.data.checkins  # her own data is shown...
    assert part.flags.flags == () and part.flags.isHidden()  # ...her safety flags are not
