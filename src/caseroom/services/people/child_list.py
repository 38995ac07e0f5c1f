"""The children list: filters, sorting and paging done in SQL (Core selects, tuples).

Name search folds the typed text like the stored `search_key` (`caseroom.names`), so
"Айгерим", "aigerim" and "Aıgerim" find the same child. Each typed word must begin one
of the words of the key (last, first and patronymic names, case number, IIN).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVarTuple

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, literal, or_, select
from sqlmodel import Session, col

from caseroom.db.models import Child, ChildSenCategory, ChildSpecialist
from caseroom.names import fold_name
from caseroom.services.common import Actor
from caseroom.services.people.sen_categories import label_ranks, sen_labels
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require
from caseroom.vocab import ChildStatus, label

_Columns = TypeVarTuple("_Columns")

SORTS = ("name", "case_number", "grade", "birth_date", "last_session_on", "status", "sen")
"""The orders `list_children` accepts.

`name` follows the alphabet (the stored `sort_name`, see `caseroom.names.sort_key`);
`status` and `sen` follow their labels' alphabetical order in the current language (a
child with several SEN categories sorts by the first of them in that order; children
with none go last).
"""


@dataclass(frozen=True, slots=True)
class ChildFilters:
    """What the list is narrowed to; None / False means no narrowing."""

    text: str | None = None
    grade: int | None = None
    sen_category: str | None = None
    status: str | None = None
    specialist_id: uuid.UUID | None = None
    include_archived: bool = False


@dataclass(frozen=True, slots=True)
class ChildRow:
    """One line of the children list."""

    id: uuid.UUID
    case_number: str
    full_name: str
    birth_date: date
    grade: int | None
    class_letter: str | None
    status: str
    last_session_on: date | None
    archived: bool
    sen_categories: tuple[str, ...] = ()
    """Codes, in the alphabetical order of their labels."""
    sen_labels: tuple[str, ...] = ()
    """The categories' labels in the current language, in the same order."""


def text_condition(
    search_key: Any, text: str, *, exact: Any | None = None
) -> ColumnElement[bool] | None:
    """A condition that each folded word of `text` begins a word of `search_key`.

    With `exact` (a case number column), the text typed as printed also matches it
    exactly. Returns None when `text` holds nothing to search for.
    """
    words = fold_name(text).split()
    if not words:
        return None
    spaced = literal(" ") + search_key
    # Folded words hold only a-z and 0-9, so they need no LIKE escaping.
    every_word = and_(*(spaced.like(f"% {word}%") for word in words))
    if exact is None:
        return every_word
    return or_(every_word, exact == text.strip().upper())


def _filtered(query: Select[*_Columns], filters: ChildFilters) -> Select[*_Columns]:
    if not filters.include_archived:
        query = query.where(col(Child.archived_at).is_(None))
    if filters.text:
        condition = text_condition(
            col(Child.search_key), filters.text, exact=col(Child.case_number)
        )
        if condition is not None:
            query = query.where(condition)
    if filters.grade is not None:
        query = query.where(col(Child.grade) == filters.grade)
    if filters.status is not None:
        query = query.where(col(Child.status) == filters.status)
    if filters.sen_category is not None:
        query = query.where(
            exists().where(
                col(ChildSenCategory.child_id) == col(Child.id),
                col(ChildSenCategory.category_code) == filters.sen_category,
            )
        )
    if filters.specialist_id is not None:
        query = query.where(
            exists().where(
                col(ChildSpecialist.child_id) == col(Child.id),
                col(ChildSpecialist.staff_id) == filters.specialist_id,
            )
        )
    return query


def name_order(model: Any, descending: bool = False) -> list[Any]:
    """ORDER BY terms putting people (`model`: Child, Caregiver) in alphabetical order.

    The stored names break ties (and order rows written without a sort key).
    """
    keys = [
        col(model.sort_name),
        col(model.last_name),
        col(model.first_name),
        col(model.patronymic),
    ]
    return [key.desc() if descending else key.asc() for key in keys]


def _ranked(column: Any, ranks: dict[str, int]) -> Any:
    """A column's codes replaced by their ranks (unknown codes after the known ones)."""
    return case(ranks, value=column, else_=len(ranks))


def _status_ranks() -> dict[str, int]:
    labels = {str(status): label(status) for status in ChildStatus}
    return label_ranks(labels)


def _order(sort: str, descending: bool, sen_ranks: dict[str, int]) -> list[Any]:
    names = name_order(Child)
    if sort == "name":
        return [*name_order(Child, descending), col(Child.case_number), col(Child.id)]
    if sort == "case_number":
        key = col(Child.case_number)
        return [key.desc() if descending else key.asc(), col(Child.id)]
    if sort in ("grade", "birth_date", "last_session_on"):
        column: Any = col(getattr(Child, sort))
    elif sort == "status":
        column = _ranked(col(Child.status), _status_ranks())
    elif sort == "sen":
        column = (
            select(func.min(_ranked(col(ChildSenCategory.category_code), sen_ranks)))
            .where(col(ChildSenCategory.child_id) == col(Child.id))
            .correlate(Child)
            .scalar_subquery()
        )
    else:
        raise ValueError(f"unknown sort {sort!r}; expected one of {SORTS}")
    # Missing values go last whichever way the list is sorted; names break ties.
    return [
        column.is_(None),
        column.desc() if descending else column.asc(),
        *names,
        col(Child.id),
    ]


def list_children(
    session: Session,
    *,
    actor: Actor,
    filters: ChildFilters,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[ChildRow]:
    """One page of children matching `filters`, in the order `sort` (one of `SORTS`).

    The rows name the children, so they need `Permission.VIEW_RECORDS` (an administrator
    only with identified access); otherwise `PermissionDeniedError`.
    """
    require(actor, Permission.VIEW_RECORDS)
    query = select(
        col(Child.id),
        col(Child.case_number),
        col(Child.last_name),
        col(Child.first_name),
        col(Child.patronymic),
        col(Child.birth_date),
        col(Child.grade),
        col(Child.class_letter),
        col(Child.status),
        col(Child.last_session_on),
        col(Child.archived_at),
    )
    labels = sen_labels(session, actor=actor)
    ranks = label_ranks(labels)
    query = _filtered(query, filters).order_by(*_order(sort, descending, ranks))
    rows = session.execute(query.offset(max(offset, 0)).limit(max(limit, 0))).all()
    codes = _sen_codes(session, [row[0] for row in rows], ranks)
    return [
        ChildRow(
            id=row[0],
            case_number=row[1],
            full_name=full_name(row[2], row[3], row[4]),
            birth_date=row[5],
            grade=row[6],
            class_letter=row[7],
            status=row[8],
            last_session_on=row[9],
            archived=row[10] is not None,
            sen_categories=codes.get(row[0], ()),
            sen_labels=tuple(labels.get(code, code) for code in codes.get(row[0], ())),
        )
        for row in rows
    ]


def count_children(session: Session, *, actor: Actor, filters: ChildFilters) -> int:
    """How many children match `filters` (for the list's pager).

    Needs `Permission.VIEW_RECORDS` like the list: a count for a typed name would tell
    whether such a child is on the roll.
    """
    require(actor, Permission.VIEW_RECORDS)
    query = _filtered(select(func.count()).select_from(Child), filters)
    return int(session.execute(query).scalar_one())


def _sen_codes(
    session: Session, child_ids: list[uuid.UUID], ranks: dict[str, int]
) -> dict[uuid.UUID, tuple[str, ...]]:
    if not child_ids:
        return {}
    found: dict[uuid.UUID, list[str]] = {}
    rows = session.execute(
        select(col(ChildSenCategory.child_id), col(ChildSenCategory.category_code)).where(
            col(ChildSenCategory.child_id).in_(child_ids)
        )
    ).all()
    for child_id, code in rows:
        found.setdefault(child_id, []).append(code)
    return {
        child_id: tuple(sorted(codes, key=lambda code: (ranks.get(code, len(ranks)), code)))
        for child_id, codes in found.items()
    }
