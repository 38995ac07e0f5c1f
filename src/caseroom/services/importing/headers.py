"""The header row of a roster: which column each header names, kept as a table of aliases.

A header is compared in its `header_key` form: case folded, `ё` read as `е`, text in
brackets dropped, apostrophes dropped, every other punctuation mark (dots, hyphens,
slashes, `*`, `:` ...) and run of spaces read as one space. So "Тел.", "тел" and "ТЕЛ :"
are one key, as are "Дата рождения ребёнка (дд.мм.гггг)*" and "дата рождения ребенка".
Adding a variant is adding a line to `HEADER_SYNONYMS`; a test checks that no key names
two columns.

Besides the contract's columns (docs/command-line.md), a roster may give the child's or the
caregiver's whole name in one column (`child_full_name`, `caregiver_full_name`, split into
last name, first name and patronymic in that order), the family's `address` and
`locality`, and a row number column (`row_number`), which is read and ignored.
"""

from __future__ import annotations

import re
import unicodedata

from caseroom.i18n import _
from caseroom.services.importing.problems import RosterError, RowProblem

IGNORED_COLUMNS: frozenset[str] = frozenset({"row_number"})
"""Columns that are recognised (so not reported as unknown) and never read."""

NAME_COLUMNS: dict[str, tuple[str, str]] = {
    "child_full_name": ("child_last_name", "child_first_name"),
    "caregiver_full_name": ("caregiver_last_name", "caregiver_first_name"),
}
"""A whole-name column and the two columns it can stand in for."""

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "child_last_name": (
        "child last name", "child surname", "last name", "surname", "family name",
        "фамилия ребенка", "фамилия", "фамилия ученика", "фамилия обучающегося",
        "фамилия воспитанника", "баланың тегі", "тегі", "оқушының тегі", "тег",
    ),
    "child_first_name": (
        "child first name", "child name", "child's first name", "first name", "name",
        "given name", "имя ребенка", "имя", "имя ученика", "имя обучающегося",
        "имя воспитанника", "баланың аты", "баланың есімі", "аты", "есімі", "оқушының аты",
    ),
    "child_patronymic": (
        "child patronymic", "child middle name", "patronymic", "middle name",
        "отчество ребенка", "отчество", "отчество ученика", "отчество обучающегося",
        "баланың әкесінің аты", "әкесінің аты", "әкесінің есімі", "оқушының әкесінің аты",
    ),
    "child_full_name": (
        "child full name", "child's full name", "child's name", "full name", "name of child",
        "pupil", "student", "фио ребенка", "фио", "ф и о", "фио ученика", "фио обучающегося",
        "фио воспитанника", "ф и о ребенка", "фамилия имя отчество", "фамилия имя",
        "фамилия имя отчество ребенка", "баланың аты жөні", "аты жөні", "баланың таә",
        "таә", "т а ә", "оқушының аты жөні", "тегі аты әкесінің аты",
    ),
    "birth_date": (
        "birth date", "date of birth", "dob", "birthday", "child's date of birth",
        "дата рождения", "дата рождения ребенка", "дата рожд", "д р", "др",
        "дата рождения ученика", "число месяц год рождения", "туған күні",
        "туған күні айы жылы", "туылған күні", "туған күн", "баланың туған күні",
        "туған жылы күні",
    ),
    "sex": ("sex", "gender", "пол", "пол ребенка", "жынысы", "жыныс", "баланың жынысы"),
    "iin": (
        "iin", "иин", "жсн", "иин ребенка", "баланың жсн", "жсн баланың", "child iin",
        "иин ученика", "оқушының жсн",
    ),
    "school": (
        "school", "школа", "организация образования", "мектеп", "білім беру ұйымы",
        "учебное заведение", "оу", "организация образования школа",
    ),
    "grade": ("grade", "class", "класс", "сынып", "параллель", "класс группа"),
    "class_letter": (
        "class letter", "letter", "литера", "литер", "буква", "буква класса", "литера класса",
        "сынып литерасы", "литерасы", "сынып әрпі", "әрпі",
    ),
    "sen_category": (
        "sen category", "sen", "category", "sen categories", "special educational needs",
        "категория ооп", "ооп", "категория", "нарушение", "вид нарушения",
        "категория особых образовательных потребностей", "особые образовательные потребности",
        "ебқ санаты", "ебқ", "санаты", "ерекше білім беру қажеттіліктері",
        "ерекше білім беру қажеттіліктерінің санаты", "бұзылыс түрі",
    ),
    "pmpk_date": (
        "pmpk date", "pmpk conclusion date", "date of pmpk", "дата пмпк", "дата заключения пмпк",
        "дата заключения", "пмпк дата", "пмпк күні", "пмпк қорытындысының күні",
        "қорытынды күні", "пмпк қорытындысы күні",
    ),
    "pmpk_number": (
        "pmpk number", "pmpk conclusion number", "pmpk no", "номер пмпк",
        "номер заключения пмпк", "номер заключения", "№ пмпк", "№ заключения",
        "№ заключения пмпк", "пмпк номер", "пмпк нөмірі", "пмпк қорытындысының нөмірі",
        "қорытынды нөмірі", "пмпк қорытындысы нөмірі", "қорытынды №",
    ),
    "caregiver_last_name": (
        "caregiver last name", "caregiver surname", "parent last name", "parent surname",
        "mother's last name", "фамилия родителя", "фамилия законного представителя",
        "фамилия матери", "фамилия мамы", "ата анасының тегі", "ата ананың тегі",
        "заңды өкілдің тегі", "анасының тегі",
    ),
    "caregiver_first_name": (
        "caregiver first name", "caregiver name", "parent first name", "parent name",
        "mother's first name", "имя родителя", "имя законного представителя", "имя матери",
        "имя мамы", "ата анасының аты", "ата ананың аты", "заңды өкілдің аты",
        "ата анасының есімі", "анасының аты",
    ),
    "caregiver_patronymic": (
        "caregiver patronymic", "caregiver middle name", "parent patronymic",
        "отчество родителя", "отчество законного представителя", "отчество матери",
        "ата анасының әкесінің аты", "ата ананың әкесінің аты", "заңды өкілдің әкесінің аты",
    ),
    "caregiver_full_name": (
        "caregiver full name", "caregiver's full name", "parent's full name",
        "parent full name", "mother's full name", "фио родителя", "фио родителей",
        "фио законного представителя", "ф и о родителя", "фио матери", "фио мамы",
        "фио родителя законного представителя", "ата анасының аты жөні",
        "ата ананың аты жөні", "заңды өкілдің аты жөні", "ата анасының таә",
        "анасының аты жөні",
    ),
    "caregiver_relation": (
        "caregiver relation", "relation", "relationship", "кем приходится",
        "кем приходится ребенку", "степень родства", "родство", "кем является",
        "туыстығы", "туыстық қатынасы", "кім болып келеді", "балаға кім болады",
    ),
    "caregiver_phone": (
        "caregiver phone", "parent phone", "phone", "telephone", "phone number", "mobile",
        "тел", "телефон", "телефон родителя", "тел родителя", "контактный телефон",
        "контактный тел", "телефон законного представителя", "номер телефона",
        "мобильный телефон", "моб телефон", "сот телефон", "сотовый телефон", "телефон матери",
        "ата анасының телефоны", "ата ананың телефоны", "телефон нөмірі",
        "байланыс телефоны", "телефоны", "ұялы телефон",
    ),
    "family_children_count": (
        "family children count", "children in family", "number of children",
        "количество детей", "количество детей в семье", "детей в семье", "кол во детей",
        "кол во детей в семье", "число детей в семье", "отбасындағы балалар саны",
        "балалар саны", "отбасындағы бала саны",
    ),
    "home_language": (
        "home language", "language", "language at home", "язык", "язык общения",
        "язык общения в семье", "домашний язык", "язык семьи", "родной язык",
        "отбасындағы тіл", "үйдегі тіл", "тіл", "ана тілі", "отбасы тілі",
        "қарым қатынас тілі", "отбасындағы қарым қатынас тілі",
    ),
    "address": (
        "address", "home address", "адрес", "домашний адрес", "адрес проживания",
        "фактический адрес", "мекенжай", "мекенжайы", "тұрғылықты мекенжайы",
        "үй мекенжайы",
    ),
    "locality": (
        "locality", "town", "village", "населенный пункт", "город", "село", "нас пункт",
        "елді мекен", "қала", "ауыл",
    ),
    "row_number": ("no", "#", "№", "№ п п", "n п п", "п п", "р с", "р н", "реттік нөмірі"),
}  # fmt: skip
"""Every column and the headers that name it (in any form `header_key` folds together)."""

_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_APOSTROPHES = dict.fromkeys(map(ord, "'’ʼ`´‘"))
_KEPT_MARKS = "№#"


def header_key(text: str) -> str:
    """The form in which a header is compared with the synonyms."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    text = _BRACKETS.sub(" ", text).translate(_APOSTROPHES)
    kept = (ch if ch.isalnum() or ch in _KEPT_MARKS else " " for ch in text)
    return " ".join("".join(kept).split())


_HEADER_INDEX: dict[str, str] = {
    header_key(name): column
    for column, names in HEADER_SYNONYMS.items()
    for name in (column, *names)
}


def column_for(header: str) -> str | None:
    """The column a header names, or None."""
    return _HEADER_INDEX.get(header_key(header))


def _missing(written: dict[str, str]) -> list[RowProblem]:
    """A problem for each required column that no header names."""
    required: list[str] = []
    if "child_full_name" not in written:
        required += ["child_last_name", "child_first_name"]
    required.append("birth_date")
    return [
        RowProblem(1, None, _("The required column “{column}” is missing").format(column=column))
        for column in required
        if column not in written
    ]


def match_headers(headers: list[str]) -> tuple[dict[int, str], dict[str, str], list[RowProblem]]:
    """Position -> column, column -> header as written, and the warnings about row 1;
    `RosterError` when a column repeats or a required one is missing."""
    positions: dict[int, str] = {}
    written: dict[str, str] = {}
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    for position, header in enumerate(headers):
        shown = header.strip()
        if not shown:
            continue
        column = column_for(shown)
        if column is None:
            warnings.append(RowProblem(1, shown, _("Unknown column: it is ignored")))
        elif column in IGNORED_COLUMNS:
            continue
        elif column in written:
            problems.append(
                RowProblem(
                    1,
                    shown,
                    _("This column repeats the column “{other}”").format(other=written[column]),
                )
            )
        else:
            positions[position] = column
            written[column] = shown
    problems += _missing(written)
    if problems:
        raise RosterError(problems)
    return positions, written, warnings
