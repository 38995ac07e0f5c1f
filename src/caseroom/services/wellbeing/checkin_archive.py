"""Archiving a wellbeing check-in with a reason, and restoring it.

Kept apart from `checkins.py` (whose answers move to the restricted store). A check-in's
safety flag is archived with it and restored with it. The archive's audit event holds the
reason code of `ArchiveReason`.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from caseroom.db.models import Caregiver
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, restore_and_audit
from caseroom.services.common import Actor, load
from caseroom.services.permissions import Permission, require
from caseroom.services.wellbeing.checkins import CHECKIN_ENTITY

FLAG_ENTITY = "wellbeing_flag"


def _checkin(session: Session, actor: Actor, checkin_id: uuid.UUID) -> WellbeingCheckin:
    require(actor, Permission.VIEW_PARENT_DATA)
    require(actor, Permission.EDIT_RECORDS)
    return load(session, WellbeingCheckin, checkin_id, _("This check-in was not found"))


def _flags(session: Session, checkin_id: uuid.UUID) -> list[WellbeingFlag]:
    return list(
        session.scalars(select(WellbeingFlag).where(col(WellbeingFlag.checkin_id) == checkin_id))
    )


def archive_checkin_for(
    session: Session, *, actor: Actor, checkin_id: uuid.UUID, reason: str | None = None
) -> None:
    """Archive a check-in (with the reason) and its safety flag with it."""
    record = _checkin(session, actor, checkin_id)
    if record.archived_at is not None:
        return
    for flag in _flags(session, record.id):
        archive_and_audit(session, actor, flag, FLAG_ENTITY, reason=reason)
    archive_and_audit(session, actor, record, CHECKIN_ENTITY, reason=reason)


def restore_checkin(session: Session, *, actor: Actor, checkin_id: uuid.UUID) -> None:
    """Bring an archived check-in back as it was, with the flag archived along with it."""
    record = _checkin(session, actor, checkin_id)
    if record.archived_at is None:
        return
    caregiver = session.get(Caregiver, record.caregiver_id)
    if caregiver is not None and caregiver.archived_at is not None:
        raise UserError(_("Restore the caregiver first"), field="caregiver")
    archived_at = record.archived_at
    for flag in _flags(session, record.id):
        # Only the flag archived together with the check-in comes back (not one closed earlier).
        if (
            flag.archived_at is not None
            and abs((flag.archived_at - archived_at).total_seconds()) < 5
        ):
            restore_and_audit(session, actor, flag, FLAG_ENTITY)
    restore_and_audit(session, actor, record, CHECKIN_ENTITY)
