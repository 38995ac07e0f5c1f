"""Apply an accepted bundle: the room's newer values win over its own earlier ones (which
go to history); where another source holds the record (another room, or a correction made
at the centre) the disagreeing fields are kept as conflicts, never overwritten.

`apply_bundle` only reads and works out the changes; `Applied.write` writes them in bulk
(executemany), after the import itself is recorded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select

from caseroom.bundles.room_bundle import Manifest
from caseroom.centre import schema
from caseroom.centre.payload import (
    checked_children,
    checked_period,
    checked_period_name,
    checked_quarters,
    checked_room_name,
)
from caseroom.centre.setup import now
from caseroom.i18n import _

_CHUNK = 500
CENTRE_CORRECTION = "centre"
"""The source name of a correction made at the centre."""


@dataclass
class Applied:
    """The changes one bundle makes, worked out before any is written."""

    bundle_id: uuid.UUID
    school_name: str | None
    period_row: dict[str, Any]
    period_replaced: dict[str, Any] | None
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def added(self) -> int:
        """Records new to the centre."""
        return len(self.inserts)

    @property
    def updated(self) -> int:
        """Records whose values changed."""
        return len(self.updates)

    @property
    def conflicts(self) -> int:
        """Fields kept as conflicts."""
        return len(self.conflict_rows)

    def write(self, connection: Connection) -> None:
        """Write the changes (the `bundle_import` row is already there)."""
        table = schema.room_period
        if self.period_replaced is not None:
            connection.execute(schema.room_period_history.insert(), [self.period_replaced])
            connection.execute(
                table.update()
                .where(
                    and_(
                        table.c.room_id == bindparam("k_room"),
                        table.c.period == bindparam("k_period"),
                    )
                )
                .values(
                    {k: bindparam(k) for k in self.period_row if k not in ("room_id", "period")}
                ),
                [
                    {
                        **self.period_row,
                        "k_room": self.period_row["room_id"],
                        "k_period": self.period_row["period"],
                    }
                ],
            )
        else:
            connection.execute(table.insert(), [self.period_row])
        child = schema.child
        if self.inserts:
            connection.execute(child.insert(), self.inserts)
        if self.history:
            connection.execute(schema.child_history.insert(), self.history)
        if self.updates:
            columns = ("bundle_id", *schema.CHILD_FIELDS)
            connection.execute(
                child.update()
                .where(
                    and_(
                        child.c.period == bindparam("k_period"),
                        child.c.record_id == bindparam("k_record"),
                    )
                )
                .values({name: bindparam(name) for name in columns}),
                self.updates,
            )
        if self.conflict_rows:
            connection.execute(schema.conflict.insert(), self.conflict_rows)


def _source(school: str, bundle_id: uuid.UUID) -> str:
    return _("{school}, bundle {bundle}").format(school=school, bundle=str(bundle_id)[:8])[:200]


def _existing(connection: Connection, period: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    found: dict[uuid.UUID, Any] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in connection.execute(
            select(schema.child).where(
                schema.child.c.period == period, schema.child.c.record_id.in_(chunk)
            )
        ).mappings():
            found[row["record_id"]] = dict(row)
    return found


def _corrections(connection: Connection, period: str, ids: set[uuid.UUID]) -> dict[Any, Any]:
    table = schema.correction
    rows = connection.execute(
        select(table.c.record_id, table.c.field, table.c.value)
        .where(table.c.period == period, table.c.withdrawn_at.is_(None))
        .order_by(table.c.id)
    ).all()
    return {(row.record_id, row.field): row.value for row in rows if row.record_id in ids}


def _known_conflicts(connection: Connection, period: str) -> set[tuple[Any, ...]]:
    """The disagreements listed already: open ones, and decided ones (a value a person
    decided against does not come back when the same room sends it again)."""
    table = schema.conflict
    rows = connection.execute(
        select(
            table.c.record_id,
            table.c.field,
            table.c.other_source,
            table.c.other_value,
            table.c.kept_source,
            table.c.kept_value,
            table.c.resolution,
        ).where(table.c.period == period)
    ).all()
    known = {
        (row.record_id, row.field, row.other_source.split(",")[0], repr(row.other_value))
        for row in rows
    }
    known |= {
        (row.record_id, row.field, row.kept_source.split(",")[0], repr(row.kept_value))
        for row in rows
        if row.resolution in ("other", "value")
    }
    return known


def apply_bundle(
    connection: Connection, manifest: Manifest, payload: dict[str, Any], *, school: str
) -> Applied:
    """Work out what `payload` (from the room `manifest.room_id`) changes."""
    starts_on, ends_on = checked_period(payload)
    quarters = checked_quarters(payload)
    school_name = checked_room_name(payload) or school
    children = checked_children(payload, identified=manifest.identified)
    period = checked_period_name(manifest.period)
    room_id, bundle_id, at = manifest.room_id, manifest.bundle_id, now()
    period_row = {
        "room_id": room_id,
        "period": period,
        "bundle_id": bundle_id,
        "school_name": school_name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "quarters": quarters,
        "updated_at": at,
    }
    table = schema.room_period
    old = connection.execute(
        select(table.c.bundle_id, table.c.quarters).where(
            table.c.room_id == room_id, table.c.period == period
        )
    ).first()
    replaced = (
        None
        if old is None
        else {
            "room_id": room_id,
            "period": period,
            "bundle_id": old.bundle_id,
            "quarters": old.quarters,
            "replaced_at": at,
            "replaced_by": bundle_id,
        }
    )
    applied = Applied(bundle_id, school_name, period_row, replaced)
    existing = _existing(connection, period, [row["record_id"] for row in children])
    corrections = _corrections(connection, period, set(existing)) if existing else {}
    open_conflicts = _known_conflicts(connection, period) if existing else set()
    this_source = _source(school_name, bundle_id)

    def conflict(record_id: uuid.UUID, name: str, kept: Any, kept_source: str, other: Any) -> None:
        key = (record_id, name, this_source.split(",")[0], repr(other))
        if key in open_conflicts:
            return  # the same disagreement is listed (or decided) already
        open_conflicts.add(key)
        applied.conflict_rows.append(
            {
                "period": period,
                "record_id": record_id,
                "field": name,
                "kept_value": kept,
                "kept_source": kept_source,
                "other_value": other,
                "other_source": this_source,
                "bundle_id": bundle_id,
                "noted_at": at,
            }
        )

    for incoming in children:
        record_id = incoming["record_id"]
        held = existing.get(record_id)
        if held is None:
            applied.inserts.append(
                {**incoming, "period": period, "room_id": room_id, "bundle_id": bundle_id}
            )
            continue
        differing = [name for name in schema.CHILD_FIELDS if held[name] != incoming[name]]
        if not differing:
            continue
        if held["room_id"] != room_id:  # another room holds this record (a transfer)
            other_school = _holder(connection, held["room_id"])
            for name in differing:
                conflict(
                    record_id,
                    name,
                    held[name],
                    _source(other_school, held["bundle_id"]),
                    incoming[name],
                )
            continue
        new_values = dict(held)
        changed: dict[str, Any] = {}
        for name in differing:
            if (record_id, name) in corrections:
                conflict(record_id, name, held[name], CENTRE_CORRECTION, incoming[name])
            else:
                changed[name] = held[name]
                new_values[name] = incoming[name]
        if changed:
            applied.history.append(
                {
                    "period": period,
                    "record_id": record_id,
                    "room_id": room_id,
                    "bundle_id": held["bundle_id"],
                    "old_values": changed,
                    "replaced_by": bundle_id,
                    "replaced_at": at,
                }
            )
            applied.updates.append(
                {
                    **{name: new_values[name] for name in schema.CHILD_FIELDS},
                    "bundle_id": bundle_id,
                    "k_period": period,
                    "k_record": record_id,
                }
            )
    return applied


def _holder(connection: Connection, room_id: uuid.UUID) -> str:
    name = connection.execute(
        select(schema.room.c.school_name).where(schema.room.c.id == room_id)
    ).scalar()
    return str(name or room_id)
