"""Lists in the alphabet's order: every way a name is written keeps its stored sort key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Family, Room
from caseroom.demo.build import make_demo
from caseroom.names import sort_key
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.importing.read import read_roster
from caseroom.services.importing.roster import import_roster
from caseroom.services.people.children import ChildInput, create_child, update_child
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    create_caregiver,
    create_family,
    get_family,
    update_caregiver,
    update_family,
)
from caseroom.services.people.family_list import list_families
from caseroom.services.people.search import global_search

TODAY = date(2026, 11, 23)
FAMILIES = ["Өмірбековтер", "Омаровы", "Ivanova", "Әлиевтер", "Ахметовы", "Ғаббасовтар"]


def _stored_keys_match(session: Session) -> None:
    session.flush()
    for model, parts in (
        (Family, ("display_name",)),
        (Caregiver, ("last_name", "first_name", "patronymic")),
        (Child, ("last_name", "first_name", "patronymic")),
    ):
        rows = session.execute(
            select(col(model.sort_name), *(getattr(model, part) for part in parts))
        ).all()
        assert rows, model
        for row in rows:
            assert row[0] == sort_key(*row[1:]), (model, row)


def _family(session: Session, room: Room, actor: Actor, name: str) -> Family:
    made = create_family(session, actor=actor, room_id=room.id, data=FamilyInput(display_name=name))
    record = session.get(Family, made.id)
    assert record is not None
    return record


def test_families_list_in_kazakh_order_and_keys_follow_renames(
    session: Session, room: Room, actor: Actor
) -> None:
    records = {name: _family(session, room, actor, name) for name in FAMILIES}
    rows = list_families(session, actor=actor)
    assert [row.display_name for row in rows] == [
        "Ахметовы", "Әлиевтер", "Ғаббасовтар", "Омаровы", "Өмірбековтер", "Ivanova",
    ]  # fmt: skip
    update_family(
        session,
        actor=actor,
        family_id=records["Ivanova"].id,
        data=FamilyInput(display_name="Иванова"),
    )
    rows = list_families(session, actor=actor)
    assert [row.display_name for row in rows][2:4] == ["Ғаббасовтар", "Иванова"]
    assert records["Ivanova"].sort_name == sort_key("Иванова")


def test_caregivers_and_children_keep_their_keys_through_updates(
    session: Session, room: Room, actor: Actor
) -> None:
    home = _family(session, room, actor, "Сейтқали")
    mother = create_caregiver(
        session,
        actor=actor,
        family_id=home.id,
        data=CaregiverInput(last_name="Ыбыраева", first_name="Гүлнар", relation="mother"),
    )
    create_caregiver(
        session,
        actor=actor,
        family_id=home.id,
        data=CaregiverInput(last_name="Сейтқали", first_name="Ерлан", relation="father"),
    )
    card = get_family(session, actor=actor, family_id=home.id)
    assert [person.last_name for person in card.caregivers] == ["Сейтқали", "Ыбыраева"]
    update_caregiver(
        session,
        actor=actor,
        caregiver_id=mother.id,
        data=CaregiverInput(last_name="Әбенова", first_name="Гүлнар", relation="mother"),
    )
    card = get_family(session, actor=actor, family_id=home.id)
    assert [person.last_name for person in card.caregivers] == ["Әбенова", "Сейтқали"]

    data = ChildInput(
        family_id=home.id,
        last_name="Сейтқали",
        first_name="Ілияс",
        birth_date=date(2016, 2, 2),
        enrolled_on=date(2026, 9, 1),
    )
    boy = create_child(session, actor=actor, data=data, today=TODAY)
    update_child(
        session,
        actor=actor,
        child_id=boy.id,
        data=replace(data, first_name="Үсен", patronymic="Ерланұлы"),
        today=TODAY,
    )
    _stored_keys_match(session)
    record = session.get(Child, boy.id)
    assert record is not None
    assert record.sort_name == sort_key("Сейтқали", "Үсен", "Ерланұлы")


def test_search_hits_come_in_alphabetical_order(session: Session, room: Room, actor: Actor) -> None:
    home = _family(session, room, actor, "Ахмет")
    for first in ["Ұлан", "Ақбота", "Әсел", "Айгерим", "Ulan"]:
        create_child(
            session,
            actor=actor,
            data=ChildInput(
                family_id=home.id,
                last_name="Ахмет",
                first_name=first,
                birth_date=date(2016, 2, 2),
                enrolled_on=date(2026, 9, 1),
            ),
            today=TODAY,
        )
    hits = [
        hit.title
        for hit in global_search(session, actor=actor, text="Ахмет")
        if hit.kind == "child"
    ]
    assert hits == ["Ахмет Айгерим", "Ахмет Ақбота", "Ахмет Әсел", "Ахмет Ұлан", "Ахмет Ulan"]


def test_the_demo_and_an_import_store_sort_keys(session: Session, tmp_path: Path) -> None:
    make_demo(session, today=TODAY, families=3, seed=5, lang="kk")
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "child_last_name,child_first_name,birth_date,caregiver_last_name,"
        "caregiver_first_name,caregiver_relation\n"
        "Әбенова,Ұлжан,14.03.2017,Әбенова,Гүлнар,mother\n",
        encoding="utf-8",
    )
    import_roster(session, actor=SYSTEM, table=read_roster(roster), today=TODAY)
    _stored_keys_match(session)
    imported = session.execute(
        select(col(Child.sort_name)).where(col(Child.last_name) == "Әбенова")
    ).scalar_one()
    assert imported == sort_key("Әбенова", "Ұлжан", None)
