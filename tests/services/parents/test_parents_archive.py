"""Archiving a parent's record with a reason and restoring it: consents, referrals, groups,
home practice and a caregiver's own goals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import (
    AuditEvent,
    Caregiver,
    Child,
    Consent,
    HomePractice,
    ParentGoal,
    Referral,
    Staff,
)
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.common import Actor
from caseroom.services.parents.archive import (
    restore_consent,
    restore_parent_goal,
    restore_practice,
    restore_referral,
)
from caseroom.services.parents.consents import archive_consent, list_consents
from caseroom.services.parents.goals import archive_parent_goal, list_parent_goals
from caseroom.services.parents.practice import archive_practice, list_practice
from caseroom.services.parents.referrals import archive_referral, list_referrals
from caseroom.services.people.caregivers import archive_caregiver

ASSISTANT = Actor(staff_id=None, role="assistant")


def _trail(session: Session, entity: str) -> list[tuple[str, object]]:
    rows = session.scalars(
        select(AuditEvent).where(col(AuditEvent.entity) == entity).order_by(col(AuditEvent.seq))
    )
    return [(row.action, row.details.get("reason")) for row in rows]


def test_consent_and_referral_are_hidden_when_archived_and_come_back(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    consent = Consent(
        child_id=child.id,
        scope="sen_assessment",
        signer_name="Seitkali G.",
        given_on=date(2026, 9, 2),
        recorded_by_id=staff.id,
    )
    referral = Referral(child_id=child.id, to_whom="PMPK", referred_on=date(2026, 10, 1))
    session.add_all([consent, referral])
    session.flush()
    before = list_consents(session, actor=actor, child_id=child.id)
    archive_consent(session, actor=actor, consent_id=consent.id, reason="mistake")
    archive_referral(session, actor=actor, referral_id=referral.id, reason="duplicate")
    assert list_consents(session, actor=actor, child_id=child.id) == []
    assert list_referrals(session, actor=actor, child_id=child.id) == []
    assert len(list_referrals(session, actor=actor, child_id=child.id, include_archived=True)) == 1
    with pytest.raises(PermissionDeniedError):
        restore_consent(session, actor=ASSISTANT, consent_id=consent.id)
    with pytest.raises(PermissionDeniedError):
        restore_referral(session, actor=ASSISTANT, referral_id=referral.id)
    restore_consent(session, actor=actor, consent_id=consent.id)
    restore_referral(session, actor=actor, referral_id=referral.id)
    assert list_consents(session, actor=actor, child_id=child.id) == before
    assert [r.id for r in list_referrals(session, actor=actor, child_id=child.id)] == [referral.id]
    assert _trail(session, "consent") == [("archive", "mistake"), ("restore", None)]
    assert [a for a, _ in _trail(session, "referral")] == ["archive", "restore"]


def test_practice_and_a_parent_goal_come_back_after_the_caregiver(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    task = HomePractice(
        caregiver_id=caregiver.id, child_id=child.id, task="Read aloud", given_on=date(2026, 10, 5)
    )
    goal = ParentGoal(
        caregiver_id=caregiver.id, description="Sleep earlier", set_on=date(2026, 9, 9)
    )
    session.add_all([task, goal])
    session.flush()
    archive_practice(session, actor=actor, practice_id=task.id, reason="mistake")
    archive_parent_goal(session, actor=actor, goal_id=goal.id, reason="mistake")
    assert list_practice(session, actor=actor, child_id=child.id) == []
    assert list_parent_goals(session, actor=actor, caregiver_id=caregiver.id) == []
    archive_caregiver(session, actor=actor, caregiver_id=caregiver.id, reason="moved")
    with pytest.raises(UserError, match="caregiver first"):
        restore_parent_goal(session, actor=actor, goal_id=goal.id)
    caregiver.archived_at = None
    restore_practice(session, actor=actor, practice_id=task.id)
    restore_parent_goal(session, actor=actor, goal_id=goal.id)
    assert [p.task for p in list_practice(session, actor=actor, child_id=child.id)] == [
        "Read aloud"
    ]
    goals = list_parent_goals(session, actor=actor, caregiver_id=caregiver.id)
    assert [(g.id, g.description) for g in goals] == [(goal.id, "Sleep earlier")]
    assert _trail(session, "home_practice") == [("archive", "mistake"), ("restore", None)]
