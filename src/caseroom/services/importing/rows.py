"""Checking each roster row: every cell read, cleaned and validated, problems by column.

A row holds a child (required), at most one caregiver and the family's fields. What is
optional and only half there is a warning and left out, the rest of the row imported: a
PMPK conclusion with a date but no number (or a number but no date), a caregiver without
a last or first name. The rules are those of the services that keep children,
caregivers, families and conclusions (`people`, `plans`), checked here in memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from caseroom.db.models import NAME
from caseroom.i18n import _
from caseroom.services.importing.cells import Lookups, RowChecker, day_text, word_key
from caseroom.services.importing.problems import RowProblem
from caseroom.services.importing.read import Cell, RawRow
from caseroom.services.people.children import MAX_AGE, MAX_GRADE, SCHOOL_LIMIT, age_on
from caseroom.services.people.families import ADDRESS_LIMIT, MAX_CHILDREN, TEXT_LIMIT
from caseroom.services.people.iin import clean_iin, iin_sex, validate_iin
from caseroom.services.people.phones import PhoneNumberError, normalise_phone
from caseroom.services.plans.pmpk import NUMBER_MAX
from caseroom.vocab import CaregiverRelation

_GRADE_AND_LETTER = re.compile(r"([0-9]{1,2})\s*-?\s*([^\W\d_]{1,3})?")
_CLASS_LETTER = re.compile(r"[^\W\d_]{1,3}")
_SPLIT_LIST = re.compile(r"[;|\n]|,(?!\s*(?:including|включая|соның))")
_CHILD_NAMES = ("child_last_name", "child_first_name", "child_patronymic")
_CAREGIVER_NAMES = ("caregiver_last_name", "caregiver_first_name", "caregiver_patronymic")
_CAREGIVER_COLUMNS = (
    *_CAREGIVER_NAMES,
    "caregiver_full_name",
    "caregiver_relation",
    "caregiver_phone",
)


@dataclass(frozen=True, slots=True)
class ChildPart:
    """The child of a roster row, cleaned (its sex taken from the IIN when not given)."""

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


def _iin_text(value: Cell) -> str | None:
    """An IIN cell as digits; a number cell lost its leading zero (born 2000-2009)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and 0 <= value < 10**12:
        return f"{value:012d}"
    return clean_iin(str(value))


def _sen_codes(check: RowChecker) -> tuple[str, ...]:
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


def _birth_date(check: RowChecker, today: date) -> date | None:
    if check.cell("birth_date") is None:
        check.problem("birth_date", _("Enter the birth date"))
        return None
    birth = check.read_past_date("birth_date", today)
    if birth is not None and age_on(birth, today) > MAX_AGE:
        check.problem(
            "birth_date",
            _("The child is {age} years old; the room supports children up to {most}").format(
                age=age_on(birth, today), most=MAX_AGE
            ),
        )
    return birth


def _pmpk(check: RowChecker, birth: date | None, today: date) -> tuple[date | None, str | None]:
    """The conclusion's date and number: both, or neither (a half is a warning)."""
    issued = check.read_past_date("pmpk_date", today)
    number = check.text("pmpk_number", NUMBER_MAX)
    if issued is not None and birth is not None and issued < birth:
        check.problem(
            "pmpk_date",
            _("The conclusion date {date} is before the child's birth on {birth}").format(
                date=day_text(issued), birth=day_text(birth)
            ),
        )
    if check.cell("pmpk_number") is None and check.cell("pmpk_date") is not None:
        if issued is not None:
            check.warn(
                "pmpk_number",
                _("The PMPK conclusion has a date but no number, so it is not recorded"),
            )
        return None, None
    if check.cell("pmpk_date") is None and check.cell("pmpk_number") is not None:
        if number is not None:
            check.warn(
                "pmpk_date",
                _("The PMPK conclusion has a number but no date, so it is not recorded"),
            )
        return None, None
    return issued, number


def _child_names(check: RowChecker) -> tuple[str | None, str | None, str | None]:
    split = check.split_name("child_full_name", _CHILD_NAMES)
    if split == "empty":
        check.problem("child_full_name", _("Enter the child's full name"))
    if split in ("empty", "bad"):
        return None, None, None
    last = check.required("child_last_name", NAME, _("Enter the child's last name"))
    first = check.required("child_first_name", NAME, _("Enter the child's first name"))
    return last, first, check.text("child_patronymic", NAME)


def _child_part(check: RowChecker, today: date) -> ChildPart | None:
    last, first, patronymic = _child_names(check)
    birth = _birth_date(check, today)
    sex = check.word("sex", check.lookups.sex, _("“{value}” is not a sex: write F or M"))
    iin = _iin_text(check.cell("iin"))
    if iin is not None:
        found = validate_iin(iin, birth_date=birth, sex=sex)
        if found:
            check.problem("iin", " ".join(found))
        elif sex is None:
            sex = iin_sex(iin)
    grade, letter = _grade(check)
    pmpk_date, pmpk_number = _pmpk(check, birth, today)
    sen = _sen_codes(check)
    school = check.text("school", SCHOOL_LIMIT)
    if check.problems or birth is None or last is None or first is None:
        return None
    return ChildPart(
        last_name=last,
        first_name=first,
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


def _grade(check: RowChecker) -> tuple[int | None, str | None]:
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


def _caregiver_named(check: RowChecker) -> bool:
    """Whether the caregiver has both names; a warning when one or both are missing."""
    split = check.split_name("caregiver_full_name", _CAREGIVER_NAMES)
    if split == "bad":
        return False
    missing_last = check.cell("caregiver_last_name") is None
    missing_first = check.cell("caregiver_first_name") is None
    if missing_last and missing_first:
        check.warn(None, _("The caregiver has no name, so the caregiver is not added"))
    elif missing_last:
        check.warn(
            "caregiver_last_name",
            _("The caregiver's last name is missing, so the caregiver is not added"),
        )
    elif missing_first:
        check.warn(
            "caregiver_first_name",
            _("The caregiver's first name is missing, so the caregiver is not added"),
        )
    return not (missing_last or missing_first)


def _caregiver_part(check: RowChecker) -> CaregiverPart | None:
    if all(check.cell(column) is None for column in _CAREGIVER_COLUMNS):
        return None
    problems = len(check.problems)
    named = _caregiver_named(check)
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
    if len(check.problems) > problems or not named or last is None or first is None:
        return None
    if relation is None:
        relation = CaregiverRelation.OTHER
        check.warn(None, _("The caregiver's relation is not given; it is recorded as “other”"))
    return CaregiverPart(
        last_name=last, first_name=first, patronymic=patronymic, relation=relation, phone=phone
    )


def check_row(
    raw: RawRow, headers: dict[str, str], lookups: Lookups, today: date
) -> tuple[RosterRow | None, list[RowProblem], list[RowProblem]]:
    """The cleaned row (None when it has problems), its problems and its warnings."""
    check = RowChecker(raw, headers, lookups)
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
