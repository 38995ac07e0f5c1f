"""Roster files as schools save them: UTF-8 with or without BOM, Excel's UTF-16 "Unicode
text", Windows-1251 from a Russian Windows, each with `;`, `,` or tabs; header variants in
three languages; whole names in one column."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Room
from caseroom.errors import UserError
from caseroom.services.common import SYSTEM
from caseroom.services.importing.headers import HEADER_SYNONYMS, column_for, header_key
from caseroom.services.importing.read import RosterError, read_roster
from caseroom.services.importing.roster import import_roster

TODAY = date(2026, 11, 23)
HEADER = ["Фамилия ребёнка", "Имя ребёнка", "Дата рождения", "Адрес"]
ROWS = [
    ["Сейткали", "Айгерим", "14.03.2017", "ул. Абая, 1"],
    ["Иванова", "Мария", "21.11.2019", "ул. Толе би, 40"],
]
ENCODINGS = {
    "UTF-8 BOM": "utf-8-sig",
    "UTF-8": "utf-8",
    "UTF-16 LE": "utf-16",  # Python writes the byte-order mark, little endian here
    "Windows-1251": "cp1251",
}


def _line(cells: list[str], delimiter: str) -> str:
    return delimiter.join(f'"{cell}"' if delimiter in cell else cell for cell in cells)


def _text(delimiter: str, header: list[str] = HEADER, rows: list[list[str]] = ROWS) -> str:
    return "\r\n".join(_line(cells, delimiter) for cells in [header, *rows]) + "\r\n"


@pytest.mark.parametrize("delimiter", [";", ",", "\t"], ids=["semicolon", "comma", "tab"])
@pytest.mark.parametrize("label", list(ENCODINGS))
def test_each_encoding_and_separator_is_found_and_reported(
    tmp_path: Path, label: str, delimiter: str
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(_text(delimiter).encode(ENCODINGS[label]))
    table = read_roster(path)
    assert (table.encoding, table.delimiter) == (label, delimiter)
    assert list(table.columns) == ["child_last_name", "child_first_name", "birth_date", "address"]
    assert [list(row.cells.values()) for row in table.rows] == ROWS


def test_excel_unicode_text_is_a_utf16_txt_file_with_tabs(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = tmp_path / "Список.txt"
    path.write_bytes(b"\xff\xfe" + _text("\t").encode("utf-16-le"))
    summary = import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)
    assert (summary.children_created, summary.encoding, summary.delimiter) == (2, "UTF-16 LE", "\t")
    names = session.execute(select(col(Child.first_name)).order_by(col(Child.first_name)))
    assert names.scalars().all() == ["Айгерим", "Мария"]


def test_utf16_big_endian_and_without_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "roster.txt"
    path.write_bytes(b"\xfe\xff" + _text("\t").encode("utf-16-be"))
    assert read_roster(path).encoding == "UTF-16 BE"
    path.write_bytes(_text("\t").encode("utf-16-le"))
    table = read_roster(path)
    assert (table.encoding, len(table.rows)) == ("UTF-16 LE", 2)


def test_windows_1251_with_kazakh_letters_lost_is_warned_about_once(tmp_path: Path) -> None:
    rows = [
        ["Ж?ксыбекова", "?йгерім", "30.06.2016", "Т?рген"],  # Excel wrote ? for ә and ү
        ["Иванова", "Мария", "21.11.2019", "ул. Толе би, 40"],
        ["Ахметов", "?лихан", "01.09.2014", ""],
    ]
    path = tmp_path / "roster.csv"
    path.write_bytes(_text(";", rows=rows).encode("cp1251"))
    table = read_roster(path)
    assert table.encoding == "Windows-1251"
    assert table.rows[0].cells["child_first_name"] == "?йгерім"  # і is in Windows-1251
    assert [str(warning) for warning in table.warnings] == [
        "Row 2: A “?” stands inside a word here and on 1 more row: Windows-1251 has no Kazakh "
        "letters such as ә, қ, ң, so a letter may have been lost; save the roster as "
        "“CSV UTF-8”"
    ]


def test_a_single_byte_file_that_is_not_cyrillic_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    # Bytes that Windows-1251 reads as †‡‰¤ and ¦¬µ¶: not a roster in that encoding either.
    path.write_bytes(
        b"child_last_name;child_first_name;birth_date\n\x86\x87\x89\xa4;\xa6\xac\xb5\xb6;01.01.2015\n"
    )
    with pytest.raises(UserError, match=r"roster.csv is not UTF-8 text \(line 2\)"):
        read_roster(path)


# --- headers ------------------------------------------------------------------------------


def test_header_aliases_never_name_two_columns_in_their_folded_form() -> None:
    seen: dict[str, str] = {}
    for column, names in HEADER_SYNONYMS.items():
        for name in (column, *names):
            assert header_key(name), name
            assert seen.setdefault(header_key(name), column) == column, name


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Язык общения", "home_language"),
        ("Язык общения в семье:", "home_language"),
        ("Тел.", "caregiver_phone"),
        ("ТЕЛ :", "caregiver_phone"),
        ("Телефон", "caregiver_phone"),
        ("Контактный тел.", "caregiver_phone"),
        ("Дата рождения ребенка", "birth_date"),
        ("Дата рождения ребёнка (дд.мм.гггг)*", "birth_date"),
        ("Д.р.", "birth_date"),
        ("Кол-во детей в семье", "family_children_count"),
        ("ФИО ребёнка", "child_full_name"),
        ("ФИО ребенка", "child_full_name"),
        ("Ф.И.О.", "child_full_name"),
        ("Баланың аты-жөні", "child_full_name"),
        ("Child's full name", "child_full_name"),
        ("Child’s full name", "child_full_name"),
        ("ФИО родителя", "caregiver_full_name"),
        ("Ата-анасының аты-жөні", "caregiver_full_name"),
        ("№ п/п", "row_number"),
        ("Нас. пункт", "locality"),
    ],
)
def test_header_variants_find_their_column(header: str, column: str) -> None:
    assert column_for(header) == column


def test_a_row_number_column_is_neither_read_nor_warned_about(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "№ п/п;Тел.;Язык общения;ФИО ребёнка;Дата рождения ребёнка\n"
        "1;87011234567;каз;Сейткали Айгерим;14.03.2017\n",
        encoding="utf-8",
    )
    table = read_roster(path)
    assert table.warnings == ()
    assert list(table.columns) == ["caregiver_phone", "home_language", "child_full_name",
                                   "birth_date"]  # fmt: skip


# --- whole names --------------------------------------------------------------------------


def test_whole_names_split_into_last_first_and_patronymic(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "ФИО ребёнка;Дата рождения;ФИО родителя;Кем приходится\n"
        "Сейткали Айгерим Маратқызы;14.03.2017;Сейткали Гульнара Ахметовна;мать\n"
        "Жақсыбекова  Әйгерім Қайрат қызы;30.06.2016;Жақсыбеков Қайрат;отец\n"
        "Nurlanov Alikhan;12.04.2014;;\n",
        encoding="utf-8",
    )
    summary = import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)
    assert (summary.children_created, summary.caregivers_created, summary.warnings) == (3, 2, ())
    children = session.execute(
        select(col(Child.last_name), col(Child.first_name), col(Child.patronymic)).order_by(
            col(Child.birth_date)
        )
    ).all()
    assert children == [
        ("Nurlanov", "Alikhan", None),
        ("Жақсыбекова", "Әйгерім", "Қайрат қызы"),
        ("Сейткали", "Айгерим", "Маратқызы"),
    ]
    parents = session.execute(
        select(col(Caregiver.last_name), col(Caregiver.first_name), col(Caregiver.patronymic))
        .order_by(col(Caregiver.relation))
    ).all()  # fmt: skip
    assert parents == [("Жақсыбеков", "Қайрат", None), ("Сейткали", "Гульнара", "Ахметовна")]


def test_a_whole_name_that_cannot_be_split_is_a_problem_of_its_column(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "ФИО ребенка;Дата рождения\nСейткали;14.03.2017\n;01.09.2019\nА Б В Г Д;01.09.2019\n",
        encoding="utf-8",
    )
    with pytest.raises(RosterError) as caught:
        import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)
    split = (
        "Cannot tell the last name, first name and patronymic apart: write them in this "
        "order, separated by spaces, or in columns of their own"
    )
    assert [str(problem) for problem in caught.value.problems] == [
        f"Row 2, column “ФИО ребенка”: {split}",
        "Row 3, column “ФИО ребенка”: Enter the child's full name",
        f"Row 4, column “ФИО ребенка”: {split}",
    ]


def test_separate_name_columns_win_over_the_whole_name(
    session: Session, room: Room, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "ФИО;Фамилия;Имя;Отчество;Дата рождения\n"
        "Сейткали Айгерим;Seitkali;Aigerim;;14.03.2017\n"
        "Иванова Мария Сергеевна;;;Сергеевна;21.11.2019\n",
        encoding="utf-8",
    )
    import_roster(session, actor=SYSTEM, table=read_roster(path), today=TODAY)
    names = session.execute(
        select(col(Child.last_name), col(Child.first_name), col(Child.patronymic)).order_by(
            col(Child.birth_date)
        )
    ).all()
    assert names == [("Seitkali", "Aigerim", None), ("Иванова", "Мария", "Сергеевна")]


def test_the_whole_name_column_stands_in_for_the_required_name_columns(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text("Дата рождения;Пол\n14.03.2017;ж\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        read_roster(path)
    assert [str(problem) for problem in caught.value.problems] == [
        "Row 1: The required column “child_last_name” is missing",
        "Row 1: The required column “child_first_name” is missing",
    ]
    path.write_text("Баланың аты-жөні;Туған күні\nСейтқали Ерлан;02.05.2015\n", encoding="utf-8")
    assert list(read_roster(path).columns) == ["child_full_name", "birth_date"]
