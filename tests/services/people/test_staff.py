"""Staff members: create, update, archive and list, with every rule's message."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Room, Staff
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import (
    StaffInput,
    archive_staff,
    create_staff,
    get_staff,
    list_staff,
    update_staff,
)


def _count(session: Session, model: type[Staff] | type[AuditEvent]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _speech_therapist(**changes: object) -> StaffInput:
    values: dict[str, object] = {
        "last_name": "  Ахметова ",
        "first_name": "Гүлнар",
        "patronymic": "Серікқызы",
        "role": "speech_therapist",
        "phone": "8 701 555 12 34",
        "email": "g.akhmetova@school12.kz",
    }
    values.update(changes)
    return StaffInput(**values)  # type: ignore[arg-type]


def test_create_staff_cleans_and_audits(session: Session, room: Room, actor: Actor) -> None:
    made = create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist())
    assert (made.last_name, made.first_name, made.patronymic) == ("Ахметова", "Гүлнар", "Серікқызы")
    assert made.full_name == "Ахметова Гүлнар Серікқызы"
    assert made.phone == "+77015551234"
    assert made.role == "speech_therapist"
    assert made.room_id == room.id
    assert made.archived_at is None
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert (event.action, event.entity, event.actor_id) == ("create", "staff", actor.staff_id)
    assert event.details == {"role": "speech_therapist"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"last_name": "  "}, "last_name", "Enter the last name"),
        ({"first_name": ""}, "first_name", "Enter the first name"),
        ({"first_name": "x" * 101}, "first_name", "A name is at most 100 characters long"),
        ({"patronymic": "x" * 101}, "patronymic", "A name is at most 100 characters long"),
        ({"role": "janitor"}, "role", "Choose the staff member's role"),
        (
            {"phone": "12-34"},
            "phone",
            "12-34 is not a phone number: write it as +7 7xx xxx xx xx",
        ),
        ({"email": "not-an-address"}, "email", "not-an-address is not an e-mail address"),
    ],
)
def test_create_staff_rules(
    session: Session,
    room: Room,
    actor: Actor,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    staff_before, audit_before = _count(session, Staff), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as caught:
        create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist(**changes))
    assert caught.value.problems == {field: message}
    session.flush()
    assert (_count(session, Staff), _count(session, AuditEvent)) == (staff_before, audit_before)


def test_every_problem_is_reported_at_once(session: Session, room: Room, actor: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        create_staff(
            session,
            actor=actor,
            room_id=room.id,
            data=StaffInput(last_name="", first_name="", role="x", email="@"),
        )
    assert set(caught.value.problems) == {"last_name", "first_name", "role", "email"}


def test_create_staff_in_unknown_room(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="The room was not found"):
        create_staff(session, actor=SYSTEM, room_id=uuid.uuid4(), data=_speech_therapist())


def test_update_staff(session: Session, room: Room, actor: Actor) -> None:
    made = create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist())
    changed = update_staff(
        session,
        actor=actor,
        staff_id=made.id,
        data=_speech_therapist(role="psychologist", phone=None, email=" ", patronymic=None),
    )
    assert (changed.role, changed.phone, changed.email, changed.patronymic) == (
        "psychologist",
        None,
        None,
        None,
    )
    assert get_staff(session, actor=actor, staff_id=made.id) == changed
    actions = session.execute(
        select(col(AuditEvent.action)).where(col(AuditEvent.entity_id) == made.id)
    ).scalars()
    assert sorted(actions) == ["create", "update"]


def test_failed_update_changes_nothing(session: Session, room: Room, actor: Actor) -> None:
    made = create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist())
    with pytest.raises(ValidationError):
        update_staff(
            session, actor=actor, staff_id=made.id, data=_speech_therapist(first_name="", role="?")
        )
    assert get_staff(session, actor=actor, staff_id=made.id) == made


def test_archive_staff_once(session: Session, room: Room, actor: Actor) -> None:
    made = create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist())
    archived = archive_staff(session, actor=actor, staff_id=made.id)
    again = archive_staff(session, actor=actor, staff_id=made.id)
    assert archived.archived_at is not None
    assert again.archived_at == archived.archived_at
    archive_events = session.execute(
        select(func.count()).where(
            col(AuditEvent.entity_id) == made.id, col(AuditEvent.action) == "archive"
        )
    ).scalar_one()
    assert archive_events == 1


def test_unknown_staff(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="This staff member was not found"):
        get_staff(session, actor=actor, staff_id=uuid.uuid4())


def test_list_staff_by_name_role_and_archive(
    session: Session, room: Room, staff: Staff, actor: Actor
) -> None:
    other_room = Room(school_name="School No. 3", room_name="Room")
    session.add(other_room)
    session.flush()
    zh = create_staff(
        session,
        actor=actor,
        room_id=room.id,
        data=StaffInput(last_name="Жумабаева", first_name="Айым", role="special_educator"),
    )
    ah = create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist())
    gone = create_staff(
        session,
        actor=actor,
        room_id=room.id,
        data=StaffInput(last_name="Бекова", first_name="Асем", role="speech_therapist"),
    )
    archive_staff(session, actor=actor, staff_id=gone.id)
    elsewhere = create_staff(
        session,
        actor=actor,
        room_id=other_room.id,
        data=StaffInput(last_name="Ким", first_name="Ирина", role="assistant"),
    )

    def names(**kwargs: object) -> list[str]:
        found = list_staff(session, actor=actor, **kwargs)  # type: ignore[arg-type]
        return [member.last_name for member in found]

    # Latin sorts before Cyrillic in SQL's binary order.
    assert names(room_id=room.id) == ["Omarova", "Ахметова", "Жумабаева"]
    assert names(room_id=room.id, include_archived=True) == [
        "Omarova",
        "Ахметова",
        "Бекова",
        "Жумабаева",
    ]
    assert names(role="speech_therapist") == ["Ахметова"]
    assert names() == ["Omarova", "Ахметова", "Жумабаева", "Ким"]
    assert {zh.id, ah.id, elsewhere.id} <= {m.id for m in list_staff(session, actor=actor)}


def test_a_staff_member_with_an_open_account_is_archived_only_with_it(
    session: Session, room: Room, actor: Actor
) -> None:
    from caseroom.services.accounts.accounts import (
        account_of_staff,
        archive_staff_member,
        create_account,
    )

    made = create_staff(session, actor=actor, room_id=room.id, data=_speech_therapist())
    create_account(
        session, actor=SYSTEM, staff_id=made.id, username="gulnar", password="steppe wind 42"
    )
    with pytest.raises(ValidationError) as raised:
        archive_staff(session, actor=actor, staff_id=made.id)
    assert "staff_id" in raised.value.problems
    archived = archive_staff_member(session, actor=SYSTEM, staff_id=made.id)
    assert archived.archived_at is not None
    account = account_of_staff(session, actor=SYSTEM, staff_id=made.id)
    assert account is not None and account.archived
