"""Conflicts kept at the centre, and the centre's own corrections of a record.

A conflict is one field of one record on which two sources disagree: which value is kept
(and from where) and the other value (and from where); nothing is decided for a person.
A correction made at the centre replaces a field's value (the room's value goes to
history) and from then on a room's different value for it is a conflict.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, RowMapping, select

from caseroom.centre import schema
from caseroom.centre.field_values import checked_value
from caseroom.centre.setup import now
from caseroom.errors import UserError
from caseroom.i18n import _


@dataclass(frozen=True, slots=True)
class Conflict:
    """One field two sources disagree on."""

    id: int
    period: str
    record_id: uuid.UUID
    field: str
    kept_value: Any
    kept_source: str
    other_value: Any
    other_source: str


def open_conflicts(connection: Connection, *, period: str | None = None) -> list[Conflict]:
    """The conflicts no one has decided yet, oldest first."""
    table = schema.conflict
    query = select(table).where(table.c.resolved_at.is_(None)).order_by(table.c.id)
    if period is not None:
        query = query.where(table.c.period == period)
    return [
        Conflict(
            row.id,
            row.period,
            row.record_id,
            row.field,
            row.kept_value,
            row.kept_source,
            row.other_value,
            row.other_source,
        )
        for row in connection.execute(query)
    ]


def correct_record(
    connection: Connection, *, period: str, record_id: uuid.UUID, field: str, value: Any
) -> None:
    """Correct one field of a record at the centre (its earlier value kept in history).

    The value must fit the field as a bundle would carry it (`field_values.checked_value`:
    a text holds no control character); a `UserError` otherwise, and nothing is written."""
    value = checked_value(field, value)
    table = schema.child
    row = held_record(connection, period, record_id)
    at = now()
    connection.execute(
        schema.correction.insert().values(
            period=period, record_id=record_id, field=field, value=value, made_at=at
        )
    )
    connection.execute(
        schema.child_history.insert().values(
            period=period,
            record_id=record_id,
            room_id=row["room_id"],
            bundle_id=row["bundle_id"],
            old_values={field: row[field]},
            replaced_by=uuid.UUID(int=0),
            replaced_at=at,
        )
    )
    connection.execute(
        table.update()
        .where(table.c.period == period, table.c.record_id == record_id)
        .values({field: value})
    )


def record_history(
    connection: Connection, *, period: str, record_id: uuid.UUID
) -> list[dict[str, Any]]:
    """The values a record had before, oldest first."""
    table = schema.child_history
    return [
        dict(row)
        for row in connection.execute(
            select(table.c.bundle_id, table.c.old_values, table.c.replaced_by)
            .where(table.c.period == period, table.c.record_id == record_id)
            .order_by(table.c.id)
        ).mappings()
    ]


def held_record(connection: Connection, period: str, record_id: uuid.UUID | str) -> RowMapping:
    """The centre's row of one record in `period`; a translated refusal when there is none."""
    table = schema.child
    row = (
        connection.execute(
            select(table).where(table.c.period == period, table.c.record_id == record_id)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise UserError(_("The centre holds no such record for {period}").format(period=period))
    return row
