"""Archiving a support-group meeting with a reason, and restoring it.

Kept apart from `meetings.py` (whose notes move to the restricted store): both only set the
record's archived time, recompute the group's newcomers and write the audit event, whose
details hold the reason code of `ArchiveReason`.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from caseroom.db.models import GroupMeeting, ParentGroup
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, restore_and_audit
from caseroom.services.common import Actor, load
from caseroom.services.parents.meetings import refresh_newcomers
from caseroom.services.permissions import Permission, require

ENTITY = "group_meeting"


def _meeting(session: Session, meeting_id: uuid.UUID) -> GroupMeeting:
    return load(session, GroupMeeting, meeting_id, _("This group meeting was not found"))


def archive_meeting_for(
    session: Session, *, actor: Actor, meeting_id: uuid.UUID, reason: str | None = None
) -> None:
    """Archive a meeting (with the reason); newcomers are computed again without it."""
    require(actor, Permission.EDIT_RECORDS)
    record = _meeting(session, meeting_id)
    if archive_and_audit(
        session, actor, record, ENTITY, details={"group_id": str(record.group_id)}, reason=reason
    ):
        refresh_newcomers(session, record.group_id)


def restore_meeting(session: Session, *, actor: Actor, meeting_id: uuid.UUID) -> None:
    """Bring an archived meeting back as it was (its group must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _meeting(session, meeting_id)
    group = session.get(ParentGroup, record.group_id)
    if record.archived_at is not None and group is not None and group.archived_at is not None:
        raise UserError(_("Restore the support group first"), field="group")
    if restore_and_audit(
        session, actor, record, ENTITY, details={"group_id": str(record.group_id)}
    ):
        refresh_newcomers(session, record.group_id)
