"""A room's keys for its bundles: the centre it trusts and its own signing key.

`trust_centre` stores the centre's public key (replacing an older one, which is archived)
and gives the room its signing key the first time; `room_public_key` is the file the
centre registers the room with. Both need the room-management permission and are audited.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from caseroom.bundles.keys import (
    CENTRE,
    ROOM,
    KeyFileError,
    PublicKeyFile,
    new_signing_key,
    read_public_key_file,
)
from caseroom.db.models import Room
from caseroom.db.models_exchange import ExchangeKey, TrustedCentre
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, archive, audit, checked_text
from caseroom.services.permissions import Permission, require

CENTRE_NAME_MAX = 200
"""The longest centre name a room keeps from a centre's key file."""


def the_room(session: Session) -> Room:
    """The room this database keeps; `UserError` when it has none yet."""
    room = session.exec(select(Room).where(col(Room.archived_at).is_(None))).first()
    if room is None:
        raise UserError(_("This database has no room yet: run caseroom setup first."))
    return room


def signing_key(session: Session) -> ExchangeKey | None:
    """The room's current signing key, if it has one."""
    return session.exec(select(ExchangeKey).where(col(ExchangeKey.archived_at).is_(None))).first()


def trusted_centre(session: Session) -> TrustedCentre | None:
    """The centre the room currently trusts, if any."""
    return session.exec(
        select(TrustedCentre).where(col(TrustedCentre.archived_at).is_(None))
    ).first()


def _ensure_signing_key(session: Session, room: Room) -> ExchangeKey:
    key = signing_key(session)
    if key is None:
        private, public = new_signing_key()
        key = ExchangeKey(room_id=room.id, private_key=private, public_key=public)
        session.add(key)
        session.flush()
    return key


def trust_centre(session: Session, *, actor: Actor, key_file: bytes) -> TrustedCentre:
    """Trust the centre whose public key file is `key_file` (the caller commits)."""
    require(actor, Permission.MANAGE_ROOM)
    centre = read_public_key_file(key_file, kind=CENTRE)
    problems = Problems()  # the one rule for stored text, for the name the room keeps
    name = checked_text(problems, "name", centre.name, limit=CENTRE_NAME_MAX, missing="")
    if problems or name is None:
        raise KeyFileError(_("This is not a caseroom centre's public key file."))
    room = the_room(session)
    current = trusted_centre(session)
    if current is not None and current.public_key == centre.key:
        _ensure_signing_key(session, room)
        return current
    if current is not None:
        archive(current)
    trusted = TrustedCentre(
        centre_id=centre.id,
        name=name,
        public_key=centre.key,
        fingerprint=centre.fingerprint,
    )
    session.add(trusted)
    _ensure_signing_key(session, room)
    audit(
        session,
        actor=actor,
        action="trust",
        entity="centre",
        entity_id=centre.id,
        details={"fingerprint": centre.fingerprint},
    )
    return trusted


def room_public_key(session: Session, *, actor: Actor) -> PublicKeyFile:
    """The room's public key file (making the signing key if there is none yet)."""
    require(actor, Permission.MANAGE_ROOM)
    room = the_room(session)
    key = _ensure_signing_key(session, room)
    extra = {
        name: value
        for name, value in (
            ("school_name", room.school_name),
            ("room_name", room.room_name),
            ("locality", room.locality),
            ("region", room.region),
        )
        if value
    }
    return PublicKeyFile(ROOM, room.id, room.school_name, key.public_key, extra)
