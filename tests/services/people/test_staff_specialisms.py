"""A staff member's specialisms: cleaned, bounded, kept through an update, listed."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from caseroom.db.models import Room, Staff
from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.people.staff import (
    SPECIALISM_LIMIT,
    SPECIALISM_MAX,
    StaffInput,
    create_staff,
    get_staff,
    list_staff,
    update_staff,
)


def _psychologist(*specialisms: str) -> StaffInput:
    return StaffInput(
        last_name="Ахметова", first_name="Гүлнар", role="psychologist", specialisms=specialisms
    )


def test_specialisms_are_stripped_deduplicated_and_kept_in_order(
    session: Session, room: Room, actor: Actor
) -> None:
    made = create_staff(
        session,
        actor=actor,
        room_id=room.id,
        data=_psychologist("  ABA ", "", "Песочная терапия", "aba", "заикание"),
    )
    assert made.specialisms == ("ABA", "Песочная терапия", "заикание")
    stored = session.get(Staff, made.id)
    assert stored is not None and stored.specialisms == ["ABA", "Песочная терапия", "заикание"]
    listed = [one for one in list_staff(session, actor=actor) if one.id == made.id]
    assert listed[0].specialisms == made.specialisms


def test_an_update_replaces_the_specialisms(session: Session, room: Room, actor: Actor) -> None:
    made = create_staff(session, actor=actor, room_id=room.id, data=_psychologist("ABA"))
    update_staff(session, actor=actor, staff_id=made.id, data=_psychologist("сказкотерапия"))
    assert get_staff(session, actor=actor, staff_id=made.id).specialisms == ("сказкотерапия",)
    update_staff(session, actor=actor, staff_id=made.id, data=_psychologist())
    assert get_staff(session, actor=actor, staff_id=made.id).specialisms == ()


@pytest.mark.parametrize(
    ("specialisms", "message"),
    [
        (("ABA\x07",), "This text holds a control character, which cannot be stored; remove it"),
        (("ABA\nsand",), "This text holds a control character, which cannot be stored; remove it"),
        (("x" * (SPECIALISM_LIMIT + 1),), "Each entry is at most 80 characters long"),
        (
            tuple(f"method {number}" for number in range(SPECIALISM_MAX + 1)),
            "At most 12 entries can be stored",
        ),
    ],
)
def test_bad_specialisms_are_refused_and_nothing_changes(
    session: Session,
    room: Room,
    actor: Actor,
    specialisms: tuple[str, ...],
    message: str,
) -> None:
    made = create_staff(session, actor=actor, room_id=room.id, data=_psychologist("ABA"))
    with pytest.raises(ValidationError) as error:
        create_staff(session, actor=actor, room_id=room.id, data=_psychologist(*specialisms))
    assert error.value.problems == {"specialisms": message}
    with pytest.raises(ValidationError):
        update_staff(session, actor=actor, staff_id=made.id, data=_psychologist(*specialisms))
    assert get_staff(session, actor=actor, staff_id=made.id).specialisms == ("ABA",)


def test_twelve_specialisms_are_allowed(session: Session, room: Room, actor: Actor) -> None:
    many = tuple(f"method {number}" for number in range(SPECIALISM_MAX))
    made = create_staff(session, actor=actor, room_id=room.id, data=_psychologist(*many))
    assert made.specialisms == many
