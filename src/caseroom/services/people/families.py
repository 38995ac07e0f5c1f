"""Families: create, change, archive and read them with their caregivers and open barriers.

Caregivers are written by `caregivers`, barriers by `family_barriers`; their names stay
importable from here.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family, Room
from caseroom.errors import UserError
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
from caseroom.services.people.barriers import BarrierRead as BarrierRead
from caseroom.services.people.barriers import add_barrier as add_barrier
from caseroom.services.people.barriers import list_barriers as list_barriers
from caseroom.services.people.barriers import resolve_barrier as resolve_barrier
from caseroom.services.people.caregivers import CAREGIVER_COLUMNS
from caseroom.services.people.caregivers import CaregiverInput as CaregiverInput
from caseroom.services.people.caregivers import CaregiverRead as CaregiverRead
from caseroom.services.people.caregivers import archive_caregiver as archive_caregiver
from caseroom.services.people.caregivers import create_caregiver as create_caregiver
from caseroom.services.people.caregivers import get_caregiver as get_caregiver
from caseroom.services.people.caregivers import require_active_family as require_active_family
from caseroom.services.people.caregivers import update_caregiver as update_caregiver
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require, working_note
from caseroom.vocab import HomeLanguage, VulnerabilityMarker

LARGE_FAMILY = 4
"""A family with this many children or more is a large family (многодетная семья)."""
MAX_CHILDREN = 30
TEXT_LIMIT = 200
ADDRESS_LIMIT = 500
"""The longest address a family may have (one line)."""


# --- values -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FamilyInput:
    """What a person fills in for a family."""

    display_name: str
    address: str | None = None
    locality: str | None = None
    home_language: str | None = None
    children_count: int | None = None
    vulnerability: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class FamilyChild:
    """A child of the family, as the family card lists it."""

    id: uuid.UUID
    full_name: str
    case_number: str


@dataclass(frozen=True, slots=True)
class FamilyRead:
    """A family with its caregivers, children and open barriers (archived ones left out)."""

    id: uuid.UUID
    room_id: uuid.UUID
    display_name: str
    address: str | None
    locality: str | None
    home_language: str | None
    children_count: int | None
    vulnerability: tuple[str, ...]
    notes: str | None
    archived_at: datetime | None
    caregivers: tuple[CaregiverRead, ...] = ()
    children: tuple[FamilyChild, ...] = ()
    open_barriers: tuple[BarrierRead, ...] = ()

    @property
    def is_large(self) -> bool:
        """Whether this is a large family (4 or more children)."""
        return self.children_count is not None and self.children_count >= LARGE_FAMILY


# --- families -----------------------------------------------------------------------------


def _clean_family(data: FamilyInput) -> FamilyInput:
    problems = Problems()
    name = checked_text(
        problems,
        "display_name",
        data.display_name,
        limit=TEXT_LIMIT,
        too_long=_("The family's name is at most {limit} characters long"),
        missing=_("Enter the family's name"),
    )
    locality = checked_text(
        problems,
        "locality",
        data.locality,
        limit=TEXT_LIMIT,
        too_long=_("The locality is at most {limit} characters long"),
    )
    address = checked_text(
        problems,
        "address",
        data.address,
        limit=ADDRESS_LIMIT,
        too_long=_("The address is at most {limit} characters long"),
    )
    notes = checked_text(problems, "notes", data.notes, limit=NOTE_MAX, multiline=True)
    if data.home_language is not None and data.home_language not in set(HomeLanguage):
        problems.add("home_language", _("Choose the language spoken at home"))
    count = data.children_count
    if count is not None and not 1 <= count <= MAX_CHILDREN:
        problems.add(
            "children_count",
            _("The number of children must be 1 to {most}").format(most=MAX_CHILDREN),
        )
    markers = tuple(dict.fromkeys(data.vulnerability))
    if any(marker not in set(VulnerabilityMarker) for marker in markers):
        problems.add("vulnerability", _("Choose vulnerability markers from the list"))
    problems.raise_if_any()
    return FamilyInput(
        display_name=name or "",
        address=address,
        locality=locality,
        home_language=data.home_language,
        children_count=count,
        vulnerability=tuple(sorted(markers)),
        notes=notes,
    )


def _apply_family(record: Family, data: FamilyInput) -> None:
    record.display_name = data.display_name
    record.address = data.address
    record.locality = data.locality
    record.home_language = data.home_language
    record.children_count = data.children_count
    record.vulnerability = list(data.vulnerability)
    record.notes = data.notes
    record.search_key = search_key(data.display_name)
    record.sort_name = sort_key(data.display_name)


def _family_details(record: Family) -> dict[str, object]:
    return {"vulnerability": list(record.vulnerability), "children_count": record.children_count}


def _load_family(session: Session, family_id: uuid.UUID) -> Family:
    return load(session, Family, family_id, _("This family was not found"))


def create_family(
    session: Session, *, actor: Actor, room_id: uuid.UUID, data: FamilyInput
) -> FamilyRead:
    """Add a family to the room."""
    require(actor, Permission.EDIT_RECORDS)
    clean = _clean_family(data)
    load(session, Room, room_id, _("The room was not found"))
    record = Family(room_id=room_id, display_name=clean.display_name)
    _apply_family(record, clean)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="family",
        details=_family_details(record),
    )
    return get_family(session, actor=actor, family_id=record.id)


def update_family(
    session: Session, *, actor: Actor, family_id: uuid.UUID, data: FamilyInput
) -> FamilyRead:
    """Change a family's name, address, language, size, markers and notes."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load_family(session, family_id)
    _apply_family(record, _clean_family(data))
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="family",
        details=_family_details(record),
    )
    return get_family(session, actor=actor, family_id=record.id)


def archive_family(
    session: Session, *, actor: Actor, family_id: uuid.UUID, reason: str | None = None
) -> FamilyRead:
    """Archive a family whose children are all archived."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load_family(session, family_id)
    if record.archived_at is None:
        children = session.execute(
            select(func.count())
            .select_from(Child)
            .where(col(Child.family_id) == family_id, col(Child.archived_at).is_(None))
        ).scalar_one()
        if children:
            raise UserError(_("Archive the family's children first"), field="family")
        archive_and_audit(session, actor, record, "family", reason=reason)
    return get_family(session, actor=actor, family_id=record.id)


def get_family(session: Session, *, actor: Actor, family_id: uuid.UUID) -> FamilyRead:
    """A family with its caregivers, children and open barriers (none archived)."""
    require(actor, Permission.VIEW_RECORDS)
    record = _load_family(session, family_id)
    caregivers = session.execute(
        select(*CAREGIVER_COLUMNS)
        .where(col(Caregiver.family_id) == family_id, col(Caregiver.archived_at).is_(None))
        .order_by(
            col(Caregiver.sort_name),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.id),
        )
    ).all()
    children = session.execute(
        select(
            col(Child.id),
            col(Child.last_name),
            col(Child.first_name),
            col(Child.patronymic),
            col(Child.case_number),
        )
        .where(col(Child.family_id) == family_id, col(Child.archived_at).is_(None))
        .order_by(col(Child.birth_date), col(Child.id))
    ).all()
    return FamilyRead(
        id=record.id,
        room_id=record.room_id,
        display_name=record.display_name,
        address=record.address,
        locality=record.locality,
        home_language=record.home_language,
        children_count=record.children_count,
        vulnerability=tuple(record.vulnerability),
        notes=working_note(actor, record.notes),
        archived_at=record.archived_at,
        caregivers=tuple(
            replace(CaregiverRead(*row), notes=working_note(actor, row.notes)) for row in caregivers
        ),
        children=tuple(
            FamilyChild(id=row[0], full_name=full_name(row[1], row[2], row[3]), case_number=row[4])
            for row in children
        ),
        open_barriers=tuple(
            list_barriers(session, actor=actor, family_id=family_id, include_resolved=False)
        ),
    )
