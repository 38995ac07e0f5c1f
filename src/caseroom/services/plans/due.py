"""What is due: the room's to-do list for today, built straight from the tables.

Four kinds of item, each for children still on the roll (not archived, not left):

- `plan_review`: plans in effect whose next review date is today or earlier;
- `pmpk_expiry`: a child's current PMPK conclusion (not replaced by a later one) that ends
  within `within_days` days or has already ended;
- `home_practice`: unchecked home practice to follow up (`practice.needs_follow_up`);
- `session_today`: sessions planned for today.

An item is overdue when its date is before today. Items are sorted by date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Child,
    HomePractice,
    PmpkConclusion,
    SessionRecord,
    SupportPlan,
)
from caseroom.i18n import N_, _
from caseroom.services.common import Actor
from caseroom.services.parents.practice import follow_up_day, needs_follow_up
from caseroom.services.permissions import Permission, allowed, require
from caseroom.vocab import ChildStatus, PlanStatus, SessionStatus


class DueKind(StrEnum):
    """What an item of the list asks for."""

    PLAN_REVIEW = "plan_review"
    PMPK_EXPIRY = "pmpk_expiry"
    HOME_PRACTICE = "home_practice"
    SESSION_TODAY = "session_today"


_KIND_LABELS: dict[DueKind, str] = {
    DueKind.PLAN_REVIEW: N_("plan review"),
    DueKind.PMPK_EXPIRY: N_("PMPK conclusion ends"),
    DueKind.HOME_PRACTICE: N_("home practice to follow up"),
    DueKind.SESSION_TODAY: N_("session today"),
}
_ORDER = {kind: number for number, kind in enumerate(DueKind)}


def due_kind_label(kind: DueKind) -> str:
    """The translated name of a kind of item."""
    return _(_KIND_LABELS[kind])


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing to do. `child_id` is None for a session with no child or several."""

    kind: DueKind
    record_id: uuid.UUID
    child_id: uuid.UUID | None
    child_name: str | None
    on: date
    overdue: bool
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class DueList:
    """The items due, sorted by date (then kind, then child's name)."""

    today: date
    items: tuple[DueItem, ...]

    @property
    def overdue_count(self) -> int:
        """How many items are overdue."""
        return sum(1 for item in self.items if item.overdue)

    def of_kind(self, kind: DueKind) -> tuple[DueItem, ...]:
        """The items of one kind."""
        return tuple(item for item in self.items if item.kind == kind)


def _on_roll() -> list[ColumnElement[bool]]:
    return [col(Child.archived_at).is_(None), col(Child.status) != ChildStatus.LEFT.value]


def _name(last_name: str, first_name: str) -> str:
    return f"{last_name} {first_name}"


def _plan_reviews(session: Session, today: date) -> list[DueItem]:
    query = (
        select(
            col(SupportPlan.id),
            col(Child.id),
            col(Child.last_name),
            col(Child.first_name),
            col(SupportPlan.next_review_on),
        )
        .join(Child, col(Child.id) == col(SupportPlan.child_id))
        .where(
            col(SupportPlan.status) == PlanStatus.ACTIVE.value,
            col(SupportPlan.archived_at).is_(None),
            col(SupportPlan.next_review_on) <= today,
            *_on_roll(),
        )
    )
    return [
        DueItem(DueKind.PLAN_REVIEW, plan_id, child_id, _name(last, first), on, on < today)
        for plan_id, child_id, last, first, on in session.execute(query)
    ]


def _conclusions(session: Session, today: date, within_days: int) -> list[DueItem]:
    newer = aliased(PmpkConclusion)
    replaced = exists().where(
        and_(
            col(newer.child_id) == col(PmpkConclusion.child_id),
            col(newer.archived_at).is_(None),
            col(newer.issued_on) > col(PmpkConclusion.issued_on),
        )
    )
    query = (
        select(
            col(PmpkConclusion.id),
            col(Child.id),
            col(Child.last_name),
            col(Child.first_name),
            col(PmpkConclusion.valid_until),
            col(PmpkConclusion.number),
        )
        .join(Child, col(Child.id) == col(PmpkConclusion.child_id))
        .where(
            col(PmpkConclusion.archived_at).is_(None),
            col(PmpkConclusion.valid_until) <= today + timedelta(days=within_days),
            ~replaced,
            *_on_roll(),
        )
    )
    return [
        DueItem(DueKind.PMPK_EXPIRY, row_id, child_id, _name(last, first), on, on < today, number)
        for row_id, child_id, last, first, on, number in session.execute(query)
    ]


def _practice(session: Session, today: date) -> list[DueItem]:
    query = (
        select(
            col(HomePractice.id),
            col(Child.id),
            col(Child.last_name),
            col(Child.first_name),
            col(HomePractice.given_on),
            col(HomePractice.due_on),
            col(HomePractice.task),
        )
        .join(Child, col(Child.id) == col(HomePractice.child_id))
        .where(needs_follow_up(today), *_on_roll())
    )
    items = []
    for row_id, child_id, last, first, given_on, due_on, task in session.execute(query):
        on = follow_up_day(given_on, due_on)
        items.append(
            DueItem(
                DueKind.HOME_PRACTICE, row_id, child_id, _name(last, first), on, on < today, task
            )
        )
    return items


def _sessions_today(session: Session, today: date) -> list[DueItem]:
    planned = session.execute(
        select(col(SessionRecord.id), col(SessionRecord.topic)).where(
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.PLANNED.value,
            col(SessionRecord.held_on) == today,
        )
    ).all()
    if not planned:
        return []
    children: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {row[0]: [] for row in planned}
    expected = (
        select(
            col(Attendance.session_id), col(Child.id), col(Child.last_name), col(Child.first_name)
        )
        .join(Child, col(Child.id) == col(Attendance.child_id))
        .where(
            col(Attendance.session_id).in_(list(children)),
            col(Attendance.archived_at).is_(None),
            *_on_roll(),
        )
    )
    for session_id, child_id, last, first in session.execute(expected):
        children[session_id].append((child_id, _name(last, first)))
    items = []
    for session_id, topic in planned:
        one = children[session_id][0] if len(children[session_id]) == 1 else None
        child_id, name = one if one is not None else (None, None)
        items.append(
            DueItem(DueKind.SESSION_TODAY, session_id, child_id, name, today, False, topic)
        )
    return items


def what_is_due(session: Session, *, actor: Actor, today: date, within_days: int = 30) -> DueList:
    """Everything due today or overdue, and PMPK conclusions ending within `within_days`."""
    require(actor, Permission.VIEW_RECORDS)
    notes = allowed(actor, Permission.VIEW_NOTES)
    items = [
        *_plan_reviews(session, today),
        *_conclusions(session, today, within_days),
        *(_practice(session, today) if notes else ()),
        *(
            item if notes else replace(item, detail=None)  # a session's topic is in its notes
            for item in _sessions_today(session, today)
        ),
    ]
    items.sort(
        key=lambda item: (item.on, _ORDER[item.kind], item.child_name or "", str(item.record_id))
    )
    return DueList(today=today, items=tuple(items))
