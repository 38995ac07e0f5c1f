"""Peer-support parents: mothers with lived experience who co-lead a support group.

A peer-support parent is a caregiver marked on a group from a day (and, when she stops,
up to a day); she has no account and sees nothing in the app. Screens name her; the
term summary only counts peer-support parents, never naming them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, ParentGroup
from caseroom.db.models_groups_voice import PeerSupportParent
from caseroom.i18n import _
from caseroom.services.audited import save_and_audit
from caseroom.services.common import Actor, Problems, load, touch
from caseroom.services.permissions import Permission, require


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class PeerParentRead:
    """A peer-support parent of a group, as the group screen shows her."""

    group_id: uuid.UUID
    caregiver_id: uuid.UUID
    last_name: str
    first_name: str
    since: date
    until: date | None
    co_facilitator: bool


def _row(
    session: Session, group_id: uuid.UUID, caregiver_id: uuid.UUID
) -> PeerSupportParent | None:
    return session.execute(
        select(PeerSupportParent).where(
            col(PeerSupportParent.group_id) == group_id,
            col(PeerSupportParent.caregiver_id) == caregiver_id,
        )
    ).scalar_one_or_none()


def _read(session: Session, row: PeerSupportParent) -> PeerParentRead:
    person = session.get(Caregiver, row.caregiver_id)
    assert person is not None
    return PeerParentRead(
        row.group_id,
        row.caregiver_id,
        person.last_name,
        person.first_name,
        row.since,
        row.until,
        row.co_facilitator,
    )


def _details(row: PeerSupportParent) -> dict[str, object]:
    return {"group_id": str(row.group_id), "caregiver_id": str(row.caregiver_id)}


def mark_peer_parent(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    caregiver_id: uuid.UUID,
    since: date,
    co_facilitator: bool = True,
) -> PeerParentRead:
    """Mark a caregiver as a peer-support parent of the group from `since` (again, if she
    had stopped)."""
    require(actor, Permission.EDIT_RECORDS)
    group = load(session, ParentGroup, group_id, _("This support group was not found"))
    problems = Problems()
    if group.archived_at is not None:
        problems.add("group_id", _("This support group is archived"))
    person = session.get(Caregiver, caregiver_id)
    if person is None or person.archived_at is not None:
        problems.add("caregiver_id", _("Choose the caregiver who helps lead the group"))
    if since < group.started_on:
        problems.add(
            "since",
            _("The date {date} is before the group started on {start}").format(
                date=_d(since), start=_d(group.started_on)
            ),
        )
    row = _row(session, group_id, caregiver_id)
    if row is not None and row.archived_at is None and row.until is None:
        problems.add("caregiver_id", _("This caregiver is already a peer-support parent here"))
    problems.raise_if_any()
    action = "create" if row is None else "update"
    if row is None:
        row = PeerSupportParent(group_id=group_id, caregiver_id=caregiver_id, since=since)
    else:
        row.since, row.until, row.archived_at = since, None, None
        touch(row)
    row.co_facilitator = co_facilitator
    save_and_audit(
        session,
        actor=actor,
        record=row,
        action=action,
        entity="peer_support_parent",
        details=_details(row),
    )
    return _read(session, row)


def end_peer_parent(
    session: Session, *, actor: Actor, group_id: uuid.UUID, caregiver_id: uuid.UUID, until: date
) -> PeerParentRead:
    """Record that a peer-support parent stopped helping lead the group (`until` included)."""
    require(actor, Permission.EDIT_RECORDS)
    row = _row(session, group_id, caregiver_id)
    problems = Problems()
    if row is None or row.archived_at is not None or row.until is not None:
        problems.add("caregiver_id", _("This caregiver is not a peer-support parent here"))
    elif until < row.since:
        problems.add(
            "until",
            _("The date {date} is before she started on {start}").format(
                date=_d(until), start=_d(row.since)
            ),
        )
    problems.raise_if_any()
    assert row is not None
    row.until = until
    touch(row)
    save_and_audit(
        session,
        actor=actor,
        record=row,
        action="update",
        entity="peer_support_parent",
        details=_details(row),
    )
    return _read(session, row)


def list_peer_parents(
    session: Session, *, actor: Actor, group_id: uuid.UUID, on: date | None = None
) -> list[PeerParentRead]:
    """A group's peer-support parents by name: all, or those helping `on` a day."""
    require(actor, Permission.VIEW_PARENT_DATA)
    rows = session.execute(
        select(PeerSupportParent)
        .join(Caregiver, col(Caregiver.id) == col(PeerSupportParent.caregiver_id))
        .where(
            col(PeerSupportParent.group_id) == group_id,
            col(PeerSupportParent.archived_at).is_(None),
            col(Caregiver.archived_at).is_(None),
        )
        .order_by(col(Caregiver.sort_name), col(Caregiver.last_name), col(Caregiver.id))
    ).scalars()
    found = [_read(session, row) for row in rows]
    if on is not None:
        found = [p for p in found if p.since <= on and (p.until is None or p.until >= on)]
    return found
