"""Writes that leave an audit event: save a record, archive or restore it, and note it in the trail.

They flush (so a new record has its id) and never commit; the caller owns the transaction.
An archive's reason (a code of `ArchiveReason`) is kept in the details of its audit event;
`archive_reason` reads it back for an archived record.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select

from caseroom.db.models import AuditEvent
from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.services.common import Actor, archive, audit, touch
from caseroom.vocab import ArchiveReason


def save_and_audit(
    session: Session,
    *,
    actor: Actor,
    record: Any,
    action: str,
    entity: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Add and flush `record` (so it has its id), then write its audit event."""
    session.add(record)
    session.flush()
    audit(session, actor=actor, action=action, entity=entity, entity_id=record.id, details=details)


def reason_details(reason: str | None, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """`details` with the archive `reason` added; a reason not in `ArchiveReason` is refused."""
    found = dict(details or {})
    if reason is not None:
        if reason not in {str(code) for code in ArchiveReason}:
            raise ValidationError({"reason": _("Choose why the record is archived.")})
        found["reason"] = str(reason)
    return found


def archive_and_audit(
    session: Session,
    actor: Actor,
    record: Any,
    entity: str,
    details: dict[str, Any] | None = None,
    *,
    reason: str | None = None,
) -> bool:
    """Archive `record` unless it already is, flush and audit it (with the reason code).

    Whether it was archived now.
    """
    found = reason_details(reason, details)
    if record.archived_at is not None:
        return False
    archive(record)
    save_and_audit(
        session, actor=actor, record=record, action="archive", entity=entity, details=found
    )
    return True


def restore_and_audit(
    session: Session,
    actor: Actor,
    record: Any,
    entity: str,
    details: dict[str, Any] | None = None,
) -> bool:
    """Bring an archived `record` back as it was, flush and audit it; whether it was restored."""
    if record.archived_at is None:
        return False
    record.archived_at = None
    touch(record)
    save_and_audit(
        session, actor=actor, record=record, action="restore", entity=entity, details=details
    )
    return True


def archive_reason(session: Session, entity: str, record_id: uuid.UUID) -> str | None:
    """The reason code of the latest archive of a record (None if none was given)."""
    details = session.scalars(
        select(col(AuditEvent.details))
        .where(
            col(AuditEvent.entity) == entity,
            col(AuditEvent.entity_id) == record_id,
            col(AuditEvent.action) == "archive",
        )
        .order_by(col(AuditEvent.seq).desc())
        .limit(1)
    ).first()
    if not details:
        return None
    reason = details.get("reason")
    return str(reason) if reason else None
