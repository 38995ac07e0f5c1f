"""Home practice: tasks a caregiver takes home to do with the child, and whether they were done.

A task is given to one caregiver for one child of the same family, often at a session and
for a plan goal. Later the specialist records the outcome (done, partly done, not done) and
what to do next. Tasks nobody has checked yet come back as follow-ups (see
`needs_follow_up`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import Caregiver, Child, Goal, HomePractice, SessionRecord, SupportPlan
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import Actor, Problems, checked_text, load, touch
from caseroom.services.permissions import Permission, require
from caseroom.vocab import PracticeOutcome

TASK_MAX = 2000
"""Longest task or follow-up text accepted."""

FOLLOW_UP_AFTER_DAYS = 14
"""An unchecked task without a due date is followed up once it is older than this."""

CHECKED_OUTCOMES: frozenset[str] = frozenset(
    {PracticeOutcome.DONE, PracticeOutcome.PARTLY, PracticeOutcome.NOT_DONE}
)


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _columns(model: type[SQLModel], read: type[object]) -> list[Any]:
    """The columns of `model` named like the fields of the `read` dataclass, in order."""
    return [col(getattr(model, f.name)) for f in fields(read)]  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class PracticeInput:
    """What a specialist fills in when giving home practice."""

    caregiver_id: uuid.UUID
    child_id: uuid.UUID
    task: str
    given_on: date
    due_on: date | None = None
    session_id: uuid.UUID | None = None
    goal_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class PracticeRead:
    """A home-practice task as screens see it."""

    id: uuid.UUID
    caregiver_id: uuid.UUID
    child_id: uuid.UUID
    session_id: uuid.UUID | None
    goal_id: uuid.UUID | None
    task: str
    given_on: date
    due_on: date | None
    outcome: str
    checked_on: date | None
    follow_up: str | None
    archived_at: datetime | None


_COLUMNS = _columns(HomePractice, PracticeRead)


def _read(record: HomePractice) -> PracticeRead:
    return PracticeRead(*(getattr(record, f.name) for f in fields(PracticeRead)))


def _validate(session: Session, data: PracticeInput, checked_on: date | None = None) -> str:
    """The cleaned task, or `ValidationError` naming every bad field."""
    problems = Problems()
    if checked_on is not None and checked_on < data.given_on:
        problems.add(
            "given_on",
            _("The task was checked on {checked}, before {given}").format(
                checked=_d(checked_on), given=_d(data.given_on)
            ),
        )
    task = checked_text(
        problems,
        "task",
        data.task,
        limit=TASK_MAX,
        multiline=True,
        too_long=_("The task is too long (at most {limit} characters)"),
        missing=_("Describe the task to do at home"),
    )
    if data.due_on is not None and data.due_on < data.given_on:
        problems.add(
            "due_on",
            _("The due date {due} is before the task was given on {given}").format(
                due=_d(data.due_on), given=_d(data.given_on)
            ),
        )
    caregiver = session.get(Caregiver, data.caregiver_id)
    if caregiver is None or caregiver.archived_at is not None:
        problems.add("caregiver_id", _("Choose the caregiver who takes the task home"))
    child = session.get(Child, data.child_id)
    if child is None or child.archived_at is not None:
        problems.add("child_id", _("Choose the child the task is for"))
    elif caregiver is not None and child.family_id != caregiver.family_id:
        problems.add("child_id", _("The child is not of this caregiver's family"))
    if data.session_id is not None:
        held = session.get(SessionRecord, data.session_id)
        if held is None or held.archived_at is not None:
            problems.add("session_id", _("The session was not found"))
        elif data.given_on < held.held_on:
            problems.add(
                "given_on",
                _("The task is given on {given}, before the session of {held}").format(
                    given=_d(data.given_on), held=_d(held.held_on)
                ),
            )
    if data.goal_id is not None:
        owner = session.execute(
            select(col(SupportPlan.child_id))
            .join(Goal, col(Goal.plan_id) == col(SupportPlan.id))
            .where(col(Goal.id) == data.goal_id, col(Goal.archived_at).is_(None))
        ).scalar_one_or_none()
        if owner is None:
            problems.add("goal_id", _("The goal was not found"))
        elif owner != data.child_id:
            problems.add("goal_id", _("The goal belongs to another child's plan"))
    problems.raise_if_any()
    assert task is not None
    return task


def _load(session: Session, practice_id: uuid.UUID) -> HomePractice:
    return load(session, HomePractice, practice_id, _("This home practice was not found"))


def _details(record: HomePractice) -> dict[str, object]:
    return {
        "caregiver_id": str(record.caregiver_id),
        "child_id": str(record.child_id),
        "outcome": record.outcome,
    }


def give_practice(session: Session, *, actor: Actor, data: PracticeInput) -> PracticeRead:
    """Give a caregiver a task to do at home with a child of her family."""
    require(actor, Permission.EDIT_RECORDS)
    task = _validate(session, data)
    record = HomePractice(
        caregiver_id=data.caregiver_id,
        child_id=data.child_id,
        session_id=data.session_id,
        goal_id=data.goal_id,
        task=task,
        given_on=data.given_on,
        due_on=data.due_on,
    )
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="home_practice",
        details=_details(record),
    )
    return _read(record)


def update_practice(
    session: Session, *, actor: Actor, practice_id: uuid.UUID, data: PracticeInput
) -> PracticeRead:
    """Correct a task as it was given (its outcome is kept)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, practice_id)
    task = _validate(session, data, record.checked_on)
    record.caregiver_id = data.caregiver_id
    record.child_id = data.child_id
    record.session_id = data.session_id
    record.goal_id = data.goal_id
    record.task = task
    record.given_on = data.given_on
    record.due_on = data.due_on
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="home_practice",
        details=_details(record),
    )
    return _read(record)


def record_outcome(
    session: Session,
    *,
    actor: Actor,
    practice_id: uuid.UUID,
    outcome: str,
    checked_on: date,
    follow_up: str | None = None,
) -> PracticeRead:
    """Record whether the task was done (done, partly, not done), when, and what next."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, practice_id)
    problems = Problems()
    if outcome not in CHECKED_OUTCOMES:
        problems.add("outcome", _("Choose whether the task was done, partly done or not done"))
    if checked_on < record.given_on:
        problems.add(
            "checked_on",
            _("The check date {checked} is before the task was given on {given}").format(
                checked=_d(checked_on), given=_d(record.given_on)
            ),
        )
    text = _follow_up(follow_up, problems)
    problems.raise_if_any()
    return _save_outcome(session, actor, record, outcome, checked_on, text)


def clear_outcome(
    session: Session,
    *,
    actor: Actor,
    practice_id: uuid.UUID,
    follow_up: str | None = None,
) -> PracticeRead:
    """Mark a task as not checked (yet): its outcome goes back to pending, so it is followed
    up again; `follow_up` says what to do next (None clears it)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, practice_id)
    problems = Problems()
    text = _follow_up(follow_up, problems)
    problems.raise_if_any()
    return _save_outcome(session, actor, record, PracticeOutcome.PENDING.value, None, text)


def _follow_up(follow_up: str | None, problems: Problems) -> str | None:
    """The cleaned follow-up note, with a problem added when it is too long."""
    return checked_text(
        problems,
        "follow_up",
        follow_up,
        limit=TASK_MAX,
        multiline=True,
        too_long=_("The follow-up is too long (at most {limit} characters)"),
    )


def _save_outcome(
    session: Session,
    actor: Actor,
    record: HomePractice,
    outcome: str,
    checked_on: date | None,
    follow_up: str | None,
) -> PracticeRead:
    """Store a task's outcome and follow-up, audited as an update."""
    record.outcome = outcome
    record.checked_on = checked_on
    record.follow_up = follow_up
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="home_practice",
        details=_details(record),
    )
    return _read(record)


def archive_practice(
    session: Session, *, actor: Actor, practice_id: uuid.UUID, reason: str | None = None
) -> PracticeRead:
    """Archive a task entered by mistake (it leaves lists and involvement figures)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, practice_id)
    archive_and_audit(session, actor, record, "home_practice", reason=reason)
    return _read(record)


def list_practice(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID | None = None,
    caregiver_id: uuid.UUID | None = None,
    include_archived: bool = False,
    limit: int = 500,
    offset: int = 0,
) -> list[PracticeRead]:
    """Tasks of a child and/or a caregiver, the most recently given first."""
    require(actor, Permission.VIEW_NOTES)
    if child_id is None and caregiver_id is None:
        raise ValueError("list_practice needs child_id or caregiver_id")
    query = select(*_COLUMNS)
    if child_id is not None:
        query = query.where(col(HomePractice.child_id) == child_id)
    if caregiver_id is not None:
        query = query.where(col(HomePractice.caregiver_id) == caregiver_id)
    if not include_archived:
        query = query.where(col(HomePractice.archived_at).is_(None))
    query = (
        query.order_by(col(HomePractice.given_on).desc(), col(HomePractice.created_at).desc())
        .limit(limit)
        .offset(offset)
    )
    return [PracticeRead(*row) for row in session.execute(query)]


def follow_up_day(given_on: date, due_on: date | None) -> date:
    """The day a pending task becomes a follow-up: its due date, or 14 days after giving."""
    return due_on if due_on is not None else given_on + timedelta(days=FOLLOW_UP_AFTER_DAYS)


def needs_follow_up(today: date) -> ColumnElement[bool]:
    """The SQL condition for a task to follow up on `today`.

    The rule: the task is not archived, its outcome is still pending, and either its due
    date has come (`due_on <= today`) or it has no due date and was given more than
    `FOLLOW_UP_AFTER_DAYS` days ago (`given_on < today - 14 days`).
    """
    stale = today - timedelta(days=FOLLOW_UP_AFTER_DAYS)
    return and_(
        col(HomePractice.archived_at).is_(None),
        col(HomePractice.outcome) == PracticeOutcome.PENDING.value,
        or_(
            col(HomePractice.due_on) <= today,
            and_(col(HomePractice.due_on).is_(None), col(HomePractice.given_on) < stale),
        ),
    )


def practice_to_follow_up(session: Session, *, actor: Actor, today: date) -> list[PracticeRead]:
    """Unchecked tasks whose time has come (rule in `needs_follow_up`).

    Tasks with a due date come first (earliest due first), then undated ones (earliest
    given first). Tasks of archived children or caregivers are left out.
    """
    require(actor, Permission.VIEW_NOTES)
    query = (
        select(*_COLUMNS)
        .join(Child, col(Child.id) == col(HomePractice.child_id))
        .join(Caregiver, col(Caregiver.id) == col(HomePractice.caregiver_id))
        .where(
            needs_follow_up(today),
            col(Child.archived_at).is_(None),
            col(Caregiver.archived_at).is_(None),
        )
        .order_by(
            col(HomePractice.due_on).is_(None),
            col(HomePractice.due_on),
            col(HomePractice.given_on),
            col(HomePractice.id),
        )
    )
    return [PracticeRead(*row) for row in session.execute(query)]
