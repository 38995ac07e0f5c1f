"""Tables: a room's signing keys, the centre it trusts, and the bundles and transfers it made.

The room's Ed25519 private key lives in the room's own database, beside the records it
vouches for: on an encrypted database (SQLCipher) it is encrypted with them, and a
backup carries it, so a restored room goes on signing the same chain. A key or a trusted
centre that was replaced is archived (`archived_at`), never deleted.
"""

import uuid
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, String
from sqlmodel import Field

from caseroom.db.record import CODE, Record


class ExchangeKey(Record, table=True):
    """The room's signing key pair for its bundles (one not archived at a time)."""

    __tablename__ = "exchange_key"

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    private_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    public_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class TrustedCentre(Record, table=True):
    """A centre's public key the room encrypts its bundles to (one not archived at a time)."""

    __tablename__ = "trusted_centre"

    centre_id: uuid.UUID
    name: str = Field(max_length=200)
    public_key: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    fingerprint: str = Field(sa_type=String(CODE))


class BundleMade(Record, table=True):
    """A bundle the room wrote for the centre: its id is the bundle id; the chain by
    `previous_bundle_id`."""

    __tablename__ = "bundle_made"

    period: str = Field(max_length=60)
    previous_bundle_id: uuid.UUID | None = None
    centre_fingerprint: str = Field(sa_type=String(CODE))
    identified: bool = Field(default=False)
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    made_by: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
