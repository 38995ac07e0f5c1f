"""The room's staff: specialists who hold sessions, keep plans and meet parents.

Also holds `clean_person_names`, the name rules shared by staff, caregivers and children.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import NAME, Room, Staff
from caseroom.db.models_accounts import Account
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import (
    Actor,
    Problems,
    checked_short_list,
    checked_text,
    load,
    touch,
)
from caseroom.services.people.phones import PhoneNumberError, optional_phone
from caseroom.services.permissions import Permission, require
from caseroom.vocab import StaffRole

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
EMAIL_LIMIT = 200
SPECIALISM_LIMIT = 80
"""The longest specialism (one short text: "ABA", "sand therapy"), in characters."""
SPECIALISM_MAX = 12
"""How many specialisms a staff member may have."""


@dataclass(frozen=True, slots=True)
class PersonNames:
    """A person's names, cleaned."""

    last_name: str
    first_name: str
    patronymic: str | None


def clean_person_names(
    problems: Problems, last_name: str | None, first_name: str | None, patronymic: str | None
) -> PersonNames:
    """Strip the names and record problems (`last_name`, `first_name`, `patronymic`)."""
    too_long = _("A name is at most {limit} characters long")
    last = checked_text(
        problems,
        "last_name",
        last_name,
        limit=NAME,
        too_long=too_long,
        missing=_("Enter the last name"),
    )
    first = checked_text(
        problems,
        "first_name",
        first_name,
        limit=NAME,
        too_long=too_long,
        missing=_("Enter the first name"),
    )
    middle = checked_text(problems, "patronymic", patronymic, limit=NAME, too_long=too_long)
    return PersonNames(last or "", first or "", middle)


def checked_phone(problems: Problems, text: str | None) -> str | None:
    """`text` as a stored phone number (None when empty); a problem under `phone` if unreadable."""
    try:
        return optional_phone(text)
    except PhoneNumberError as error:
        problems.add("phone", error.message)
        return None


def full_name(last_name: str, first_name: str, patronymic: str | None) -> str:
    """Last name, first name and patronymic as one line (the order used in documents)."""
    return " ".join(part for part in (last_name, first_name, patronymic) if part)


@dataclass(frozen=True, slots=True)
class StaffInput:
    """What a person fills in for a staff member."""

    last_name: str
    first_name: str
    role: str
    patronymic: str | None = None
    phone: str | None = None
    email: str | None = None
    specialisms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StaffRead:
    """A staff member as screens see it."""

    id: uuid.UUID
    room_id: uuid.UUID
    last_name: str
    first_name: str
    patronymic: str | None
    role: str
    phone: str | None
    email: str | None
    archived_at: datetime | None
    specialisms: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """Last, first and patronymic."""
        return full_name(self.last_name, self.first_name, self.patronymic)


@dataclass(frozen=True, slots=True)
class _Clean:
    names: PersonNames
    phone: str | None
    email: str | None
    specialisms: list[str]


def _validate(data: StaffInput) -> _Clean:
    problems = Problems()
    names = clean_person_names(problems, data.last_name, data.first_name, data.patronymic)
    if data.role not in set(StaffRole):
        problems.add("role", _("Choose the staff member's role"))
    phone = checked_phone(problems, data.phone)
    email = checked_text(problems, "email", data.email, limit=EMAIL_LIMIT)
    if email is not None and not _EMAIL.fullmatch(email):
        problems.add("email", _("{email} is not an e-mail address").format(email=email))
    specialisms = checked_short_list(
        problems, "specialisms", data.specialisms, limit=SPECIALISM_LIMIT, most=SPECIALISM_MAX
    )
    problems.raise_if_any()
    return _Clean(names, phone, email, specialisms)


def _read(record: Staff) -> StaffRead:
    return StaffRead(
        id=record.id,
        room_id=record.room_id,
        last_name=record.last_name,
        first_name=record.first_name,
        patronymic=record.patronymic,
        role=record.role,
        phone=record.phone,
        email=record.email,
        archived_at=record.archived_at,
        specialisms=tuple(record.specialisms or ()),
    )


def _load(session: Session, staff_id: uuid.UUID) -> Staff:
    return load(session, Staff, staff_id, _("This staff member was not found"))


def create_staff(
    session: Session, *, actor: Actor, room_id: uuid.UUID, data: StaffInput
) -> StaffRead:
    """Add a staff member to the room."""
    require(actor, Permission.MANAGE_ROOM)
    clean = _validate(data)
    load(session, Room, room_id, _("The room was not found"))
    record = Staff(
        room_id=room_id,
        last_name=clean.names.last_name,
        first_name=clean.names.first_name,
        patronymic=clean.names.patronymic,
        role=data.role,
        phone=clean.phone,
        email=clean.email,
        specialisms=clean.specialisms,
    )
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="staff",
        details={"role": record.role},
    )
    return _read(record)


def update_staff(
    session: Session, *, actor: Actor, staff_id: uuid.UUID, data: StaffInput
) -> StaffRead:
    """Change a staff member's names, role, specialisms and contacts."""
    require(actor, Permission.MANAGE_ROOM)
    record = _load(session, staff_id)
    clean = _validate(data)
    record.last_name = clean.names.last_name
    record.first_name = clean.names.first_name
    record.patronymic = clean.names.patronymic
    record.role = data.role
    record.phone = clean.phone
    record.email = clean.email
    record.specialisms = clean.specialisms
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="staff",
        details={"role": record.role},
    )
    return _read(record)


def archive_staff(session: Session, *, actor: Actor, staff_id: uuid.UUID) -> StaffRead:
    """Archive a staff member who left (their past sessions stay theirs).

    A staff member with an open account is refused (`ValidationError` on `staff_id`):
    archive her with `services.accounts.accounts.archive_staff_member`, which also
    closes the account and drops its key slot, so her password no longer opens the file.
    """
    require(actor, Permission.MANAGE_ROOM)
    record = _load(session, staff_id)
    open_account = session.execute(
        select(col(Account.id)).where(
            col(Account.staff_id) == staff_id, col(Account.archived_at).is_(None)
        )
    ).first()
    if open_account is not None:
        Problems(
            {"staff_id": _("Close this staff member's account before archiving her")}
        ).raise_if_any()
    archive_and_audit(session, actor, record, "staff")
    return _read(record)


def get_staff(session: Session, *, actor: Actor, staff_id: uuid.UUID) -> StaffRead:
    """One staff member."""
    del actor  # every role may see who works in the room
    return _read(_load(session, staff_id))


def list_staff(
    session: Session,
    *,
    actor: Actor,
    room_id: uuid.UUID | None = None,
    role: str | None = None,
    include_archived: bool = False,
) -> list[StaffRead]:
    """Staff members ordered by name, optionally of one room or role."""
    del actor
    query = select(
        col(Staff.id),
        col(Staff.room_id),
        col(Staff.last_name),
        col(Staff.first_name),
        col(Staff.patronymic),
        col(Staff.role),
        col(Staff.phone),
        col(Staff.email),
        col(Staff.archived_at),
        col(Staff.specialisms),
    )
    if room_id is not None:
        query = query.where(col(Staff.room_id) == room_id)
    if role is not None:
        query = query.where(col(Staff.role) == role)
    if not include_archived:
        query = query.where(col(Staff.archived_at).is_(None))
    query = query.order_by(col(Staff.last_name), col(Staff.first_name), col(Staff.id))
    return [
        StaffRead(
            id=row[0],
            room_id=row[1],
            last_name=row[2],
            first_name=row[3],
            patronymic=row[4],
            role=row[5],
            phone=row[6],
            email=row[7],
            archived_at=row[8],
            specialisms=tuple(row[9] or ()),
        )
        for row in session.execute(query).all()
    ]


def active_staff_ids(session: Session, staff_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of `staff_ids` are staff members who are not archived."""
    if not staff_ids:
        return set()
    query = select(col(Staff.id)).where(
        col(Staff.id).in_(staff_ids), col(Staff.archived_at).is_(None)
    )
    return set(session.execute(query).scalars().all())
