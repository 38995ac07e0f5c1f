"""Take in a child's file from another room: open it, look for the child here, write it.

`open_transfer` opens and checks the file (nothing is read from the database);
`find_duplicates` lists children of this room who may be the same child (the same IIN,
or the same name and birth date); `import_transfer` (in `transfer_write`) writes it,
as a new child or merged into one of them. A duplicate is never merged or duplicated
silently: without a choice, `DuplicateChildError` lists the candidates.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from caseroom.bundles.transfer_format import open_sealed
from caseroom.db.models import AuditEvent, Child
from caseroom.errors import UserError
from caseroom.names import fold_name
from caseroom.services.common import Actor
from caseroom.services.exchange import transfer_read as rules
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require


@dataclass(frozen=True, slots=True)
class OpenedTransfer:
    """A transfer file opened and checked: the sending room's records, not yet written."""

    transfer_id: uuid.UUID
    made_on: date
    notes_included: bool
    from_room_id: uuid.UUID
    from_school: str
    from_room: str
    child: dict[str, Any]
    sen_categories: list[str]
    family: dict[str, Any]
    caregivers: list[dict[str, Any]]
    pmpk: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    consents: list[dict[str, Any]]
    sessions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        """The child's last, first and patronymic names."""
        return full_name(
            self.child["last_name"], self.child["first_name"], self.child["patronymic"]
        )


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A child of this room who may be the transferred child."""

    child_id: uuid.UUID
    case_number: str
    full_name: str
    birth_date: date
    same_iin: bool
    status: str


class DuplicateChildError(UserError):
    """The child may already be in this room: merge into one of `duplicates`, or add anew."""

    def __init__(self, message: str, duplicates: list[Duplicate]) -> None:
        super().__init__(message)
        self.duplicates = duplicates


def _plan(raw: Any, where: str) -> dict[str, Any]:
    plan = rules.checked(raw, rules.PLAN, where)
    if plan["starts_on"] > plan["ends_on"]:
        raise rules.refuse(f"{where}.ends_on")
    plan["reviews"] = rules.checked_list(raw.get("reviews"), rules.REVIEW, f"{where}.reviews")
    goals = []
    for index, item in enumerate(raw.get("goals") or []):
        goal_where = f"{where}.goals[{index}]"
        goal = rules.checked(item, rules.GOAL, goal_where)
        goal["ratings"] = rules.checked_list(item.get("ratings"), rules.RATING, goal_where)
        checkpoints = [rating["checkpoint"] for rating in goal["ratings"]]
        if len(checkpoints) != len(set(checkpoints)):
            raise rules.refuse(f"{goal_where}.ratings")
        goals.append(goal)
    plan["goals"] = goals
    return plan


def _opened(payload: dict[str, Any]) -> OpenedTransfer:
    room = payload.get("from_room")
    if not isinstance(room, dict):
        raise rules.refuse("from_room")
    child = rules.checked(payload.get("child"), rules.CHILD, "child")
    raw_child = payload["child"]
    family = rules.checked(payload.get("family"), rules.FAMILY, "family")
    family["vulnerability"] = rules.vulnerability(
        payload["family"].get("vulnerability", []), "family.vulnerability"
    )
    caregivers = rules.checked_list(payload.get("caregivers"), rules.CAREGIVER, "caregivers")
    known = {caregiver["id"] for caregiver in caregivers}
    consents = rules.checked_list(payload.get("consents"), rules.CONSENT, "consents")
    for index, consent in enumerate(consents):
        if consent["caregiver"] is not None and consent["caregiver"] not in known:
            raise rules.refuse(f"consents[{index}].caregiver")
        if consent["signer"] is not None and consent["signer"] not in known:
            raise rules.refuse(f"consents[{index}].signer")
    pmpk = rules.checked_list(payload.get("pmpk"), rules.PMPK, "pmpk")
    for index, conclusion in enumerate(pmpk):
        until = conclusion["valid_until"]
        if until is not None and until < conclusion["issued_on"]:
            raise rules.refuse(f"pmpk[{index}].valid_until")
    plans = payload.get("plans")
    if not isinstance(plans, list):
        raise rules.refuse("plans")
    return OpenedTransfer(
        transfer_id=rules.record_id(payload.get("transfer_id"), "transfer_id"),
        made_on=rules.day(required=True)(payload.get("made_on"), "made_on"),
        notes_included=rules.flag(payload.get("notes_included"), "notes_included"),
        from_room_id=rules.record_id(room.get("id"), "from_room.id"),
        from_school=rules.text(200, required=True)(room.get("school_name"), "from_room"),
        from_room=rules.text(200, required=True)(room.get("room_name"), "from_room"),
        child=child,
        sen_categories=rules.sen_codes(raw_child.get("sen_categories", []), "child"),
        family=family,
        caregivers=caregivers,
        pmpk=pmpk,
        plans=[_plan(plan, f"plans[{index}]") for index, plan in enumerate(plans)],
        consents=consents,
        sessions=rules.checked_list(payload.get("sessions"), rules.SESSION, "sessions"),
    )


def open_transfer(data: bytes, passphrase: str) -> OpenedTransfer:
    """The transfer file `data` opened with `passphrase` and checked.

    `TransferPassphraseError` for a wrong passphrase, `TransferDamagedError` for a file
    that is damaged, cut short, changed or holds a value caseroom cannot take in."""
    return _opened(open_sealed(data, passphrase))


def find_duplicates(session: Session, *, actor: Actor, opened: OpenedTransfer) -> list[Duplicate]:
    """Children here with the same IIN, or the same names and birth date (IIN first)."""
    require(actor, Permission.VIEW_RECORDS)
    child = opened.child
    names = (fold_name(child["last_name"]), fold_name(child["first_name"]))
    condition = col(Child.birth_date) == child["birth_date"]
    if child["iin"] is not None:
        condition = or_(condition, col(Child.iin) == child["iin"])
    found = []
    for row in session.execute(select(Child).where(condition)).scalars():
        same_iin = child["iin"] is not None and row.iin == child["iin"]
        same_name = (fold_name(row.last_name), fold_name(row.first_name)) == names
        if not (same_iin or (same_name and row.birth_date == child["birth_date"])):
            continue
        found.append(
            Duplicate(
                child_id=row.id,
                case_number=row.case_number,
                full_name=full_name(row.last_name, row.first_name, row.patronymic),
                birth_date=row.birth_date,
                same_iin=same_iin,
                status=row.status,
            )
        )
    return sorted(found, key=lambda item: (not item.same_iin, item.case_number))


def imported_before(session: Session, transfer_id: uuid.UUID) -> date | None:
    """The day this transfer file was already taken in here, or None."""
    at = session.execute(
        select(col(AuditEvent.at))
        .where(
            col(AuditEvent.action) == "import",
            col(AuditEvent.entity) == "transfer",
            col(AuditEvent.entity_id) == transfer_id,
        )
        .limit(1)
    ).scalar()
    return at.date() if at is not None else None
