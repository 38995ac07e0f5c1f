"""What the database already holds, read once per import and indexed for matching roster
rows with existing children, caregivers and families (one query per table).

- A child is found by IIN, else by folded last name, first name and birth date (when the
  roster or the record has no IIN).
- A caregiver is found within their family by folded last and first name: with the same
  phone, or with none in the roster, it is already present; with another phone in the
  roster, its phone is updated.
- A family is found through a child already present, else through a caregiver with the same
  name, phone and address, else (when the address is given) the one family with a
  caregiver of that name at that address.
- An IIN held by a child of another room is refused, as `create_child` refuses it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family
from caseroom.names import fold_name
from caseroom.services.importing.rows import CaregiverPart, ChildPart

NameKey = tuple[str, str, date]
"""A child's folded last and first name and birth date."""


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """`fold_name`, remembered: a roster repeats its names, streets and towns."""
    return fold_name(text)


def name_key(child: ChildPart) -> NameKey:
    """The folded names and birth date a child is matched by."""
    return fold(child.last_name), fold(child.first_name), child.birth_date


def folded_names(last: str, first: str) -> str:
    """The folded last and first name a caregiver is matched by."""
    return f"{fold(last)} {fold(first)}".strip()


def caregiver_name(part: CaregiverPart) -> str:
    """The folded last and first name a caregiver is matched by."""
    return folded_names(part.last_name, part.first_name)


@dataclass(frozen=True, slots=True)
class KnownChild:
    """A child in the database (or made by this import)."""

    id: uuid.UUID
    family_id: uuid.UUID
    case_number: str
    iin: str | None
    name_key: NameKey


@dataclass
class KnownCaregiver:
    """A caregiver in the database; `touched` once this import updated or matched it."""

    id: uuid.UUID
    family_id: uuid.UUID
    phone: str | None
    relation: str
    touched: bool = False


@dataclass
class Known:
    """What the database already holds, indexed for matching."""

    by_iin: dict[str, KnownChild] = field(default_factory=dict)
    by_name: dict[NameKey, list[KnownChild]] = field(default_factory=dict)
    other_rooms: dict[str, str] = field(default_factory=dict)
    """IIN -> case number of the children of other rooms."""
    caregivers: dict[tuple[uuid.UUID, str], list[KnownCaregiver]] = field(default_factory=dict)
    homes: dict[tuple[str, str, str], uuid.UUID] = field(default_factory=dict)
    """(folded name, phone, folded address) -> family."""
    named_homes: dict[tuple[str, str], set[uuid.UUID]] = field(default_factory=dict)
    """(folded name, folded address) -> families."""
    archived_families: set[uuid.UUID] = field(default_factory=set)

    def child(self, part: ChildPart) -> KnownChild | None:
        """The known child a roster child is, if any."""
        if part.iin is not None and part.iin in self.by_iin:
            return self.by_iin[part.iin]
        for known in self.by_name.get(name_key(part), []):
            if part.iin is None or known.iin is None:
                return known
        return None

    def add_child(self, known: KnownChild) -> None:
        """Index a child made by this import."""
        if known.iin:
            self.by_iin[known.iin] = known
        self.by_name.setdefault(known.name_key, []).append(known)

    def family_of_caregiver(self, part: CaregiverPart, address: str | None) -> uuid.UUID | None:
        """The family of a known caregiver of this name, phone and address, if any."""
        name, home = caregiver_name(part), fold(address or "")
        found = self.homes.get((name, part.phone or "", home))
        if found is not None or not home:
            return found
        families = self.named_homes.get((name, home), set())
        return next(iter(families)) if len(families) == 1 else None

    def caregiver(self, family_id: uuid.UUID, part: CaregiverPart) -> KnownCaregiver | None:
        """The known caregiver of the family with this name: the one with the same phone
        if there is one, else the first."""
        found = self.caregivers.get((family_id, caregiver_name(part)), [])
        same = [known for known in found if (known.phone or "") == (part.phone or "")]
        chosen = same or found
        return chosen[0] if chosen else None


def _load_children(session: Session, room_id: uuid.UUID, known: Known) -> None:
    children = session.execute(
        select(
            col(Child.id),
            col(Child.room_id),
            col(Child.family_id),
            col(Child.case_number),
            col(Child.iin),
            col(Child.last_name),
            col(Child.first_name),
            col(Child.birth_date),
        )
    ).all()
    for child_id, room, family_id, case, iin, last, first, birth in children:
        if room != room_id:
            if iin:
                known.other_rooms[iin] = case
            continue
        known.add_child(
            KnownChild(child_id, family_id, case, iin, (fold(last), fold(first), birth))
        )


def load_known(session: Session, room_id: uuid.UUID) -> Known:
    """The room's children, caregivers and archived families, and the IINs of others."""
    known = Known()
    _load_children(session, room_id, known)
    caregivers = session.execute(
        select(
            col(Caregiver.id),
            col(Caregiver.family_id),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.phone),
            col(Caregiver.relation),
            col(Family.address),
        )
        .join(Family, col(Family.id) == col(Caregiver.family_id))
        .where(col(Family.room_id) == room_id)
    ).all()
    for caregiver_id, family_id, last, first, phone, relation, address in caregivers:
        name, home = folded_names(last, first), fold(address or "")
        record = KnownCaregiver(caregiver_id, family_id, phone, relation)
        known.caregivers.setdefault((family_id, name), []).append(record)
        known.homes.setdefault((name, phone or "", home), family_id)
        if home:
            known.named_homes.setdefault((name, home), set()).add(family_id)
    known.archived_families = set(
        session.execute(
            select(col(Family.id)).where(
                col(Family.room_id) == room_id, col(Family.archived_at).is_not(None)
            )
        ).scalars()
    )
    return known
