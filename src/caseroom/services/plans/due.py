"""What is due: the room's to-do list for today, built straight from the tables.

Four kinds of item, each for children still on the roll (not archived, not left):

- `plan_review`: plans in effect whose next review date is today or earlier;
- `pmpk_expiry`: a child's current PMPK conclusion (not replaced by a later one) that ends
  within `within_days` days or has already ended;
- `home_practice`: unchecked home practice to follow up (`practice.needs_follow_up`);
- `session_today`: sessions planned for today;
- `consent_expiry`: consents in force (not withdrawn, not replaced by a later consent of the
  same scope for the same person) that end within `within_days` days or have ended;
- `referral_waiting`: a child's referrals planned or sent `referral_days` days ago or more
  with no outcome recorded (levels the actor may see; never the caregiver's-data or
  safeguarding levels, whose every read is audited);
- `no_session`: children on the roll not seen at a held session for `no_session_weeks`
  weeks (counted from enrolment when never seen);
- `session_unwritten`: planned sessions whose day has passed, not yet written up.

An item is overdue when its date is before today. Items are sorted by date.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Consent,
    HomePractice,
    PmpkConclusion,
    Referral,
    SessionRecord,
    SupportPlan,
)
from caseroom.i18n import N_, _
from caseroom.services.common import Actor
from caseroom.services.parents.practice import follow_up_day, needs_follow_up
from caseroom.services.permissions import AUDITED_LEVELS, Permission, allowed, may_see, require
from caseroom.vocab import (
    AttendanceStatus,
    ChildStatus,
    Confidentiality,
    PlanStatus,
    ReferralStatus,
    SessionStatus,
)


class DueKind(StrEnum):
    """What an item of the list asks for."""

    PLAN_REVIEW = "plan_review"
    PMPK_EXPIRY = "pmpk_expiry"
    HOME_PRACTICE = "home_practice"
    SESSION_TODAY = "session_today"
    CONSENT_EXPIRY = "consent_expiry"
    REFERRAL_WAITING = "referral_waiting"
    NO_SESSION = "no_session"
    SESSION_UNWRITTEN = "session_unwritten"


_KIND_LABELS: dict[DueKind, str] = {
    DueKind.PLAN_REVIEW: N_("plan review"),
    DueKind.PMPK_EXPIRY: N_("PMPK conclusion ends"),
    DueKind.HOME_PRACTICE: N_("home practice to follow up"),
    DueKind.SESSION_TODAY: N_("session today"),
    DueKind.CONSENT_EXPIRY: N_("consent ends"),
    DueKind.REFERRAL_WAITING: N_("referral waiting for an outcome"),
    DueKind.NO_SESSION: N_("not seen for weeks"),
    DueKind.SESSION_UNWRITTEN: N_("session not written up"),
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
    caregiver_id: uuid.UUID | None = None
    """For a caregiver's consent: whose it is (`child_name` then holds their name)."""
    family_id: uuid.UUID | None = None
    """For a caregiver's consent: their family (where the consent is opened)."""


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

    def joined(self, other: DueList) -> DueList:
        """These items and `other`'s (read separately, e.g. the slower kinds later), sorted."""
        return DueList(today=self.today, items=_sorted([*self.items, *other.items]))


def _sorted(items: list[DueItem]) -> tuple[DueItem, ...]:
    items.sort(
        key=lambda item: (item.on, _ORDER[item.kind], item.child_name or "", str(item.record_id))
    )
    return tuple(items)


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


def _consents(session: Session, today: date, within_days: int) -> list[DueItem]:
    newer = aliased(Consent)
    replaced = exists().where(
        and_(
            col(newer.scope) == col(Consent.scope),
            or_(
                and_(
                    col(Consent.child_id).is_not(None), col(newer.child_id) == col(Consent.child_id)
                ),
                and_(
                    col(Consent.caregiver_id).is_not(None),
                    col(newer.caregiver_id) == col(Consent.caregiver_id),
                ),
            ),
            col(newer.archived_at).is_(None),
            col(newer.withdrawn_on).is_(None),
            col(newer.given_on) > col(Consent.given_on),
        )
    )
    query = (
        select(
            col(Consent.id),
            col(Consent.child_id),
            col(Consent.caregiver_id),
            func.coalesce(col(Child.last_name), col(Caregiver.last_name)),
            func.coalesce(col(Child.first_name), col(Caregiver.first_name)),
            col(Consent.valid_until),
            col(Consent.scope),
            col(Caregiver.family_id),
        )
        .outerjoin(Child, col(Child.id) == col(Consent.child_id))
        .outerjoin(Caregiver, col(Caregiver.id) == col(Consent.caregiver_id))
        .where(
            col(Consent.archived_at).is_(None),
            col(Consent.withdrawn_on).is_(None),
            col(Consent.valid_until) <= today + timedelta(days=within_days),
            ~replaced,
            or_(
                and_(col(Child.archived_at).is_(None), col(Child.status) != ChildStatus.LEFT.value),
                and_(col(Consent.caregiver_id).is_not(None), col(Caregiver.archived_at).is_(None)),
            ),
        )
    )
    return [
        DueItem(
            DueKind.CONSENT_EXPIRY,
            row_id,
            child_id,
            _name(last, first),
            on,
            on < today,
            scope,
            caregiver_id=caregiver_id,
            family_id=family_id,
        )
        for row_id, child_id, caregiver_id, last, first, on, scope, family_id in session.execute(
            query
        )
    ]


def _referrals(session: Session, actor: Actor, today: date, days: int) -> list[DueItem]:
    levels = [
        level.value
        for level in Confidentiality
        if level.value not in AUDITED_LEVELS and may_see(actor, level.value)
    ]
    query = (
        select(
            col(Referral.id),
            col(Child.id),
            col(Child.last_name),
            col(Child.first_name),
            col(Referral.referred_on),
            col(Referral.to_whom),
        )
        .join(Child, col(Child.id) == col(Referral.child_id))
        .where(
            col(Referral.archived_at).is_(None),
            col(Referral.status).in_([ReferralStatus.PLANNED.value, ReferralStatus.SENT.value]),
            or_(col(Referral.outcome).is_(None), col(Referral.outcome) == ""),
            col(Referral.referred_on) <= today - timedelta(days=days),
            col(Referral.confidentiality).in_(levels),
            *_on_roll(),
        )
    )
    return [
        DueItem(
            DueKind.REFERRAL_WAITING,
            row_id,
            child_id,
            _name(last, first),
            referred_on + timedelta(days=days),
            referred_on + timedelta(days=days) < today,
            to_whom,
        )
        for row_id, child_id, last, first, referred_on, to_whom in session.execute(query)
    ]


def _last_seen_by(today: date) -> ColumnElement[date]:
    """The last day up to `today` a child was present at a held session, read from the
    sessions (the slow way; only for a child whose kept figure lies after `today`)."""
    return (
        select(func.max(col(SessionRecord.held_on)))
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(
            col(Attendance.child_id) == col(Child.id),
            col(Attendance.archived_at).is_(None),
            col(Attendance.status) == AttendanceStatus.PRESENT.value,
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.HELD.value,
            col(SessionRecord.held_on) <= today,
        )
        .correlate(Child)
        .scalar_subquery()
    )


def _not_seen(session: Session, today: date, weeks: int) -> list[DueItem]:
    # `Child.last_session_on` is the last held session the child attended, kept up to date
    # by every session write, archive and restore: when it is not after `today` it is the
    # answer, read from the child row alone. Only a child seen after `today` (a list asked
    # for a past day) has the sessions up to `today` looked at.
    kept = col(Child.last_session_on)
    last_seen = case((kept > today, _last_seen_by(today)), else_=kept)
    since = func.coalesce(last_seen, col(Child.enrolled_on))
    cutoff = today - timedelta(weeks=weeks)
    query = select(
        col(Child.id), col(Child.last_name), col(Child.first_name), since.label("since")
    ).where(*_on_roll(), since <= cutoff)
    items = []
    for child_id, last, first, seen in session.execute(query):
        day = seen if isinstance(seen, date) else date.fromisoformat(str(seen))
        on = day + timedelta(weeks=weeks)
        items.append(
            DueItem(DueKind.NO_SESSION, child_id, child_id, _name(last, first), on, on < today)
        )
    return items


def _unwritten(session: Session, today: date) -> list[DueItem]:
    rows = session.execute(
        select(col(SessionRecord.id), col(SessionRecord.held_on), col(SessionRecord.topic)).where(
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.PLANNED.value,
            col(SessionRecord.held_on) < today,
        )
    ).all()
    if not rows:
        return []
    children: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {row[0]: [] for row in rows}
    for session_id, child_id, last, first in session.execute(
        select(
            col(Attendance.session_id), col(Child.id), col(Child.last_name), col(Child.first_name)
        )
        .join(Child, col(Child.id) == col(Attendance.child_id))
        .where(
            col(Attendance.session_id).in_(list(children)), col(Attendance.archived_at).is_(None)
        )
    ):
        children[session_id].append((child_id, _name(last, first)))
    items = []
    for session_id, held_on, topic in rows:
        one = children[session_id][0] if len(children[session_id]) == 1 else None
        child_id, name = one if one is not None else (None, None)
        items.append(
            DueItem(DueKind.SESSION_UNWRITTEN, session_id, child_id, name, held_on, True, topic)
        )
    return items


def what_is_due(
    session: Session,
    *,
    actor: Actor,
    today: date,
    within_days: int = 30,
    consent_days: int = 30,
    referral_days: int = 30,
    no_session_weeks: int = 3,
    kinds: Collection[DueKind] | None = None,
) -> DueList:
    """Everything due today or overdue; PMPK conclusions ending within `within_days`,
    consents within `consent_days`; referrals waiting `referral_days` for an outcome and
    children not seen for `no_session_weeks` weeks. `kinds`: only these kinds (all when
    None), so a screen can read the quick ones first and the slower ones after."""
    require(actor, Permission.VIEW_RECORDS)
    notes = allowed(actor, Permission.VIEW_NOTES)
    topic = (lambda item: item) if notes else (lambda item: replace(item, detail=None))
    wanted = frozenset(DueKind if kinds is None else kinds)
    items = [
        *(_consents(session, today, consent_days) if DueKind.CONSENT_EXPIRY in wanted else ()),
        *(
            _referrals(session, actor, today, referral_days)
            if DueKind.REFERRAL_WAITING in wanted
            else ()
        ),
        *(_not_seen(session, today, no_session_weeks) if DueKind.NO_SESSION in wanted else ()),
        *(
            (topic(item) for item in _unwritten(session, today))
            if DueKind.SESSION_UNWRITTEN in wanted
            else ()
        ),
        *(_plan_reviews(session, today) if DueKind.PLAN_REVIEW in wanted else ()),
        *(_conclusions(session, today, within_days) if DueKind.PMPK_EXPIRY in wanted else ()),
        *(_practice(session, today) if notes and DueKind.HOME_PRACTICE in wanted else ()),
        *(
            (
                item if notes else replace(item, detail=None)  # a session's topic is in its notes
                for item in _sessions_today(session, today)
            )
            if DueKind.SESSION_TODAY in wanted
            else ()
        ),
    ]
    return DueList(today=today, items=_sorted(items))
