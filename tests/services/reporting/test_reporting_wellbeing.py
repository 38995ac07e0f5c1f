"""The caregiver's own wellbeing summary data, and the room's "where to get help" text."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Room
from caseroom.errors import NotFoundError, ValidationError
from caseroom.reports.wellbeing_data import InstrumentHistory, ScorePoint
from caseroom.services.common import Actor
from caseroom.services.reporting.wellbeing import (
    help_text,
    set_help_text,
    wellbeing_summary_data,
)
from wellbeing_samples import Given, consent_to_screening, give_checkins

TODAY = date(2026, 11, 23)


@pytest.fixture
def screened(session: Session, actor: Actor, room: Room, caregiver: Caregiver) -> Caregiver:
    """The mother, consenting, with two PHQ-9 and one WHO-5 check-in."""
    consent_to_screening(session, actor, caregiver.id, today=TODAY)
    given: list[Given] = [
        ("phq9", dict.fromkeys(range(1, 10), 2), date(2026, 9, 21)),
        ("who5", {1: 3, 2: 3, 3: 3, 4: 2, 5: 2}, date(2026, 10, 19)),
        ("phq9", {**dict.fromkeys(range(1, 10), 1), 9: 0}, date(2026, 11, 16)),
    ]
    give_checkins(session, actor, caregiver.id, given, today=TODAY)
    return caregiver


def test_summary_data_holds_her_scores_in_the_chosen_language(
    session: Session, actor: Actor, screened: Caregiver
) -> None:
    data = wellbeing_summary_data(
        session, actor=actor, caregiver_id=screened.id, made_on=TODAY, language="kk"
    )
    assert (data.school, data.room, data.caregiver_name) == (
        "School-lyceum No. 12",
        "Support room",
        "Seitkali Gulnara",
    )
    assert data.histories == (
        InstrumentHistory(
            abbreviation="PHQ-9",
            title="Денсаулық жағдайы сауалнамасы (PHQ-9)",
            max_score=27,
            higher_is_better=False,
            points=(
                ScorePoint(date(2026, 9, 21), 18, "орташадан ауыр белгілер"),
                ScorePoint(date(2026, 11, 16), 8, "жеңіл белгілер"),
            ),
        ),
        InstrumentHistory(
            abbreviation="WHO-5",
            title="ДДСҰ жалпы көңіл-күй индексі (WHO-5)",
            max_score=100,
            higher_is_better=True,
            points=(ScorePoint(date(2026, 10, 19), 52, "көңіл-күйінің төмендеу белгілері жоқ"),),
        ),
    )
    assert data.help_text is None
    export = session.execute(
        select(AuditEvent).where(col(AuditEvent.action) == "export")
    ).scalar_one()
    assert (export.entity, export.entity_id) == ("wellbeing_summary", screened.id)
    assert export.details == {"level": "parent", "instruments": ["PHQ-9", "WHO-5"]}
    with pytest.raises(NotFoundError):
        wellbeing_summary_data(session, actor=actor, caregiver_id=uuid.uuid4(), made_on=TODAY)


def test_help_text_is_set_cleared_and_printed(
    session: Session, actor: Actor, screened: Caregiver
) -> None:
    assert help_text(session) is None
    assert set_help_text(session, actor=actor, text="  Trust line 150, Aliya (room 12)  ") == (
        "Trust line 150, Aliya (room 12)"
    )
    assert help_text(session) == "Trust line 150, Aliya (room 12)"
    data = wellbeing_summary_data(session, actor=actor, caregiver_id=screened.id, made_on=TODAY)
    assert data.help_text == "Trust line 150, Aliya (room 12)"
    with pytest.raises(ValidationError, match="at most 1\u00a0000"):
        set_help_text(session, actor=actor, text="x" * 1001)
    assert set_help_text(session, actor=actor, text="   ") is None
    assert help_text(session) is None
