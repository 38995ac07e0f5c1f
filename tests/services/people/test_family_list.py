"""The families list: name filter across scripts, counts per family, paging."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from caseroom.db.models import Room
from caseroom.services.common import Actor
from caseroom.services.people.children import ChildInput, create_child
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    add_barrier,
    archive_caregiver,
    archive_family,
    create_caregiver,
    create_family,
    resolve_barrier,
)
from caseroom.services.people.family_list import count_families, list_families

TODAY = date(2026, 11, 23)


@pytest.fixture
def families(session: Session, room: Room, actor: Actor) -> dict[str, object]:
    """Three families: a large Kazakh one in Cyrillic, a Russian one in Latin, an archived one."""
    seitkali = create_family(
        session,
        actor=actor,
        room_id=room.id,
        data=FamilyInput(
            display_name="Сейтқали",
            locality="Косшы",
            children_count=5,
            vulnerability=("low_income",),
        ),
    )
    ivanova = create_family(
        session, actor=actor, room_id=room.id, data=FamilyInput(display_name="Ivanova")
    )
    gone = create_family(
        session, actor=actor, room_id=room.id, data=FamilyInput(display_name="Ahmetov")
    )
    archive_family(session, actor=actor, family_id=gone.id)
    create_caregiver(
        session,
        actor=actor,
        family_id=seitkali.id,
        data=CaregiverInput(last_name="Нурланова", first_name="Жанна", relation="mother"),
    )
    left = create_caregiver(
        session,
        actor=actor,
        family_id=seitkali.id,
        data=CaregiverInput(last_name="Сейтқали", first_name="Ерлан", relation="father"),
    )
    archive_caregiver(session, actor=actor, caregiver_id=left.id)
    create_child(
        session,
        actor=actor,
        data=ChildInput(
            family_id=seitkali.id,
            last_name="Сейтқали",
            first_name="Айгерим",
            birth_date=date(2017, 3, 14),
            enrolled_on=date(2026, 9, 1),
        ),
        today=TODAY,
    )
    add_barrier(
        session,
        actor=actor,
        family_id=seitkali.id,
        kind="transport",
        noted_on=date(2026, 10, 1),
        today=TODAY,
    )
    solved = add_barrier(
        session,
        actor=actor,
        family_id=seitkali.id,
        kind="work_hours",
        noted_on=date(2026, 10, 1),
        today=TODAY,
    )
    resolve_barrier(
        session, actor=actor, barrier_id=solved.id, resolved_on=date(2026, 11, 1), today=TODAY
    )
    return {"seitkali": seitkali, "ivanova": ivanova, "gone": gone}


def test_lists_families_by_name_with_counts(
    session: Session, actor: Actor, families: dict[str, object]
) -> None:
    rows = list_families(session, actor=actor)
    # Alphabetical: Cyrillic first, Latin-script names after.
    assert [row.display_name for row in rows] == ["Сейтқали", "Ivanova"]
    seitkali = rows[0]
    assert seitkali.locality == "Косшы"
    assert seitkali.caregivers == 1  # the archived father is not counted
    assert seitkali.children == 1
    assert seitkali.open_barriers == 1  # the resolved barrier is not counted
    assert seitkali.vulnerability == ("low_income",)
    assert seitkali.is_large
    assert not rows[1].is_large
    assert rows[1].caregivers == 0 and rows[1].children == 0
    assert count_families(session, actor=actor) == 2


def test_finds_a_cyrillic_family_typed_in_latin(
    session: Session, actor: Actor, families: dict[str, object]
) -> None:
    rows = list_families(session, actor=actor, text="seitkali")
    assert [row.display_name for row in rows] == ["Сейтқали"]
    assert count_families(session, actor=actor, text="SEITKALI") == 1
    assert [row.display_name for row in list_families(session, actor=actor, text="Иванова")] == [
        "Ivanova"
    ]


def test_finds_a_family_by_a_caregivers_name_but_not_an_archived_one(
    session: Session, actor: Actor, families: dict[str, object]
) -> None:
    assert [r.display_name for r in list_families(session, actor=actor, text="нурлан")] == [
        "Сейтқали"
    ]
    assert list_families(session, actor=actor, text="Yerlan") == []


def test_archived_families_only_on_request_and_paging(
    session: Session, actor: Actor, families: dict[str, object]
) -> None:
    everyone = list_families(session, actor=actor, include_archived=True)
    assert [(r.display_name, r.archived) for r in everyone] == [
        ("Сейтқали", False),
        ("Ahmetov", True),
        ("Ivanova", False),
    ]
    assert count_families(session, actor=actor, include_archived=True) == 3
    page = list_families(session, actor=actor, include_archived=True, offset=1, limit=1)
    assert [r.display_name for r in page] == ["Ahmetov"]
    assert list_families(session, actor=actor, text="   ") == list_families(session, actor=actor)


def _ahmetov(
    session: Session, room: Room, actor: Actor, address: str | None, carers: list[str]
) -> None:
    made = create_family(
        session,
        actor=actor,
        room_id=room.id,
        data=FamilyInput(display_name="Ахметов", locality="Есік қ.", address=address),
    )
    for first in carers:
        create_caregiver(
            session,
            actor=actor,
            family_id=made.id,
            data=CaregiverInput(last_name="Ахметова", first_name=first, relation="mother"),
        )


def test_same_name_families_in_one_town_are_told_apart_in_one_query(
    session: Session, room: Room, actor: Actor, engine: Engine
) -> None:
    _ahmetov(session, room, actor, "Есік қ., Сәтбаев к-сі, 88-үй", ["Бақыт"])
    _ahmetov(session, room, actor, "Есік қ., Абай к-сі, 7-үй", ["Мөлдір", "Әсел", "Гүлнар"])
    _ahmetov(session, room, actor, None, ["Аружан"])
    session.flush()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        rows = list_families(session, actor=actor)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1  # names and addresses come with the page, not per family
    seen = {(row.caregiver_names, row.address, row.caregivers) for row in rows}
    assert seen == {
        (("Бақыт",), "Есік қ., Сәтбаев к-сі, 88-үй", 1),
        # The first two in the family card's order (alphabetical); the count says there are 3.
        (("Әсел", "Гүлнар"), "Есік қ., Абай к-сі, 7-үй", 3),
        (("Аружан",), None, 1),
    }
    assert len({(row.caregiver_names, row.address) for row in rows}) == len(rows) == 3


def test_an_archived_caregiver_is_not_named(
    session: Session, actor: Actor, families: dict[str, object]
) -> None:
    rows = list_families(session, actor=actor)
    assert rows[0].caregiver_names == ("Жанна",)  # not the archived father Ерлан
    assert rows[1].caregiver_names == ()
