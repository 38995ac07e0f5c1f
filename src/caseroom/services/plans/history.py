"""A plan's revision history: every change to a plan or a goal keeps the earlier values.

`plans` and `goals` call `record` after each change with the values before and after; only
fields that changed are kept (`changes`: {field: [old, new]}). `goal_history` reads a goal's
revisions, reaching back through the goals it was carried forward from, the newest first.
Notes are working notes: without the right to read notes their values read as None.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Goal, Staff, SupportPlan
from caseroom.db.models_plan_history import PlanRevision
from caseroom.i18n import N_, _
from caseroom.services.common import Actor
from caseroom.services.permissions import Permission, allowed, require

PLAN_FIELDS: tuple[str, ...] = (
    "starts_on",
    "ends_on",
    "status",
    "next_review_on",
    "author_id",
    "notes",
)
GOAL_FIELDS: tuple[str, ...] = (
    "domain",
    "description",
    "baseline",
    "target",
    "criterion",
    "status",
)
_NOTE_FIELDS = frozenset({"notes"})


class RevisionAction(StrEnum):
    """What kind of change a revision records."""

    CREATED = "created"
    CHANGED = "changed"
    ARCHIVED = "archived"
    RESTORED = "restored"
    """An archived plan or goal brought back as it was."""
    CARRIED = "carried"
    """A goal copied into the next period's plan from an earlier goal (`source_goal_id`)."""


_ACTION_LABELS = {
    RevisionAction.CREATED: N_("added"),
    RevisionAction.CHANGED: N_("changed"),
    RevisionAction.ARCHIVED: N_("archived"),
    RevisionAction.RESTORED: N_("restored"),
    RevisionAction.CARRIED: N_("carried into the next plan"),
}

FIELD_LABELS: dict[str, str] = {
    "starts_on": N_("Starts"),
    "ends_on": N_("Ends"),
    "status": N_("Status"),
    "next_review_on": N_("Next review"),
    "author_id": N_("Author"),
    "notes": N_("Notes"),
    "domain": N_("Domain"),
    "description": N_("Goal"),
    "baseline": N_("Baseline"),
    "target": N_("Target"),
    "criterion": N_("Criterion"),
}


def action_label(action: str) -> str:
    """The translated name of a kind of change."""
    return _(_ACTION_LABELS[RevisionAction(action)])


def field_label(field: str) -> str:
    """The translated name of a field of a plan or a goal."""
    return _(FIELD_LABELS.get(field, field))


def _plain(value: object) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(record: SupportPlan | Goal) -> dict[str, Any]:
    """The tracked fields of a plan or a goal, as JSON values."""
    fields = PLAN_FIELDS if isinstance(record, SupportPlan) else GOAL_FIELDS
    return {name: _plain(getattr(record, name)) for name in fields}


def record(
    session: Session,
    *,
    actor: Actor,
    plan_id: uuid.UUID,
    action: RevisionAction,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    goal_id: uuid.UUID | None = None,
    source_goal_id: uuid.UUID | None = None,
) -> PlanRevision | None:
    """Keep one change; a change that altered no field is not kept (returns None)."""
    old, new = dict(before or {}), dict(after or {})
    changes = {
        name: [old.get(name), new.get(name)]
        for name in dict.fromkeys([*old, *new])
        if old.get(name) != new.get(name)
    }
    if action == RevisionAction.CHANGED and not changes:
        return None
    revision = PlanRevision(
        plan_id=plan_id,
        goal_id=goal_id,
        action=action.value,
        staff_id=actor.staff_id,
        changes=changes,
        source_goal_id=source_goal_id,
    )
    session.add(revision)
    session.flush()
    return revision


@dataclass(frozen=True, slots=True)
class Revision:
    """One kept change, as a reader may see it."""

    id: uuid.UUID
    plan_id: uuid.UUID
    goal_id: uuid.UUID | None
    action: str
    changed_at: datetime
    staff_id: uuid.UUID | None
    staff_name: str | None
    changes: Mapping[str, tuple[Any, Any]]
    """{field: (old, new)} for each field that changed."""

    def old(self, field: str) -> Any:
        """The value `field` had before this change (None when it did not change)."""
        pair = self.changes.get(field)
        return pair[0] if pair else None


def _read(rows: list[PlanRevision], session: Session, actor: Actor) -> list[Revision]:
    notes = allowed(actor, Permission.VIEW_NOTES)
    staff_ids = {row.staff_id for row in rows if row.staff_id}
    names = {
        staff.id: f"{staff.last_name} {staff.first_name}"
        for staff in session.scalars(select(Staff).where(col(Staff.id).in_(staff_ids)))
    }
    return [
        Revision(
            id=row.id,
            plan_id=row.plan_id,
            goal_id=row.goal_id,
            action=row.action,
            changed_at=row.created_at,
            staff_id=row.staff_id,
            staff_name=names.get(row.staff_id) if row.staff_id else None,
            changes={
                name: (None, None) if name in _NOTE_FIELDS and not notes else (pair[0], pair[1])
                for name, pair in row.changes.items()
            },
        )
        for row in rows
    ]


def goal_history(session: Session, *, actor: Actor, goal_id: uuid.UUID) -> list[Revision]:
    """A goal's revisions, the newest first, back through the goals it was carried from."""
    require(actor, Permission.VIEW_RECORDS)
    rows: list[PlanRevision] = []
    seen: set[uuid.UUID] = set()
    current: uuid.UUID | None = goal_id
    while current is not None and current not in seen:
        seen.add(current)
        found = list(
            session.scalars(select(PlanRevision).where(col(PlanRevision.goal_id) == current))
        )
        rows.extend(found)
        current = next((row.source_goal_id for row in found if row.source_goal_id), None)
    rows.sort(key=lambda row: row.created_at, reverse=True)
    return _read(rows, session, actor)


def plan_history(session: Session, *, actor: Actor, plan_id: uuid.UUID) -> list[Revision]:
    """Every kept change to a plan and its goals, the newest first."""
    require(actor, Permission.VIEW_RECORDS)
    rows = list(
        session.scalars(
            select(PlanRevision)
            .where(col(PlanRevision.plan_id) == plan_id)
            .order_by(col(PlanRevision.created_at).desc())
        )
    )
    return _read(rows, session, actor)


def last_wording_changes(
    session: Session, *, goal_ids: list[uuid.UUID], until: date | None = None
) -> dict[uuid.UUID, tuple[datetime, str]]:
    """For each goal whose wording was changed (by `until`, if given): when last, and the
    description before.

    Used by reports ("revised on … (was: …)"); callers check permissions.
    """
    if not goal_ids:
        return {}
    found: dict[uuid.UUID, tuple[datetime, str]] = {}
    rows = session.scalars(
        select(PlanRevision)
        .where(
            col(PlanRevision.goal_id).in_(goal_ids),
            col(PlanRevision.action) == RevisionAction.CHANGED.value,
        )
        .order_by(col(PlanRevision.created_at).desc())
    )
    for row in rows:
        if row.goal_id in found or "description" not in row.changes:
            continue
        if until is not None and row.created_at.date() > until:
            continue
        assert row.goal_id is not None
        found[row.goal_id] = (row.created_at, str(row.changes["description"][0]))
    return found
