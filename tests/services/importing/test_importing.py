"""Roster import: reading CSV/XLSX, every row rule with row and column, families, no
duplicates, all or nothing, hostile cells."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import (
    AuditEvent,
    Caregiver,
    Child,
    ChildSenCategory,
    Family,
    PmpkConclusion,
    Room,
    SenCategory,
)
from caseroom.errors import UserError
from caseroom.services.common import SYSTEM
from caseroom.services.importing.read import (
    HEADER_SYNONYMS,
    RosterError,
    header_key,
    read_roster,
)
from caseroom.services.importing.roster import ImportSummary, import_roster
from caseroom.services.people.iin import make_iin

TODAY = date(2026, 11, 23)
AIGERIM_BIRTH = date(2017, 3, 14)
AIGERIM_IIN = make_iin(AIGERIM_BIRTH, "F", 11)
ERLAN_BIRTH = date(2015, 5, 2)
ERLAN_IIN = make_iin(ERLAN_BIRTH, "M", 12)

ENGLISH = (
    "child_last_name,child_first_name,child_patronymic,birth_date,sex,iin,school,grade,"
    "class_letter,sen_category,pmpk_date,pmpk_number,caregiver_last_name,"
    "caregiver_first_name,caregiver_patronymic,caregiver_relation,caregiver_phone,"
    "family_children_count,home_language"
)


def _write(path: Path, lines: list[str], *, bom: bool = False) -> Path:
    text = "\n".join(lines) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _counts(session: Session) -> tuple[int, ...]:
    session.flush()
    return tuple(
        _count(session, model)
        for model in (Family, Caregiver, Child, ChildSenCategory, PmpkConclusion, AuditEvent)
    )


def _import(session: Session, path: Path) -> ImportSummary:
    return import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)


def _problems(session: Session, path: Path) -> list[str]:
    with pytest.raises(RosterError) as caught:
        _import(session, path)
    return [str(problem) for problem in caught.value.problems]


def _english_row(**changes: str) -> str:
    values = {
        "child_last_name": "Seitkali",
        "child_first_name": "Aigerim",
        "child_patronymic": "",
        "birth_date": "14.03.2017",
        "sex": "F",
        "iin": AIGERIM_IIN,
        "school": "School-lyceum No. 12",
        "grade": "3",
        "class_letter": "a",
        "sen_category": "speech",
        "pmpk_date": "2026-02-10",
        "pmpk_number": "117",
        "caregiver_last_name": "Seitkali",
        "caregiver_first_name": "Gulnara",
        "caregiver_patronymic": "",
        "caregiver_relation": "mother",
        "caregiver_phone": "8 (701) 123-45-67",
        "family_children_count": "4",
        "home_language": "kk",
    }
    values.update(changes)
    return ",".join(values[column] for column in ENGLISH.split(","))


# --- reading ------------------------------------------------------------------------------


def test_header_synonyms_never_name_two_columns() -> None:
    seen: dict[str, str] = {}
    for column, names in HEADER_SYNONYMS.items():
        for name in (column, *names):
            key = header_key(name)
            assert seen.setdefault(key, column) == column, name


def test_csv_with_bom_semicolons_and_russian_headers(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        [
            "Фамилия ребёнка;Имя ребенка;Отчество;Дата рождения (дд.мм.гггг)*;Пол;ИИН;Класс;"
            "Категория ООП;Дата заключения ПМПК;Номер заключения ПМПК;Фамилия родителя;"
            "Имя родителя;Кем приходится;Телефон;Количество детей в семье;Язык;Адрес",
            f"Сейткали;Айгерим;Маратовна;14.03.2017;ж;{AIGERIM_IIN};3А;ЗПР;10.02.2026;"
            "№ 117;Сейткали;Гульнара;мать;8 701 123 45 67;4;казахский;ул. Абая 1",
        ],
        bom=True,
    )
    summary = _import(session, path)
    assert (summary.rows, summary.families_created, summary.caregivers_created) == (1, 1, 1)
    assert (summary.children_created, summary.conclusions_created) == (1, 1)
    assert summary.warnings == ()
    child = session.execute(select(Child)).scalar_one()
    assert (child.last_name, child.first_name, child.patronymic) == (
        "Сейткали",
        "Айгерим",
        "Маратовна",
    )
    assert (child.birth_date, child.sex, child.iin) == (AIGERIM_BIRTH, "F", AIGERIM_IIN)
    assert (child.grade, child.class_letter, child.home_language) == (3, "А", "kk")
    assert child.enrolled_on == TODAY
    codes = session.execute(select(col(ChildSenCategory.category_code))).scalars().all()
    assert codes == ["delayed_development"]
    family = session.execute(select(Family)).scalar_one()
    assert (family.display_name, family.address, family.children_count) == (
        "Сейткали",
        "ул. Абая 1",
        4,
    )
    caregiver = session.execute(select(Caregiver)).scalar_one()
    assert (caregiver.relation, caregiver.phone) == ("mother", "+77011234567")
    conclusion = session.execute(select(PmpkConclusion)).scalar_one()
    assert (conclusion.issued_on, conclusion.number) == (date(2026, 2, 10), "№ 117")


def test_csv_with_commas_and_english_headers(session: Session, room: Room, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "roster.csv",
        [ENGLISH, _english_row(), _english_row(
            child_first_name="Erlan", birth_date="2015-05-02", sex="M", iin=ERLAN_IIN,
            grade="5", pmpk_date="", pmpk_number="", sen_category="",
        )],
    )  # fmt: skip
    summary = _import(session, path)
    assert (summary.families_created, summary.caregivers_created) == (1, 1)
    assert (summary.children_created, summary.conclusions_created) == (2, 1)
    names = session.execute(select(col(Child.first_name)).order_by(col(Child.first_name)))
    assert names.scalars().all() == ["Aigerim", "Erlan"]
    cases = session.execute(select(col(Child.case_number)).order_by(col(Child.case_number)))
    assert cases.scalars().all() == ["SR-2026-0001", "SR-2026-0002"]


def test_kazakh_headers_and_words(session: Session, room: Room, tmp_path: Path) -> None:
    path = _write(
        tmp_path / "roster.csv",
        [
            "Баланың тегі,Баланың аты,Туған күні,Жынысы,ЖСН,Сынып,Ата-анасының тегі,"
            "Ата-анасының аты,Туыстығы,Телефоны,Отбасындағы тіл",
            f"Сейтқали,Ерлан,02.05.2015,ұ,{ERLAN_IIN},5,Сейтқали,Марат,әке,7011234567,қазақ",
            "Сейтқали,Әлия,01.09.2019,қ,,0,Сейтқали,Марат,әке,7011234567,қазақ",
        ],
    )
    summary = _import(session, path)
    assert (summary.families_created, summary.caregivers_created, summary.children_created) == (
        1,
        1,
        2,
    )
    sexes = session.execute(select(col(Child.sex), col(Child.grade)).order_by(col(Child.grade)))
    assert sexes.all() == [("F", 0), ("M", 5)]
    caregiver = session.execute(select(Caregiver)).scalar_one()
    assert (caregiver.relation, caregiver.phone) == ("father", "+77011234567")


def test_xlsx_first_sheet_with_date_and_number_cells(
    session: Session, room: Room, tmp_path: Path
) -> None:
    born = date(2008, 1, 5)  # an IIN of the 2000s begins with 0: a number cell loses it
    iin = make_iin(born, "M", 77)
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "Child last name",
            "Child first name",
            "Birth date",
            "IIN",
            "Grade",
            "Caregiver name",
            "Caregiver last name",
            "Relation",
            "Phone",
        ]
    )
    sheet.append(
        ["Omarov", "Timur", datetime(2008, 1, 5), int(iin), 11, "Saule", "Omarova", "Mother",
         77011234567]
    )  # fmt: skip
    book.create_sheet("ignored").append(["nothing", "here"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    summary = _import(session, path)
    assert summary.children_created == 1
    child = session.execute(select(Child)).scalar_one()
    assert (child.iin, child.birth_date, child.grade, child.sex) == (iin, born, 11, "M")
    caregiver = session.execute(select(Caregiver)).scalar_one()
    assert (caregiver.first_name, caregiver.relation, caregiver.phone) == (
        "Saule",
        "mother",
        "+77011234567",
    )
    assert summary.warnings == ()


def test_unknown_columns_are_warned_about_and_ignored(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        ["child_last_name,child_first_name,birth_date,Favourite colour",
         "Seitkali,Aigerim,14.03.2017,red"],
    )  # fmt: skip
    summary = _import(session, path)
    assert [str(warning) for warning in summary.warnings] == [
        "Row 1, column “Favourite colour”: Unknown column: it is ignored"
    ]
    assert summary.children_created == 1


def test_a_missing_required_column_is_a_problem_of_row_one(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(tmp_path / "roster.csv", ["child_last_name,birth_date", "Seitkali,14.03.2017"])
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "Row 1: The required column “child_first_name” is missing"
    ]


def test_a_file_mixing_utf8_and_another_encoding_names_its_first_other_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(
        "child_last_name,child_first_name,birth_date\nСейткали,Айгерим,14.03.2017\n".encode()
        + "Сейткали,Ерлан,02.05.2015\n".encode("cp1251")
    )
    with pytest.raises(UserError) as caught:
        read_roster(path)
    assert str(caught.value) == "roster.csv is not UTF-8 text (line 3): save it as “CSV UTF-8”"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("roster.pdf", b"a,b", "roster.pdf: a roster is a .csv, .txt or .xlsx file"),
        (
            "roster.csv",
            b"a,b\n\x98\x98\n",
            "roster.csv is not UTF-8 text (line 2): save it as “CSV UTF-8”",
        ),
        ("roster.xlsx", b"not a zip", "roster.xlsx is not a readable XLSX workbook"),
        ("roster.csv", b"", "The roster has no header row"),
    ],
)
def test_unreadable_files_are_one_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        read_roster(path)
    assert str(caught.value) == message


def test_a_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="No roster file at"):
        read_roster(tmp_path / "nowhere.csv")


# --- row rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"child_last_name": ""}, "Row 2, column “child_last_name”: Enter the child's last name"),
        (
            {"birth_date": "14/03/17"},
            "Row 2, column “birth_date”: “14/03/17” is not a date: write it as dd.mm.yyyy or "
            "yyyy-mm-dd",
        ),
        (
            {"birth_date": "31.02.2017", "iin": ""},
            "Row 2, column “birth_date”: “31.02.2017” is not a date: write it as dd.mm.yyyy or "
            "yyyy-mm-dd",
        ),
        (
            {"birth_date": "01.12.2026", "iin": ""},
            "Row 2, column “birth_date”: The date 01.12.2026 is in the future",
        ),
        (
            {"birth_date": "01.01.2004", "iin": "", "pmpk_date": "", "pmpk_number": ""},
            "Row 2, column “birth_date”: The child is 22 years old; the room supports children "
            "up to 21",
        ),
        ({"sex": "x"}, "Row 2, column “sex”: “x” is not a sex: write F or M"),
        ({"iin": "12345"}, "Row 2, column “iin”: An IIN has exactly 12 digits"),
        (
            {"iin": AIGERIM_IIN[:11] + str((int(AIGERIM_IIN[11]) + 1) % 10)},
            f"Row 2, column “iin”: The IIN {AIGERIM_IIN[:11]}"
            f"{(int(AIGERIM_IIN[11]) + 1) % 10} fails its check digit: please check it",
        ),
        (
            {"birth_date": "15.03.2017"},
            "Row 2, column “iin”: The IIN encodes the birth date 14.03.2017, but the birth date "
            "is 15.03.2017",
        ),
        (
            {"sex": "M"},
            "Row 2, column “iin”: The IIN is that of a girl, but the child is recorded as a boy",
        ),
        (
            {"grade": "13"},
            "Row 2, column “grade”: The grade must be a whole number 0 to 12 (0 = pre-school "
            "class)",
        ),
        (
            {"grade": "third"},
            "Row 2, column “grade”: The grade must be a whole number 0 to 12 (0 = pre-school "
            "class)",
        ),
        (
            {"class_letter": "A1"},
            "Row 2, column “class_letter”: The class letter is one to three letters, such as А",
        ),
        (
            {"sen_category": "dyslexia"},
            "Row 2, column “sen_category”: Unknown SEN category “dyslexia”",
        ),
        (
            {"pmpk_date": "01.01.2027"},
            "Row 2, column “pmpk_date”: The date 01.01.2027 is in the future",
        ),
        (
            {"pmpk_date": "01.01.2016"},
            "Row 2, column “pmpk_date”: The conclusion date 01.01.2016 is before the child's "
            "birth on 14.03.2017",
        ),
        (
            {"caregiver_relation": "neighbour"},
            "Row 2, column “caregiver_relation”: “neighbour” is not a relation: write mother, "
            "father, grandmother, grandfather, guardian or other",
        ),
        (
            {"caregiver_phone": "12-34"},
            "Row 2, column “caregiver_phone”: 12-34 is not a phone number: write it as "
            "+7 7xx xxx xx xx",
        ),
        (
            {"family_children_count": "0"},
            "Row 2, column “family_children_count”: The number of children must be a whole "
            "number 1 to 30",
        ),
        (
            {"home_language": "german"},
            "Row 2, column “home_language”: “german” is not a language: write kk, ru or other",
        ),
    ],
)
def test_each_row_rule_names_its_row_and_column(
    session: Session, room: Room, tmp_path: Path, changes: dict[str, str], expected: str
) -> None:
    path = _write(tmp_path / "roster.csv", [ENGLISH, _english_row(**changes)])
    before = _counts(session)
    assert _problems(session, path) == [expected]
    assert _counts(session) == before


def test_every_problem_of_every_row_is_reported_and_nothing_written(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        [
            ENGLISH,
            _english_row(),
            _english_row(child_first_name="Erlan", birth_date="2015-05-02", iin="", sex="q"),
            _english_row(child_first_name="Aliya", iin="", grade="14", caregiver_phone="1"),
        ],
    )
    before = _counts(session)
    assert _problems(session, path) == [
        "Row 3, column “sex”: “q” is not a sex: write F or M",
        "Row 4, column “grade”: The grade must be a whole number 0 to 12 (0 = pre-school class)",
        "Row 4, column “caregiver_phone”: 1 is not a phone number: write it as +7 7xx xxx xx xx",
    ]
    assert _counts(session) == before


def test_a_service_rule_failing_while_applying_rolls_back_everything(
    session: Session, room: Room, tmp_path: Path
) -> None:
    # Another room holds a child with this IIN: the roster passes its own checks, then
    # create_child refuses the IIN; the unit of work rolls back the rows made before it.
    other = Room(school_name="Other school", room_name="Room 2")
    session.add(other)
    session.flush()
    family = Family(room_id=other.id, display_name="Other")
    session.add(family)
    session.flush()
    session.add(
        Child(room_id=other.id, family_id=family.id, case_number="X-1", last_name="Other",
              first_name="Child", birth_date=ERLAN_BIRTH, iin=ERLAN_IIN, enrolled_on=TODAY)
    )  # fmt: skip
    session.commit()
    before = _counts(session)
    path = _write(
        tmp_path / "roster.csv",
        [ENGLISH, _english_row(), _english_row(
            child_first_name="Erlan", birth_date="02.05.2015", sex="M", iin=ERLAN_IIN,
            pmpk_date="", pmpk_number="",
        )],
    )  # fmt: skip
    assert _problems(session, path) == [
        f"Row 3, column “iin”: The IIN {ERLAN_IIN} already belongs to the child with case "
        "number X-1"
    ]
    session.rollback()
    assert _counts(session) == before


def test_the_same_iin_for_two_different_children_is_refused(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        [ENGLISH, _english_row(), _english_row(child_first_name="Dana", caregiver_phone="")],
    )
    assert _problems(session, path) == [
        f"Row 3, column “iin”: The IIN {AIGERIM_IIN} is also on row 2, for another child"
    ]


# --- families and duplicates --------------------------------------------------------------------


def test_rows_group_into_families_by_caregiver_address_and_child(
    session: Session, room: Room, tmp_path: Path
) -> None:
    header = (
        "child_last_name,child_first_name,birth_date,caregiver_last_name,caregiver_first_name,"
        "caregiver_relation,caregiver_phone,address"
    )
    path = _write(
        tmp_path / "roster.csv",
        [
            header,
            # Aigerim with her mother, then with her father: one child, two caregivers.
            "Seitkali,Aigerim,14.03.2017,Seitkali,Gulnara,mother,87011234567,Abaya 1",
            "Seitkali,Aigerim,14.03.2017,Seitkali,Marat,father,87017654321,Abaya 1",
            # Her brother with the mother, her name typed in Cyrillic: the same family.
            "Seitkali,Erlan,02.05.2015,Сейткали,Гульнара,мать,+7 701 123 45 67,Abaya 1",
            # A caregiver of the same name and phone at another address: another family.
            "Omarov,Timur,05.01.2012,Seitkali,Gulnara,mother,87011234567,Lenina 5",
            # No caregiver at all: a family of its own, named after the child.
            "Akhmetova,Dana,01.09.2014,,,,,",
        ],
    )
    summary = _import(session, path)
    assert (summary.families_created, summary.caregivers_created) == (3, 3)
    assert summary.children_created == 4
    families = session.execute(
        select(col(Family.display_name), col(Family.address)).order_by(col(Family.display_name))
    ).all()
    assert families == [("Akhmetova", None), ("Seitkali", "Abaya 1"), ("Seitkali", "Lenina 5")]
    seitkali = session.execute(
        select(col(Family.id)).where(col(Family.address) == "Abaya 1")
    ).scalar_one()
    members = session.execute(
        select(col(Child.first_name)).where(col(Child.family_id) == seitkali)
    ).scalars()
    assert sorted(members) == ["Aigerim", "Erlan"]
    parents = session.execute(
        select(col(Caregiver.relation)).where(col(Caregiver.family_id) == seitkali)
    ).scalars()
    assert sorted(parents) == ["father", "mother"]


def test_importing_twice_creates_no_duplicates(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        [ENGLISH, _english_row(), _english_row(
            child_first_name="Erlan", birth_date="2015-05-02", sex="M", iin="",
            pmpk_date="", pmpk_number="",
        )],
    )  # fmt: skip
    first = _import(session, path)
    after_first = _counts(session)
    second = _import(session, path)
    assert (first.children_created, first.caregivers_created, first.families_created) == (2, 1, 1)
    assert (second.children_created, second.caregivers_created, second.families_created) == (
        0,
        0,
        0,
    )
    assert (second.children_present, second.caregivers_present, second.families_present) == (
        2,
        1,
        1,
    )
    assert second.conclusions_created == 0
    # Only the second import's own audit event is new.
    assert _counts(session) == (*after_first[:-1], after_first[-1] + 1)


def test_existing_records_are_matched_across_scripts_and_new_ones_join_their_family(
    session: Session, room: Room, family: Family, caregiver: Caregiver, child: Child,
    tmp_path: Path,
) -> None:  # fmt: skip
    # The fixtures hold Seitkali Aigerim (14.03.2017) and her mother Seitkali Gulnara.
    path = _write(
        tmp_path / "roster.csv",
        [
            "child_last_name,child_first_name,birth_date,sex,caregiver_last_name,"
            "caregiver_first_name,caregiver_relation",
            "Сейткали,Айгерим,14.03.2017,M,Сейткали,Гульнара,мать",
            "Сейткали,Ерлан,02.05.2015,M,Сейткали,Гульнара,мать",
        ],
    )
    summary = _import(session, path)
    assert (summary.children_present, summary.children_created) == (1, 1)
    assert (summary.caregivers_present, summary.caregivers_created) == (1, 0)
    assert (summary.families_present, summary.families_created) == (1, 0)
    session.refresh(child)
    assert child.sex == "F"  # left exactly as it was
    erlan = session.execute(select(Child).where(col(Child.first_name) == "Ерлан")).scalar_one()
    assert erlan.family_id == family.id


def test_the_import_is_audited_with_counts_only(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(tmp_path / "roster.csv", [ENGLISH, _english_row()])
    _import(session, path)
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.action) == "import")
    ).scalar_one()
    assert event.entity == "roster"
    assert event.actor_id is None
    assert event.details == {
        "rows": 1,
        "families_created": 1,
        "families_present": 0,
        "caregivers_created": 1,
        "caregivers_present": 0,
        "caregivers_updated": 0,
        "children_created": 1,
        "children_present": 0,
        "conclusions_created": 1,
    }


def test_sen_categories_by_code_name_alias_list_and_table_label(
    session: Session, room: Room, tmp_path: Path
) -> None:
    session.add(SenCategory(code="giftedness", label_ru="Одарённость", label_kk="Дарындылық"))
    session.flush()
    path = _write(
        tmp_path / "roster.csv",
        [
            "child_last_name;child_first_name;birth_date;sen_category",
            "A;One;01.01.2015;Communication and social interaction difficulties, including autism",
            "B;Two;01.01.2015;ЗПР; нарушения речи",
            "C;Three;01.01.2015;одаренность",
            "D;Four;01.01.2015;hearing|VISION",
        ],
    )
    path.write_text(path.read_text().replace("ЗПР; нарушения речи", '"ЗПР; нарушения речи"'))
    _import(session, path)
    rows = session.execute(
        select(col(Child.last_name), col(ChildSenCategory.category_code))
        .join(ChildSenCategory, col(ChildSenCategory.child_id) == col(Child.id))
        .order_by(col(Child.last_name), col(ChildSenCategory.category_code))
    ).all()
    assert rows == [
        ("A", "autism"),
        ("B", "delayed_development"),
        ("B", "speech"),
        ("C", "giftedness"),
        ("D", "hearing"),
        ("D", "vision"),
    ]


def test_a_missing_caregiver_relation_is_recorded_as_other_with_a_warning(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(tmp_path / "roster.csv", [ENGLISH, _english_row(caregiver_relation="")])
    summary = _import(session, path)
    assert [str(warning) for warning in summary.warnings] == [
        "Row 2: The caregiver's relation is not given; it is recorded as “other”"
    ]
    assert session.execute(select(col(Caregiver.relation))).scalar_one() == "other"


def test_a_roster_without_a_room_asks_to_set_it_up(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path / "roster.csv", [ENGLISH, _english_row()])
    with pytest.raises(UserError, match="Set up the room first"):
        _import(session, path)


# --- hostile cells ------------------------------------------------------------------------


def test_formula_looking_text_is_stored_exactly(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        ["child_last_name;child_first_name;birth_date;school",
         '"=HYPERLINK(""http://x"";""y"")";+cmd|calc;14.03.2017;@SUM(A1:A2)'],
    )  # fmt: skip
    _import(session, path)
    child = session.execute(select(Child)).scalar_one()
    assert (child.last_name, child.first_name, child.school) == (
        '=HYPERLINK("http://x";"y")',
        "+cmd|calc",
        "@SUM(A1:A2)",
    )


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Ai\x07gerim", "The text holds control characters (such as a line break)"),
        ('"Ai\ngerim"', "The text holds control characters (such as a line break)"),
        ("Ai\x00gerim", "The text holds control characters (such as a line break)"),
        ("A" * 101, "The text is longer than 100 characters"),
    ],
)
def test_control_characters_and_very_long_text_are_refused(
    session: Session, room: Room, tmp_path: Path, cell: str, expected: str
) -> None:
    path = _write(
        tmp_path / "roster.csv",
        ["child_last_name,child_first_name,birth_date", f"Seitkali,{cell},14.03.2017"],
    )
    assert _problems(session, path) == [f"Row 2, column “child_first_name”: {expected}"]


def test_a_cell_too_long_for_csv_is_a_clear_error(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "roster.csv",
        ["child_last_name,child_first_name,birth_date", f'"{"x" * 200_000}",A,14.03.2017'],
    )
    with pytest.raises(UserError, match=r"roster.csv is not a readable CSV file \(line 2\)"):
        read_roster(path)


def test_an_archived_family_gets_no_new_members_only_a_warning(
    session: Session, room: Room, family: Family, caregiver: Caregiver, tmp_path: Path
) -> None:
    family.archived_at = datetime(2026, 6, 1, tzinfo=UTC)
    session.add(family)
    session.flush()
    path = _write(
        tmp_path / "roster.csv",
        [
            "child_last_name,child_first_name,birth_date,caregiver_last_name,"
            "caregiver_first_name,caregiver_relation",
            "Seitkali,Erlan,02.05.2015,Seitkali,Gulnara,mother",
        ],
    )
    before = _counts(session)
    summary = _import(session, path)
    assert [str(warning) for warning in summary.warnings] == [
        "Row 2: The family is archived: the child is not added"
    ]
    assert (summary.families_present, summary.caregivers_present) == (1, 1)
    assert summary.children_created == 0
    assert _counts(session) == (*before[:-1], before[-1] + 1)
