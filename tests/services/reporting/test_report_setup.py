"""The Reports page's children come in the alphabet's order, as on the Children page."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from caseroom.db.models import Family, Room
from caseroom.services.common import Actor
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.children import ChildInput, create_child
from caseroom.services.reporting.files import report_setup
from caseroom.vocab import ChildStatus

TODAY = date(2026, 11, 23)
# (last name, first name): Latin spellings, Kazakh letters and Russian letters mixed.
NAMES = [
    ("Akylbekov", "Dias"),
    ("Ілиясов", "Арман"),
    ("Әлиев", "Тимур"),
    ("Ахметов", "Ерлан"),
    ("Ахметов", "Әсел"),
    ("Zhanibekova", "Aruzhan"),
    ("Ыбыраев", "Нұрлан"),
    ("Ғалымов", "Бақыт"),
    ("Айтбаев", "Нұрбек"),
    ("Бекболат", "Бекзат"),
]
# The Kazakh alphabet: А Ә Б ... Г Ғ Д Е ... Ы І ...; Latin spellings after every Cyrillic one.
EXPECTED = [
    "Айтбаев Нұрбек",
    "Ахметов Әсел",
    "Ахметов Ерлан",
    "Әлиев Тимур",
    "Бекболат Бекзат",
    "Ғалымов Бақыт",
    "Ыбыраев Нұрлан",
    "Ілиясов Арман",
    "Akylbekov Dias",
    "Zhanibekova Aruzhan",
]


def _children(session: Session, actor: Actor, family: Family) -> None:
    for number, (last, first) in enumerate(NAMES, start=1):
        create_child(
            session,
            actor=actor,
            data=ChildInput(
                family_id=family.id,
                last_name=last,
                first_name=first,
                birth_date=date(2016, 1, number),
                case_number=f"SR-2026-{number:04d}",
                grade=number % 4 + 1,
                enrolled_on=date(2026, 9, 1),
            ),
        )
    # A child who left is not offered, whatever the name.
    create_child(
        session,
        actor=actor,
        data=ChildInput(
            family_id=family.id,
            last_name="Аа",
            first_name="Left",
            birth_date=date(2016, 2, 1),
            case_number="SR-2026-0099",
            status=ChildStatus.LEFT,
            enrolled_on=date(2026, 9, 1),
            left_on=date(2026, 10, 1),
        ),
    )
    session.flush()


def test_report_children_follow_the_kazakh_alphabet(
    session: Session, room: Room, actor: Actor, family: Family
) -> None:
    del room
    _children(session, actor, family)
    setup = report_setup(session, actor=actor, today=TODAY)
    assert [child.full_name for child in setup.children] == EXPECTED


def test_report_children_in_the_children_pages_order(
    session: Session, room: Room, actor: Actor, family: Family
) -> None:
    del room
    _children(session, actor, family)
    setup = report_setup(session, actor=actor, today=TODAY)
    listed = list_children(
        session, actor=actor, filters=ChildFilters(status=ChildStatus.ACTIVE), sort="name"
    )
    assert [child.id for child in setup.children] == [row.id for row in listed]
    assert len(setup.children) == len(NAMES)
