"""Write an opened transfer file into this room: as a new child, or merged into one here.

Every record gets a new local id but the child, who keeps her record id when this room has
no record under it, so that the centre knows her as the same child in both rooms' bundles
(and lists what the two rooms say differently about her, instead of counting her twice).
Each record's audit event (`import`) names the transfer and the id it had in the sending
room, and the child's notes get one line saying where the file came from. Merging keeps
what this room has (the child's own fields are never overwritten): it adds the plans,
sessions, PMPK conclusions and consents that are not here yet and the caregivers not
already in the family (matched by name). All of it is flushed in the caller's
transaction, which commits it whole or not at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family, Room
from caseroom.errors import NotFoundError, UserError
from caseroom.i18n import _
from caseroom.names import search_key, sort_key
from caseroom.services.common import Actor, audit, touch
from caseroom.services.exchange.transfer_import import (
    DuplicateChildError,
    OpenedTransfer,
    find_duplicates,
    imported_before,
)
from caseroom.services.exchange.transfer_rows import (
    RowWriter,
    day_text,
    link_sen,
    receiving_staff,
    refresh_sessions,
)
from caseroom.services.people.children import next_case_number
from caseroom.services.permissions import Permission, require
from caseroom.vocab import ChildStatus


@dataclass(frozen=True, slots=True)
class TransferImport:
    """What was written: the child here and counts of the records added."""

    child_id: uuid.UUID
    case_number: str
    merged: bool
    plans: int
    pmpk: int
    consents: int
    sessions: int
    caregivers: int


def _new_child(session: Session, writer: RowWriter, today: date) -> tuple[Child, Family]:
    opened = writer.opened
    room_id = session.execute(select(col(Room.id)).limit(1)).scalar()
    if room_id is None:
        raise UserError(_("Set up the room first: this database has no room yet."))
    raw = {k: v for k, v in opened.family.items() if k != "id"}
    family = Family(room_id=room_id, **raw)
    family.search_key = search_key(family.display_name)
    family.sort_name = sort_key(family.display_name)
    writer.add(family, "family", opened.family["id"])
    fields = {k: v for k, v in opened.child.items() if k not in ("id", "case_number")}
    source_id = opened.child.get("id")
    kept = {"id": source_id} if source_id and session.get(Child, source_id) is None else {}
    child = Child(
        **kept,
        room_id=room_id,
        family_id=family.id,
        case_number=next_case_number(session, today.year),
        **{**fields, "enrolled_on": today},
    )
    return child, family


def _reactivate(child: Child) -> None:
    if child.status in (ChildStatus.TRANSFERRED.value, ChildStatus.LEFT.value):
        child.status = ChildStatus.ACTIVE.value
        child.left_on = None
    child.archived_at = None


def import_transfer(
    session: Session,
    *,
    actor: Actor,
    opened: OpenedTransfer,
    today: date,
    merge_into: uuid.UUID | None = None,
    as_new: bool = False,
) -> TransferImport:
    """Write the opened file (flushed, not committed); see the module docstring.

    `DuplicateChildError` when the child may be here already and neither `merge_into`
    nor `as_new` is given; `UserError` for a file taken in before, or `as_new` for a
    child whose IIN is already here (an IIN belongs to one child)."""
    require(actor, Permission.TRANSFER_CHILD)
    require(actor, Permission.EDIT_RECORDS)
    before = imported_before(session, opened.transfer_id)
    if before is not None:
        raise UserError(
            _("This transfer file was already taken in on {date}; nothing was written.").format(
                date=day_text(before)
            )
        )
    duplicates = find_duplicates(session, actor=actor, opened=opened)
    if merge_into is None and duplicates:
        if not as_new:
            raise DuplicateChildError(
                _("The child may already be in this room: merge the file or add a new child."),
                duplicates,
            )
        if any(item.same_iin for item in duplicates):
            raise UserError(
                _(
                    "The IIN {iin} already belongs to the child with case number {case}: "
                    "merge the file into that child."
                ).format(iin=opened.child["iin"], case=duplicates[0].case_number)
            )
    staff_id = receiving_staff(session, actor)
    writer = RowWriter(session, actor, opened, today)
    if merge_into is not None:
        child = session.get(Child, merge_into)
        if child is None:
            raise NotFoundError(_("This child was not found"))
        family = session.get(Family, child.family_id)
        assert family is not None
        _reactivate(child)
        touch(child)
    else:
        child, family = _new_child(session, writer, today)
    child.notes = "\n\n".join(part for part in (child.notes, writer.origin_line()) if part)
    child.search_key = search_key(
        child.last_name, child.first_name, child.patronymic, child.case_number, child.iin
    )
    child.sort_name = sort_key(child.last_name, child.first_name, child.patronymic)
    existing = list(
        session.execute(select(Caregiver).where(col(Caregiver.family_id) == family.id)).scalars()
    )
    if merge_into is None:
        writer.add(child, "child", opened.child["id"])
    else:
        session.add(child)
        session.flush()
        audit(
            session,
            actor=actor,
            action="merge",
            entity="child",
            entity_id=child.id,
            details={"transfer_id": str(opened.transfer_id), "source_id": str(opened.child["id"])},
        )
    for raw in opened.caregivers:
        writer.caregiver(family, raw, existing)
    link_sen(session, child.id, opened.sen_categories)
    writer.records(child, staff_id, merge_into is not None)
    refresh_sessions(session, child)
    audit(
        session,
        actor=actor,
        action="import",
        entity="transfer",
        entity_id=opened.transfer_id,
        details={
            "child_id": str(child.id),
            "from_room": str(opened.from_room_id),
            "merged": merge_into is not None,
            "notes": opened.notes_included,
            **writer.counts,
        },
    )
    session.flush()
    return TransferImport(
        child_id=child.id,
        case_number=child.case_number,
        merged=merge_into is not None,
        **writer.counts,
    )
