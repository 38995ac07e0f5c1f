"""Writes that leave an audit event: save a record, or archive it, and note it in the trail.

Both flush (so a new record has its id) and never commit; the caller owns the transaction.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from caseroom.services.common import Actor, archive, audit


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


def archive_and_audit(
    session: Session,
    actor: Actor,
    record: Any,
    entity: str,
    details: dict[str, Any] | None = None,
) -> bool:
    """Archive `record` unless it already is, flush and audit it; whether it was archived now."""
    if record.archived_at is not None:
        return False
    archive(record)
    save_and_audit(
        session, actor=actor, record=record, action="archive", entity=entity, details=details
    )
    return True
