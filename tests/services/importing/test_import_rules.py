"""Roster rows that are only half right are warnings, not a refused roster: half-filled
optional pairs, exact repeats, families whose rows disagree; a caregiver's changed phone
is an update of the person already there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Family, PmpkConclusion, Room
from caseroom.services.common import SYSTEM
from caseroom.services.importing.read import RosterError, read_roster
from caseroom.services.importing.roster import ImportSummary, import_roster

TODAY = date(2026, 11, 23)
HEADER = (
    "Фамилия ребёнка;Имя ребёнка;Дата рождения;Дата ПМПК;Номер ПМПК;Фамилия родителя;"
    "Имя родителя;Кем приходится;Телефон;Количество детей в семье;Язык;Адрес"
)


def _import(session: Session, tmp_path: Path, rows: list[str]) -> ImportSummary:
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)


def _warnings(summary: ImportSummary) -> list[str]:
    return [str(warning) for warning in summary.warnings]


def test_a_pmpk_date_or_number_alone_is_a_warning_and_the_child_is_imported(
    session: Session, room: Room, tmp_path: Path
) -> None:
    summary = _import(
        session,
        tmp_path,
        [
            "Сейткали;Айгерим;14.03.2017;10.02.2026;;Сейткали;Гульнара;мать;87011234567;;;",
            "Омаров;Тимур;05.01.2012;;ПМПК-44/26;Омарова;Сауле;опекун;87017654321;;;",
            "Ким;Виктор;08.08.2013;15.05.2026;ПМПК-12/26;Ким;Елена;бабушка;87079998877;;;",
        ],
    )
    assert _warnings(summary) == [
        "Row 2, column “Номер ПМПК”: The PMPK conclusion has a date but no number, so it is "
        "not recorded",
        "Row 3, column “Дата ПМПК”: The PMPK conclusion has a number but no date, so it is "
        "not recorded",
    ]
    assert (summary.children_created, summary.conclusions_created) == (3, 1)
    assert session.execute(select(col(PmpkConclusion.number))).scalars().all() == ["ПМПК-12/26"]


def test_a_bad_half_of_a_pair_is_still_a_problem(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(f"{HEADER}\nСейткали;Айгерим;14.03.2017;31.02.2026;;;;;;;;\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)
    assert [str(problem) for problem in caught.value.problems] == [
        "Row 2, column “Дата ПМПК”: “31.02.2026” is not a date: write it as dd.mm.yyyy or "
        "yyyy-mm-dd"
    ]


def test_a_caregiver_without_a_first_or_last_name_is_left_out_with_a_warning(
    session: Session, room: Room, tmp_path: Path
) -> None:
    summary = _import(
        session,
        tmp_path,
        [
            "Сейткали;Айгерим;14.03.2017;;;Сейткали;;мать;87011234567;;;",
            "Омаров;Тимур;05.01.2012;;;;Сауле;опекун;;;;",
            "Ким;Виктор;08.08.2013;;;;;;87079998877;;;",
        ],
    )
    assert _warnings(summary) == [
        "Row 2, column “Имя родителя”: The caregiver's first name is missing, so the "
        "caregiver is not added",
        "Row 3, column “Фамилия родителя”: The caregiver's last name is missing, so the "
        "caregiver is not added",
        "Row 4: The caregiver has no name, so the caregiver is not added",
    ]
    assert (summary.children_created, summary.caregivers_created) == (3, 0)


def test_an_exact_repeat_is_named_with_both_rows_and_imported_once(
    session: Session, room: Room, tmp_path: Path
) -> None:
    row = "Сейткали;Айгерим;14.03.2017;10.02.2026;117;Сейткали;Гульнара;мать;87011234567;2;kk;"
    other = "Омаров;Тимур;05.01.2012;;;Омарова;Сауле;опекун;87017654321;;;"
    summary = _import(session, tmp_path, [row, other, row.replace("Айгерим", " Айгерим "), row])
    assert _warnings(summary) == [
        "Row 4: This row repeats row 2 and is imported once",
        "Row 5: This row repeats row 2 and is imported once",
    ]
    assert summary.rows == 4
    assert (summary.children_created, summary.conclusions_created) == (2, 1)
    assert (summary.caregivers_created, summary.families_created) == (2, 2)


def test_a_changed_phone_of_a_known_caregiver_is_an_update(
    session: Session, room: Room, family: Family, caregiver: Caregiver, child: Child,
    tmp_path: Path,
) -> None:  # fmt: skip
    # The fixtures: Seitkali Aigerim (14.03.2017) and her mother Seitkali Gulnara, no phone.
    caregiver.phone = "+77011234567"
    session.add(caregiver)
    session.flush()
    events = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    row = "Seitkali;Aigerim;14.03.2017;;;Сейткали;Гульнара;мать;8 702 555 44 33;;;"
    summary = _import(session, tmp_path, [row])
    assert (summary.caregivers_updated, summary.caregivers_created) == (1, 0)
    assert (summary.caregivers_present, summary.families_present) == (0, 1)
    session.refresh(caregiver)
    assert caregiver.phone == "+77025554433"
    assert session.execute(select(func.count()).select_from(Caregiver)).scalar_one() == 1
    update = session.execute(
        select(AuditEvent).where(col(AuditEvent.action) == "update")
    ).scalar_one()
    assert (update.entity, update.entity_id) == ("caregiver", caregiver.id)
    assert update.details == {"family_id": str(family.id), "relation": "mother"}
    total = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    assert total == events + 2  # the update and the import
    again = _import(session, tmp_path, [row])
    assert (again.caregivers_updated, again.caregivers_present) == (0, 1)


def test_a_known_caregiver_with_no_phone_in_the_roster_keeps_hers(
    session: Session, room: Room, caregiver: Caregiver, child: Child, tmp_path: Path
) -> None:
    caregiver.phone = "+77011234567"
    session.add(caregiver)
    session.flush()
    summary = _import(session, tmp_path, ["Seitkali;Aigerim;14.03.2017;;;Seitkali;Gulnara;;;;;"])
    assert (summary.caregivers_present, summary.caregivers_created) == (1, 0)
    assert (summary.caregivers_updated, summary.families_created) == (0, 0)
    session.refresh(caregiver)
    assert caregiver.phone == "+77011234567"


def test_a_known_caregiver_found_by_name_and_address_despite_a_new_phone(
    session: Session, room: Room, family: Family, caregiver: Caregiver, tmp_path: Path
) -> None:
    family.address = "ул. Абая, 12"
    caregiver.phone = "+77011234567"
    session.add_all([family, caregiver])
    session.flush()
    summary = _import(
        session,
        tmp_path,
        ["Seitkali;Erlan;02.05.2015;;;Seitkali;Gulnara;;87025554433;;;ул. Абая, 12"],
    )
    assert (summary.families_present, summary.caregivers_updated) == (1, 1)
    erlan = session.execute(select(Child).where(col(Child.first_name) == "Erlan")).scalar_one()
    assert erlan.family_id == family.id


def test_rows_of_one_family_that_disagree_are_warned_about_naming_the_rows(
    session: Session, room: Room, tmp_path: Path
) -> None:
    summary = _import(
        session,
        tmp_path,
        [
            "Сейткали;Айгерим;14.03.2017;;;Сейткали;Гульнара;мать;87011234567;3;kk;ул. Абая 1",
            "Омаров;Тимур;05.01.2012;;;Омарова;Сауле;опекун;87017654321;1;ru;ул. Ленина 5",
            "Сейткали;Ерлан;02.05.2015;;;Сейткали;Гульнара;мать;87011234567;4;ru;УЛ. АБАЯ  1",
            "Сейткали;Әлия;01.09.2019;;;Сейткали;Гульнара;мать;87011234567;3;;ул. Абая 1",
        ],
    )
    assert _warnings(summary) == [
        "Row 4, column “Количество детей в семье”: This differs from row 2, of the same "
        "family; the first value given is the one kept",
        "Row 4, column “Язык”: This differs from row 2, of the same family; the first value "
        "given is the one kept",
    ]
    assert summary.families_created == 2
    family = session.execute(
        select(col(Family.children_count), col(Family.home_language)).where(
            col(Family.display_name) == "Сейткали"
        )
    ).one()
    assert tuple(family) == (3, "kk")


def test_a_family_found_through_two_groups_of_rows_is_counted_once(
    session: Session, room: Room, family: Family, child: Child, tmp_path: Path
) -> None:
    session.add(
        Child(room_id=room.id, family_id=family.id, case_number="SR-2026-0002",
              last_name="Seitkali", first_name="Erlan", birth_date=date(2015, 5, 2),
              enrolled_on=date(2026, 9, 1))
    )  # fmt: skip
    session.flush()
    summary = _import(
        session,
        tmp_path,
        [
            "Seitkali;Aigerim;14.03.2017;;;Seitkali;Gulnara;мать;87011234567;;;",
            "Seitkali;Erlan;02.05.2015;;;Seitkali;Marat;отец;87017654321;;;",
        ],
    )
    assert (summary.families_present, summary.families_created) == (1, 0)
    assert (summary.children_present, summary.caregivers_created) == (2, 2)
