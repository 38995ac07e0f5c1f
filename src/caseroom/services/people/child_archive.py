"""A child's archived records, for the child card's "Show archived" lists.

`archived_of_child` lists what was archived of one child's file — PMPK conclusions,
consents, referrals (the child's and her family's caregivers'), plans and goals, sessions,
home practice, the caregivers' own goals and check-ins — each with when and why (the
reason code kept with its archive event), the newest archived first.

Each kind is listed only to a role that may read it (the others are left out, not
refused); a session's topic only where its notes may be read. The caregivers' own
records (goals, check-ins) and referrals at the audited levels are audited as viewed,
as their ordinary lists are. Goals of an archived plan are left out: they come back with
their plan.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Consent,
    Goal,
    HomePractice,
    ParentGoal,
    PmpkConclusion,
    Referral,
    SessionRecord,
    SupportPlan,
)
from caseroom.db.models_wellbeing import WellbeingCheckin
from caseroom.i18n import _
from caseroom.services.audited import archive_reason
from caseroom.services.common import Actor, load
from caseroom.services.permissions import (
    AUDITED_LEVELS,
    Permission,
    allowed,
    audit_view,
    may_see,
    require,
)
from caseroom.vocab import Confidentiality

ARCHIVED_KINDS: tuple[str, ...] = (
    "pmpk",
    "consent",
    "referral",
    "plan",
    "goal",
    "session",
    "practice",
    "parent_goal",
    "checkin",
)
"""The kinds listed (the names of `ui.archive_kinds`)."""

ENTITIES = {
    "pmpk": "pmpk_conclusion",
    "consent": "consent",
    "referral": "referral",
    "plan": "support_plan",
    "goal": "goal",
    "session": "session",
    "practice": "home_practice",
    "parent_goal": "parent_goal",
    "checkin": "wellbeing_checkin",
}
"""Each kind's name in the audit trail (where its archive reason is kept)."""

LIMIT = 200
"""At most this many archived records of one kind are listed."""


@dataclass(frozen=True, slots=True)
class ArchivedRecord:
    """One archived record of the child's file."""

    kind: str
    record_id: uuid.UUID
    on: date | None
    """The record's own day (given, issued, held, set on); None when it has none."""
    text: str
    """What it says, in the record's own words ("" where the reader may not see it)."""
    code: str | None
    """A vocabulary code the screen names: a consent's scope, a session's kind, a goal's
    domain, a check-in's questionnaire; None for the others."""
    archived_at: datetime
    reason: str | None
    """The reason code of its archive (`ArchiveReason`), None when none was kept."""
    caregiver_id: uuid.UUID | None = None
    """The caregiver it belongs to (her referral, goal, check-in, home practice)."""


def _newest(session: Session, model: Any, *where: Any) -> list[Any]:
    """The archived records of `model` matching `where`, the newest archived first."""
    query = (
        select(model)
        .where(col(model.archived_at).is_not(None), *where)
        .order_by(col(model.archived_at).desc())
        .limit(LIMIT)
    )
    return list(session.scalars(query))


def _read(
    session: Session,
    kind: str,
    record: Any,
    on: date | None,
    text: str,
    code: str | None = None,
    caregiver_id: uuid.UUID | None = None,
) -> ArchivedRecord:
    return ArchivedRecord(
        kind,
        record.id,
        on,
        text,
        code,
        record.archived_at,
        archive_reason(session, ENTITIES[kind], record.id),
        caregiver_id,
    )


def _pmpk(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_RECORDS):
        return []
    found = _newest(session, PmpkConclusion, col(PmpkConclusion.child_id) == child.id)
    return [_read(session, "pmpk", r, r.issued_on, r.number) for r in found]


def _consents(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_NOTES):
        return []
    found = _newest(session, Consent, col(Consent.child_id) == child.id)
    return [_read(session, "consent", r, r.given_on, r.signer_name, r.scope) for r in found]


def _referrals(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_NOTES):
        return []
    visible = [level.value for level in Confidentiality if may_see(actor, level)]
    subject = or_(col(Referral.child_id) == child.id, col(Referral.caregiver_id).in_(carers))
    found = _newest(session, Referral, subject, col(Referral.confidentiality).in_(visible))
    for record in found:
        audit_view(
            session,
            actor=actor,
            entity="referral",
            entity_id=record.id,
            confidentiality=record.confidentiality,
        )
    return [
        _read(session, "referral", r, r.referred_on, r.to_whom, None, r.caregiver_id) for r in found
    ]


def _plans(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_RECORDS):
        return []
    found = _newest(session, SupportPlan, col(SupportPlan.child_id) == child.id)
    plans = [_read(session, "plan", r, r.starts_on, "", r.status) for r in found]
    live_plans = select(col(SupportPlan.id)).where(
        col(SupportPlan.child_id) == child.id, col(SupportPlan.archived_at).is_(None)
    )
    goals = _newest(session, Goal, col(Goal.plan_id).in_(live_plans))
    return plans + [_read(session, "goal", r, None, r.description, r.domain) for r in goals]


def _sessions(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_RECORDS):
        return []
    attended = select(col(Attendance.session_id)).where(col(Attendance.child_id) == child.id)
    found = _newest(session, SessionRecord, col(SessionRecord.id).in_(attended))
    readable = allowed(actor, Permission.VIEW_NOTES)

    def topic(record: SessionRecord) -> str:
        level = record.confidentiality
        shown = readable and may_see(actor, level) and level not in AUDITED_LEVELS
        return (record.topic or "") if shown else ""

    return [_read(session, "session", r, r.held_on, topic(r), r.kind) for r in found]


def _practice(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_NOTES):
        return []
    found = _newest(session, HomePractice, col(HomePractice.child_id) == child.id)
    return [
        _read(session, "practice", r, r.given_on, r.task, r.outcome, r.caregiver_id) for r in found
    ]


def _parent_goals(
    session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]
) -> list[Any]:
    if not allowed(actor, Permission.VIEW_PARENT_DATA) or not carers:
        return []
    found = _newest(session, ParentGoal, col(ParentGoal.caregiver_id).in_(carers))
    for record in found:  # a caregiver's own data: every read is audited
        audit_view(
            session,
            actor=actor,
            entity="parent_goal",
            entity_id=record.id,
            confidentiality=Confidentiality.PARENT,
        )
    return [
        _read(session, "parent_goal", r, r.set_on, r.description, r.status, r.caregiver_id)
        for r in found
    ]


def _checkins(session: Session, actor: Actor, child: Child, carers: list[uuid.UUID]) -> list[Any]:
    if not allowed(actor, Permission.VIEW_PARENT_DATA) or not carers:
        return []
    found = _newest(session, WellbeingCheckin, col(WellbeingCheckin.caregiver_id).in_(carers))
    for record in found:
        audit_view(
            session,
            actor=actor,
            entity="wellbeing_checkin",
            entity_id=record.id,
            confidentiality=Confidentiality.PARENT,
        )
    return [
        _read(session, "checkin", r, r.given_on, "", r.instrument_id, r.caregiver_id) for r in found
    ]


_READERS = {
    "pmpk": _pmpk,
    "consent": _consents,
    "referral": _referrals,
    "plan": _plans,
    "goal": _plans,
    "session": _sessions,
    "practice": _practice,
    "parent_goal": _parent_goals,
    "checkin": _checkins,
}


def archived_of_child(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    kinds: Collection[str] = ARCHIVED_KINDS,
) -> list[ArchivedRecord]:
    """The child's archived records of `kinds` the actor may read, newest archived first."""
    require(actor, Permission.VIEW_RECORDS)
    unknown = set(kinds) - set(ARCHIVED_KINDS)
    if unknown:
        raise ValueError(f"not an archived kind: {sorted(unknown)}")
    child = load(session, Child, child_id, _("This child was not found"))
    carers = [] if child.family_id is None else _caregivers(session, child.family_id)
    readers = list(dict.fromkeys(_READERS[kind] for kind in kinds))
    found = [record for reader in readers for record in reader(session, actor, child, carers)]
    found = [record for record in found if record.kind in kinds]
    found.sort(key=lambda record: record.archived_at, reverse=True)
    return found


def _caregivers(session: Session, family_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of the family's caregivers (archived ones too: their records stay archived)."""
    query = select(col(Caregiver.id)).where(col(Caregiver.family_id) == family_id)
    return list(session.scalars(query))
