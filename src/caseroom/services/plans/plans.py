"""Support plans (ИПР): the plan and its reviews, read with its goals and their ratings.

Goals and ratings are written by `plan_goals`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import Child, Goal, GoalRating, PlanReview, Staff, SupportPlan
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    audit,
    checked_text,
    clean_text,
    load,
    touch,
)
from caseroom.services.permissions import Permission, require, working_note
from caseroom.services.plans import history
from caseroom.vocab import Checkpoint, ChildStatus, GoalStatus, PlanStatus

DEFAULT_REVIEW_INTERVAL = timedelta(days=90)
"""When the next review falls if a review does not say (about a term; *check* data)."""

CHECKPOINT_ORDER: tuple[Checkpoint, ...] = (
    Checkpoint.START,
    Checkpoint.Q1,
    Checkpoint.Q2,
    Checkpoint.MIDDLE,
    Checkpoint.Q3,
    Checkpoint.Q4,
    Checkpoint.END,
)
"""Checkpoints in the order they fall in a school year (how ratings are listed)."""


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _valid(kind: type[StrEnum], value: str) -> bool:
    return value in {member.value for member in kind}


# --- values in and out -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PlanInput:
    """A plan's period, status and review date as entered."""

    starts_on: date
    ends_on: date
    status: str = PlanStatus.DRAFT
    next_review_on: date | None = None
    author_id: uuid.UUID | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class GoalInput:
    """A goal as entered: domain, description, and how progress will be seen."""

    domain: str
    description: str
    baseline: str | None = None
    target: str | None = None
    criterion: str | None = None
    status: str = GoalStatus.ACTIVE


@dataclass(frozen=True, slots=True)
class RatingRead:
    """A goal's rating at one checkpoint."""

    id: uuid.UUID
    goal_id: uuid.UUID
    checkpoint: str
    rating: str
    rated_on: date
    note: str | None
    rater_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class GoalRead:
    """A goal with its ratings in checkpoint order."""

    id: uuid.UUID
    plan_id: uuid.UUID
    domain: str
    description: str
    baseline: str | None
    target: str | None
    criterion: str | None
    status: str
    sort_order: int
    ratings: tuple[RatingRead, ...] = ()


@dataclass(frozen=True, slots=True)
class ReviewRead:
    """A dated review of a plan."""

    id: uuid.UUID
    plan_id: uuid.UUID
    reviewed_on: date
    reviewer_id: uuid.UUID | None
    summary: str | None


@dataclass(frozen=True, slots=True)
class PlanRead:
    """A plan with its goals (in their order) and reviews (oldest first)."""

    id: uuid.UUID
    child_id: uuid.UUID
    starts_on: date
    ends_on: date
    status: str
    next_review_on: date | None
    author_id: uuid.UUID | None
    notes: str | None
    archived: bool
    goals: tuple[GoalRead, ...]
    reviews: tuple[ReviewRead, ...]


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """One line of a child's list of plans."""

    id: uuid.UUID
    starts_on: date
    ends_on: date
    status: str
    next_review_on: date | None
    goals: int


@dataclass(frozen=True, slots=True)
class ReviewDue:
    """An active plan whose review date has come."""

    plan_id: uuid.UUID
    child_id: uuid.UUID
    case_number: str
    last_name: str
    first_name: str
    next_review_on: date


# --- plans -----------------------------------------------------------------------------------


def _plan(session: Session, plan_id: uuid.UUID) -> SupportPlan:
    return load(session, SupportPlan, plan_id, _("The support plan was not found."))


def _checked_plan(
    session: Session, data: PlanInput, child_id: uuid.UUID, plan_id: uuid.UUID | None
) -> None:
    problems = Problems()
    if data.ends_on < data.starts_on:
        problems.add(
            "ends_on",
            _("The plan ends on {end}, before it starts on {start}.").format(
                end=_d(data.ends_on), start=_d(data.starts_on)
            ),
        )
    if not _valid(PlanStatus, data.status):
        problems.add("status", _("Choose a plan status from the list."))
    elif data.status == PlanStatus.ACTIVE:
        other = session.execute(
            select(col(SupportPlan.starts_on), col(SupportPlan.ends_on)).where(
                col(SupportPlan.child_id) == child_id,
                col(SupportPlan.status) == PlanStatus.ACTIVE.value,
                col(SupportPlan.archived_at).is_(None),
                col(SupportPlan.id) != plan_id,
            )
        ).first()
        if other is not None:
            problems.add(
                "status",
                _(
                    "The plan for {start} – {end} is still in effect; close it before "
                    "putting another plan into effect."
                ).format(start=_d(other[0]), end=_d(other[1])),
            )
    if data.next_review_on is not None and data.next_review_on < data.starts_on:
        problems.add(
            "next_review_on",
            _("The review date {date} is before the plan starts on {start}.").format(
                date=_d(data.next_review_on), start=_d(data.starts_on)
            ),
        )
    if data.author_id is not None:
        author = session.get(Staff, data.author_id)
        if author is None or author.archived_at is not None:
            problems.add("author_id", _("Choose the plan's author from the staff list."))
    checked_text(problems, "notes", data.notes, limit=NOTE_MAX, multiline=True)
    problems.raise_if_any()


def _fill_plan(record: SupportPlan, data: PlanInput) -> None:
    record.starts_on = data.starts_on
    record.ends_on = data.ends_on
    record.status = data.status
    record.next_review_on = data.next_review_on
    record.author_id = data.author_id
    record.notes = clean_text(data.notes)


def create_plan(
    session: Session, *, actor: Actor, child_id: uuid.UUID, data: PlanInput
) -> PlanRead:
    """Start a support plan for a child (only one plan may be in effect at a time)."""
    require(actor, Permission.EDIT_RECORDS)
    child = load(session, Child, child_id, _("The child was not found."))
    _checked_plan(session, data, child.id, None)
    record = SupportPlan(child_id=child.id, starts_on=data.starts_on, ends_on=data.ends_on)
    _fill_plan(record, data)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="support_plan",
        details={"child_id": str(child.id), "status": record.status},
    )
    history.record(
        session,
        actor=actor,
        plan_id=record.id,
        action=history.RevisionAction.CREATED,
        before=None,
        after=history.snapshot(record),
    )
    return get_plan(session, actor=actor, plan_id=record.id)


def update_plan(session: Session, *, actor: Actor, plan_id: uuid.UUID, data: PlanInput) -> PlanRead:
    """Change a plan's period, status, review date, author or notes."""
    require(actor, Permission.EDIT_RECORDS)
    record = _plan(session, plan_id)
    _checked_plan(session, data, record.child_id, record.id)
    before = history.snapshot(record)
    _fill_plan(record, data)
    touch(record)
    history.record(
        session,
        actor=actor,
        plan_id=record.id,
        action=history.RevisionAction.CHANGED,
        before=before,
        after=history.snapshot(record),
    )
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="support_plan",
        details={"child_id": str(record.child_id), "status": record.status},
    )
    return get_plan(session, actor=actor, plan_id=record.id)


def archive_plan(
    session: Session, *, actor: Actor, plan_id: uuid.UUID, reason: str | None = None
) -> None:
    """Archive a plan (with its goals kept as they are)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _plan(session, plan_id)
    archive_and_audit(session, actor, record, "support_plan", reason=reason)
    history.record(
        session,
        actor=actor,
        plan_id=record.id,
        action=history.RevisionAction.ARCHIVED,
        before=None,
        after=None,
    )


def add_review(
    session: Session,
    *,
    actor: Actor,
    plan_id: uuid.UUID,
    reviewed_on: date,
    summary: str | None = None,
    next_review_on: date | None = None,
    reviewer_id: uuid.UUID | None = None,
    today: date | None = None,
) -> ReviewRead:
    """Record a review and move the plan's next review date (default: about a term on)."""
    require(actor, Permission.EDIT_RECORDS)
    plan = _plan(session, plan_id)
    problems = Problems()
    if reviewed_on > (today or date.today()):
        problems.add(
            "reviewed_on",
            _("The review date {date} is in the future.").format(date=_d(reviewed_on)),
        )
    elif reviewed_on < plan.starts_on:
        problems.add(
            "reviewed_on",
            _("The review date {date} is before the plan starts on {start}.").format(
                date=_d(reviewed_on), start=_d(plan.starts_on)
            ),
        )
    if next_review_on is not None and next_review_on <= reviewed_on:
        problems.add(
            "next_review_on",
            _("The next review must come after this review on {date}.").format(
                date=_d(reviewed_on)
            ),
        )
    text = checked_text(problems, "summary", summary, limit=NOTE_MAX, multiline=True)
    problems.raise_if_any()
    review = PlanReview(
        plan_id=plan.id,
        reviewed_on=reviewed_on,
        reviewer_id=reviewer_id or actor.staff_id,
        summary=text,
    )
    session.add(review)
    plan.next_review_on = next_review_on or reviewed_on + DEFAULT_REVIEW_INTERVAL
    touch(plan)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="plan_review",
        entity_id=review.id,
        details={"plan_id": str(plan.id)},
    )
    return ReviewRead(review.id, plan.id, review.reviewed_on, review.reviewer_id, review.summary)


# --- queries ---------------------------------------------------------------------------------


def _columns(model: type[SQLModel], names: str) -> list[Any]:
    """The named columns of `model` for a Core select (labels match the *Read fields)."""
    return [col(getattr(model, name)) for name in names.split()]


_PLAN = "id child_id starts_on ends_on status next_review_on author_id notes archived_at"
_GOAL = "id plan_id domain description baseline target criterion status sort_order"
_RATING = "id goal_id checkpoint rating rated_on note rater_id"
_REVIEW = "id plan_id reviewed_on reviewer_id summary"


def get_plan(session: Session, *, actor: Actor, plan_id: uuid.UUID) -> PlanRead:
    """A plan with its non-archived goals (in order), their ratings and the reviews."""
    require(actor, Permission.VIEW_RECORDS)
    plan = session.execute(
        select(*_columns(SupportPlan, _PLAN)).where(col(SupportPlan.id) == plan_id)
    ).first()
    if plan is None:
        _plan(session, plan_id)  # raises NotFoundError with its message
        raise AssertionError("unreachable")
    goal_rows = session.execute(
        select(*_columns(Goal, _GOAL))
        .where(col(Goal.plan_id) == plan_id, col(Goal.archived_at).is_(None))
        .order_by(col(Goal.sort_order), col(Goal.created_at))
    ).all()
    ratings: dict[uuid.UUID, list[RatingRead]] = {row.id: [] for row in goal_rows}
    if goal_rows:
        order = {code.value: n for n, code in enumerate(CHECKPOINT_ORDER)}
        for row in session.execute(
            select(*_columns(GoalRating, _RATING))
            .where(col(GoalRating.goal_id).in_(ratings), col(GoalRating.archived_at).is_(None))
            .order_by(case(order, value=col(GoalRating.checkpoint)))
        ):
            rating = row._asdict()
            rating["note"] = working_note(actor, rating["note"])
            ratings[row.goal_id].append(RatingRead(**rating))
    reviews = session.execute(
        select(*_columns(PlanReview, _REVIEW))
        .where(col(PlanReview.plan_id) == plan_id, col(PlanReview.archived_at).is_(None))
        .order_by(col(PlanReview.reviewed_on), col(PlanReview.created_at))
    )
    values = plan._asdict()
    archived_at = values.pop("archived_at")
    values["notes"] = working_note(actor, values["notes"])
    return PlanRead(
        **values,
        archived=archived_at is not None,
        goals=tuple(GoalRead(**row._asdict(), ratings=tuple(ratings[row.id])) for row in goal_rows),
        reviews=tuple(ReviewRead(**row._asdict()) for row in reviews),
    )


def plans_of_child(session: Session, *, actor: Actor, child_id: uuid.UUID) -> list[PlanSummary]:
    """A child's non-archived plans, the latest first, with their number of goals."""
    require(actor, Permission.VIEW_RECORDS)
    goal_count = (
        select(func.count())
        .where(col(Goal.plan_id) == col(SupportPlan.id), col(Goal.archived_at).is_(None))
        .correlate(SupportPlan)
        .scalar_subquery()
        .label("goals")
    )
    query = (
        select(*_columns(SupportPlan, "id starts_on ends_on status next_review_on"), goal_count)
        .where(col(SupportPlan.child_id) == child_id, col(SupportPlan.archived_at).is_(None))
        .order_by(col(SupportPlan.starts_on).desc())
    )
    return [PlanSummary(**row._asdict()) for row in session.execute(query)]


def reviews_due(session: Session, *, actor: Actor, today: date) -> list[ReviewDue]:
    """Plans in effect whose next review date is today or earlier, the most overdue first."""
    require(actor, Permission.VIEW_RECORDS)
    query = (
        select(
            col(SupportPlan.id).label("plan_id"),
            col(Child.id).label("child_id"),
            *_columns(Child, "case_number last_name first_name"),
            col(SupportPlan.next_review_on),
        )
        .join(Child, col(Child.id) == col(SupportPlan.child_id))
        .where(
            col(SupportPlan.status) == PlanStatus.ACTIVE.value,
            col(SupportPlan.archived_at).is_(None),
            col(SupportPlan.next_review_on) <= today,
            col(Child.archived_at).is_(None),
            col(Child.status) != ChildStatus.LEFT.value,
        )
        .order_by(col(SupportPlan.next_review_on), col(Child.last_name), col(Child.first_name))
    )
    return [ReviewDue(**row._asdict()) for row in session.execute(query)]
