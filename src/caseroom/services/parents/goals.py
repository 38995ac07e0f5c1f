"""A caregiver's own goals (learn a calming routine, join the support group...)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import Caregiver, ParentGoal
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    audit,
    checked_text,
    load,
    touch,
)
from caseroom.services.permissions import Permission, audit_view, require
from caseroom.vocab import Confidentiality, ParentGoalStatus

TEXT_MAX = 2000
"""Longest description or note accepted."""


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _columns(model: type[SQLModel], read: type[object]) -> list[Any]:
    """The columns of `model` named like the fields of the `read` dataclass, in order."""
    return [col(getattr(model, f.name)) for f in fields(read)]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class ParentGoalInput:
    """What a specialist fills in for a caregiver's goal."""

    description: str
    set_on: date
    target_on: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ParentGoalRead:
    """A caregiver's goal as screens see it."""

    id: uuid.UUID
    caregiver_id: uuid.UUID
    description: str
    set_on: date
    target_on: date | None
    status: str
    note: str | None
    archived_at: datetime | None


_COLUMNS = _columns(ParentGoal, ParentGoalRead)


def _read(record: ParentGoal) -> ParentGoalRead:
    return ParentGoalRead(*(getattr(record, f.name) for f in fields(ParentGoalRead)))


def _validate(data: ParentGoalInput) -> tuple[str, str | None]:
    problems = Problems()
    description = checked_text(
        problems,
        "description",
        data.description,
        limit=TEXT_MAX,
        multiline=True,
        missing=_("Describe the caregiver's goal"),
    )
    note = checked_text(problems, "note", data.note, limit=TEXT_MAX, multiline=True)
    if data.target_on is not None and data.target_on < data.set_on:
        problems.add(
            "target_on",
            _("The target date {target} is before the goal was set on {set_on}").format(
                target=_d(data.target_on), set_on=_d(data.set_on)
            ),
        )
    problems.raise_if_any()
    assert description is not None
    return description, note


def _load(session: Session, goal_id: uuid.UUID) -> ParentGoal:
    return load(session, ParentGoal, goal_id, _("This caregiver's goal was not found"))


def _audit(session: Session, actor: Actor, action: str, record: ParentGoal) -> None:
    audit(
        session,
        actor=actor,
        action=action,
        entity="parent_goal",
        entity_id=record.id,
        details={"caregiver_id": str(record.caregiver_id), "status": record.status},
    )


def create_parent_goal(
    session: Session, *, actor: Actor, caregiver_id: uuid.UUID, data: ParentGoalInput
) -> ParentGoalRead:
    """Write down a goal the caregiver sets for herself."""
    require(actor, Permission.EDIT_RECORDS)
    description, note = _validate(data)
    caregiver = session.get(Caregiver, caregiver_id)
    if caregiver is None or caregiver.archived_at is not None:
        Problems({"caregiver_id": _("Choose the caregiver whose goal this is")}).raise_if_any()
    record = ParentGoal(
        caregiver_id=caregiver_id,
        description=description,
        set_on=data.set_on,
        target_on=data.target_on,
        note=note,
    )
    session.add(record)
    session.flush()
    _audit(session, actor, "create", record)
    return _read(record)


def update_parent_goal(
    session: Session, *, actor: Actor, goal_id: uuid.UUID, data: ParentGoalInput
) -> ParentGoalRead:
    """Change a goal's wording, dates or note (its status is kept)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, goal_id)
    description, note = _validate(data)
    record.description = description
    record.set_on = data.set_on
    record.target_on = data.target_on
    record.note = note
    touch(record)
    session.add(record)
    session.flush()
    _audit(session, actor, "update", record)
    return _read(record)


def add_goal_progress(
    session: Session,
    *,
    actor: Actor,
    goal_id: uuid.UUID,
    on: date,
    text: str | None,
    status: str | None = None,
) -> ParentGoalRead:
    """Note how the goal is going: a dated line ("23.11.2026: …") added to its note, and
    where it stands now (`status`: achieved, dropped, or active again; None keeps it).

    The note keeps every progress line, oldest first; nothing is written when there is
    neither a line nor a change of status.
    """
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, goal_id)
    problems = Problems()
    # The line's length is bounded by the notes it joins (checked below, with its message).
    line = checked_text(problems, "text", text, limit=NOTE_MAX, multiline=True)
    if status is not None and status not in set(ParentGoalStatus):
        problems.add("status", _("Choose where the goal stands from the list"))
    if on < record.set_on:
        problems.add(
            "on",
            _("The progress date {date} is before the goal was set on {set_on}").format(
                date=_d(on), set_on=_d(record.set_on)
            ),
        )
    note = record.note
    if line is not None:
        note = f"{note}\n{_d(on)}: {line}" if note else f"{_d(on)}: {line}"
        if len(note) > TEXT_MAX:
            problems.add(
                "text",
                _("The goal's notes are full (at most {limit} characters)").format(limit=TEXT_MAX),
            )
    elif status is None or status == record.status:
        problems.add("text", _("Write how the goal is going, or change where it stands"))
    problems.raise_if_any()
    record.note = note
    if status is not None:
        record.status = status
    touch(record)
    session.add(record)
    session.flush()
    _audit(session, actor, "update", record)
    return _read(record)


def archive_parent_goal(
    session: Session, *, actor: Actor, goal_id: uuid.UUID, reason: str | None = None
) -> ParentGoalRead:
    """Archive a goal entered by mistake."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, goal_id)
    archive_and_audit(
        session,
        actor,
        record,
        "parent_goal",
        details={"caregiver_id": str(record.caregiver_id), "status": record.status},
        reason=reason,
    )
    return _read(record)


def list_parent_goals(
    session: Session, *, actor: Actor, caregiver_id: uuid.UUID, include_archived: bool = False
) -> list[ParentGoalRead]:
    """A caregiver's goals: the ones worked on first, then by the date set (newest first)."""
    require(actor, Permission.VIEW_PARENT_DATA)
    # The caregiver's own data: every read is audited.
    audit_view(
        session,
        actor=actor,
        entity="parent_goals",
        entity_id=caregiver_id,
        confidentiality=Confidentiality.PARENT,
    )
    query = select(*_COLUMNS).where(col(ParentGoal.caregiver_id) == caregiver_id)
    if not include_archived:
        query = query.where(col(ParentGoal.archived_at).is_(None))
    query = query.order_by(
        col(ParentGoal.status) != ParentGoalStatus.ACTIVE.value,
        col(ParentGoal.set_on).desc(),
        col(ParentGoal.created_at).desc(),
    )
    return [ParentGoalRead(*row) for row in session.execute(query)]
