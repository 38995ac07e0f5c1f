"""The centre's key pair and the rooms it knows.

`init_centre` makes the centre (its tables, its name, an X25519 key pair whose private key
is sealed under the centre's passphrase); `centre_public_key` is the file rooms trust;
`centre_private_key` opens the private key to read bundles; `add_room` registers a room's
public key file (again with the same key: nothing changes; with another key: refused, so a
room's key is never replaced silently).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from caseroom.bundles.keys import (
    CENTRE,
    ROOM,
    KeyFileError,
    PublicKeyFile,
    fingerprint,
    new_encryption_key,
    open_private_key,
    passphrase_problem,
    read_public_key_file,
    seal_private_key,
)
from caseroom.centre import schema
from caseroom.centre.database import current_revision, migrate
from caseroom.centre.field_values import fits_text
from caseroom.errors import UserError
from caseroom.i18n import _


def now() -> datetime:
    """The time now, in UTC."""
    return datetime.now(UTC)


NAME_MAX = 200
"""The longest name the centre stores: its own, a room's school, room, locality, region."""


@dataclass(frozen=True, slots=True)
class Centre:
    """The centre's name and public key."""

    id: uuid.UUID
    name: str
    public_key: bytes

    @property
    def fingerprint(self) -> str:
        """The public key's fingerprint."""
        return fingerprint(self.public_key)


def init_centre(connection: Connection, *, name: str, passphrase: str) -> Centre:
    """Make the centre's tables and key pair; `UserError` if this database already is one."""
    name = name.strip()
    if not name:
        raise UserError(_("Give the centre a name."))
    if not fits_text(name, NAME_MAX):
        raise UserError(
            _(
                "A centre's name is one line of at most {limit} characters, "
                "with no control characters."
            ).format(limit=NAME_MAX)
        )
    problem = passphrase_problem(passphrase)
    if problem:
        raise UserError(problem)
    if (
        current_revision(connection) is not None
        and connection.execute(select(schema.identity.c.id)).first()
    ):
        raise UserError(_("This database already holds a centre: nothing was changed."))
    migrate(connection)
    private, public = new_encryption_key()
    centre = Centre(uuid.uuid4(), name, public)
    connection.execute(
        schema.identity.insert().values(
            id=centre.id,
            name=centre.name,
            public_key=public,
            sealed_private_key=seal_private_key(private, passphrase),
            created_at=now(),
        )
    )
    return centre


def _identity_row(connection: Connection) -> dict[str, Any]:
    row = (
        connection.execute(select(schema.identity).where(schema.identity.c.archived_at.is_(None)))
        .mappings()
        .first()
    )
    if row is None:
        raise UserError(_("This centre database has no key: run caseroom centre init."))
    return dict(row)


def the_centre(connection: Connection) -> Centre:
    """The centre's name and public key."""
    row = _identity_row(connection)
    return Centre(row["id"], str(row["name"]), bytes(row["public_key"]))


def centre_public_key(connection: Connection) -> PublicKeyFile:
    """The centre's public key file, for rooms to trust."""
    centre = the_centre(connection)
    return PublicKeyFile(CENTRE, centre.id, centre.name, centre.public_key)


def centre_private_key(connection: Connection, passphrase: str) -> bytes:
    """The centre's private key; `WrongPassphraseError` for a wrong passphrase."""
    row = _identity_row(connection)
    return open_private_key(row["sealed_private_key"], passphrase)


@dataclass(frozen=True, slots=True)
class RoomAdded:
    """A room registered (or found already registered)."""

    room: PublicKeyFile
    already: bool


def add_room(connection: Connection, key_file: bytes) -> RoomAdded:
    """Register the room whose public key file is `key_file`."""
    room = read_public_key_file(key_file, kind=ROOM)
    names = {"school_name": room.extra.get("school_name") or room.name, **room.extra}
    if not all(fits_text(value, NAME_MAX) for value in names.values() if value is not None):
        raise KeyFileError(_("This is not a caseroom room's public key file."))
    table = schema.room
    row = connection.execute(select(table).where(table.c.id == room.id)).mappings().first()
    if row is not None:
        if bytes(row["public_key"]) != room.key:
            raise UserError(
                _(
                    "The room {school} is already registered with another key ({old}; this "
                    "file has {new}): nothing was changed."
                ).format(school=row["school_name"], old=row["fingerprint"], new=room.fingerprint)
            )
        return RoomAdded(room, already=True)
    connection.execute(
        table.insert().values(
            id=room.id,
            school_name=names["school_name"],
            room_name=room.extra.get("room_name"),
            locality=room.extra.get("locality"),
            region=room.extra.get("region"),
            public_key=room.key,
            fingerprint=room.fingerprint,
            added_at=now(),
        )
    )
    return RoomAdded(room, already=False)
