"""What a child's transfer file carries, read from the sending room's database.

The payload (JSON) holds the child, the family and its caregivers, PMPK conclusions,
plans with their reviews, goals and ratings, consents and the child's held sessions.
Working notes (the child's, family's, caregivers' and plans' notes) and session topics,
notes and agreements go only when the parent's consent to share them (scope
`share_notes`) holds on the day; notes at the caregiver's-own-data and safeguarding
levels never go. Staff are not carried (the receiving room has its own). Every record
keeps its sending room's id under `id`, so the receiving room can note where it came from.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.bundles.transfer_format import PAYLOAD_FORMAT, PAYLOAD_VERSION
from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    ChildSenCategory,
    Consent,
    Family,
    Goal,
    GoalRating,
    PlanReview,
    PmpkConclusion,
    Room,
    SessionRecord,
    SupportPlan,
)
from caseroom.vocab import Confidentiality, ConsentScope, SessionStatus

CHILD_FIELDS = (
    "case_number",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "iin",
    "school",
    "grade",
    "class_letter",
    "home_language",
    "enrolled_on",
)
FAMILY_FIELDS = ("display_name", "address", "locality", "home_language", "children_count")
CAREGIVER_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "relation",
    "phone",
    "is_legal_representative",
    "language",
)
PMPK_FIELDS = (
    "issued_on",
    "number",
    "recommendations",
    "valid_until",
    "conditions",
    "specialists",
    "programme",
)
PLAN_FIELDS = ("starts_on", "ends_on", "status", "next_review_on")
REVIEW_FIELDS = ("reviewed_on", "summary")
GOAL_FIELDS = ("domain", "description", "baseline", "target", "criterion", "status", "sort_order")
RATING_FIELDS = ("checkpoint", "rated_on", "rating", "note")
CONSENT_FIELDS = (
    "scope",
    "signer_name",
    "form",
    "operator",
    "data_collected",
    "third_parties",
    "cross_border",
    "given_on",
    "valid_until",
    "withdrawn_on",
    "withdrawal_note",
)
SESSION_FIELDS = ("held_on", "starts_at", "minutes", "kind", "confidentiality")
SESSION_NOTE_FIELDS = ("topic", "notes", "agreed")
NOTE_LEVELS = frozenset({Confidentiality.SHAREABLE.value, Confidentiality.SPECIALIST.value})
"""Session levels whose notes may go with the parent's consent."""


def plain(value: Any) -> Any:
    """A stored value as JSON holds it (dates and times in ISO form, ids as text)."""
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row(record: Any, fields: tuple[str, ...], *, notes: bool | None = None) -> dict[str, Any]:
    row = {"id": plain(record.id)}
    row |= {name: plain(getattr(record, name)) for name in fields}
    if notes is not None:
        row["notes"] = record.notes if notes else None
    return row


def _live(model: Any) -> Any:
    return col(model.archived_at).is_(None)


def _plans(session: Session, child_id: uuid.UUID, notes: bool) -> list[dict[str, Any]]:
    plans = []
    for plan in session.execute(
        select(SupportPlan)
        .where(col(SupportPlan.child_id) == child_id, _live(SupportPlan))
        .order_by(col(SupportPlan.starts_on))
    ).scalars():
        row = _row(plan, PLAN_FIELDS, notes=notes)
        row["reviews"] = [
            _row(review, REVIEW_FIELDS)
            for review in session.execute(
                select(PlanReview)
                .where(col(PlanReview.plan_id) == plan.id, _live(PlanReview))
                .order_by(col(PlanReview.reviewed_on))
            ).scalars()
        ]
        goals = []
        for goal in session.execute(
            select(Goal)
            .where(col(Goal.plan_id) == plan.id, _live(Goal))
            .order_by(col(Goal.sort_order), col(Goal.created_at))
        ).scalars():
            goal_row = _row(goal, GOAL_FIELDS)
            goal_row["ratings"] = [
                _row(rating, RATING_FIELDS)
                for rating in session.execute(
                    select(GoalRating)
                    .where(col(GoalRating.goal_id) == goal.id, _live(GoalRating))
                    .order_by(col(GoalRating.rated_on))
                ).scalars()
            ]
            goals.append(goal_row)
        row["goals"] = goals
        plans.append(row)
    return plans


def _consents(
    session: Session, child_id: uuid.UUID, caregiver_ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    query = select(Consent).where(_live(Consent)).order_by(col(Consent.given_on))
    rows = []
    for consent in session.execute(query).scalars():
        own = consent.child_id == child_id
        theirs = (
            consent.caregiver_id in caregiver_ids
            and consent.scope == ConsentScope.DATA_PROCESSING.value
        )
        if not (own or theirs):
            continue
        row = _row(consent, CONSENT_FIELDS)
        row["caregiver"] = plain(consent.caregiver_id)
        signer = consent.signer_caregiver_id
        row["signer"] = plain(signer) if signer in caregiver_ids else None
        rows.append(row)
    return rows


def _sessions(session: Session, child_id: uuid.UUID, notes: bool) -> list[dict[str, Any]]:
    query = (
        select(SessionRecord, Attendance)
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(
            col(Attendance.child_id) == child_id,
            _live(Attendance),
            _live(SessionRecord),
            col(SessionRecord.status) == SessionStatus.HELD.value,
        )
        .order_by(col(SessionRecord.held_on), col(SessionRecord.starts_at))
    )
    rows = []
    for record, attendance in session.execute(query).all():
        row = _row(record, SESSION_FIELDS)
        shared = notes and record.confidentiality in NOTE_LEVELS
        row |= {name: getattr(record, name) if shared else None for name in SESSION_NOTE_FIELDS}
        row["attendance"] = attendance.status
        row["reason"] = attendance.reason
        rows.append(row)
    return rows


def build_payload(
    session: Session,
    child: Child,
    *,
    transfer_id: uuid.UUID,
    notes: bool,
    made_on: date,
) -> dict[str, Any]:
    """Everything the transfer file of `child` carries (see the module docstring)."""
    room = session.get(Room, child.room_id)
    family = session.get(Family, child.family_id)
    assert room is not None and family is not None  # foreign keys
    caregivers = list(
        session.execute(
            select(Caregiver)
            .where(col(Caregiver.family_id) == family.id, _live(Caregiver))
            .order_by(col(Caregiver.sort_name))
        ).scalars()
    )
    child_row = _row(child, CHILD_FIELDS, notes=notes)
    child_row["sen_categories"] = sorted(
        session.execute(
            select(col(ChildSenCategory.category_code)).where(
                col(ChildSenCategory.child_id) == child.id
            )
        ).scalars()
    )
    family_row = _row(family, FAMILY_FIELDS, notes=notes)
    family_row["vulnerability"] = list(family.vulnerability or [])
    return {
        "format": PAYLOAD_FORMAT,
        "version": PAYLOAD_VERSION,
        "transfer_id": str(transfer_id),
        "made_on": made_on.isoformat(),
        "notes_included": notes,
        "from_room": {
            "id": str(room.id),
            "school_name": room.school_name,
            "room_name": room.room_name,
            "locality": room.locality,
            "region": room.region,
        },
        "child": child_row,
        "family": family_row,
        "caregivers": [_row(c, CAREGIVER_FIELDS, notes=notes) for c in caregivers],
        "pmpk": [
            _row(conclusion, PMPK_FIELDS)
            for conclusion in session.execute(
                select(PmpkConclusion)
                .where(col(PmpkConclusion.child_id) == child.id, _live(PmpkConclusion))
                .order_by(col(PmpkConclusion.issued_on))
            ).scalars()
        ],
        "plans": _plans(session, child.id, notes),
        "consents": _consents(session, child.id, [c.id for c in caregivers]),
        "sessions": _sessions(session, child.id, notes),
    }
