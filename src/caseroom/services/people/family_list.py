"""The families list: name filter, sorting and paging done in SQL (Core selects, tuples).

A family is found by its own name or by the name of one of its caregivers, typed in
Cyrillic or Latin and in any case (the stored `search_key` columns and the typed text are
folded alike, see `caseroom.names`). Per-family counts come from correlated subqueries,
so a page costs one query however many families the room holds. So do the first
caregivers' first names and the address, which tell apart families of one surname in one
town ("Ахметов · Есік қ." four times over).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, TypeVarTuple

from sqlalchemy import Select, exists, func, or_, select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family, FamilyBarrier
from caseroom.services.common import Actor
from caseroom.services.people.child_list import text_condition
from caseroom.services.people.families import LARGE_FAMILY
from caseroom.services.permissions import Permission, require

_Columns = TypeVarTuple("_Columns")
NAMED_CAREGIVERS = 2
"""How many caregivers' first names a line of the list carries."""


@dataclass(frozen=True, slots=True)
class FamilyRow:
    """One line of the families list."""

    id: uuid.UUID
    display_name: str
    locality: str | None
    address: str | None
    caregiver_names: tuple[str, ...]
    """The first names of the first `NAMED_CAREGIVERS` caregivers, as the family card
    orders them (`caregivers` says how many there are in all)."""
    children_count: int | None
    vulnerability: tuple[str, ...]
    caregivers: int
    children: int
    open_barriers: int
    archived: bool

    @property
    def is_large(self) -> bool:
        """Whether this is a large family (4 or more children)."""
        return self.children_count is not None and self.children_count >= LARGE_FAMILY


def _filtered(
    query: Select[*_Columns], text: str | None, include_archived: bool
) -> Select[*_Columns]:
    if not include_archived:
        query = query.where(col(Family.archived_at).is_(None))
    if text:
        own = text_condition(col(Family.search_key), text)
        member = text_condition(col(Caregiver.search_key), text)
        if own is not None and member is not None:
            query = query.where(
                or_(
                    own,
                    exists().where(
                        col(Caregiver.family_id) == col(Family.id),
                        col(Caregiver.archived_at).is_(None),
                        member,
                    ),
                )
            )
    return query


def _count_of(model: Any, *conditions: Any) -> Any:
    """A correlated count of `model` rows of the family (not archived) as a column."""
    return (
        select(func.count())
        .select_from(model)
        .where(
            col(model.family_id) == col(Family.id), col(model.archived_at).is_(None), *conditions
        )
        .correlate(Family)
        .scalar_subquery()
    )


def _caregiver_first_name(position: int) -> Any:
    """The first name of the family's caregiver at `position` (in the family card's
    order, archived ones left out), or NULL, as a correlated column."""
    return (
        select(col(Caregiver.first_name))
        .where(col(Caregiver.family_id) == col(Family.id), col(Caregiver.archived_at).is_(None))
        .order_by(
            col(Caregiver.sort_name),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.id),
        )
        .limit(1)
        .offset(position)
        .correlate(Family)
        .scalar_subquery()
    )


def list_families(
    session: Session,
    *,
    actor: Actor,
    text: str | None = None,
    include_archived: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[FamilyRow]:
    """One page of families whose name or a caregiver's name matches `text`, alphabetically.

    The rows carry names and addresses, so they need `Permission.VIEW_RECORDS` (an
    administrator only with identified access); otherwise `PermissionDeniedError`.
    """
    require(actor, Permission.VIEW_RECORDS)
    query = select(
        col(Family.id),
        col(Family.display_name),
        col(Family.locality),
        col(Family.children_count),
        col(Family.vulnerability),
        _count_of(Caregiver),
        _count_of(Child),
        _count_of(FamilyBarrier, col(FamilyBarrier.resolved_on).is_(None)),
        col(Family.archived_at),
        col(Family.address),
        *(_caregiver_first_name(position) for position in range(NAMED_CAREGIVERS)),
    )
    query = _filtered(query, text, include_archived).order_by(
        col(Family.sort_name), col(Family.display_name), col(Family.locality), col(Family.id)
    )
    rows = session.execute(query.offset(max(offset, 0)).limit(max(limit, 0))).all()
    return [
        FamilyRow(
            id=row[0],
            display_name=row[1],
            locality=row[2],
            children_count=row[3],
            vulnerability=tuple(row[4] or ()),
            caregivers=row[5],
            children=row[6],
            open_barriers=row[7],
            archived=row[8] is not None,
            address=row[9],
            caregiver_names=tuple(name for name in row[10:] if name),
        )
        for row in rows
    ]


def count_families(
    session: Session, *, actor: Actor, text: str | None = None, include_archived: bool = False
) -> int:
    """How many families match (for the list's pager).

    Needs `Permission.VIEW_RECORDS` like the list: a count for a typed name would tell
    whether such a family is known.
    """
    require(actor, Permission.VIEW_RECORDS)
    query = _filtered(select(func.count()).select_from(Family), text, include_archived)
    return int(session.execute(query).scalar_one())
