"""A person decides a conflict: keep the value kept, take the other one, or give a value.

Nothing is lost by a decision: the conflict stays with both values and how it was decided
(who, when, `kept` / `other` / `value`); a record's value that a decision replaces goes to
the record's history; every decision is in the centre's audit trail (without the values,
which may be names in an identified bundle).

What a decision means for later bundles:

- `kept` changes nothing; the same room sending the same other value again is not a
  new conflict;
- `other` over a centre correction withdraws the correction: the room's values are taken
  again from then on; `other` over another room's value (a transferred child) is recorded as
  a centre correction, so that room's later bundles cannot undo it silently;
- `value` is a centre correction with the person's own value.
"""

from __future__ import annotations

import getpass
import json
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, select

from caseroom.centre import schema
from caseroom.centre.apply import CENTRE_CORRECTION
from caseroom.centre.conflicts import held_record
from caseroom.centre.field_values import checked_value
from caseroom.centre.setup import now
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Problems, checked_text

CENTRE_DECISION = uuid.UUID(int=0)
"""`replaced_by` of a history row whose value a person's decision replaced (not a bundle)."""


class Keep(StrEnum):
    """What a person decides to keep."""

    KEPT = "kept"
    OTHER = "other"
    VALUE = "value"


@dataclass(frozen=True, slots=True)
class Decision:
    """A conflict decided."""

    conflict_id: int
    field: str
    keep: Keep
    value: Any
    changed: bool


def parse_value(text: str) -> Any:
    """A value typed by a person: JSON (`3`, `"m"`, `["f70"]`, `null`), else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text.strip()


def login_name() -> str:
    """The name of the person logged in to this computer ("" when it cannot be told)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _conflict(connection: Connection, conflict_id: int) -> dict[str, Any]:
    table = schema.conflict
    row = connection.execute(select(table).where(table.c.id == conflict_id)).mappings().first()
    if row is None:
        raise UserError(_("There is no conflict number {number}.").format(number=conflict_id))
    if row["resolved_at"] is not None:
        raise UserError(
            _("Conflict number {number} was decided already, by {person}.").format(
                number=conflict_id, person=row["resolved_by"] or "?"
            )
        )
    return dict(row)


def resolve_conflict(
    connection: Connection, conflict_id: int, *, keep: Keep, by: str, value: Any = None
) -> Decision:
    """Decide conflict `conflict_id` for `keep` (with `value` for `Keep.VALUE`), as `by`."""
    problems = Problems()
    person = checked_text(problems, "by", by[:200], limit=200)
    if problems:
        raise UserError(problems.found["by"])
    if not person:
        raise UserError(_("Say who decides the conflict."))
    item = _conflict(connection, conflict_id)
    field, period, record_id = item["field"], item["period"], item["record_id"]
    if keep is Keep.KEPT:
        chosen = item["kept_value"]
    elif keep is Keep.OTHER:
        chosen = item["other_value"]
    else:
        chosen = checked_value(field, value)
    child = schema.child
    held = held_record(connection, period, record_id)
    at = now()
    changed = held[field] != chosen
    if changed:
        connection.execute(
            schema.child_history.insert().values(
                period=period,
                record_id=record_id,
                room_id=held["room_id"],
                bundle_id=held["bundle_id"],
                old_values={field: held[field]},
                replaced_by=item["bundle_id"] if keep is Keep.OTHER else CENTRE_DECISION,
                replaced_at=at,
            )
        )
        connection.execute(
            child.update()
            .where(child.c.period == period, child.c.record_id == record_id)
            .values({field: chosen})
        )
    _settle_corrections(connection, item, keep, chosen, at)
    connection.execute(
        schema.conflict.update()
        .where(schema.conflict.c.id == conflict_id)
        .values(
            resolved_at=at,
            resolved_by=person,
            resolution=keep.value,
            resolved_value=chosen if keep is Keep.VALUE else None,
        )
    )
    connection.execute(
        schema.audit.insert().values(
            at=at,
            actor=person,
            action="resolve",
            entity="conflict",
            entity_id=str(conflict_id),
            details={
                "period": period,
                "record_id": str(record_id),
                "field": field,
                "keep": keep.value,
                "changed": changed,
            },
        )
    )
    return Decision(conflict_id, field, keep, chosen, changed)


def _settle_corrections(
    connection: Connection, item: dict[str, Any], keep: Keep, chosen: Any, at: Any
) -> None:
    """Withdraw or add the centre correction the decision means (module docstring)."""
    table = schema.correction
    key = (
        table.c.period == item["period"],
        table.c.record_id == item["record_id"],
        table.c.field == item["field"],
        table.c.withdrawn_at.is_(None),
    )
    against_correction = item["kept_source"] == CENTRE_CORRECTION
    if keep is Keep.KEPT:
        return
    if keep is Keep.OTHER and against_correction:
        connection.execute(table.update().where(*key).values(withdrawn_at=at))
        return
    connection.execute(table.update().where(*key).values(withdrawn_at=at))
    connection.execute(
        table.insert().values(
            period=item["period"],
            record_id=item["record_id"],
            field=item["field"],
            value=chosen,
            made_at=at,
        )
    )


def decided_conflicts(
    connection: Connection, *, period: str | None = None, record_id: uuid.UUID | None = None
) -> list[dict[str, Any]]:
    """The conflicts decided, oldest decision first, with both values and the decision."""
    table = schema.conflict
    query = select(table).where(table.c.resolved_at.is_not(None))
    if period is not None:
        query = query.where(table.c.period == period)
    if record_id is not None:
        query = query.where(table.c.record_id == record_id)
    return [
        dict(row)
        for row in connection.execute(query.order_by(table.c.resolved_at, table.c.id)).mappings()
    ]
