"""Checking each roster row: every cell read, cleaned and validated, problems by column.

Words people type for codes (sex, relation, language, SEN category) are data in
`read`, in English, Russian and Kazakh; the translated vocabulary labels from the
gettext catalogues are accepted as well, so a label a translator chose is always understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import NAME, SenCategory
from caseroom.i18n import LANGUAGES, _, translations_for
from caseroom.services.importing.read import (
    LANGUAGE_WORDS,
    RELATION_WORDS,
    SEN_WORDS,
    SEX_WORDS,
    Cell,
    RawRow,
    RowProblem,
)
from caseroom.services.people.children import MAX_AGE, MAX_GRADE, SCHOOL_LIMIT, age_on
from caseroom.services.people.families import MAX_CHILDREN, TEXT_LIMIT
from caseroom.services.people.iin import clean_iin, validate_iin
from caseroom.services.people.phones import PhoneNumberError, normalise_phone
from caseroom.services.plans.pmpk import NUMBER_MAX
from caseroom.vocab import (
    BUILTIN_SEN_CATEGORIES,
    CaregiverRelation,
    HomeLanguage,
    Sex,
    source_label,
)

ADDRESS_LIMIT = 500

_DATE_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_GRADE_AND_LETTER = re.compile(r"([0-9]{1,2})\s*-?\s*([^\W\d_]{1,3})?")
_CLASS_LETTER = re.compile(r"[^\W\d_]{1,3}")
_SPLIT_LIST = re.compile(r"[;|\n]|,(?!\s*(?:including|включая|соның))")
_NOT_TEXT = {"Cc", "Zl", "Zp"}


def word_key(text: str) -> str:
    """A typed word in the form it is looked up: case, `ё`, spaces and dots ignored."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    return " ".join(text.replace(".", " ").split())


def _word_index(
    words: dict[str, tuple[str, ...]], labels: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """Typed word -> code: the code itself, the listed words, and each label translated."""
    index: dict[str, str] = {}
    for code, english in labels:
        for language in LANGUAGES:
            index[word_key(translations_for(language).gettext(english))] = code
    for code, listed in words.items():
        index[word_key(code)] = code
        for word in listed:
            index[word_key(word)] = code
    return index


def _vocab_index(words: dict[str, tuple[str, ...]], members: Iterable[StrEnum]) -> dict[str, str]:
    return _word_index(words, [(str(member), source_label(member)) for member in members])


@dataclass(frozen=True, slots=True)
class Lookups:
    """Typed words -> codes, built once per import (SEN categories include the table's)."""

    sex: dict[str, str]
    relation: dict[str, str]
    language: dict[str, str]
    sen: dict[str, str]


def build_lookups(session: Session) -> Lookups:
    """The word indexes, with the SEN categories of the database (not archived)."""
    sen = _word_index(SEN_WORDS, BUILTIN_SEN_CATEGORIES)
    rows = session.execute(
        select(
            col(SenCategory.code),
            col(SenCategory.label_en),
            col(SenCategory.label_ru),
            col(SenCategory.label_kk),
        ).where(col(SenCategory.archived_at).is_(None))
    ).all()
    active = {row[0] for row in rows}
    sen = {word: code for word, code in sen.items() if code in active}
    for row in rows:
        for name in row:
            if name:
                sen.setdefault(word_key(name), row[0])
    return Lookups(
        sex=_vocab_index(SEX_WORDS, Sex),
        relation=_vocab_index(RELATION_WORDS, CaregiverRelation),
        language=_vocab_index(LANGUAGE_WORDS, HomeLanguage),
        sen=sen,
    )


@dataclass(frozen=True, slots=True)
class ChildPart:
    """The child of a roster row, cleaned."""

    last_name: str
    first_name: str
    patronymic: str | None
    birth_date: date
    sex: str | None
    iin: str | None
    school: str | None
    grade: int | None
    class_letter: str | None
    sen_categories: tuple[str, ...]
    pmpk_date: date | None
    pmpk_number: str | None


@dataclass(frozen=True, slots=True)
class CaregiverPart:
    """The caregiver of a roster row, cleaned."""

    last_name: str
    first_name: str
    patronymic: str | None
    relation: str
    phone: str | None


@dataclass(frozen=True, slots=True)
class RosterRow:
    """One valid row: the child, their caregiver (if the row names one) and the family."""

    number: int
    child: ChildPart
    caregiver: CaregiverPart | None
    children_count: int | None
    home_language: str | None
    address: str | None
    locality: str | None


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")


class _RowChecker:
    """Reads the cells of one row, recording a problem per bad column."""

    def __init__(self, raw: RawRow, headers: dict[str, str], lookups: Lookups) -> None:
        self.raw = raw
        self.headers = headers
        self.lookups = lookups
        self.problems: list[RowProblem] = []
        self.warnings: list[RowProblem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(RowProblem(self.raw.number, self.headers.get(column, column), message))

    def cell(self, column: str) -> Cell:
        value = self.raw.cells.get(column)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def text(self, column: str, limit: int) -> str | None:
        value = self.cell(column)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime | date):
            value = _day(value)
        text = str(value).strip()
        if any(unicodedata.category(ch) in _NOT_TEXT for ch in text):
            self.problem(column, _("The text holds control characters (such as a line break)"))
            return None
        if len(text) > limit:
            self.problem(
                column, _("The text is longer than {limit} characters").format(limit=limit)
            )
            return None
        return text

    def required(self, column: str, limit: int, message: str) -> str | None:
        text = self.text(column, limit)
        if text is None and self.cell(column) is None:
            self.problem(column, message)
        return text

    def read_date(self, column: str) -> date | None:
        value = self.cell(column)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        found = _DATE_DMY.fullmatch(text)
        parts = (found.group(3), found.group(2), found.group(1)) if found else None
        if parts is None and (found := _DATE_ISO.fullmatch(text)):
            parts = (found.group(1), found.group(2), found.group(3))
        if parts is not None:
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                pass
        self.problem(
            column,
            _("“{value}” is not a date: write it as dd.mm.yyyy or yyyy-mm-dd").format(
                value=text[:40]
            ),
        )
        return None

    def read_past_date(self, column: str, today: date) -> date | None:
        value = self.read_date(column)
        if value is not None and value > today:
            self.problem(column, _("The date {date} is in the future").format(date=_day(value)))
            return None
        return value

    def whole_number(self, column: str, low: int, high: int, message: str) -> int | None:
        value = self.cell(column)
        if value is None:
            return None
        number: int | None = None
        if isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            number = int(value.strip())
        if number is None or not low <= number <= high:
            self.problem(column, message)
            return None
        return number

    def word(self, column: str, index: dict[str, str], message: str) -> str | None:
        text = self.text(column, 200)
        if text is None:
            return None
        code = index.get(word_key(text))
        if code is None:
            self.problem(column, message.format(value=text))
        return code


def _iin_text(value: Cell) -> str | None:
    """An IIN cell as digits; a number cell lost its leading zero (born 2000-2009)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value < 10**12:
        return f"{value:012d}"
    return clean_iin(str(value))


def _sen_codes(check: _RowChecker) -> tuple[str, ...]:
    text = check.text("sen_category", 1000)
    if text is None:
        return ()
    whole = check.lookups.sen.get(word_key(text))
    if whole is not None:
        return (whole,)
    codes: list[str] = []
    for part in _SPLIT_LIST.split(text):
        if not part.strip():
            continue
        code = check.lookups.sen.get(word_key(part))
        if code is None:
            check.problem(
                "sen_category", _("Unknown SEN category “{value}”").format(value=part.strip())
            )
            return ()
        codes.append(code)
    return tuple(dict.fromkeys(codes))


def _child_part(check: _RowChecker, today: date) -> ChildPart | None:
    last = check.required("child_last_name", NAME, _("Enter the child's last name"))
    first = check.required("child_first_name", NAME, _("Enter the child's first name"))
    patronymic = check.text("child_patronymic", NAME)
    birth: date | None = None
    if check.cell("birth_date") is None:
        check.problem("birth_date", _("Enter the birth date"))
    else:
        birth = check.read_past_date("birth_date", today)
    if birth is not None and age_on(birth, today) > MAX_AGE:
        check.problem(
            "birth_date",
            _("The child is {age} years old; the room supports children up to {most}").format(
                age=age_on(birth, today), most=MAX_AGE
            ),
        )
    sex = check.word("sex", check.lookups.sex, _("“{value}” is not a sex: write F or M"))
    iin = _iin_text(check.cell("iin"))
    if iin is not None:
        found = validate_iin(iin, birth_date=birth, sex=sex)
        if found:
            check.problem("iin", " ".join(found))
    grade, letter = _grade(check)
    pmpk_date = check.read_past_date("pmpk_date", today)
    pmpk_number = check.text("pmpk_number", NUMBER_MAX)
    if pmpk_date is not None and birth is not None and pmpk_date < birth:
        check.problem(
            "pmpk_date",
            _("The conclusion date {date} is before the child's birth on {birth}").format(
                date=_day(pmpk_date), birth=_day(birth)
            ),
        )
    if pmpk_date is not None and pmpk_number is None and check.cell("pmpk_number") is None:
        check.problem("pmpk_number", _("Enter the number of the PMPK conclusion"))
    if pmpk_number is not None and pmpk_date is None and check.cell("pmpk_date") is None:
        check.problem("pmpk_date", _("Enter the date of the PMPK conclusion"))
    sen = _sen_codes(check)
    school = check.text("school", SCHOOL_LIMIT)
    if check.problems or birth is None:
        return None
    return ChildPart(
        last_name=last or "",
        first_name=first or "",
        patronymic=patronymic,
        birth_date=birth,
        sex=sex,
        iin=iin,
        school=school,
        grade=grade,
        class_letter=letter,
        sen_categories=sen,
        pmpk_date=pmpk_date,
        pmpk_number=pmpk_number,
    )


def _grade(check: _RowChecker) -> tuple[int | None, str | None]:
    """The grade and class letter; "3А" in the grade column gives both."""
    letter = check.text("class_letter", 8)
    if letter is not None and not _CLASS_LETTER.fullmatch(letter):
        check.problem("class_letter", _("The class letter is one to three letters, such as А"))
        letter = None
    value = check.cell("grade")
    number: int | None = None
    if isinstance(value, str) and (found := _GRADE_AND_LETTER.fullmatch(value.strip())):
        number = int(found.group(1))
        if found.group(2) and check.cell("class_letter") is None:
            letter = found.group(2)
    elif isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        number = int(value)
    if value is not None and (number is None or not 0 <= number <= MAX_GRADE):
        check.problem(
            "grade",
            _("The grade must be a whole number 0 to {most} (0 = pre-school class)").format(
                most=MAX_GRADE
            ),
        )
        number = None
    return number, letter.upper() if letter else None


def _caregiver_part(check: _RowChecker) -> CaregiverPart | None:
    last = check.text("caregiver_last_name", NAME)
    first = check.text("caregiver_first_name", NAME)
    patronymic = check.text("caregiver_patronymic", NAME)
    relation = check.word(
        "caregiver_relation",
        check.lookups.relation,
        _("“{value}” is not a relation: write mother, father, grandmother, grandfather, "
          "guardian or other"),
    )  # fmt: skip
    phone: str | None = None
    phone_text = check.text("caregiver_phone", 40)
    if phone_text is not None:
        try:
            phone = normalise_phone(phone_text)
        except PhoneNumberError as error:
            check.problem("caregiver_phone", error.message)
    given = any(
        check.cell(column) is not None
        for column in (
            "caregiver_last_name",
            "caregiver_first_name",
            "caregiver_patronymic",
            "caregiver_relation",
            "caregiver_phone",
        )
    )
    if given and check.cell("caregiver_last_name") is None:
        check.problem("caregiver_last_name", _("Enter the caregiver's last name"))
    if given and check.cell("caregiver_first_name") is None:
        check.problem("caregiver_first_name", _("Enter the caregiver's first name"))
    if given and relation is None and check.cell("caregiver_relation") is None:
        relation = CaregiverRelation.OTHER
        check.warnings.append(
            RowProblem(
                check.raw.number,
                None,
                _("The caregiver's relation is not given; it is recorded as “other”"),
            )
        )
    if not given or check.problems or last is None or first is None or relation is None:
        return None
    return CaregiverPart(
        last_name=last, first_name=first, patronymic=patronymic, relation=relation, phone=phone
    )


def check_row(
    raw: RawRow, headers: dict[str, str], lookups: Lookups, today: date
) -> tuple[RosterRow | None, list[RowProblem], list[RowProblem]]:
    """The cleaned row (None when it has problems), its problems and its warnings."""
    check = _RowChecker(raw, headers, lookups)
    child = _child_part(check, today)
    caregiver = _caregiver_part(check)
    count = check.whole_number(
        "family_children_count",
        1,
        MAX_CHILDREN,
        _("The number of children must be a whole number 1 to {most}").format(most=MAX_CHILDREN),
    )
    language = check.word(
        "home_language",
        lookups.language,
        _("“{value}” is not a language: write kk, ru or other"),
    )
    address = check.text("address", ADDRESS_LIMIT)
    locality = check.text("locality", TEXT_LIMIT)
    if check.problems or child is None:
        return None, check.problems, check.warnings
    row = RosterRow(
        number=raw.number,
        child=child,
        caregiver=caregiver,
        children_count=count,
        home_language=language,
        address=address,
        locality=locality,
    )
    return row, check.problems, check.warnings
