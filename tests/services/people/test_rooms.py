"""The room: set-up, editing, finding it, and every validation message."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Room
from caseroom.errors import NotFoundError, UserError, ValidationError
from caseroom.services.common import SYSTEM, Actor, archive
from caseroom.services.people.rooms import create_room, get_room, require_room, update_room


def _events(session: Session) -> list[tuple[str, str, uuid.UUID | None, dict[str, object]]]:
    rows = session.execute(
        select(
            col(AuditEvent.action),
            col(AuditEvent.entity),
            col(AuditEvent.entity_id),
            col(AuditEvent.details),
        )
    ).all()
    return [(row[0], row[1], row[2], row[3]) for row in rows]


def test_create_room_cleans_text_and_audits(session: Session) -> None:
    room = create_room(
        session,
        actor=SYSTEM,
        school_name="  School-lyceum No. 12 ",
        room_name="Support room",
        locality=" ",
        region="Akmola region",
        default_language="kk",
    )
    assert (room.school_name, room.room_name) == ("School-lyceum No. 12", "Support room")
    assert room.locality is None
    assert room.region == "Akmola region"
    assert room.default_language == "kk"
    assert get_room(session) == room
    assert _events(session) == [("create", "room", room.id, {"default_language": "kk"})]


def test_default_language_is_russian(session: Session) -> None:
    room = create_room(session, actor=SYSTEM, school_name="School 3", room_name="Room")
    assert room.default_language == "ru"


@pytest.mark.parametrize(
    ("fields", "field_name", "message"),
    [
        ({"school_name": "  "}, "school_name", "Enter the name of the school"),
        (
            {"school_name": "S" * 201},
            "school_name",
            "The school name is too long (at most 200 characters)",
        ),
        ({"room_name": ""}, "room_name", "Enter the name of the room"),
        (
            {"room_name": "R" * 201},
            "room_name",
            "The room name is too long (at most 200 characters)",
        ),
        (
            {"locality": "L" * 201},
            "locality",
            "The locality is too long (at most 200 characters)",
        ),
        ({"region": "R" * 201}, "region", "The region is too long (at most 200 characters)"),
        (
            {"default_language": "de"},
            "default_language",
            "Unknown language “de”: choose kk, ru or en",
        ),
    ],
)
def test_create_room_validation_messages(
    session: Session, fields: dict[str, str], field_name: str, message: str
) -> None:
    values: dict[str, str] = {"school_name": "School 3", "room_name": "Room"} | fields
    with pytest.raises(ValidationError) as raised:
        create_room(session, actor=SYSTEM, **values)
    assert raised.value.problems == {field_name: message}
    assert get_room(session) is None


def test_names_of_exactly_200_characters_are_accepted(session: Session) -> None:
    room = create_room(session, actor=SYSTEM, school_name="S" * 200, room_name="R" * 200)
    assert len(room.school_name) == 200


def test_all_problems_are_reported_together(session: Session) -> None:
    with pytest.raises(ValidationError) as raised:
        create_room(session, actor=SYSTEM, school_name="", room_name="", default_language="xx")
    assert set(raised.value.problems) == {"school_name", "room_name", "default_language"}


def test_a_second_room_is_refused(session: Session, room: Room) -> None:
    with pytest.raises(UserError, match="This database already has a room; edit it instead"):
        create_room(session, actor=SYSTEM, school_name="Other", room_name="Other")


def test_get_room_and_require_room_before_set_up(session: Session) -> None:
    assert get_room(session) is None
    with pytest.raises(UserError) as raised:
        require_room(session)
    assert str(raised.value) == "Set up the room first: the school and the room's name"


def test_get_room_skips_an_archived_room(session: Session, room: Room) -> None:
    assert require_room(session).id == room.id
    archive(room)
    session.add(room)
    session.flush()
    assert get_room(session) is None


def test_update_room_replaces_fields_and_audits_what_changed(
    session: Session, room: Room, actor: Actor
) -> None:
    updated = update_room(
        session,
        actor=actor,
        room_id=room.id,
        school_name="School-lyceum No. 12",
        room_name="Inclusion support room",
        locality="Kosshy",
        region="Akmola region",
        default_language="kk",
    )
    assert updated.room_name == "Inclusion support room"
    assert updated.region == "Akmola region"
    assert updated.default_language == "kk"
    assert updated.updated_at >= updated.created_at
    assert _events(session) == [
        ("update", "room", room.id, {"fields": ["room_name", "region", "default_language"]})
    ]
    assert require_room(session) == updated


def test_update_without_changes_writes_no_audit(session: Session, room: Room, actor: Actor) -> None:
    same = update_room(
        session,
        actor=actor,
        room_id=room.id,
        school_name=room.school_name,
        room_name=room.room_name,
        locality=room.locality,
        region=None,
        default_language="ru",
    )
    assert same.room_name == "Support room"
    assert _events(session) == []


def test_update_validates_like_create(session: Session, room: Room) -> None:
    with pytest.raises(ValidationError) as raised:
        update_room(
            session,
            actor=SYSTEM,
            room_id=room.id,
            school_name="",
            room_name="Room",
            locality=None,
            region=None,
            default_language="ru",
        )
    assert raised.value.problems == {"school_name": "Enter the name of the school"}
    assert session.get(Room, room.id) is not None
    assert room.school_name == "School-lyceum No. 12"


def test_update_of_a_missing_or_archived_room(session: Session, room: Room) -> None:
    fields: dict[str, Any] = {
        "school_name": "S",
        "room_name": "R",
        "locality": None,
        "region": None,
        "default_language": "ru",
    }
    with pytest.raises(NotFoundError, match="The room was not found"):
        update_room(session, actor=SYSTEM, room_id=uuid.uuid4(), **fields)
    archive(room)
    session.add(room)
    session.flush()
    with pytest.raises(NotFoundError, match="The room was not found"):
        update_room(session, actor=SYSTEM, room_id=room.id, **fields)
