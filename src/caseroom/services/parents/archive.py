"""Restoring an archived consent, referral, support group, home practice or parent's goal.

Archiving is in each record's own module (`archive_consent`, `archive_referral`,
`archive_group`, `archive_practice`, `archive_parent_goal`, each with a reason code of
`ArchiveReason`); a restored record comes back exactly as it was archived. A caregiver's
own goal is restored after the caregiver.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from caseroom.db.models import Caregiver, Consent, HomePractice, ParentGoal, ParentGroup, Referral
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.audited import restore_and_audit
from caseroom.services.common import Actor, load
from caseroom.services.permissions import Permission, require, require_level


def restore_consent(session: Session, *, actor: Actor, consent_id: uuid.UUID) -> None:
    """Bring back a consent archived by mistake."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Consent, consent_id, _("This consent was not found"))
    restore_and_audit(session, actor, record, "consent")


def restore_referral(session: Session, *, actor: Actor, referral_id: uuid.UUID) -> None:
    """Bring back an archived referral (only for those who may see its level)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Referral, referral_id, _("This referral was not found"))
    require_level(actor, record.confidentiality)
    restore_and_audit(session, actor, record, "referral", details={"status": record.status})


def restore_group(session: Session, *, actor: Actor, group_id: uuid.UUID) -> None:
    """Bring back an archived support group (its meetings count again)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, ParentGroup, group_id, _("This support group was not found"))
    restore_and_audit(session, actor, record, "parent_group")


def restore_practice(session: Session, *, actor: Actor, practice_id: uuid.UUID) -> None:
    """Bring back an archived home-practice task (it counts in involvement again)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, HomePractice, practice_id, _("This home practice was not found"))
    restore_and_audit(session, actor, record, "home_practice")


def restore_parent_goal(session: Session, *, actor: Actor, goal_id: uuid.UUID) -> None:
    """Bring back a caregiver's archived goal (the caregiver must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, ParentGoal, goal_id, _("This caregiver's goal was not found"))
    caregiver = session.get(Caregiver, record.caregiver_id)
    if record.archived_at is not None and caregiver is not None and caregiver.archived_at:
        raise UserError(_("Restore the caregiver first"), field="caregiver")
    restore_and_audit(
        session,
        actor,
        record,
        "parent_goal",
        details={"caregiver_id": str(record.caregiver_id), "status": record.status},
    )
