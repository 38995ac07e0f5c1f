"""Import room bundles at the centre: verified, chained, recorded, never silently lossy.

Each bundle is checked before anything is written: its structure, that its room is
registered, its signature against that room's key, that it was sealed to this centre's
key, its payload. Then its place in the room's chain: the same bundle again changes
nothing (`already`); one that is older than one imported, or whose previous bundle was
never imported (a gap), is refused whole. An accepted bundle is recorded in
`bundle_import` and applied in the same transaction by `caseroom.centre.apply`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from caseroom.bundles.room_bundle import (
    BundleDamagedError,
    BundleError,
    Envelope,
    open_payload,
    read_envelope,
    verify_signature,
)
from caseroom.centre import schema
from caseroom.centre.apply import apply_bundle
from caseroom.centre.setup import now
from caseroom.i18n import _


class UnknownRoomError(BundleError):
    """The bundle comes from a room this centre has not registered."""


class BundleOrderError(BundleError):
    """The bundle is older than one imported, or the bundle before it is missing."""


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What importing one bundle did."""

    bundle_id: uuid.UUID
    room_id: uuid.UUID
    school_name: str
    period: str
    already: bool
    added: int = 0
    updated: int = 0
    conflicts: int = 0


def _room(connection: Connection, envelope: Envelope) -> dict[str, Any]:
    row = (
        connection.execute(select(schema.room).where(schema.room.c.id == envelope.manifest.room_id))
        .mappings()
        .first()
    )
    if row is None:
        raise UnknownRoomError(
            _(
                "The bundle comes from a room this centre does not know (room {room}): "
                "register the room's public key with caseroom centre add-room first. "
                "Nothing was imported."
            ).format(room=envelope.manifest.room_id)
        )
    return dict(row)


def _check_chain(connection: Connection, envelope: Envelope, school: str) -> None:
    manifest = envelope.manifest
    table = schema.bundle_import
    rows = connection.execute(
        select(table.c.bundle_id, table.c.previous_bundle_id, table.c.made_at)
        .where(table.c.room_id == manifest.room_id)
        .order_by(table.c.imported_at.desc(), table.c.made_at.desc())
    ).all()
    if not rows:
        if manifest.previous_bundle_id is not None:
            raise BundleOrderError(_gap(school, manifest.previous_bundle_id))
        return
    last = rows[0]
    if manifest.previous_bundle_id == last.bundle_id:
        return
    known = {row.bundle_id for row in rows}
    if manifest.previous_bundle_id is None or manifest.previous_bundle_id in known:
        raise BundleOrderError(
            _(
                "The bundle from {school} is older than one already imported from that room "
                "(the last is {last}): nothing was imported."
            ).format(school=school, last=last.bundle_id)
        )
    raise BundleOrderError(_gap(school, manifest.previous_bundle_id))


def _gap(school: str, missing: uuid.UUID) -> str:
    return _(
        "The bundle from {school} follows bundle {missing}, which this centre has not "
        "imported: import that one first (or ask the room for it). Nothing was imported."
    ).format(school=school, missing=missing)


def read_bundles(files: list[bytes]) -> list[Envelope]:
    """Read the structure of each file, oldest first (by when it was made)."""
    envelopes = [read_envelope(data) for data in files]
    return sorted(envelopes, key=lambda envelope: envelope.manifest.made_at)


def import_bundle(
    connection: Connection, envelope: Envelope, *, centre_private: bytes
) -> ImportOutcome:
    """Import one bundle in `connection`'s transaction; a `BundleError` writes nothing."""
    manifest = envelope.manifest
    room = _room(connection, envelope)
    verify_signature(envelope, bytes(room["public_key"]))
    payload = open_payload(envelope, centre_private=centre_private)
    school = str(room["school_name"])
    done = connection.execute(
        select(schema.bundle_import.c.digest).where(
            schema.bundle_import.c.bundle_id == manifest.bundle_id
        )
    ).first()
    if done is not None:
        if done.digest != envelope.digest:
            raise BundleDamagedError(
                _("A different bundle with the same id was imported before: nothing was imported.")
            )
        return ImportOutcome(manifest.bundle_id, manifest.room_id, school, manifest.period, True)
    _check_chain(connection, envelope, school)
    applied = apply_bundle(connection, manifest, payload, school=school)
    connection.execute(
        schema.bundle_import.insert().values(
            bundle_id=manifest.bundle_id,
            room_id=manifest.room_id,
            period=manifest.period,
            previous_bundle_id=manifest.previous_bundle_id,
            made_at=manifest.made_at,
            imported_at=now(),
            digest=envelope.digest,
            schema_version=manifest.schema_version,
            identified=manifest.identified,
            counts=dict(manifest.counts),
            records_added=applied.added,
            records_updated=applied.updated,
            conflicts_noted=applied.conflicts,
        )
    )
    applied.write(connection)
    return ImportOutcome(
        manifest.bundle_id,
        manifest.room_id,
        applied.school_name or school,
        manifest.period,
        False,
        applied.added,
        applied.updated,
        applied.conflicts,
    )
