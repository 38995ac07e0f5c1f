"""One search box for the whole room: children, families and caregivers.

Names are found in Cyrillic or Latin and in any case (the stored `search_key` columns and
the typed text are folded alike); children also by case number and IIN.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family
from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.people.child_list import name_order, text_condition
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require
from caseroom.vocab import CaregiverRelation, label


@dataclass(frozen=True, slots=True)
class SearchHit:
    """Something found: its kind (`child`, `family`, `caregiver`), id and two lines."""

    kind: str
    id: uuid.UUID
    title: str
    subtitle: str


def _relation(code: str) -> str:
    try:
        return label(CaregiverRelation(code))
    except ValueError:
        return code


def _children(session: Session, text: str, limit: int) -> list[SearchHit]:
    condition = text_condition(col(Child.search_key), text, exact=col(Child.case_number))
    if condition is None:
        return []
    rows = session.execute(
        select(
            col(Child.id),
            col(Child.last_name),
            col(Child.first_name),
            col(Child.patronymic),
            col(Child.case_number),
            col(Child.birth_date),
        )
        .where(condition, col(Child.archived_at).is_(None))
        .order_by(*name_order(Child), col(Child.id))
        .limit(limit)
    ).all()
    return [
        SearchHit(
            kind="child",
            id=row[0],
            title=full_name(row[1], row[2], row[3]),
            subtitle=_("Case {case_number}, born {birth_date}").format(
                case_number=row[4], birth_date=row[5].strftime("%d.%m.%Y")
            ),
        )
        for row in rows
    ]


def _families(session: Session, text: str, limit: int) -> list[SearchHit]:
    condition = text_condition(col(Family.search_key), text)
    if condition is None:
        return []
    rows = session.execute(
        select(col(Family.id), col(Family.display_name), col(Family.locality))
        .where(condition, col(Family.archived_at).is_(None))
        .order_by(col(Family.sort_name), col(Family.display_name), col(Family.id))
        .limit(limit)
    ).all()
    return [
        SearchHit(
            kind="family",
            id=row[0],
            title=_("{name} family").format(name=row[1]),
            subtitle=row[2] or "",
        )
        for row in rows
    ]


def _caregivers(session: Session, text: str, limit: int) -> list[SearchHit]:
    condition = text_condition(col(Caregiver.search_key), text)
    if condition is None:
        return []
    rows = session.execute(
        select(
            col(Caregiver.id),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.patronymic),
            col(Caregiver.relation),
            col(Family.display_name),
        )
        .join(Family, col(Family.id) == col(Caregiver.family_id))
        .where(condition, col(Caregiver.archived_at).is_(None))
        .order_by(*name_order(Caregiver), col(Caregiver.id))
        .limit(limit)
    ).all()
    return [
        SearchHit(
            kind="caregiver",
            id=row[0],
            title=full_name(row[1], row[2], row[3]),
            subtitle=_("{relation}, {family} family").format(
                relation=_relation(row[4]), family=row[5]
            ),
        )
        for row in rows
    ]


def global_search(session: Session, *, actor: Actor, text: str, limit: int = 20) -> list[SearchHit]:
    """Children, then caregivers, then families matching `text` (archived ones left out).

    Each word typed must begin a word of the name (or case number / IIN); at most `limit`
    hits in all.
    """
    require(actor, Permission.VIEW_RECORDS)
    if limit <= 0 or not text.strip():
        return []
    hits = _children(session, text, limit)
    if len(hits) < limit:
        hits += _caregivers(session, text, limit - len(hits))
    if len(hits) < limit:
        hits += _families(session, text, limit - len(hits))
    return hits
