"""PMPK conclusions of a child: record them, keep them current, warn before they expire."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from caseroom.db.models import Child, PmpkConclusion
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import (
    NOTE_MAX,
    Actor,
    Problems,
    checked_short_list,
    checked_text,
    load,
    touch,
)
from caseroom.services.permissions import Permission, require
from caseroom.vocab import ChildStatus

DEFAULT_VALIDITY_YEARS = 1
"""How long a conclusion holds when its paper gives no date (*check* data, not a rule).

docs/domain.md: about 1 year for a teaching-assistant recommendation, 1–2 years for
correction-room or rehabilitation referrals. A later issue moves this to settings.
"""

NUMBER_MAX = 60
SPECIALIST_LIMIT = 80
"""The longest entry of the recommended specialists ("speech therapist"), in characters."""
SPECIALISTS_MAX = 12
"""How many recommended specialists a conclusion may list."""


@dataclass(frozen=True, slots=True)
class ConclusionInput:
    """What a person types for a conclusion; `valid_until` None means the default term.

    `conditions`, `specialists` and `programme` are the commission's recommendations as it
    sets them out; `recommendations` is anything else it recommends (before revision 0011,
    the one free-text field).
    """

    issued_on: date
    number: str
    recommendations: str | None = None
    valid_until: date | None = None
    conditions: str | None = None
    specialists: tuple[str, ...] = ()
    programme: str | None = None


@dataclass(frozen=True, slots=True)
class ConclusionRead:
    """A stored PMPK conclusion."""

    id: uuid.UUID
    child_id: uuid.UUID
    issued_on: date
    number: str
    recommendations: str | None
    valid_until: date | None
    archived: bool
    conditions: str | None = None
    specialists: tuple[str, ...] = ()
    programme: str | None = None


@dataclass(frozen=True, slots=True)
class ExpiringConclusion:
    """A child's current conclusion that ends soon (for the 'what is due' list)."""

    conclusion_id: uuid.UUID
    child_id: uuid.UUID
    case_number: str
    last_name: str
    first_name: str
    number: str
    valid_until: date
    days_left: int


def default_valid_until(issued_on: date, years: int = DEFAULT_VALIDITY_YEARS) -> date:
    """`issued_on` moved by `years` (29 February becomes 28 February)."""
    try:
        return issued_on.replace(year=issued_on.year + years)
    except ValueError:
        return issued_on.replace(year=issued_on.year + years, day=28)


def valid_until_after(issued_on: date, months: int) -> date:
    """`issued_on` moved on by `months` (the usual validity in the settings); a day the
    month lacks becomes its last day (31 January + 1 month: 28 or 29 February)."""
    if months < 1:
        raise ValueError("a validity of at least one month")
    index = issued_on.month - 1 + months
    year, month = issued_on.year + index // 12, index % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    last_day = (following - timedelta(days=1)).day
    return date(year, month, min(issued_on.day, last_day))


def _read(record: PmpkConclusion) -> ConclusionRead:
    return ConclusionRead(
        id=record.id,
        child_id=record.child_id,
        issued_on=record.issued_on,
        number=record.number,
        recommendations=record.recommendations,
        valid_until=record.valid_until,
        archived=record.archived_at is not None,
        conditions=record.conditions,
        specialists=tuple(record.specialists or ()),
        programme=record.programme,
    )


def _checked(data: ConclusionInput, child: Child, today: date) -> ConclusionInput:
    """The cleaned input, or `ValidationError` naming each bad field."""
    problems = Problems()
    number = checked_text(
        problems,
        "number",
        data.number,
        limit=NUMBER_MAX,
        too_long=_("The number is longer than {limit} characters."),
        missing=_("Enter the number of the conclusion."),
    )
    if data.issued_on > today:
        problems.add(
            "issued_on",
            _("The conclusion date {date} is in the future.").format(
                date=data.issued_on.strftime("%d.%m.%Y")
            ),
        )
    elif data.issued_on < child.birth_date:
        problems.add(
            "issued_on",
            _("The conclusion date {date} is before the child's birth on {birth}.").format(
                date=data.issued_on.strftime("%d.%m.%Y"),
                birth=child.birth_date.strftime("%d.%m.%Y"),
            ),
        )
    valid_until = data.valid_until
    if valid_until is None:
        valid_until = default_valid_until(data.issued_on)
    elif valid_until <= data.issued_on:
        problems.add(
            "valid_until",
            _("The conclusion must be valid after its date {date}.").format(
                date=data.issued_on.strftime("%d.%m.%Y")
            ),
        )
    recommendations = checked_text(
        problems, "recommendations", data.recommendations, limit=NOTE_MAX, multiline=True
    )
    conditions = checked_text(
        problems, "conditions", data.conditions, limit=NOTE_MAX, multiline=True
    )
    specialists = checked_short_list(
        problems, "specialists", data.specialists, limit=SPECIALIST_LIMIT, most=SPECIALISTS_MAX
    )
    programme = checked_text(problems, "programme", data.programme, limit=NOTE_MAX, multiline=True)
    problems.raise_if_any()
    assert number is not None
    return ConclusionInput(
        issued_on=data.issued_on,
        number=number,
        recommendations=recommendations,
        valid_until=valid_until,
        conditions=conditions,
        specialists=tuple(specialists),
        programme=programme,
    )


def _child(session: Session, child_id: uuid.UUID) -> Child:
    return load(session, Child, child_id, _("The child was not found."))


def _conclusion(session: Session, conclusion_id: uuid.UUID) -> PmpkConclusion:
    return load(session, PmpkConclusion, conclusion_id, _("The PMPK conclusion was not found."))


def add_conclusion(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    data: ConclusionInput,
    today: date | None = None,
) -> ConclusionRead:
    """Record a PMPK conclusion of a child."""
    require(actor, Permission.EDIT_RECORDS)
    child = _child(session, child_id)
    clean = _checked(data, child, today or date.today())
    record = PmpkConclusion(
        child_id=child.id,
        issued_on=clean.issued_on,
        number=clean.number,
        recommendations=clean.recommendations,
        valid_until=clean.valid_until,
        conditions=clean.conditions,
        specialists=list(clean.specialists),
        programme=clean.programme,
    )
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="pmpk_conclusion",
        details={"child_id": str(child.id)},
    )
    return _read(record)


def update_conclusion(
    session: Session,
    *,
    actor: Actor,
    conclusion_id: uuid.UUID,
    data: ConclusionInput,
    today: date | None = None,
) -> ConclusionRead:
    """Correct a recorded conclusion."""
    require(actor, Permission.EDIT_RECORDS)
    record = _conclusion(session, conclusion_id)
    clean = _checked(data, _child(session, record.child_id), today or date.today())
    record.issued_on = clean.issued_on
    record.number = clean.number
    record.recommendations = clean.recommendations
    record.valid_until = clean.valid_until
    record.conditions = clean.conditions
    record.specialists = list(clean.specialists)
    record.programme = clean.programme
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity="pmpk_conclusion",
        details={"child_id": str(record.child_id)},
    )
    return _read(record)


def archive_conclusion(
    session: Session, *, actor: Actor, conclusion_id: uuid.UUID, reason: str | None = None
) -> None:
    """Archive a conclusion (entered by mistake, or replaced)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _conclusion(session, conclusion_id)
    archive_and_audit(
        session,
        actor,
        record,
        "pmpk_conclusion",
        details={"child_id": str(record.child_id)},
        reason=reason,
    )


_COLUMNS = (
    col(PmpkConclusion.id),
    col(PmpkConclusion.child_id),
    col(PmpkConclusion.issued_on),
    col(PmpkConclusion.number),
    col(PmpkConclusion.recommendations),
    col(PmpkConclusion.valid_until),
    col(PmpkConclusion.archived_at),
    col(PmpkConclusion.conditions),
    col(PmpkConclusion.specialists),
    col(PmpkConclusion.programme),
)


def conclusions_of_child(
    session: Session, *, actor: Actor, child_id: uuid.UUID, include_archived: bool = False
) -> list[ConclusionRead]:
    """A child's conclusions, the newest first."""
    require(actor, Permission.VIEW_RECORDS)
    query = select(*_COLUMNS).where(col(PmpkConclusion.child_id) == child_id)
    if not include_archived:
        query = query.where(col(PmpkConclusion.archived_at).is_(None))
    query = query.order_by(
        col(PmpkConclusion.issued_on).desc(),
        col(PmpkConclusion.created_at).desc(),
    )
    return [
        ConclusionRead(
            id=row[0],
            child_id=row[1],
            issued_on=row[2],
            number=row[3],
            recommendations=row[4],
            valid_until=row[5],
            archived=row[6] is not None,
            conditions=row[7],
            specialists=tuple(row[8] or ()),
            programme=row[9],
        )
        for row in session.execute(query)
    ]


def current_conclusion(
    session: Session, *, actor: Actor, child_id: uuid.UUID
) -> ConclusionRead | None:
    """The child's latest non-archived conclusion (it may have expired), or None."""
    require(actor, Permission.VIEW_RECORDS)
    found = conclusions_of_child(session, actor=actor, child_id=child_id)
    return found[0] if found else None


def expiring_conclusions(
    session: Session, *, actor: Actor, today: date, within_days: int = 30, expired: bool = False
) -> list[ExpiringConclusion]:
    """Current conclusions of children still on roll that end from today to today+N days;
    with `expired`, those that ended before today instead (`days_left` is then negative:
    the days overdue).

    A conclusion replaced by a later one of the same child is not listed.
    """
    require(actor, Permission.VIEW_RECORDS)
    newer = aliased(PmpkConclusion)
    replaced = exists().where(
        and_(
            col(newer.child_id) == col(PmpkConclusion.child_id),
            col(newer.archived_at).is_(None),
            col(newer.issued_on) > col(PmpkConclusion.issued_on),
        )
    )
    last_day = today + timedelta(days=within_days)
    query = (
        select(
            col(PmpkConclusion.id),
            col(Child.id),
            col(Child.case_number),
            col(Child.last_name),
            col(Child.first_name),
            col(PmpkConclusion.number),
            col(PmpkConclusion.valid_until),
        )
        .join(Child, col(Child.id) == col(PmpkConclusion.child_id))
        .where(
            col(PmpkConclusion.archived_at).is_(None),
            col(Child.archived_at).is_(None),
            col(Child.status) != ChildStatus.LEFT.value,
            col(PmpkConclusion.valid_until) < today
            if expired
            else col(PmpkConclusion.valid_until).between(today, last_day),
            ~replaced,
        )
        .order_by(col(PmpkConclusion.valid_until), col(Child.last_name), col(Child.first_name))
    )
    return [
        ExpiringConclusion(
            conclusion_id=row[0],
            child_id=row[1],
            case_number=row[2],
            last_name=row[3],
            first_name=row[4],
            number=row[5],
            valid_until=row[6],
            days_left=(row[6] - today).days,
        )
        for row in session.execute(query)
    ]
