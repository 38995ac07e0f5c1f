"""Reading the audit trail: who did what to which record, and when (newest first).

The trail is written by every service through `services.common.audit`; here it is only
read, filtered and paged in SQL. Details hold ids and codes only, never names or notes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import ColumnElement, Select, func, select
from sqlmodel import Session, col

from caseroom.db.audit_chain import ChainReport, verify_session
from caseroom.db.models import AuditEvent, Staff
from caseroom.i18n import _
from caseroom.reports.audit_csv import write_audit_csv
from caseroom.services.common import Actor, Problems, audit
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require

MAX_PAGE = 1000
"""The largest page of events one call returns."""


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audit event as a list shows it."""

    id: uuid.UUID
    at: datetime
    actor_id: uuid.UUID | None
    """The staff member who acted; None for the system (command line, import, demo)."""
    action: str
    entity: str
    entity_id: uuid.UUID | None
    details: dict[str, Any]
    actor_name: str | None = None
    """The staff member's full name; None for the system."""


def _conditions(
    since: datetime | None,
    until: datetime | None,
    entity: str | None,
    entity_id: uuid.UUID | None,
    action: str | None,
    actor_id: uuid.UUID | None,
    /,
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of the filters (in the order the public functions take them)."""
    problems = Problems()
    for name, moment in (("since", since), ("until", until)):
        if moment is not None and moment.tzinfo is None:
            problems.add(name, _("A time without a time zone cannot be compared with the log"))
    problems.raise_if_any()
    if since is not None and until is not None and until < since:
        problems.add("until", _("The end of the search comes before its start"))
    problems.raise_if_any()
    conditions: list[ColumnElement[bool]] = []
    if since is not None:
        conditions.append(col(AuditEvent.at) >= since)
    if until is not None:
        conditions.append(col(AuditEvent.at) < until)
    if entity is not None:
        conditions.append(col(AuditEvent.entity) == entity)
    if entity_id is not None:
        conditions.append(col(AuditEvent.entity_id) == entity_id)
    if action is not None:
        conditions.append(col(AuditEvent.action) == action)
    if actor_id is not None:
        conditions.append(col(AuditEvent.actor_id) == actor_id)
    return conditions


def list_audit_events(
    session: Session,
    *,
    actor: Actor,
    since: datetime | None = None,
    until: datetime | None = None,
    entity: str | None = None,
    entity_id: uuid.UUID | None = None,
    action: str | None = None,
    actor_id: uuid.UUID | None = None,
    offset: int = 0,
    limit: int = 100,
) -> list[AuditRow]:
    """A page of audit events, newest first.

    `since` is included and `until` excluded (both timezone-aware); `entity`, `entity_id`,
    `action` and `actor_id` narrow the list to exact matches.
    """
    require(actor, Permission.VIEW_AUDIT)
    problems = Problems()
    if offset < 0:
        problems.add("offset", _("The page cannot start before the first event"))
    if not 1 <= limit <= MAX_PAGE:
        problems.add(
            "limit",
            _("A page holds from 1 to {maximum} events").format(maximum=MAX_PAGE),
        )
    problems.raise_if_any()
    query: Select[Any] = (
        select(
            col(AuditEvent.id),
            col(AuditEvent.at),
            col(AuditEvent.actor_id),
            col(AuditEvent.action),
            col(AuditEvent.entity),
            col(AuditEvent.entity_id),
            col(AuditEvent.details),
            col(Staff.last_name),
            col(Staff.first_name),
            col(Staff.patronymic),
        )
        .outerjoin(Staff, col(Staff.id) == col(AuditEvent.actor_id))
        .where(*_conditions(since, until, entity, entity_id, action, actor_id))
    )
    query = query.order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
    rows = session.execute(query.offset(offset).limit(limit)).all()
    return [
        AuditRow(
            id=row[0],
            at=row[1],
            actor_id=row[2],
            action=row[3],
            entity=row[4],
            entity_id=row[5],
            details=row[6],
            actor_name=full_name(row[7], row[8], row[9]) if row[7] is not None else None,
        )
        for row in rows
    ]


def count_audit_events(
    session: Session,
    *,
    actor: Actor,
    since: datetime | None = None,
    until: datetime | None = None,
    entity: str | None = None,
    entity_id: uuid.UUID | None = None,
    action: str | None = None,
    actor_id: uuid.UUID | None = None,
) -> int:
    """How many audit events `list_audit_events` would page through with these filters."""
    require(actor, Permission.VIEW_AUDIT)
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .where(*_conditions(since, until, entity, entity_id, action, actor_id))
    )
    return int(session.execute(query).scalar_one())


def export_audit_csv(
    session: Session,
    *,
    actor: Actor,
    out: Path | BinaryIO,
    since: datetime | None = None,
    until: datetime | None = None,
    entity: str | None = None,
    action: str | None = None,
    actor_id: uuid.UUID | None = None,
) -> int:
    """Write the events matching the filters to a CSV file (administrators); the count.

    Times are UTC in ISO form; the export itself is audited (action `export`, entity
    `audit_event`, with the filters used); the caller commits once the file is written.
    """
    require(actor, Permission.VIEW_AUDIT)
    filters: dict[str, Any] = {
        "since": since,
        "until": until,
        "entity": entity,
        "action": action,
        "actor_id": actor_id,
    }
    rows: list[list[str]] = []
    offset = 0
    while True:
        page = list_audit_events(session, actor=actor, offset=offset, limit=MAX_PAGE, **filters)
        rows.extend(
            [
                row.at.isoformat(timespec="seconds"),
                row.actor_name or _("system"),
                row.action,
                row.entity,
                str(row.entity_id or ""),
                json.dumps(row.details, ensure_ascii=False, sort_keys=True),
            ]
            for row in page
        )
        if len(page) < MAX_PAGE:
            break
        offset += MAX_PAGE
    header = [_("Time (UTC)"), _("Who"), _("Action"), _("Record"), _("Record id"), _("Details")]
    count = write_audit_csv(header, rows, out)
    used = {name: str(value) for name, value in filters.items() if value is not None}
    audit(
        session,
        actor=actor,
        action="export",
        entity="audit_event",
        details={"rows": count, **used},
    )
    return count


def check_audit_chain(session: Session, *, actor: Actor) -> ChainReport:
    """Verify the audit trail's hash chain: how many events, and the first broken one."""
    require(actor, Permission.VIEW_AUDIT)
    return verify_session(session)
