"""The support room itself: the school it serves, its name and its default language.

A database normally holds one room (the one that is not archived). Everything else that
needs "the room" asks `require_room`, which tells the person to set it up first.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Room
from caseroom.errors import NotFoundError, UserError
from caseroom.i18n import LANGUAGES, _
from caseroom.services.common import Actor, Problems, audit, checked_text, touch
from caseroom.services.permissions import Permission, require

NAME_LIMIT = 200
"""Longest school, room, locality or region name accepted (the column width)."""


@dataclass(frozen=True, slots=True)
class RoomRead:
    """The room as screens and reports see it."""

    id: uuid.UUID
    school_name: str
    room_name: str
    locality: str | None
    region: str | None
    default_language: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class _RoomFields:
    school_name: str
    room_name: str
    locality: str | None
    region: str | None
    default_language: str


def _validate(
    *,
    school_name: str | None,
    room_name: str | None,
    locality: str | None,
    region: str | None,
    default_language: str,
) -> _RoomFields:
    problems = Problems()
    school = checked_text(
        problems,
        "school_name",
        school_name,
        limit=NAME_LIMIT,
        too_long=_("The school name is too long (at most {limit} characters)"),
        missing=_("Enter the name of the school"),
    )
    room = checked_text(
        problems,
        "room_name",
        room_name,
        limit=NAME_LIMIT,
        too_long=_("The room name is too long (at most {limit} characters)"),
        missing=_("Enter the name of the room"),
    )
    place = checked_text(
        problems,
        "locality",
        locality,
        limit=NAME_LIMIT,
        too_long=_("The locality is too long (at most {limit} characters)"),
    )
    area = checked_text(
        problems,
        "region",
        region,
        limit=NAME_LIMIT,
        too_long=_("The region is too long (at most {limit} characters)"),
    )
    if default_language not in LANGUAGES:
        problems.add(
            "default_language",
            _("Unknown language “{code}”: choose kk, ru or en").format(code=default_language),
        )
    problems.raise_if_any()
    assert school is not None and room is not None  # guaranteed by the checks above
    return _RoomFields(school, room, place, area, default_language)


def _read(record: Room) -> RoomRead:
    return RoomRead(
        id=record.id,
        school_name=record.school_name,
        room_name=record.room_name,
        locality=record.locality,
        region=record.region,
        default_language=record.default_language,
        created_at=record.created_at,
        updated_at=record.updated_at,
    )


def create_room(
    session: Session,
    *,
    actor: Actor,
    school_name: str,
    room_name: str,
    locality: str | None = None,
    region: str | None = None,
    default_language: str = "ru",
) -> RoomRead:
    """Set up the database's room. Refused when the database already has one."""
    require(actor, Permission.MANAGE_ROOM)
    fields = _validate(
        school_name=school_name,
        room_name=room_name,
        locality=locality,
        region=region,
        default_language=default_language,
    )
    if get_room(session) is not None:
        raise UserError(_("This database already has a room; edit it instead"))
    record = Room(
        school_name=fields.school_name,
        room_name=fields.room_name,
        locality=fields.locality,
        region=fields.region,
        default_language=fields.default_language,
    )
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="room",
        entity_id=record.id,
        details={"default_language": fields.default_language},
    )
    return _read(record)


def update_room(
    session: Session,
    *,
    actor: Actor,
    room_id: uuid.UUID,
    school_name: str,
    room_name: str,
    locality: str | None,
    region: str | None,
    default_language: str,
) -> RoomRead:
    """Replace the room's details with these (every field is given, as a form sends them)."""
    require(actor, Permission.MANAGE_ROOM)
    record = session.get(Room, room_id)
    if record is None or record.archived_at is not None:
        raise NotFoundError(_("The room was not found"))
    fields = _validate(
        school_name=school_name,
        room_name=room_name,
        locality=locality,
        region=region,
        default_language=default_language,
    )
    changed = [
        name
        for name in ("school_name", "room_name", "locality", "region", "default_language")
        if getattr(record, name) != getattr(fields, name)
    ]
    if changed:
        for name in changed:
            setattr(record, name, getattr(fields, name))
        touch(record)
        session.add(record)
        session.flush()
        audit(
            session,
            actor=actor,
            action="update",
            entity="room",
            entity_id=record.id,
            details={"fields": changed},
        )
    return _read(record)


def get_room(session: Session) -> RoomRead | None:
    """The database's room (the earliest one not archived), or None before set-up."""
    row = session.execute(
        select(
            col(Room.id),
            col(Room.school_name),
            col(Room.room_name),
            col(Room.locality),
            col(Room.region),
            col(Room.default_language),
            col(Room.created_at),
            col(Room.updated_at),
        )
        .where(col(Room.archived_at).is_(None))
        .order_by(col(Room.created_at), col(Room.id))
        .limit(1)
    ).first()
    return None if row is None else RoomRead(*row)


def require_room(session: Session) -> RoomRead:
    """The database's room, or a `UserError` asking the person to set it up first."""
    found = get_room(session)
    if found is None:
        raise UserError(_("Set up the room first: the school and the room's name"))
    return found
