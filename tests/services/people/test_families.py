"""Families, caregivers and barriers: every rule, the family card, archive."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Family, FamilyBarrier, Room
from caseroom.errors import NotFoundError, UserError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    add_barrier,
    archive_caregiver,
    archive_family,
    create_caregiver,
    create_family,
    get_caregiver,
    get_family,
    list_barriers,
    resolve_barrier,
    update_caregiver,
    update_family,
)


def _count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _family(**changes: object) -> FamilyInput:
    values: dict[str, object] = {
        "display_name": " Сейтқали ",
        "address": "ул. Абая 12, кв. 4",
        "locality": "Косшы",
        "home_language": "kk",
        "children_count": 5,
        "vulnerability": ("single_parent", "low_income", "single_parent"),
        "notes": "  ",
    }
    values.update(changes)
    return FamilyInput(**values)  # type: ignore[arg-type]


def _mother(**changes: object) -> CaregiverInput:
    values: dict[str, object] = {
        "last_name": "Сейтқали",
        "first_name": "Гүлнара",
        "patronymic": "Маратқызы",
        "relation": "mother",
        "phone": "+7 (705) 111-22-33",
        "language": "kk",
    }
    values.update(changes)
    return CaregiverInput(**values)  # type: ignore[arg-type]


# --- families -----------------------------------------------------------------------------


def test_create_family(session: Session, room: Room, actor: Actor) -> None:
    made = create_family(session, actor=actor, room_id=room.id, data=_family())
    assert made.display_name == "Сейтқали"
    assert made.vulnerability == ("low_income", "single_parent")
    assert made.notes is None
    assert made.is_large
    assert (made.caregivers, made.children, made.open_barriers) == ((), (), ())
    record = session.get(Family, made.id)
    assert record is not None and record.search_key == "seitkali"
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert event.details == {"vulnerability": ["low_income", "single_parent"], "children_count": 5}


@pytest.mark.parametrize(("count", "large"), [(None, False), (1, False), (3, False), (4, True)])
def test_large_family_is_four_or_more(
    session: Session, room: Room, actor: Actor, count: int | None, large: bool
) -> None:
    made = create_family(session, actor=actor, room_id=room.id, data=_family(children_count=count))
    assert made.is_large is large


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"display_name": " "}, "display_name", "Enter the family's name"),
        (
            {"display_name": "x" * 201},
            "display_name",
            "The family's name is at most 200 characters long",
        ),
        ({"locality": "x" * 201}, "locality", "The locality is at most 200 characters long"),
        ({"home_language": "de"}, "home_language", "Choose the language spoken at home"),
        ({"children_count": 0}, "children_count", "The number of children must be 1 to 30"),
        ({"children_count": 31}, "children_count", "The number of children must be 1 to 30"),
        (
            {"vulnerability": ("low_income", "rich")},
            "vulnerability",
            "Choose vulnerability markers from the list",
        ),
    ],
)
def test_family_rules(
    session: Session,
    room: Room,
    actor: Actor,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = (_count(session, Family), _count(session, AuditEvent))
    with pytest.raises(ValidationError) as caught:
        create_family(session, actor=actor, room_id=room.id, data=_family(**changes))
    assert caught.value.problems == {field: message}
    session.flush()
    assert (_count(session, Family), _count(session, AuditEvent)) == before


def test_update_family(session: Session, room: Room, actor: Actor) -> None:
    made = create_family(session, actor=actor, room_id=room.id, data=_family())
    changed = update_family(
        session,
        actor=actor,
        family_id=made.id,
        data=_family(display_name="Zhumabaev", children_count=2, vulnerability=()),
    )
    assert (changed.display_name, changed.children_count, changed.vulnerability) == (
        "Zhumabaev",
        2,
        (),
    )
    assert not changed.is_large
    record = session.get(Family, made.id)
    assert record is not None and record.search_key == "jumabaev"


def test_failed_family_update_changes_nothing(session: Session, room: Room, actor: Actor) -> None:
    made = create_family(session, actor=actor, room_id=room.id, data=_family())
    with pytest.raises(ValidationError):
        update_family(session, actor=actor, family_id=made.id, data=_family(display_name=""))
    assert get_family(session, actor=actor, family_id=made.id) == made


def test_archive_family_needs_children_archived_first(
    session: Session, family: Family, child: Child, actor: Actor
) -> None:
    with pytest.raises(UserError, match="Archive the family's children first"):
        archive_family(session, actor=actor, family_id=family.id)
    assert get_family(session, actor=actor, family_id=family.id).archived_at is None


def test_archive_family(session: Session, room: Room, actor: Actor) -> None:
    made = create_family(session, actor=actor, room_id=room.id, data=_family())
    assert archive_family(session, actor=actor, family_id=made.id).archived_at is not None


def test_unknown_family(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="This family was not found"):
        get_family(session, actor=actor, family_id=uuid.uuid4())


def test_family_card_lists_caregivers_children_and_open_barriers(
    session: Session, family: Family, caregiver: Caregiver, child: Child, actor: Actor
) -> None:
    father = create_caregiver(
        session,
        actor=actor,
        family_id=family.id,
        data=_mother(first_name="Марат", relation="father", phone=None, last_name="Ахметов"),
    )
    gone = create_caregiver(session, actor=actor, family_id=family.id, data=_mother())
    archive_caregiver(session, actor=actor, caregiver_id=gone.id)
    sibling = Child(
        room_id=family.room_id,
        family_id=family.id,
        case_number="SR-2026-0002",
        last_name="Seitkali",
        first_name="Nursultan",
        birth_date=date(2019, 1, 2),
        enrolled_on=date(2026, 9, 1),
    )
    session.add(sibling)
    open_one = add_barrier(
        session,
        actor=actor,
        family_id=family.id,
        kind="childcare",
        noted_on=date(2026, 10, 1),
        today=date(2026, 11, 23),
    )
    closed = add_barrier(
        session,
        actor=actor,
        family_id=family.id,
        kind="transport",
        noted_on=date(2026, 9, 10),
        today=date(2026, 11, 23),
    )
    resolve_barrier(
        session,
        actor=actor,
        barrier_id=closed.id,
        resolved_on=date(2026, 10, 5),
        today=date(2026, 11, 23),
    )
    card = get_family(session, actor=actor, family_id=family.id)
    assert [c.id for c in card.caregivers] == [caregiver.id, father.id]  # Latin before Cyrillic
    assert [(c.full_name, c.case_number) for c in card.children] == [
        ("Seitkali Aigerim", "SR-2026-0001"),
        ("Seitkali Nursultan", "SR-2026-0002"),
    ]
    assert [b.id for b in card.open_barriers] == [open_one.id]
    assert card.is_large


# --- barriers -----------------------------------------------------------------------------


def test_barrier_rules(session: Session, family: Family, actor: Actor, today: date) -> None:
    with pytest.raises(ValidationError) as caught:
        add_barrier(
            session,
            actor=actor,
            family_id=family.id,
            kind="weather",
            noted_on=date(2026, 11, 24),
            today=today,
        )
    assert caught.value.problems == {
        "kind": "Choose what keeps the family from taking part",
        "noted_on": "The date 24.11.2026 is in the future",
    }
    session.flush()
    assert _count(session, FamilyBarrier) == 0


def test_barrier_for_unknown_family(session: Session, actor: Actor, today: date) -> None:
    with pytest.raises(NotFoundError):
        add_barrier(
            session, actor=actor, family_id=uuid.uuid4(), kind="stigma", noted_on=today, today=today
        )


def test_resolve_barrier_rules(session: Session, family: Family, actor: Actor, today: date) -> None:
    barrier = add_barrier(
        session,
        actor=actor,
        family_id=family.id,
        kind="work_hours",
        noted_on=date(2026, 10, 1),
        note=" works shifts ",
        today=today,
    )
    assert barrier.note == "works shifts"
    for resolved_on, message in [
        (date(2026, 9, 30), "A barrier cannot be resolved before it was noted on 01.10.2026"),
        (date(2026, 11, 24), "The date 24.11.2026 is in the future"),
    ]:
        with pytest.raises(ValidationError) as caught:
            resolve_barrier(
                session, actor=actor, barrier_id=barrier.id, resolved_on=resolved_on, today=today
            )
        assert caught.value.problems == {"resolved_on": message}
    done = resolve_barrier(
        session, actor=actor, barrier_id=barrier.id, resolved_on=date(2026, 10, 1), today=today
    )
    assert done.resolved_on == date(2026, 10, 1)
    with pytest.raises(ValidationError) as caught:
        resolve_barrier(session, actor=actor, barrier_id=barrier.id, resolved_on=today, today=today)
    assert caught.value.problems == {"resolved_on": "This barrier is already resolved"}


def test_list_barriers(session: Session, family: Family, actor: Actor, today: date) -> None:
    later = add_barrier(
        session, actor=actor, family_id=family.id, kind="stigma", noted_on=today, today=today
    )
    earlier = add_barrier(
        session,
        actor=actor,
        family_id=family.id,
        kind="language",
        noted_on=date(2026, 9, 1),
        today=today,
    )
    resolve_barrier(session, actor=actor, barrier_id=earlier.id, resolved_on=today, today=today)
    assert [b.kind for b in list_barriers(session, actor=actor, family_id=family.id)] == ["stigma"]
    everything = list_barriers(session, actor=actor, family_id=family.id, include_resolved=True)
    assert [(b.id, b.resolved_on) for b in everything] == [(earlier.id, today), (later.id, None)]


# --- caregivers ---------------------------------------------------------------------------


def test_create_caregiver(session: Session, family: Family, actor: Actor) -> None:
    made = create_caregiver(session, actor=actor, family_id=family.id, data=_mother())
    assert made.phone == "+77051112233"
    assert made.full_name == "Сейтқали Гүлнара Маратқызы"
    assert made.is_legal_representative
    record = session.get(Caregiver, made.id)
    assert record is not None and record.search_key == "seitkali gulnara maratkizi"
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert event.details == {"family_id": str(family.id), "relation": "mother"}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"last_name": ""}, "last_name", "Enter the last name"),
        ({"first_name": None}, "first_name", "Enter the first name"),
        ({"relation": "aunt"}, "relation", "Choose the caregiver's relation to the children"),
        (
            {"phone": "555-12"},
            "phone",
            "555-12 is not a phone number: write it as +7 7xx xxx xx xx",
        ),
        ({"language": "fr"}, "language", "Choose the caregiver's language"),
    ],
)
def test_caregiver_rules(
    session: Session,
    family: Family,
    actor: Actor,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    before = (_count(session, Caregiver), _count(session, AuditEvent))
    with pytest.raises(ValidationError) as caught:
        create_caregiver(session, actor=actor, family_id=family.id, data=_mother(**changes))
    assert caught.value.problems == {field: message}
    session.flush()
    assert (_count(session, Caregiver), _count(session, AuditEvent)) == before


def test_caregiver_needs_a_current_family(
    session: Session, room: Room, family: Family, actor: Actor
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_caregiver(session, actor=actor, family_id=uuid.uuid4(), data=_mother())
    assert caught.value.problems == {"family_id": "This family was not found"}
    empty = create_family(session, actor=actor, room_id=room.id, data=_family())
    archive_family(session, actor=actor, family_id=empty.id)
    with pytest.raises(ValidationError) as caught:
        create_caregiver(session, actor=actor, family_id=empty.id, data=_mother())
    assert caught.value.problems == {"family_id": "This family is archived"}


def test_update_and_archive_caregiver(
    session: Session, family: Family, caregiver: Caregiver, actor: Actor
) -> None:
    changed = update_caregiver(
        session,
        actor=actor,
        caregiver_id=caregiver.id,
        data=_mother(relation="grandmother", is_legal_representative=False, phone="87011112233"),
    )
    assert (changed.relation, changed.is_legal_representative, changed.phone) == (
        "grandmother",
        False,
        "+77011112233",
    )
    with pytest.raises(ValidationError):
        update_caregiver(
            session, actor=actor, caregiver_id=caregiver.id, data=_mother(relation="?")
        )
    assert get_caregiver(session, actor=actor, caregiver_id=caregiver.id) == changed
    archived = archive_caregiver(session, actor=actor, caregiver_id=caregiver.id)
    assert archived.archived_at is not None
    assert get_family(session, actor=actor, family_id=family.id).caregivers == ()


def test_unknown_caregiver(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="This caregiver was not found"):
        get_caregiver(session, actor=actor, caregiver_id=uuid.uuid4())
