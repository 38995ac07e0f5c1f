"""Writing an import's records in bulk: the rows of each table as dictionaries, inserted
with the driver's `executemany` (a few thousand at a time; `bulk`) in the caller's transaction.

The records are those `create_family`, `create_caregiver`, `create_child` and
`add_conclusion` would make, column for column (search and sort keys, a conclusion's
default term), and each gets the audit event those services write, chained onto the audit
trail in order. A phone that changed is an update of the caregiver, audited as
`update_caregiver` audits it. The caller commits or rolls back: nothing here commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, bindparam, update
from sqlmodel import Session

from caseroom.db.audit_chain import chain_head, digest_of, id_text, time_text
from caseroom.db.models import metadata
from caseroom.names import fold_name, sort_key
from caseroom.services.common import Actor
from caseroom.services.importing.bulk import insert_rows
from caseroom.services.importing.match import fold
from caseroom.services.importing.rows import CaregiverPart, ChildPart
from caseroom.services.plans.pmpk import default_valid_until
from caseroom.vocab import ChildStatus

CHUNK = 2000
"""Rows per `executemany`; progress is told after each."""
WRITING = "writing"

Record = dict[str, Any]


@dataclass
class Records:
    """Everything an import writes, in the order it is written."""

    families: list[Record] = field(default_factory=list)
    caregivers: list[Record] = field(default_factory=list)
    children: list[Record] = field(default_factory=list)
    sen_links: list[Record] = field(default_factory=list)
    conclusions: list[Record] = field(default_factory=list)
    phones: list[Record] = field(default_factory=list)
    events: list[tuple[str, str, uuid.UUID, dict[str, Any]]] = field(default_factory=list)
    """(action, entity, record id, details) of each record's audit event."""

    def size(self) -> int:
        """How many rows writing these records inserts or updates."""
        return (
            len(self.families) + len(self.caregivers) + len(self.children)
            + len(self.sen_links) + len(self.conclusions) + len(self.phones)
            + len(self.events)
        )  # fmt: skip


def search_key(*names: str | None, unique: tuple[str | None, ...] = ()) -> str:
    """`caseroom.names.search_key` of `names` then `unique` (a case number, an IIN: folded
    without being remembered)."""
    parts = [fold(name) for name in names if name]
    parts += [fold_name(part) for part in unique if part]
    return " ".join(part for part in parts if part)


def _base(now: datetime) -> Record:
    return {"id": uuid.uuid4(), "created_at": now, "updated_at": now, "archived_at": None}


def add_family(
    records: Records,
    now: datetime,
    room_id: uuid.UUID,
    name: str,
    fields: dict[str, Any],
) -> uuid.UUID:
    """A new family (`fields`: address, locality, home_language, children_count)."""
    record = {
        **_base(now),
        "room_id": room_id,
        "display_name": name,
        **fields,
        "vulnerability": [],
        "notes": None,
        "search_key": search_key(name),
        "sort_name": sort_key(name),
    }
    records.families.append(record)
    details = {"vulnerability": [], "children_count": fields["children_count"]}
    records.events.append(("create", "family", record["id"], details))
    family_id: uuid.UUID = record["id"]
    return family_id


def add_caregiver(
    records: Records, now: datetime, family_id: uuid.UUID, part: CaregiverPart
) -> uuid.UUID:
    """A new caregiver of a family."""
    names = (part.last_name, part.first_name, part.patronymic)
    record = {
        **_base(now),
        "family_id": family_id,
        "last_name": part.last_name,
        "first_name": part.first_name,
        "patronymic": part.patronymic,
        "relation": part.relation,
        "phone": part.phone,
        "is_legal_representative": True,
        "language": None,
        "notes": None,
        "search_key": search_key(*names),
        "sort_name": sort_key(*names),
    }
    records.caregivers.append(record)
    details = {"family_id": str(family_id), "relation": part.relation}
    records.events.append(("create", "caregiver", record["id"], details))
    caregiver_id: uuid.UUID = record["id"]
    return caregiver_id


def change_phone(
    records: Records,
    now: datetime,
    caregiver: tuple[uuid.UUID, uuid.UUID, str],
    phone: str,
) -> None:
    """A known caregiver's new phone (`caregiver`: id, family id, relation)."""
    caregiver_id, family_id, relation = caregiver
    records.phones.append({"caregiver_id": caregiver_id, "new_phone": phone, "stamp": now})
    details = {"family_id": str(family_id), "relation": relation}
    records.events.append(("update", "caregiver", caregiver_id, details))


def add_child(
    records: Records,
    now: datetime,
    place: tuple[uuid.UUID, uuid.UUID, str],
    part: ChildPart,
    home_language: str | None,
    today: date,
) -> uuid.UUID:
    """A new child (`place`: room, family, case number) with SEN links and conclusion."""
    room_id, family_id, case = place
    names = (part.last_name, part.first_name, part.patronymic)
    record = {
        **_base(now),
        "room_id": room_id,
        "family_id": family_id,
        "case_number": case,
        "last_name": part.last_name,
        "first_name": part.first_name,
        "patronymic": part.patronymic,
        "birth_date": part.birth_date,
        "sex": part.sex,
        "iin": part.iin,
        "school": part.school,
        "grade": part.grade,
        "class_letter": part.class_letter,
        "home_language": home_language,
        "enrolled_on": today,
        "left_on": None,
        "status": ChildStatus.ACTIVE.value,
        "notes": None,
        "search_key": search_key(*names, unique=(case, part.iin)),
        "sort_name": sort_key(*names),
        "last_session_on": None,
        "sessions_attended": 0,
    }
    child_id: uuid.UUID = record["id"]
    records.children.append(record)
    records.sen_links.extend(
        {"child_id": child_id, "category_code": code} for code in part.sen_categories
    )
    details = {
        "family_id": str(family_id),
        "status": record["status"],
        "grade": part.grade,
        "sen_categories": list(part.sen_categories),
        "specialist_ids": [],
    }
    records.events.append(("create", "child", child_id, details))
    return child_id


def add_conclusion(
    records: Records, now: datetime, child_id: uuid.UUID, issued: date, number: str
) -> None:
    """A child's PMPK conclusion, valid for the default term."""
    record = {
        **_base(now),
        "child_id": child_id,
        "issued_on": issued,
        "number": number,
        "recommendations": None,
        "valid_until": default_valid_until(issued),
    }
    records.conclusions.append(record)
    records.events.append(("create", "pmpk_conclusion", record["id"], {"child_id": str(child_id)}))


def _events(session: Session, records: Records, actor: Actor, now: datetime) -> list[Record]:
    """The audit events of `records`, each placed and chained after the trail's head."""
    seq, previous = chain_head(session)
    at_text, actor_text = time_text(now), id_text(actor.staff_id)
    rows: list[Record] = []
    for action, entity, entity_id, details in records.events:
        seq += 1
        previous = digest_of(
            previous, seq, at_text, actor_text, action, entity, entity_id.hex, details
        )
        rows.append(
            {
                "id": uuid.uuid4(), "at": now, "actor_id": actor.staff_id, "action": action,
                "entity": entity, "entity_id": entity_id, "details": details, "seq": seq,
                "chain": previous,
            }
        )  # fmt: skip
    return rows


def write_records(
    session: Session,
    records: Records,
    *,
    actor: Actor,
    now: datetime,
    progress: Callable[[str, int, int], None] | None = None,
) -> None:
    """Insert (and update) everything in `records` within the session's transaction."""
    tables = metadata.tables
    caregiver: Table = tables["caregiver"]
    phone_update = (
        update(caregiver)
        .where(caregiver.c.id == bindparam("caregiver_id"))
        .values(phone=bindparam("new_phone"), updated_at=bindparam("stamp"))
    )
    steps: list[tuple[Table | Any, list[Record] | None]] = [
        (tables["family"], records.families),
        (caregiver, records.caregivers),
        (tables["child"], records.children),
        (tables["child_sen_category"], records.sen_links),
        (tables["pmpk_conclusion"], records.conclusions),
        (phone_update, records.phones),
        (tables["audit_event"], None),
    ]
    total, done = records.size(), 0
    connection = session.connection()
    for target, rows in steps:
        if rows is None:
            rows = _events(session, records, actor, now)
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if isinstance(target, Table):
                insert_rows(connection, target, chunk)
            else:
                connection.execute(target, chunk)
            done += len(chunk)
            if progress is not None:
                progress(WRITING, done, total)
