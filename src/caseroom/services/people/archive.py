"""Restoring archived people: a child, a family, a caregiver.

Archiving is in each record's own module (`archive_child`, `archive_family`,
`archive_caregiver`, each with a reason code of `ArchiveReason`); a restored record comes
back exactly as it was archived. A child or caregiver of an archived family is restored
after the family.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from caseroom.db.models import Caregiver, Child, Family
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.audited import restore_and_audit
from caseroom.services.common import Actor, load
from caseroom.services.permissions import Permission, require


def _family_is_archived(session: Session, family_id: uuid.UUID | None) -> bool:
    family = session.get(Family, family_id) if family_id is not None else None
    return family is not None and family.archived_at is not None


def restore_child(session: Session, *, actor: Actor, child_id: uuid.UUID) -> None:
    """Bring an archived child's record back to the lists (her family must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Child, child_id, _("This child was not found"))
    if record.archived_at is not None and _family_is_archived(session, record.family_id):
        raise UserError(_("Restore the child's family first"), field="family")
    restore_and_audit(session, actor, record, "child")


def restore_family(session: Session, *, actor: Actor, family_id: uuid.UUID) -> None:
    """Bring an archived family back (its children stay archived until restored one by one)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Family, family_id, _("This family was not found"))
    restore_and_audit(session, actor, record, "family")


def restore_caregiver(session: Session, *, actor: Actor, caregiver_id: uuid.UUID) -> None:
    """Bring an archived caregiver back (her family must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Caregiver, caregiver_id, _("This caregiver was not found"))
    if record.archived_at is not None and _family_is_archived(session, record.family_id):
        raise UserError(_("Restore the caregiver's family first"), field="family")
    restore_and_audit(session, actor, record, "caregiver")
