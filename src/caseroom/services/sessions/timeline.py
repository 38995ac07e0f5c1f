"""A child's timeline: everything that happened around the child, newest first.

One SQL `UNION ALL` over the records that concern the child: sessions the child attended
or was expected at; sessions with a caregiver of the child's family that the child was
not listed at; support plans (from their start date), their reviews and goal ratings;
PMPK conclusions; the child's consents (given, and withdrawn); referrals; home practice
given and checked. Archived records are left out.

Paging is by date: pass the oldest date of a page as `before` to get the next one. A page
never ends in the middle of a day (unless a single day holds more than `limit` entries),
so no entry is skipped between pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, String, and_, cast, literal, null, select, union_all
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Consent,
    Goal,
    GoalRating,
    HomePractice,
    PlanReview,
    PmpkConclusion,
    Referral,
    SessionRecord,
    SupportPlan,
)
from caseroom.i18n import _
from caseroom.services.common import Actor, load
from caseroom.services.permissions import Permission, allowed, audit_view, may_see, require
from caseroom.vocab import (
    AttendanceStatus,
    Checkpoint,
    ConsentScope,
    PracticeOutcome,
    Rating,
    ReferralStatus,
    SessionKind,
    SessionStatus,
    label,
)

MAX_LIMIT = 1000


class TimelineKind(StrEnum):
    """What a timeline entry records."""

    SESSION = "session"
    FAMILY_SESSION = "family_session"
    PLAN = "plan"
    PLAN_REVIEW = "plan_review"
    GOAL_RATING = "goal_rating"
    PMPK = "pmpk"
    CONSENT_GIVEN = "consent_given"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    REFERRAL = "referral"
    PRACTICE_GIVEN = "practice_given"
    PRACTICE_CHECKED = "practice_checked"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of the timeline; `record_id` is the id of the record of its kind."""

    on: date
    kind: TimelineKind
    title: str
    detail: str | None
    record_id: uuid.UUID


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _text(value: Any = None) -> Any:
    """A text column of the union (NULL when the record has nothing to put there)."""
    return cast(value, String) if value is not None else cast(null(), String)


def _part(
    kind: TimelineKind,
    on: Any,
    record_id: Any,
    created_at: Any,
    a: Any = None,
    b: Any = None,
    c: Any = None,
    d: Any = None,
) -> Select[Any]:
    return select(
        on.label("on"),
        literal(kind.value, String).label("kind"),
        record_id.label("record_id"),
        created_at.label("created_at"),
        _text(a).label("a"),
        _text(b).label("b"),
        _text(c).label("c"),
        _text(d).label("d"),
    )


def _parts(child_id: uuid.UUID, family_id: uuid.UUID) -> list[Select[Any]]:
    live = col(SessionRecord.archived_at).is_(None)
    child_row = and_(col(Attendance.child_id) == child_id, col(Attendance.archived_at).is_(None))
    family = select(col(Caregiver.id)).where(col(Caregiver.family_id) == family_id)
    # IN over indexed attendance rows, not correlated EXISTS: SQLite would otherwise scan
    # every session of the room (0.8 s on 10,000 families).
    with_family = col(SessionRecord.id).in_(
        select(col(Attendance.session_id)).where(
            col(Attendance.caregiver_id).in_(family), col(Attendance.archived_at).is_(None)
        )
    )
    with_child = col(SessionRecord.id).in_(select(col(Attendance.session_id)).where(child_row))
    plans = and_(col(SupportPlan.child_id) == child_id, col(SupportPlan.archived_at).is_(None))
    k = TimelineKind
    return [
        _part(
            k.SESSION, col(SessionRecord.held_on), col(SessionRecord.id),
            col(SessionRecord.created_at), col(SessionRecord.kind), col(Attendance.status),
            col(SessionRecord.status), col(SessionRecord.topic),
        )
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(live, child_row),
        _part(
            k.FAMILY_SESSION, col(SessionRecord.held_on), col(SessionRecord.id),
            col(SessionRecord.created_at), col(SessionRecord.kind), c=col(SessionRecord.status),
            d=col(SessionRecord.topic),
        ).where(live, with_family, ~with_child),
        _part(
            k.PLAN, col(SupportPlan.starts_on), col(SupportPlan.id), col(SupportPlan.created_at),
            col(SupportPlan.ends_on),
        ).where(plans),
        _part(
            k.PLAN_REVIEW, col(PlanReview.reviewed_on), col(PlanReview.id),
            col(PlanReview.created_at), d=col(PlanReview.summary),
        )
        .join(SupportPlan, col(SupportPlan.id) == col(PlanReview.plan_id))
        .where(plans, col(PlanReview.archived_at).is_(None)),
        _part(
            k.GOAL_RATING, col(GoalRating.rated_on), col(GoalRating.id),
            col(GoalRating.created_at), col(GoalRating.checkpoint), col(GoalRating.rating),
            d=col(Goal.description),
        )
        .join(Goal, col(Goal.id) == col(GoalRating.goal_id))
        .join(SupportPlan, col(SupportPlan.id) == col(Goal.plan_id))
        .where(plans, col(Goal.archived_at).is_(None), col(GoalRating.archived_at).is_(None)),
        _part(
            k.PMPK, col(PmpkConclusion.issued_on), col(PmpkConclusion.id),
            col(PmpkConclusion.created_at), col(PmpkConclusion.number),
            d=col(PmpkConclusion.recommendations),
        ).where(
            col(PmpkConclusion.child_id) == child_id, col(PmpkConclusion.archived_at).is_(None)
        ),
        _part(
            k.CONSENT_GIVEN, col(Consent.given_on), col(Consent.id), col(Consent.created_at),
            col(Consent.scope),
        ).where(col(Consent.child_id) == child_id, col(Consent.archived_at).is_(None)),
        _part(
            k.CONSENT_WITHDRAWN, col(Consent.withdrawn_on), col(Consent.id),
            col(Consent.updated_at), col(Consent.scope), d=col(Consent.withdrawal_note),
        ).where(
            col(Consent.child_id) == child_id,
            col(Consent.archived_at).is_(None),
            col(Consent.withdrawn_on).is_not(None),
        ),
        _part(
            k.REFERRAL, col(Referral.referred_on), col(Referral.id), col(Referral.created_at),
            col(Referral.to_whom), col(Referral.status), d=col(Referral.reason),
        ).where(col(Referral.child_id) == child_id, col(Referral.archived_at).is_(None)),
        _part(
            k.PRACTICE_GIVEN, col(HomePractice.given_on), col(HomePractice.id),
            col(HomePractice.created_at), d=col(HomePractice.task),
        ).where(col(HomePractice.child_id) == child_id, col(HomePractice.archived_at).is_(None)),
        _part(
            k.PRACTICE_CHECKED, col(HomePractice.checked_on), col(HomePractice.id),
            col(HomePractice.updated_at), b=col(HomePractice.outcome),
            d=col(HomePractice.follow_up),
        ).where(
            col(HomePractice.child_id) == child_id,
            col(HomePractice.archived_at).is_(None),
            col(HomePractice.checked_on).is_not(None),
        ),
    ]  # fmt: skip


def _label(kind: type[StrEnum], code: str | None) -> str:
    """The translated label of `code`, or the code itself if it is not in the vocabulary."""
    if code is None:
        return ""
    try:
        return label(kind(code))
    except ValueError:
        return code or ""


def _title(kind: TimelineKind, a: str | None, b: str | None, c: str | None) -> str:
    """The translated title of an entry from its raw text columns (see `_parts`)."""
    k = TimelineKind
    if kind == k.SESSION:
        # The child's attendance once the session was held; the session's status before.
        state = _label(AttendanceStatus, b) if c == SessionStatus.HELD else _label(SessionStatus, c)
        return _("{kind} ({state})").format(kind=_label(SessionKind, a), state=state)
    if kind == k.FAMILY_SESSION:
        return _("{kind} with a caregiver ({state})").format(
            kind=_label(SessionKind, a), state=_label(SessionStatus, c)
        )
    if kind == k.PLAN:
        until = date.fromisoformat(a) if a else None
        return _("Support plan until {end}").format(end=_d(until) if until else "")
    if kind == k.PLAN_REVIEW:
        return _("Support plan reviewed")
    if kind == k.GOAL_RATING:
        return _("Goal rated at {checkpoint}: {rating}").format(
            checkpoint=_label(Checkpoint, a), rating=_label(Rating, b)
        )
    if kind == k.PMPK:
        return _("PMPK conclusion No. {number}").format(number=a or "")
    if kind == k.CONSENT_GIVEN:
        return _("Consent given: {scope}").format(scope=_label(ConsentScope, a))
    if kind == k.CONSENT_WITHDRAWN:
        return _("Consent withdrawn: {scope}").format(scope=_label(ConsentScope, a))
    if kind == k.REFERRAL:
        return _("Referral to {to_whom} ({status})").format(
            to_whom=a or "", status=_label(ReferralStatus, b)
        )
    if kind == k.PRACTICE_GIVEN:
        return _("Home practice given")
    return _("Home practice checked: {outcome}").format(outcome=_label(PracticeOutcome, b))


def child_timeline(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    limit: int = 200,
    before: date | None = None,
) -> list[TimelineEntry]:
    """The child's timeline, newest first: at most `limit` entries dated before `before`.

    What the actor may not read is left out (see `_visible`); an entry shown from a
    record at an audited level (caregiver's data, safeguarding) writes a "view" event.
    """
    require(actor, Permission.VIEW_RECORDS)
    child = load(session, Child, child_id, _("This child was not found"))
    limit = max(1, min(limit, MAX_LIMIT))
    parts = _parts(child_id, child.family_id)
    if before is not None:
        parts = [part.where(part.selected_columns["on"] < before) for part in parts]
    united = union_all(*parts).subquery()
    rows = session.execute(
        select(united)
        .order_by(united.c.on.desc(), united.c.created_at.desc(), united.c.kind, united.c.record_id)
        .limit(limit + 1)
    ).all()
    if len(rows) > limit:
        # Drop the last, possibly incomplete, day so the next page starts with all of it.
        cut_day = rows[limit].on
        whole_days = [row for row in rows[:limit] if row.on != cut_day]
        rows = whole_days or rows[:limit]
    levels = _levels(session, rows)
    entries = []
    for row in rows:
        kind = TimelineKind(row.kind)
        level = levels.get(row.record_id)
        shown = _visible(actor, kind, level)
        if shown is None:
            continue
        detail = row.d if shown else None
        if level is not None and (detail or kind == TimelineKind.REFERRAL):
            entity = "referral" if kind == TimelineKind.REFERRAL else "session"
            audit_view(
                session, actor=actor, entity=entity, entity_id=row.record_id, confidentiality=level
            )
        entries.append(
            TimelineEntry(
                on=row.on,
                kind=kind,
                title=_title(kind, row.a, row.b, row.c),
                detail=detail,
                record_id=row.record_id,
            )
        )
    return entries


_SHAREABLE_KINDS = frozenset(
    {
        TimelineKind.SESSION,
        TimelineKind.FAMILY_SESSION,
        TimelineKind.PLAN,
        TimelineKind.GOAL_RATING,
        TimelineKind.PMPK,
    }
)
"""What someone who may not read notes still sees (sessions without their topic)."""


def _levels(session: Session, rows: Sequence[Any]) -> dict[uuid.UUID, str]:
    """The confidentiality level of each session and referral among `rows`."""
    wanted: dict[str, set[uuid.UUID]] = {
        TimelineKind.SESSION.value: set(),
        TimelineKind.FAMILY_SESSION.value: set(),
        TimelineKind.REFERRAL.value: set(),
    }
    for row in rows:
        if row.kind in wanted:
            wanted[row.kind].add(row.record_id)
    sessions = wanted["session"] | wanted["family_session"]
    levels: dict[uuid.UUID, str] = {}
    if sessions:
        query = select(col(SessionRecord.id), col(SessionRecord.confidentiality))
        for record_id, level in session.execute(query.where(col(SessionRecord.id).in_(sessions))):
            levels[record_id] = level
    if wanted["referral"]:
        query = select(col(Referral.id), col(Referral.confidentiality))
        for record_id, level in session.execute(
            query.where(col(Referral.id).in_(wanted["referral"]))
        ):
            levels[record_id] = level
    return levels


def _visible(actor: Actor, kind: TimelineKind, level: str | None) -> bool | None:
    """None: leave the entry out; False: show it without its detail; True: show it all."""
    notes = allowed(actor, Permission.VIEW_NOTES)
    if kind == TimelineKind.REFERRAL:
        return True if notes and may_see(actor, level or "") else None
    if not notes:
        return False if kind in _SHAREABLE_KINDS else None
    return level is None or may_see(actor, level)
