"""Referrals of a child or a caregiver to another service (PMPK, clinic, social services...).

A referral is planned, then sent, then completed or declined; the outcome is free text.
Each has a confidentiality level (`vocab.Confidentiality`): by default a child's referral
is for specialists only and a caregiver's is the caregiver's own data. Lists leave out the
levels the actor may not see, and each read of a referral at the caregiver's-data or
safeguarding level writes a "view" audit event.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Referral, Staff
from caseroom.db.models_directory import DirectoryEntry
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit
from caseroom.services.common import Actor, Problems, audit, checked_text, load, touch
from caseroom.services.permissions import (
    Permission,
    audit_view,
    may_see,
    require,
    require_level,
)
from caseroom.vocab import Confidentiality, ReferralStatus, label

TO_WHOM_MAX = 300
TEXT_MAX = 2000

NEXT_STATUSES: dict[str, frozenset[str]] = {
    ReferralStatus.PLANNED: frozenset({ReferralStatus.SENT}),
    ReferralStatus.SENT: frozenset({ReferralStatus.COMPLETED, ReferralStatus.DECLINED}),
    ReferralStatus.COMPLETED: frozenset(),
    ReferralStatus.DECLINED: frozenset(),
}
"""Where a referral may go from each status: planned → sent → completed or declined."""


@dataclass(frozen=True, slots=True)
class ReferralInput:
    """What a specialist fills in for a referral. Exactly one of `child_id`, `caregiver_id`."""

    to_whom: str
    referred_on: date
    reason: str | None = None
    child_id: uuid.UUID | None = None
    caregiver_id: uuid.UUID | None = None
    staff_id: uuid.UUID | None = None
    confidentiality: str | None = None
    """Who may see it; None: the default for the person referred (`default_level`) on
    creation, the level kept on a correction."""
    directory_entry_id: uuid.UUID | None = None
    """The help-directory entry it goes to (`services.directory`), if one was picked."""


def default_level(*, caregiver: bool) -> str:
    """The level a referral gets unless chosen: a caregiver's referral is her own data."""
    return Confidentiality.PARENT if caregiver else Confidentiality.SPECIALIST


@dataclass(frozen=True, slots=True)
class ReferralRead:
    """A referral as screens see it."""

    id: uuid.UUID
    child_id: uuid.UUID | None
    caregiver_id: uuid.UUID | None
    to_whom: str
    reason: str | None
    referred_on: date
    status: str
    outcome: str | None
    staff_id: uuid.UUID | None
    archived_at: datetime | None
    confidentiality: str
    directory_entry_id: uuid.UUID | None = None


_COLUMNS: list[Any] = [col(getattr(Referral, f.name)) for f in fields(ReferralRead)]


def _read(record: Referral) -> ReferralRead:
    return ReferralRead(*(getattr(record, f.name) for f in fields(ReferralRead)))


def _validate(session: Session, data: ReferralInput) -> tuple[str, str | None]:
    problems = Problems()
    if data.confidentiality is not None and data.confidentiality not in set(Confidentiality):
        problems.add("confidentiality", _("Choose who may see the referral from the list."))
    to_whom = checked_text(
        problems,
        "to_whom",
        data.to_whom,
        limit=TO_WHOM_MAX,
        missing=_("Say where the referral is made to"),
    )
    reason = checked_text(problems, "reason", data.reason, limit=TEXT_MAX, multiline=True)
    if (data.child_id is None) == (data.caregiver_id is None):
        problems.add("subject", _("Choose who is referred: a child or a caregiver"))
    else:
        model: type[Child] | type[Caregiver] = Child if data.child_id else Caregiver
        found = session.get(model, data.child_id or data.caregiver_id)
        if found is None or found.archived_at is not None:
            problems.add("subject", _("The person referred was not found or is archived"))
    if (
        data.directory_entry_id is not None
        and session.get(DirectoryEntry, data.directory_entry_id) is None
    ):
        problems.add("directory_entry_id", _("This directory entry was not found"))
    if data.staff_id is not None:
        staff = session.get(Staff, data.staff_id)
        if staff is None or staff.archived_at is not None:
            problems.add("staff_id", _("Choose the specialist from the staff list"))
    problems.raise_if_any()
    assert to_whom is not None
    return to_whom, reason


def _load(session: Session, actor: Actor, referral_id: uuid.UUID) -> Referral:
    """The referral, if `actor` may see its level (else `PermissionDeniedError`)."""
    record = load(session, Referral, referral_id, _("This referral was not found"))
    require_level(actor, record.confidentiality)
    return record


def _audit(session: Session, actor: Actor, action: str, record: Referral) -> None:
    audit(
        session,
        actor=actor,
        action=action,
        entity="referral",
        entity_id=record.id,
        details={"status": record.status},
    )


def create_referral(session: Session, *, actor: Actor, data: ReferralInput) -> ReferralRead:
    """Plan a referral (the specialist defaults to the acting staff member)."""
    require(actor, Permission.EDIT_RECORDS)
    to_whom, reason = _validate(session, data)
    level = data.confidentiality or default_level(caregiver=data.caregiver_id is not None)
    require_level(actor, level)
    record = Referral(
        child_id=data.child_id,
        caregiver_id=data.caregiver_id,
        to_whom=to_whom,
        reason=reason,
        referred_on=data.referred_on,
        staff_id=data.staff_id or actor.staff_id,
        confidentiality=level,
        directory_entry_id=data.directory_entry_id,
    )
    session.add(record)
    session.flush()
    _audit(session, actor, "create", record)
    return _read(record)


def update_referral(
    session: Session, *, actor: Actor, referral_id: uuid.UUID, data: ReferralInput
) -> ReferralRead:
    """Correct where, why, when and who may see it (the person referred and the status
    are kept; so is the level when `data.confidentiality` is None)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, actor, referral_id)
    subject = ReferralInput(
        to_whom=data.to_whom,
        referred_on=data.referred_on,
        reason=data.reason,
        child_id=record.child_id,
        caregiver_id=record.caregiver_id,
        staff_id=data.staff_id,
        confidentiality=data.confidentiality,
        directory_entry_id=data.directory_entry_id,
    )
    to_whom, reason = _validate(session, subject)
    if data.confidentiality is not None:
        require_level(actor, data.confidentiality)
        record.confidentiality = data.confidentiality
    record.to_whom, record.reason, record.referred_on = to_whom, reason, data.referred_on
    record.staff_id = data.staff_id or record.staff_id
    record.directory_entry_id = data.directory_entry_id
    touch(record)
    session.add(record)
    session.flush()
    _audit(session, actor, "update", record)
    return _read(record)


def set_referral_status(
    session: Session,
    *,
    actor: Actor,
    referral_id: uuid.UUID,
    status: str,
    outcome: str | None = None,
) -> ReferralRead:
    """Move a referral on (planned → sent → completed or declined), with its outcome."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, actor, referral_id)
    problems = Problems()
    text = checked_text(problems, "outcome", outcome, limit=TEXT_MAX, multiline=True)
    if status not in set(ReferralStatus):
        problems.add("status", _("Choose where the referral stands from the list"))
    elif status not in NEXT_STATUSES[record.status]:
        problems.add(
            "status",
            _("A referral that is {current} cannot become {wanted}").format(
                current=label(ReferralStatus(record.status)), wanted=label(ReferralStatus(status))
            ),
        )
    problems.raise_if_any()
    record.status = status
    if text is not None:
        record.outcome = text
    touch(record)
    session.add(record)
    session.flush()
    _audit(session, actor, "update", record)
    return _read(record)


def archive_referral(
    session: Session, *, actor: Actor, referral_id: uuid.UUID, reason: str | None = None
) -> ReferralRead:
    """Archive a referral entered by mistake."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load(session, actor, referral_id)
    archive_and_audit(
        session, actor, record, "referral", details={"status": record.status}, reason=reason
    )
    return _read(record)


def list_referrals(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID | None = None,
    caregiver_id: uuid.UUID | None = None,
    status: str | None = None,
    include_archived: bool = False,
) -> list[ReferralRead]:
    """Referrals of a child and/or a caregiver (or all), the newest first.

    Referrals at a level the actor may not see are left out; each one listed at the
    caregiver's-data or safeguarding level is audited as viewed.
    """
    require(actor, Permission.VIEW_NOTES)
    visible = [level.value for level in Confidentiality if may_see(actor, level)]
    query = select(*_COLUMNS).where(col(Referral.confidentiality).in_(visible))
    if child_id is not None:
        query = query.where(col(Referral.child_id) == child_id)
    if caregiver_id is not None:
        query = query.where(col(Referral.caregiver_id) == caregiver_id)
    if status is not None:
        query = query.where(col(Referral.status) == status)
    if not include_archived:
        query = query.where(col(Referral.archived_at).is_(None))
    query = query.order_by(col(Referral.referred_on).desc(), col(Referral.created_at).desc())
    found = [ReferralRead(*row) for row in session.execute(query)]
    for referral in found:
        _audit_view(session, actor, referral)
    return found


def get_referral(session: Session, *, actor: Actor, referral_id: uuid.UUID) -> ReferralRead:
    """One referral (audited as viewed at the caregiver's-data or safeguarding level).

    Raises `PermissionDeniedError` when the actor may not see its level.
    """
    require(actor, Permission.VIEW_NOTES)
    found = _read(_load(session, actor, referral_id))
    _audit_view(session, actor, found)
    return found


def _audit_view(session: Session, actor: Actor, referral: ReferralRead) -> None:
    audit_view(
        session,
        actor=actor,
        entity="referral",
        entity_id=referral.id,
        confidentiality=referral.confidentiality,
    )
