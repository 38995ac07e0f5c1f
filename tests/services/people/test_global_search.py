"""The room-wide search box: children, caregivers and families across scripts."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import Room
from caseroom.i18n import set_language
from caseroom.services.common import Actor
from caseroom.services.people.children import ChildInput, create_child
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    archive_caregiver,
    create_caregiver,
    create_family,
)
from caseroom.services.people.iin import make_iin
from caseroom.services.people.search import SearchHit, global_search

TODAY = date(2026, 11, 23)
IIN = make_iin(date(2017, 3, 14), "F", 12)


@pytest.fixture
def people(session: Session, room: Room, actor: Actor) -> dict[str, SearchHit]:
    """A Kazakh family typed in Cyrillic and a Russian one typed in Latin."""
    seitkali = create_family(
        session,
        actor=actor,
        room_id=room.id,
        data=FamilyInput(display_name="Сейтқали", locality="Косшы", children_count=5),
    )
    ivanov = create_family(
        session, actor=actor, room_id=room.id, data=FamilyInput(display_name="Ivanova")
    )
    mother = create_caregiver(
        session,
        actor=actor,
        family_id=seitkali.id,
        data=CaregiverInput(last_name="Сейтқали", first_name="Жанна", relation="mother"),
    )
    grandmother = create_caregiver(
        session,
        actor=actor,
        family_id=ivanov.id,
        data=CaregiverInput(last_name="Ivanova", first_name="Yuliya", relation="grandmother"),
    )
    left = create_caregiver(
        session,
        actor=actor,
        family_id=ivanov.id,
        data=CaregiverInput(last_name="Ivanov", first_name="Zhan", relation="father"),
    )
    archive_caregiver(session, actor=actor, caregiver_id=left.id)
    girl = create_child(
        session,
        actor=actor,
        data=ChildInput(
            family_id=seitkali.id,
            last_name="Сейтқали",
            first_name="Айгерим",
            patronymic="Ерланқызы",
            birth_date=date(2017, 3, 14),
            sex="F",
            iin=IIN,
            enrolled_on=date(2026, 9, 1),
        ),
        today=TODAY,
    )
    boy = create_child(
        session,
        actor=actor,
        data=ChildInput(
            family_id=ivanov.id,
            last_name="Ivanov",
            first_name="Yerlan",
            birth_date=date(2015, 10, 2),
            enrolled_on=date(2026, 9, 1),
        ),
        today=TODAY,
    )
    return {
        "girl": SearchHit(
            "child", girl.id, "Сейтқали Айгерим Ерланқызы", "Case SR-2026-0001, born 14.03.2017"
        ),
        "boy": SearchHit("child", boy.id, "Ivanov Yerlan", "Case SR-2026-0002, born 02.10.2015"),
        "mother": SearchHit("caregiver", mother.id, "Сейтқали Жанна", "mother, Сейтқали family"),
        "grandmother": SearchHit(
            "caregiver", grandmother.id, "Ivanova Yuliya", "grandmother, Ivanova family"
        ),
        "seitkali": SearchHit("family", seitkali.id, "Сейтқали family", "Косшы"),
        "ivanova": SearchHit("family", ivanov.id, "Ivanova family", ""),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seitkali", ["girl", "mother", "seitkali"]),
        ("сейтқали", ["girl", "mother", "seitkali"]),
        ("СЕЙТКАЛИ", ["girl", "mother", "seitkali"]),
        ("Aigerim", ["girl"]),
        ("Aıgerim Seıtqalı", ["girl"]),
        ("Janna", ["mother"]),
        ("Zhanna", ["mother"]),
        ("Ерлан", ["girl", "boy"]),  # it also begins the girl's patronymic Ерланқызы
        ("Иванов", ["boy", "grandmother", "ivanova"]),
        ("Юлия", ["grandmother"]),
        ("SR-2026-0002", ["boy"]),
        ("sr-2026-0001", ["girl"]),
        (IIN, ["girl"]),
        ("Айгуль", []),
        ("Zhan Ivanov", []),  # archived caregivers are not found
    ],
)
def test_search_across_scripts(
    session: Session,
    actor: Actor,
    people: dict[str, SearchHit],
    text: str,
    expected: list[str],
) -> None:
    hits = global_search(session, actor=actor, text=text)
    assert hits == [people[key] for key in expected]


def test_limit_and_empty_text(session: Session, actor: Actor, people: dict[str, SearchHit]) -> None:
    assert global_search(session, actor=actor, text="Seitkali", limit=2) == [
        people["girl"],
        people["mother"],
    ]
    assert global_search(session, actor=actor, text="Seitkali", limit=0) == []
    assert global_search(session, actor=actor, text="   ") == []
    assert global_search(session, actor=actor, text="--") == []


def test_subtitle_names_the_family_in_any_language(
    session: Session, actor: Actor, people: dict[str, SearchHit]
) -> None:
    set_language("ru")
    hits = global_search(session, actor=actor, text="Janna")
    assert [hit.id for hit in hits] == [people["mother"].id]
    # Translated or not yet in the catalogue, the subtitle still names the family.
    assert "Сейтқали" in hits[0].subtitle
