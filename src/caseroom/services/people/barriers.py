"""Barriers that keep a family's caregivers from taking part: note, resolve and list them.

A barrier's note is a specialists' working note.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Family, FamilyBarrier
from caseroom.i18n import _
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    audit,
    checked_text,
    load,
    touch,
)
from caseroom.services.permissions import Permission, require, working_note
from caseroom.vocab import BarrierKind


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class BarrierRead:
    """A barrier to taking part, noted on a day and perhaps resolved later."""

    id: uuid.UUID
    family_id: uuid.UUID
    kind: str
    note: str | None
    noted_on: date
    resolved_on: date | None


def _barrier_read(record: FamilyBarrier, actor: Actor) -> BarrierRead:
    return BarrierRead(
        id=record.id,
        family_id=record.family_id,
        kind=record.kind,
        note=working_note(actor, record.note),
        noted_on=record.noted_on,
        resolved_on=record.resolved_on,
    )


def add_barrier(
    session: Session,
    *,
    actor: Actor,
    family_id: uuid.UUID,
    kind: str,
    noted_on: date,
    note: str | None = None,
    today: date | None = None,
) -> BarrierRead:
    """Record something that keeps the family's caregivers from taking part."""
    require(actor, Permission.EDIT_RECORDS)
    today = today or date.today()
    problems = Problems()
    if kind not in set(BarrierKind):
        problems.add("kind", _("Choose what keeps the family from taking part"))
    if noted_on > today:
        problems.add("noted_on", _("The date {date} is in the future").format(date=_day(noted_on)))
    text = checked_text(problems, "note", note, limit=NOTE_MAX, multiline=True)
    problems.raise_if_any()
    load(session, Family, family_id, _("This family was not found"))
    record = FamilyBarrier(family_id=family_id, kind=kind, note=text, noted_on=noted_on)
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="family_barrier",
        entity_id=record.id,
        details={"family_id": str(family_id), "kind": kind},
    )
    return _barrier_read(record, actor)


def resolve_barrier(
    session: Session,
    *,
    actor: Actor,
    barrier_id: uuid.UUID,
    resolved_on: date,
    today: date | None = None,
) -> BarrierRead:
    """Mark a barrier as no longer in the way from `resolved_on`."""
    require(actor, Permission.EDIT_RECORDS)
    today = today or date.today()
    record = load(session, FamilyBarrier, barrier_id, _("This barrier was not found"))
    problems = Problems()
    if record.resolved_on is not None:
        problems.add("resolved_on", _("This barrier is already resolved"))
    elif resolved_on > today:
        problems.add(
            "resolved_on", _("The date {date} is in the future").format(date=_day(resolved_on))
        )
    elif resolved_on < record.noted_on:
        problems.add(
            "resolved_on",
            _("A barrier cannot be resolved before it was noted on {date}").format(
                date=_day(record.noted_on)
            ),
        )
    problems.raise_if_any()
    record.resolved_on = resolved_on
    touch(record)
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="update",
        entity="family_barrier",
        entity_id=record.id,
        details={"family_id": str(record.family_id), "resolved": True},
    )
    return _barrier_read(record, actor)


def list_barriers(
    session: Session, *, actor: Actor, family_id: uuid.UUID, include_resolved: bool = False
) -> list[BarrierRead]:
    """A family's barriers, oldest first; open ones only unless `include_resolved`."""
    require(actor, Permission.VIEW_RECORDS)
    query = select(
        col(FamilyBarrier.id),
        col(FamilyBarrier.family_id),
        col(FamilyBarrier.kind),
        col(FamilyBarrier.note),
        col(FamilyBarrier.noted_on),
        col(FamilyBarrier.resolved_on),
    ).where(col(FamilyBarrier.family_id) == family_id, col(FamilyBarrier.archived_at).is_(None))
    if not include_resolved:
        query = query.where(col(FamilyBarrier.resolved_on).is_(None))
    query = query.order_by(col(FamilyBarrier.noted_on), col(FamilyBarrier.id))
    return [
        replace(BarrierRead(*row), note=working_note(actor, row.note))
        for row in session.execute(query).all()
    ]
