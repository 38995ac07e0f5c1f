"""Families, their caregivers and the barriers that keep caregivers from taking part."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family, FamilyBarrier, Room
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.names import search_key, sort_key
from caseroom.services.common import Actor, Problems, archive, audit, clean_text, load, touch
from caseroom.services.permissions import Permission, require, working_note
from caseroom.services.phones import PhoneNumberError, optional_phone
from caseroom.services.staff import clean_person_names, full_name
from caseroom.vocab import BarrierKind, CaregiverRelation, HomeLanguage, VulnerabilityMarker

LARGE_FAMILY = 4
"""A family with this many children or more is a large family (многодетная семья)."""
MAX_CHILDREN = 30
TEXT_LIMIT = 200


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


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


@dataclass(frozen=True, slots=True)
class BarrierRead:
    """A barrier to taking part, noted on a day and perhaps resolved later."""

    id: uuid.UUID
    family_id: uuid.UUID
    kind: str
    note: str | None
    noted_on: date
    resolved_on: date | None


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
    name = clean_text(data.display_name)
    if name is None:
        problems.add("display_name", _("Enter the family's name"))
    elif len(name) > TEXT_LIMIT:
        problems.add(
            "display_name",
            _("The family's name is at most {limit} characters long").format(limit=TEXT_LIMIT),
        )
    locality = clean_text(data.locality)
    if locality is not None and len(locality) > TEXT_LIMIT:
        problems.add(
            "locality",
            _("The locality is at most {limit} characters long").format(limit=TEXT_LIMIT),
        )
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
        address=clean_text(data.address),
        locality=locality,
        home_language=data.home_language,
        children_count=count,
        vulnerability=tuple(sorted(markers)),
        notes=clean_text(data.notes),
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
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="family",
        entity_id=record.id,
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
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="update",
        entity="family",
        entity_id=record.id,
        details=_family_details(record),
    )
    return get_family(session, actor=actor, family_id=record.id)


def archive_family(session: Session, *, actor: Actor, family_id: uuid.UUID) -> FamilyRead:
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
        archive(record)
        session.add(record)
        session.flush()
        audit(session, actor=actor, action="archive", entity="family", entity_id=record.id)
    return get_family(session, actor=actor, family_id=record.id)


def get_family(session: Session, *, actor: Actor, family_id: uuid.UUID) -> FamilyRead:
    """A family with its caregivers, children and open barriers (none archived)."""
    require(actor, Permission.VIEW_RECORDS)
    record = _load_family(session, family_id)
    caregivers = session.execute(
        select(*_CAREGIVER_COLUMNS)
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


# --- barriers -----------------------------------------------------------------------------


def _barrier_read(record: FamilyBarrier, actor: Actor) -> BarrierRead:
    return BarrierRead(
        id=record.id,
        family_id=record.family_id,
        kind=record.kind,
        note=working_note(actor, record.note),
        noted_on=record.noted_on,
        resolved_on=record.resolved_on,
    )


def add_barrier(
    session: Session,
    *,
    actor: Actor,
    family_id: uuid.UUID,
    kind: str,
    noted_on: date,
    note: str | None = None,
    today: date | None = None,
) -> BarrierRead:
    """Record something that keeps the family's caregivers from taking part."""
    require(actor, Permission.EDIT_RECORDS)
    today = today or date.today()
    problems = Problems()
    if kind not in set(BarrierKind):
        problems.add("kind", _("Choose what keeps the family from taking part"))
    if noted_on > today:
        problems.add("noted_on", _("The date {date} is in the future").format(date=_day(noted_on)))
    problems.raise_if_any()
    _load_family(session, family_id)
    record = FamilyBarrier(family_id=family_id, kind=kind, note=clean_text(note), noted_on=noted_on)
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="family_barrier",
        entity_id=record.id,
        details={"family_id": str(family_id), "kind": kind},
    )
    return _barrier_read(record, actor)


def resolve_barrier(
    session: Session,
    *,
    actor: Actor,
    barrier_id: uuid.UUID,
    resolved_on: date,
    today: date | None = None,
) -> BarrierRead:
    """Mark a barrier as no longer in the way from `resolved_on`."""
    require(actor, Permission.EDIT_RECORDS)
    today = today or date.today()
    record = load(session, FamilyBarrier, barrier_id, _("This barrier was not found"))
    problems = Problems()
    if record.resolved_on is not None:
        problems.add("resolved_on", _("This barrier is already resolved"))
    elif resolved_on > today:
        problems.add(
            "resolved_on", _("The date {date} is in the future").format(date=_day(resolved_on))
        )
    elif resolved_on < record.noted_on:
        problems.add(
            "resolved_on",
            _("A barrier cannot be resolved before it was noted on {date}").format(
                date=_day(record.noted_on)
            ),
        )
    problems.raise_if_any()
    record.resolved_on = resolved_on
    touch(record)
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="update",
        entity="family_barrier",
        entity_id=record.id,
        details={"family_id": str(record.family_id), "resolved": True},
    )
    return _barrier_read(record, actor)


def list_barriers(
    session: Session, *, actor: Actor, family_id: uuid.UUID, include_resolved: bool = False
) -> list[BarrierRead]:
    """A family's barriers, oldest first; open ones only unless `include_resolved`."""
    require(actor, Permission.VIEW_RECORDS)
    query = select(
        col(FamilyBarrier.id),
        col(FamilyBarrier.family_id),
        col(FamilyBarrier.kind),
        col(FamilyBarrier.note),
        col(FamilyBarrier.noted_on),
        col(FamilyBarrier.resolved_on),
    ).where(col(FamilyBarrier.family_id) == family_id, col(FamilyBarrier.archived_at).is_(None))
    if not include_resolved:
        query = query.where(col(FamilyBarrier.resolved_on).is_(None))
    query = query.order_by(col(FamilyBarrier.noted_on), col(FamilyBarrier.id))
    return [
        replace(BarrierRead(*row), note=working_note(actor, row.note))
        for row in session.execute(query).all()
    ]


# --- caregivers ---------------------------------------------------------------------------


_CAREGIVER_COLUMNS = (
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


def _clean_caregiver(data: CaregiverInput, problems: Problems) -> CaregiverInput:
    """`data` stripped, its phone normalised; problems recorded in `problems`."""
    names = clean_person_names(problems, data.last_name, data.first_name, data.patronymic)
    if data.relation not in set(CaregiverRelation):
        problems.add("relation", _("Choose the caregiver's relation to the children"))
    phone: str | None = None
    try:
        phone = optional_phone(data.phone)
    except PhoneNumberError as error:
        problems.add("phone", error.message)
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
        notes=clean_text(data.notes),
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
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="caregiver",
        entity_id=record.id,
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
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="update",
        entity="caregiver",
        entity_id=record.id,
        details={"family_id": str(record.family_id), "relation": record.relation},
    )
    return _caregiver_read(record, actor)


def archive_caregiver(session: Session, *, actor: Actor, caregiver_id: uuid.UUID) -> CaregiverRead:
    """Archive a caregiver (their attendance and home practice stay on record)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _load_caregiver(session, caregiver_id)
    if record.archived_at is None:
        archive(record)
        session.add(record)
        session.flush()
        audit(session, actor=actor, action="archive", entity="caregiver", entity_id=record.id)
    return _caregiver_read(record, actor)


def get_caregiver(session: Session, *, actor: Actor, caregiver_id: uuid.UUID) -> CaregiverRead:
    """One caregiver."""
    require(actor, Permission.VIEW_RECORDS)
    return _caregiver_read(_load_caregiver(session, caregiver_id), actor)
