"""Referrals: create, correct, move through statuses, archive, list."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Referral
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.referrals import (
    ReferralInput,
    archive_referral,
    create_referral,
    list_referrals,
    set_referral_status,
    update_referral,
)


def _count(session: Session, model: type[Referral] | type[AuditEvent]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _referral(child: Child, **changes: object) -> ReferralInput:
    values: dict[str, object] = {
        "to_whom": " Regional PMPK ",
        "referred_on": date(2026, 10, 15),
        "reason": "Speech delay persists",
        "child_id": child.id,
    }
    values.update(changes)
    return ReferralInput(**values)  # type: ignore[arg-type]


def test_create_referral_defaults_to_acting_staff(
    session: Session, actor: Actor, child: Child
) -> None:
    made = create_referral(session, actor=actor, data=_referral(child))
    assert (made.to_whom, made.status, made.staff_id) == (
        "Regional PMPK",
        "planned",
        actor.staff_id,
    )
    assert (made.child_id, made.caregiver_id) == (child.id, None)
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert (event.action, event.entity, event.details) == (
        "create",
        "referral",
        {"status": "planned"},
    )


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no_to_whom", "to_whom", "Say where the referral is made to"),
        ("long_to_whom", "to_whom", "The text is too long (at most 300 characters)"),
        ("long_reason", "reason", "The text is too long (at most 2\u00a0000 characters)"),
        ("both", "subject", "Choose who is referred: a child or a caregiver"),
        ("neither", "subject", "Choose who is referred: a child or a caregiver"),
        ("unknown", "subject", "The person referred was not found or is archived"),
        ("bad_staff", "staff_id", "Choose the specialist from the staff list"),
    ],
)
def test_referral_rules(
    session: Session,
    actor: Actor,
    child: Child,
    caregiver: Caregiver,
    case: str,
    field: str,
    message: str,
) -> None:
    changes: dict[str, object] = {
        "no_to_whom": {"to_whom": "  "},
        "long_to_whom": {"to_whom": "x" * 301},
        "long_reason": {"reason": "x" * 2001},
        "both": {"caregiver_id": caregiver.id},
        "neither": {"child_id": None},
        "unknown": {"child_id": None, "caregiver_id": uuid.uuid4()},
        "bad_staff": {"staff_id": uuid.uuid4()},
    }[case]
    before = _count(session, Referral), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        create_referral(session, actor=actor, data=_referral(child, **changes))
    assert raised.value.problems == {field: message}
    assert (_count(session, Referral), _count(session, AuditEvent)) == before


def test_status_transitions(session: Session, actor: Actor, child: Child) -> None:
    made = create_referral(session, actor=actor, data=_referral(child))
    with pytest.raises(ValidationError) as raised:
        set_referral_status(session, actor=actor, referral_id=made.id, status="completed")
    assert raised.value.problems == {"status": "A referral that is planned cannot become completed"}
    with pytest.raises(ValidationError) as raised:
        set_referral_status(session, actor=actor, referral_id=made.id, status="lost")
    assert raised.value.problems == {"status": "Choose where the referral stands from the list"}
    sent = set_referral_status(session, actor=actor, referral_id=made.id, status="sent")
    assert sent.status == "sent"
    done = set_referral_status(
        session, actor=actor, referral_id=made.id, status="completed", outcome=" New conclusion "
    )
    assert (done.status, done.outcome) == ("completed", "New conclusion")
    with pytest.raises(ValidationError) as raised:
        set_referral_status(session, actor=actor, referral_id=made.id, status="declined")
    assert raised.value.problems == {
        "status": "A referral that is completed cannot become declined"
    }
    stored = session.get(Referral, made.id)
    assert stored is not None and stored.status == "completed"


def test_sent_referral_can_be_declined(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child
) -> None:
    made = create_referral(
        session, actor=actor, data=_referral(child, child_id=None, caregiver_id=caregiver.id)
    )
    set_referral_status(session, actor=actor, referral_id=made.id, status="sent")
    declined = set_referral_status(
        session, actor=actor, referral_id=made.id, status="declined", outcome="Family refused"
    )
    assert (declined.status, declined.outcome, declined.caregiver_id) == (
        "declined",
        "Family refused",
        caregiver.id,
    )


def test_update_archive_and_list(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    first = create_referral(session, actor=actor, data=_referral(child))
    second = create_referral(
        session, actor=actor, data=_referral(child, to_whom="Clinic", referred_on=date(2026, 11, 2))
    )
    create_referral(
        session, actor=actor, data=_referral(child, child_id=None, caregiver_id=caregiver.id)
    )
    changed = update_referral(
        session,
        actor=actor,
        referral_id=first.id,
        data=_referral(child, to_whom="City PMPK", child_id=None),
    )
    # The person referred is kept whatever the input says.
    assert (changed.to_whom, changed.child_id) == ("City PMPK", child.id)
    set_referral_status(session, actor=actor, referral_id=second.id, status="sent")
    assert [r.id for r in list_referrals(session, actor=actor, child_id=child.id)] == [
        second.id,
        first.id,
    ]
    sent = list_referrals(session, actor=actor, child_id=child.id, status="sent")
    assert [r.id for r in sent] == [second.id]
    archive_referral(session, actor=actor, referral_id=first.id)
    assert [r.id for r in list_referrals(session, actor=actor, child_id=child.id)] == [second.id]
    assert len(list_referrals(session, actor=actor, caregiver_id=caregiver.id)) == 1
    with pytest.raises(NotFoundError, match="This referral was not found"):
        archive_referral(session, actor=actor, referral_id=uuid.uuid4())
