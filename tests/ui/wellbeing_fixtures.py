"""Helpers for the wellbeing check-in UI tests: a mother of the demo, her consent, keys."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.children import get_child
from caseroom.services.people.families import get_family
from caseroom.services.people.staff import full_name
from caseroom.ui.dialogs.checkin_dialog import CheckinDialog
from wellbeing_samples import consent_to_screening


@dataclass(frozen=True)
class Mother:
    """A demo child and the first caregiver of the child's family."""

    child_id: uuid.UUID
    caregiver_id: uuid.UUID
    name: str


def demo_mother(engine: Engine) -> Mother:
    """The first listed child and the first caregiver of that child's family."""
    with Session(engine) as session:
        row = list_children(session, actor=SYSTEM, filters=ChildFilters(), limit=1)[0]
        child = get_child(session, actor=SYSTEM, child_id=row.id)
        family = get_family(session, actor=SYSTEM, family_id=child.family_id)
    carer = family.caregivers[0]
    return Mother(
        child.id, carer.id, full_name(carer.last_name, carer.first_name, carer.patronymic)
    )


def give_screening_consent(engine: Engine, actor: Actor, mother: Mother, on: date) -> None:
    """Record her own signed consent to screening of her wellbeing, from `on`."""
    with Session(engine) as session:
        consent_to_screening(session, actor, mother.caregiver_id, today=on, on=on)
        session.commit()


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Make `window` the active one, so its keyboard shortcuts work."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)


def answer_by_keys(qtbot: QtBot, dialog: CheckinDialog, answers: Sequence[int]) -> None:
    """Start the questions with Enter, then a digit and Enter for every item."""
    activate(qtbot, dialog)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert dialog.stack.currentWidget() is dialog.questions
    for value in answers:
        qtbot.keyClick(dialog.focusWidget(), str(value))
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
