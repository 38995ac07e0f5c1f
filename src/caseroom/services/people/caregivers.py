"""Caregivers of a family: add, change, archive and read them.

A caregiver's notes are a specialists' working note. `require_active_family` is the
check that a family may take a new member (a caregiver here, a child in `children`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Family
from caseroom.i18n import _
from caseroom.names import search_key, sort_key
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    checked_text,
    load,
    touch,
)
from caseroom.services.people.staff import checked_phone, clean_person_names, full_name
from caseroom.services.permissions import Permission, require, working_note
from caseroom.vocab import CaregiverRelation, HomeLanguage


@dataclass(frozen=True, slots=True)
class CaregiverInput:
    """What a person fills in for a caregiver."""

    last_name: str
    first_name: str
    relation: str
    patronymic: str | None = None
    phone: str | None = None
    is_legal_representative: bool = True
    language: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class CaregiverRead:
    """A caregiver as screens see it."""

    id: uuid.UUID
    family_id: uuid.UUID
    last_name: str
    first_name: str
    patronymic: str | None
    relation: str
    phone: str | None
    is_legal_representative: bool
    language: str | None
    notes: str | None
    archived_at: datetime | None

    @property
    def full_name(self) -> str:
        """Last, first and patronymic."""
        return full_name(self.last_name, self.first_name, self.patronymic)


def require_active_family(session: Session, family_id: uuid.UUID | None) -> str | None:
    """None when `family_id` names a family that is not archived, else the problem."""
    if family_id is None:
        return _("Choose the child's family")
    found = session.execute(
        select(col(Family.archived_at)).where(col(Family.id) == family_id)
    ).first()
    if found is None:
        return _("This family was not found")
    if found[0] is not None:
        return _("This family is archived")
    return None


CAREGIVER_COLUMNS = (
    col(Caregiver.id),
    col(Caregiver.family_id),
    col(Caregiver.last_name),
    col(Caregiver.first_name),
    col(Caregiver.patronymic),
    col(Caregiver.relation),
    col(Caregiver.phone),
    col(Caregiver.is_legal_representative),
    col(Caregiver.language),
    col(Caregiver.notes),
    col(Caregiver.archived_at),
)
"""The columns of a caregiver in the order of `CaregiverRead`."""


def _clean_caregiver(data: CaregiverInput, problems: Problems) -> CaregiverInput:
    """`data` stripped, its phone normalised; problems recorded in `problems`."""
    names = clean_person_names(problems, data.last_name, data.first_name, data.patronymic)
    if data.relation not in set(CaregiverRelation):
        problems.add("relation", _("Choose the caregiver's relation to the children"))
    phone = checked_phone(problems, data.phone)
    if data.language is not None and data.language not in set(HomeLanguage):
        problems.add("language", _("Choose the caregiver's language"))
    return CaregiverInput(
        last_name=names.last_name,
        first_name=names.first_name,
        patronymic=names.patronymic,
        relation=data.relation,
        phone=phone,
        is_legal_representative=data.is_legal_representative,
        language=data.language,
        notes=checked_text(problems, "notes", data.notes, limit=NOTE_MAX, multiline=True),
    )


def _apply_caregiver(record: Caregiver, data: CaregiverInput) -> None:
    record.last_name = data.last_name
    record.first_name = data.first_name
    record.patronymic = data.patronymic
    record.relation = data.relation
    record.phone = data.phone
    record.is_legal_representative = data.is_legal_representative
    record.language = data.language
    record.notes = data.notes
    record.search_key = search_key(data.last_name, data.first_name, data.patronymic)
    record.sort_name = sort_key(data.last_name, data.first_name, data.patronymic)


def _caregiver_read(record: Caregiver, actor: Actor) -> CaregiverRead:
    return CaregiverRead(
        id=record.id,
        family_id=record.family_id,
        last_name=record.last_name,
        first_name=record.first_name,
        patronymic=record.patronymic,
        relation=record.relation,
        phone=record.phone,
        is_legal_representative=record.is_legal_representative,
        language=record.language,
        notes=working_note(actor, record.notes),
        archived_at=record.archived_at,
    )


def _load_caregiver(session: Session, caregiver_id: uuid.UUID) -> Caregiver:
    return load(session, Caregiver, caregiver_id, _("This caregiver was not found"))


def create_caregiver(
    session: Session, *, actor: Actor, family_id: uuid.UUID, data: CaregiverInput
) -> CaregiverRead:
    """Add a caregiver to a family that is not archived."""
    require(actor, Permission.EDIT_RECORDS)
    problems = Problems()
    clean = _clean_caregiver(data, problems)
    problem = require_active_family(session, family_id)
    if problem is not None:
        problems.add("family_id", problem)
    problems.raise_if_any()
    record = Caregiver(
        family_id=family_id,
        last_name=clean.last_name,
        first_name=clean.first_name,
        relation=clean.relation,
    )
    _apply_caregiver(record, clean)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="caregiver",
        details={"family_id": str(family_id), "relation": record.relation},
    )
    return _caregiver_read(record, actor)


def update_caregiver(
    session: Session, *, actor: Actor, caregiver_id: uuid.UUID, data: CaregiverInput
) -> CaregiverRead:
    """Change a caregiver's names, relation, phone, language and notes."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load_caregiver(session, caregiver_id)
    problems = Problems()
    clean = _clean_caregiver(data, problems)
    problems.raise_if_any()
    _apply_caregiver(record, clean)
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="caregiver",
        details={"family_id": str(record.family_id), "relation": record.relation},
    )
    return _caregiver_read(record, actor)


def archive_caregiver(
    session: Session, *, actor: Actor, caregiver_id: uuid.UUID, reason: str | None = None
) -> CaregiverRead:
    """Archive a caregiver (their attendance and home practice stay on record)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load_caregiver(session, caregiver_id)
    archive_and_audit(session, actor, record, "caregiver", reason=reason)
    return _caregiver_read(record, actor)


def get_caregiver(session: Session, *, actor: Actor, caregiver_id: uuid.UUID) -> CaregiverRead:
    """One caregiver."""
    require(actor, Permission.VIEW_RECORDS)
    return _caregiver_read(_load_caregiver(session, caregiver_id), actor)
