"""What the session dialog reads and writes, kept apart from its widgets (no Qt here).

`load_entry` gathers in one unit of work everything the dialog shows: the child, the
caregivers of the child's family, the goals of the child's plan in effect, the staff and
(when correcting) the stored session with the home practice given at it. `save_entry`
writes the session, the home practice given at it (a correction of the stored task when
there is one) and a planned follow-up session in ONE unit of work, so either all of it is
saved or nothing is. Problems of the practice and follow-up parts are reported under the
field names `practice` and `follow_up`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents import practice
from caseroom.services.people import children, families, staff
from caseroom.services.permissions import Permission, allowed
from caseroom.services.plans import plans
from caseroom.services.sessions import writing as sessions
from caseroom.vocab import GoalStatus, PlanStatus, SessionStatus

FIELD_ALIASES = {"children": "attendees", "caregivers": "attendees"}
"""Service field names shown under another field of the dialog."""


@dataclass(frozen=True, slots=True)
class EntryContext:
    """Everything the session dialog shows besides what the user types."""

    child: children.ChildRead | None
    caregivers: tuple[families.CaregiverRead, ...]
    goals: tuple[plans.GoalRead, ...]
    staff: tuple[staff.StaffRead, ...]
    existing: sessions.SessionRead | None
    practice: practice.PracticeRead | None = None
    """The home practice given at the stored session (the one asked for, or its first)."""


@dataclass(frozen=True, slots=True)
class PracticeEntry:
    """Home practice to give at the session."""

    caregiver_id: uuid.UUID
    task: str
    due_on: date | None
    goal_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """What the dialog saves in one go."""

    data: sessions.SessionInput
    session_id: uuid.UUID | None = None
    child_id: uuid.UUID | None = None
    practice: PracticeEntry | None = None
    follow_up_on: date | None = None
    practice_id: uuid.UUID | None = None
    """The stored task `practice` corrects (None: `practice` is a new one)."""


def _active_goals(db: Any, actor: Actor, child_id: uuid.UUID, keep: set[uuid.UUID]) -> list[Any]:
    """Goals of the plan in effect (or the latest draft) that are being worked on."""
    summaries = plans.plans_of_child(db, actor=actor, child_id=child_id)
    chosen = next((p for p in summaries if p.status == PlanStatus.ACTIVE), None)
    chosen = chosen or next((p for p in summaries if p.status == PlanStatus.DRAFT), None)
    if chosen is None:
        return []
    plan = plans.get_plan(db, actor=actor, plan_id=chosen.id)
    return [g for g in plan.goals if g.status == GoalStatus.ACTIVE or g.id in keep]


def _given_at(
    db: Any,
    actor: Actor,
    child_id: uuid.UUID,
    session_id: uuid.UUID,
    practice_id: uuid.UUID | None,
) -> practice.PracticeRead | None:
    """The task `practice_id`, or the first given at the session, for one who may read it."""
    if not allowed(actor, Permission.VIEW_NOTES):
        return None
    tasks = practice.list_practice(db, actor=actor, child_id=child_id)
    if practice_id is not None:
        return next((task for task in tasks if task.id == practice_id), None)
    return next((task for task in reversed(tasks) if task.session_id == session_id), None)


def load_entry(
    db: Any,
    *,
    actor: Actor,
    child_id: uuid.UUID | None,
    session_id: uuid.UUID | None,
    practice_id: uuid.UUID | None = None,
) -> EntryContext:
    """The child, caregivers, plan goals, staff and stored session (with the home practice
    given at it: `practice_id`, or its first task) the dialog needs."""
    existing = None
    if session_id is not None:
        existing = sessions.get_session(db, actor=actor, session_id=session_id)
        if child_id is None:
            child_id = next((a.person_id for a in existing.attendees if a.is_child), None)
    child = children.get_child(db, actor=actor, child_id=child_id) if child_id else None
    caregivers: list[families.CaregiverRead] = []
    goals: list[Any] = []
    if child is not None:
        family = families.get_family(db, actor=actor, family_id=child.family_id)
        caregivers = list(family.caregivers)
        keep = set(existing.goal_ids) if existing else set()
        goals = _active_goals(db, actor, child.id, keep)
    if existing is not None:
        known = {c.id for c in caregivers}
        for person in existing.attendees:
            if not person.is_child and person.person_id not in known:
                caregivers.append(
                    families.get_caregiver(db, actor=actor, caregiver_id=person.person_id)
                )
    given = None
    if existing is not None and child is not None:
        given = _given_at(db, actor, child.id, existing.id, practice_id)
    return EntryContext(
        child=child,
        caregivers=tuple(caregivers),
        goals=tuple(goals),
        staff=tuple(staff.list_staff(db, actor=actor)),
        existing=existing,
        practice=given,
    )


def _under(field: str, error: ValidationError) -> ValidationError:
    return ValidationError({field: "\n".join(dict.fromkeys(error.problems.values()))})


def save_entry(db: Any, actor: Actor, entry: Entry) -> sessions.SessionRead:
    """Write the session, its home practice and its follow-up as one unit of work."""
    if entry.session_id is not None:
        read = sessions.update_session(
            db, actor=actor, session_id=entry.session_id, data=entry.data
        )
    else:
        read = sessions.log_session(db, actor=actor, data=entry.data)
    if entry.practice is not None and entry.child_id is not None:
        data = practice.PracticeInput(
            caregiver_id=entry.practice.caregiver_id,
            child_id=entry.child_id,
            task=entry.practice.task,
            given_on=entry.data.held_on,
            due_on=entry.practice.due_on,
            session_id=read.id,
            goal_id=entry.practice.goal_id,
        )
        try:
            if entry.practice_id is not None:
                practice.update_practice(db, actor=actor, practice_id=entry.practice_id, data=data)
            else:
                practice.give_practice(db, actor=actor, data=data)
        except ValidationError as error:
            raise _under("practice", error) from error
    if entry.follow_up_on is not None:
        planned = replace(
            entry.data,
            held_on=entry.follow_up_on,
            status=SessionStatus.PLANNED,
            notes=None,
            agreed=None,
            goal_ids=(),
            children=tuple(replace(p, status="present", reason=None) for p in entry.data.children),
            caregivers=tuple(
                replace(p, status="present", reason=None) for p in entry.data.caregivers
            ),
        )
        try:
            sessions.log_session(db, actor=actor, data=planned)
        except ValidationError as error:
            raise _under("follow_up", error) from error
    return read
