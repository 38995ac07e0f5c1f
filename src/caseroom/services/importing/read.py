"""Reading a roster file (CSV or XLSX) into rows of raw cells keyed by canonical column,
and the words a roster may hold (header and cell synonyms), kept here as data.

The columns are those of docs/command-line.md ("Roster import"). Headers are matched ignoring case,
spaces, underscores, hyphens, `ё`/`е`, trailing `*` or `:` and text in brackets, so
"Дата рождения (дд.мм.гггг)*" finds `birth_date`. Synonyms are data (`HEADER_SYNONYMS`).
Besides the contract's columns, `address` and `locality` are read for the family.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.vocab import CaregiverRelation, HomeLanguage, Sex

Cell = str | int | float | date | None
"""A raw cell: text from a CSV; text, a number or a date from an XLSX sheet."""

REQUIRED_COLUMNS: tuple[str, ...] = (
    "child_last_name",
    "child_first_name",
    "birth_date",
)

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "child_last_name": (
        "child last name", "child surname", "last name", "surname", "фамилия ребенка",
        "фамилия", "фамилия ученика", "фамилия обучающегося", "баланың тегі", "тегі",
        "оқушының тегі", "тег",
    ),
    "child_first_name": (
        "child first name", "child name", "first name", "name", "имя ребенка", "имя",
        "имя ученика", "имя обучающегося", "баланың аты", "баланың есімі", "аты", "есімі",
        "оқушының аты",
    ),
    "child_patronymic": (
        "child patronymic", "child middle name", "patronymic", "middle name",
        "отчество ребенка", "отчество", "отчество ученика", "баланың әкесінің аты",
        "әкесінің аты", "әкесінің есімі",
    ),
    "birth_date": (
        "birth date", "date of birth", "dob", "birthday", "дата рождения", "дата рожд",
        "д р", "туған күні", "туған күні айы жылы", "туылған күні", "туған күн",
    ),
    "sex": ("sex", "gender", "пол", "жынысы", "жыныс"),
    "iin": ("iin", "иин", "жсн", "иин ребенка", "баланың жсн", "жсн баланың", "child iin"),
    "school": (
        "school", "школа", "организация образования", "мектеп", "білім беру ұйымы",
    ),
    "grade": ("grade", "class", "класс", "сынып", "параллель"),
    "class_letter": (
        "class letter", "letter", "литера", "литер", "буква", "буква класса", "литера класса",
        "сынып литерасы", "литерасы", "сынып әрпі", "әрпі",
    ),
    "sen_category": (
        "sen category", "sen", "category", "sen categories", "категория ооп", "ооп",
        "категория", "нарушение", "вид нарушения",
        "категория особых образовательных потребностей", "ебқ санаты", "ебқ", "санаты",
        "ерекше білім беру қажеттіліктері", "бұзылыс түрі",
    ),
    "pmpk_date": (
        "pmpk date", "pmpk conclusion date", "дата пмпк", "дата заключения пмпк",
        "дата заключения", "пмпк күні", "пмпк қорытындысының күні", "қорытынды күні",
        "пмпк қорытындысы күні",
    ),
    "pmpk_number": (
        "pmpk number", "pmpk conclusion number", "номер пмпк", "номер заключения пмпк",
        "номер заключения", "№ пмпк", "№ заключения", "пмпк нөмірі",
        "пмпк қорытындысының нөмірі", "қорытынды нөмірі", "пмпк қорытындысы нөмірі",
    ),
    "caregiver_last_name": (
        "caregiver last name", "caregiver surname", "parent last name", "parent surname",
        "фамилия родителя", "фамилия законного представителя", "фамилия матери",
        "ата анасының тегі", "ата ананың тегі", "заңды өкілдің тегі",
    ),
    "caregiver_first_name": (
        "caregiver first name", "caregiver name", "parent first name", "parent name",
        "имя родителя", "имя законного представителя", "имя матери", "ата анасының аты",
        "ата ананың аты", "заңды өкілдің аты", "ата анасының есімі",
    ),
    "caregiver_patronymic": (
        "caregiver patronymic", "caregiver middle name", "parent patronymic",
        "отчество родителя", "отчество законного представителя", "отчество матери",
        "ата анасының әкесінің аты", "ата ананың әкесінің аты", "заңды өкілдің әкесінің аты",
    ),
    "caregiver_relation": (
        "caregiver relation", "relation", "relationship", "кем приходится",
        "кем приходится ребенку", "степень родства", "родство", "кем является",
        "туыстығы", "туыстық қатынасы", "кім болып келеді", "балаға кім болады",
    ),
    "caregiver_phone": (
        "caregiver phone", "parent phone", "phone", "telephone", "телефон",
        "телефон родителя", "контактный телефон", "телефон законного представителя",
        "ата анасының телефоны", "ата ананың телефоны", "телефон нөмірі",
        "байланыс телефоны", "телефоны",
    ),
    "family_children_count": (
        "family children count", "children in family", "number of children",
        "количество детей", "количество детей в семье", "детей в семье", "кол во детей",
        "отбасындағы балалар саны", "балалар саны",
    ),
    "home_language": (
        "home language", "language", "язык", "язык общения в семье", "домашний язык",
        "язык семьи", "родной язык", "отбасындағы тіл", "үйдегі тіл", "тіл", "ана тілі",
        "отбасы тілі",
    ),
    "address": (
        "address", "home address", "адрес", "домашний адрес", "адрес проживания",
        "мекенжай", "мекенжайы", "тұрғылықты мекенжайы", "үй мекенжайы",
    ),
    "locality": (
        "locality", "town", "village", "населенный пункт", "город", "село",
        "елді мекен", "қала", "ауыл",
    ),
}  # fmt: skip


SEX_WORDS: dict[str, tuple[str, ...]] = {
    Sex.FEMALE: ("f", "female", "girl", "ж", "жен", "женский", "девочка", "қ", "қыз"),
    Sex.MALE: ("m", "male", "boy", "м", "муж", "мужской", "мальчик", "ұ", "ұл", "ер"),
}

RELATION_WORDS: dict[str, tuple[str, ...]] = {
    CaregiverRelation.MOTHER: ("mother", "mom", "мать", "мама", "ана", "анасы", "шеше"),
    CaregiverRelation.FATHER: ("father", "dad", "отец", "папа", "әке", "әкесі", "ake"),
    CaregiverRelation.GRANDMOTHER: ("grandmother", "бабушка", "әже", "әжесі", "аже"),
    CaregiverRelation.GRANDFATHER: ("grandfather", "дедушка", "дед", "ата", "атасы"),
    CaregiverRelation.GUARDIAN: (
        "guardian", "опекун", "опекунша", "попечитель", "қамқоршы", "қамқоршысы",
    ),
    CaregiverRelation.OTHER: (
        "other", "другое", "другой", "иное", "родственник", "родственница", "тетя", "дядя",
        "сестра", "брат", "басқа", "туысы", "туыс",
    ),
}  # fmt: skip

LANGUAGE_WORDS: dict[str, tuple[str, ...]] = {
    HomeLanguage.KAZAKH: (
        "kk", "kz", "kaz", "kazakh", "қаз", "каз", "казахский", "қазақ", "қазақша",
        "қазақ тілі", "казахский язык",
    ),
    HomeLanguage.RUSSIAN: (
        "ru", "rus", "russian", "рус", "русский", "орыс", "орысша", "орыс тілі",
        "русский язык",
    ),
    HomeLanguage.OTHER: ("other", "другой", "другое", "иной", "басқа", "басқа тіл"),
}  # fmt: skip

SEN_WORDS: dict[str, tuple[str, ...]] = {
    "hearing": ("нарушения слуха", "нарушение слуха", "есту қабілетінің бұзылуы"),
    "vision": ("нарушения зрения", "нарушение зрения", "көру қабілетінің бұзылуы"),
    "musculoskeletal": (
        "нарушения опорно-двигательного аппарата", "нода", "тқа бұзылуы",
        "тірек-қимыл аппаратының бұзылуы",
    ),
    "speech": ("нарушения речи", "нарушение речи", "тнр", "сөйлеу тілінің бұзылуы"),
    "learning": ("трудности в обучении", "специфические трудности в обучении",
                 "оқудағы қиындықтар"),
    "delayed_development": ("зпр", "задержка психического развития", "пдт",
                            "психикалық дамудың тежелуі"),
    "intellectual": ("умственная отсталость", "интеллектуальные нарушения",
                     "нарушения интеллекта", "зияткерлік бұзылыстар", "ақыл-ой кемістігі"),
    "autism": ("аутизм", "рас", "расстройства аутистического спектра", "аутизм спектрі",
               "аутистік спектр бұзылысы", "асб"),
    "behaviour": ("нарушения поведения", "трудности поведения", "мінез-құлық бұзылыстары"),
    "complex": ("сложные нарушения", "множественные нарушения", "күрделі бұзылыстар",
                "кешенді бұзылыстар"),
}  # fmt: skip
"""Common short and long names of the built-in SEN categories (ЗПР, РАС, НОДА ...)."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A problem (or warning) with one row and column of the roster file."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return _("Row {row}: {problem}").format(row=self.row, problem=self.message)
        return _("Row {row}, column “{column}”: {problem}").format(
            row=self.row, column=self.column, problem=self.message
        )


class RosterError(UserError):
    """The roster cannot be imported; `problems` lists every problem found."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row: its number in the file (the header is row 1) and its known cells."""

    number: int
    cells: dict[str, Cell]


@dataclass(frozen=True, slots=True)
class RosterTable:
    """A roster as read: canonical column -> header as written, the rows, the warnings."""

    columns: dict[str, str]
    rows: tuple[RawRow, ...]
    warnings: tuple[RowProblem, ...]


_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SEPARATORS = re.compile(r"[\s_\-]+")


def header_key(text: str) -> str:
    """The form in which a header is compared with the synonyms."""
    text = _BRACKETS.sub(" ", text.casefold().replace("ё", "е"))
    text = text.strip().strip("*:.").strip()
    return _SEPARATORS.sub(" ", text).strip()


_HEADER_INDEX: dict[str, str] = {
    header_key(name): column
    for column, names in HEADER_SYNONYMS.items()
    for name in (column, *names)
}


def _match_headers(headers: list[str]) -> tuple[dict[int, str], dict[str, str], list[RowProblem]]:
    """Position -> column, column -> header as written, and warnings/problems in row 1."""
    positions: dict[int, str] = {}
    written: dict[str, str] = {}
    problems: list[RowProblem] = []
    warnings: list[RowProblem] = []
    for position, header in enumerate(headers):
        shown = header.strip()
        if not shown:
            continue
        column = _HEADER_INDEX.get(header_key(shown))
        if column is None:
            warnings.append(RowProblem(1, shown, _("Unknown column: it is ignored")))
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
    for column in REQUIRED_COLUMNS:
        if column not in written:
            problems.append(
                RowProblem(
                    1, None, _("The required column “{column}” is missing").format(column=column)
                )
            )
    if problems:
        raise RosterError(problems)
    return positions, written, warnings


def _table(records: list[list[Cell]]) -> RosterTable:
    """Rows of cells (the first is the header) as a `RosterTable`."""
    if not records or all(_blank(cell) for cell in records[0]):
        raise UserError(_("The roster has no header row"))
    headers = ["" if cell is None else str(cell) for cell in records[0]]
    positions, written, warnings = _match_headers(headers)
    rows: list[RawRow] = []
    for number, record in enumerate(records[1:], start=2):
        if all(_blank(cell) for cell in record):
            continue
        cells = {
            column: record[position] if position < len(record) else None
            for position, column in positions.items()
        }
        rows.append(RawRow(number, cells))
    return RosterTable(columns=written, rows=tuple(rows), warnings=tuple(warnings))


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserError(
            _("{path} is not UTF-8 text (line {line}): save it as “CSV UTF-8”").format(
                path=path.name, line=line
            )
        ) from error


def _delimiter(text: str) -> str:
    """`;`, `,` or a tab: whichever the header line holds most of (outside quotes)."""
    header = text.split("\n", 1)[0]
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {mark: unquoted.count(mark) for mark in (";", ",", "\t")}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def read_csv(path: Path) -> RosterTable:
    """A CSV roster: UTF-8 with or without BOM, separated by `;`, `,` or tabs."""
    text = _decode(path.read_bytes(), path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    records: list[list[Cell]] = []
    try:
        for record in reader:
            records.append(list(record))
    except csv.Error as error:
        raise UserError(
            _("{path} is not a readable CSV file (line {line}): {problem}").format(
                path=path.name, line=reader.line_num, problem=str(error)
            )
        ) from error
    return _table(records)


def read_xlsx(path: Path) -> RosterTable:
    """The first sheet of an XLSX roster (values as last calculated, not formulas)."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UserError(
            _("{path} is not a readable XLSX workbook").format(path=path.name)
        ) from error
    except Exception as error:  # openpyxl raises its own kinds for damaged workbooks
        raise UserError(
            _("{path} is not a readable XLSX workbook").format(path=path.name)
        ) from error
    try:
        sheet = workbook.worksheets[0]
        records: list[list[Cell]] = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(records)


def read_roster(path: Path) -> RosterTable:
    """Read a `.csv` or `.xlsx` roster; `UserError` when it is missing or unreadable,
    `RosterError` when its header lacks a required column."""
    if not path.is_file():
        raise UserError(_("No roster file at {path}").format(path=path))
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xlsx":
        return read_xlsx(path)
    raise UserError(_("{path}: a roster is a .csv or .xlsx file").format(path=path.name))
