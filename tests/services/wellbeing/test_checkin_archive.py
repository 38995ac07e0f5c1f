"""Archiving a wellbeing check-in with a reason takes its safety flag with it; restoring it
brings both back as they were."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import AuditEvent, Caregiver
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.audited import archive_reason
from caseroom.services.common import Actor
from caseroom.services.wellbeing.checkin_archive import archive_checkin_for, restore_checkin

GIVEN = date(2026, 10, 20)


@pytest.fixture
def checkin(session: Session, caregiver: Caregiver) -> WellbeingCheckin:
    record = WellbeingCheckin(
        caregiver_id=caregiver.id,
        instrument_id="who5",
        given_on=GIVEN,
        mode="in_person",
        total=6,
        scaled_total=24,
    )
    session.add(record)
    session.flush()
    session.add(WellbeingFlag(checkin_id=record.id, caregiver_id=caregiver.id, raised_on=GIVEN))
    session.flush()
    return record


def _flag(session: Session, checkin: WellbeingCheckin) -> WellbeingFlag:
    return session.scalars(
        select(WellbeingFlag).where(col(WellbeingFlag.checkin_id) == checkin.id)
    ).one()


def test_the_flag_goes_and_comes_back_with_its_checkin(
    session: Session, actor: Actor, caregiver: Caregiver, checkin: WellbeingCheckin
) -> None:
    archive_checkin_for(session, actor=actor, checkin_id=checkin.id, reason="mistake")
    assert checkin.archived_at is not None
    assert _flag(session, checkin).archived_at is not None
    assert archive_reason(session, "wellbeing_checkin", checkin.id) == "mistake"
    caregiver.archived_at = checkin.archived_at
    with pytest.raises(UserError, match="caregiver first"):
        restore_checkin(session, actor=actor, checkin_id=checkin.id)
    caregiver.archived_at = None
    restore_checkin(session, actor=actor, checkin_id=checkin.id)
    assert checkin.archived_at is None
    assert _flag(session, checkin).archived_at is None
    actions = session.scalars(
        select(col(AuditEvent.action))
        .where(col(AuditEvent.entity).in_(["wellbeing_checkin", "wellbeing_flag"]))
        .order_by(col(AuditEvent.seq))
    ).all()
    assert actions == ["archive", "archive", "restore", "restore"]


def test_an_assistant_may_neither_archive_nor_restore_a_checkin(
    session: Session, checkin: WellbeingCheckin
) -> None:
    assistant = Actor(staff_id=None, role="assistant")
    with pytest.raises(PermissionDeniedError):
        archive_checkin_for(session, actor=assistant, checkin_id=checkin.id, reason="mistake")
    with pytest.raises(PermissionDeniedError):
        restore_checkin(session, actor=assistant, checkin_id=checkin.id)
    assert checkin.archived_at is None
