"""The Kazakh individual identification number (IIN, ЖСН / ИИН).

Twelve digits: `YYMMDD` (birth date), one digit for century and sex (1/2: 1800s, 3/4:
1900s, 5/6: 2000s; odd = male, even = female), four serial digits and a check digit.
The check digit is the weighted sum of the first eleven digits mod 11 with weights 1..11;
if that gives 10, the weights 3..11, 1, 2 are used instead; if that too gives 10, the
number is never issued.

Note a property of the national algorithm: the eleventh digit has weight 11 (≡ 0 mod 11)
in the first pass, so a change of that digit alone is usually not caught by the check
digit. The birth date and sex rules catch changes in the first seven digits.
"""

from __future__ import annotations

import re
from datetime import date

from caseroom.i18n import _
from caseroom.vocab import Sex

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11


def check_digit(first_eleven: str) -> int | None:
    """The check digit for the first eleven digits, or None when no valid one exists."""
    first = _weighted(first_eleven, _FIRST_WEIGHTS)
    if first != 10:
        return first
    second = _weighted(first_eleven, _SECOND_WEIGHTS)
    return None if second == 10 else second


def clean_iin(text: str) -> str:
    """The IIN as typed, without spaces (people often type it in groups)."""
    return "".join(text.split())


def _is_well_formed(iin: str) -> bool:
    return _TWELVE_DIGITS.fullmatch(iin) is not None


def iin_birth_date(iin: str) -> date | None:
    """The birth date an IIN encodes, or None when it encodes no valid date."""
    iin = clean_iin(iin)
    if not _is_well_formed(iin):
        return None
    century = _CENTURIES.get(int(iin[6]))
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def iin_sex(iin: str) -> Sex | None:
    """The sex an IIN encodes (odd century digit = male), or None if it encodes none."""
    iin = clean_iin(iin)
    if not _is_well_formed(iin) or int(iin[6]) not in _CENTURIES:
        return None
    return Sex.MALE if int(iin[6]) % 2 == 1 else Sex.FEMALE


def validate_iin(iin: str, *, birth_date: date | None, sex: str | None) -> list[str]:
    """Translated problems with `iin` (empty when it is valid and agrees with the person).

    `birth_date` and `sex` are the person's recorded values; give None for what is not
    known, and that comparison is skipped.
    """
    iin = clean_iin(iin)
    if not _is_well_formed(iin):
        return [_("An IIN has exactly 12 digits")]
    problems: list[str] = []
    if check_digit(iin[:11]) != int(iin[11]):
        problems.append(_("The IIN {iin} fails its check digit: please check it").format(iin=iin))
    encoded = iin_birth_date(iin)
    encoded_sex = iin_sex(iin)
    if int(iin[6]) not in _CENTURIES:
        problems.append(
            _("The 7th digit of an IIN (century and sex) must be 1 to 6, not {digit}").format(
                digit=iin[6]
            )
        )
    elif encoded is None:
        problems.append(_("The IIN {iin} does not begin with a valid birth date").format(iin=iin))
    elif birth_date is not None and encoded != birth_date:
        problems.append(
            _("The IIN encodes the birth date {encoded}, but the birth date is {given}").format(
                encoded=encoded.strftime("%d.%m.%Y"), given=birth_date.strftime("%d.%m.%Y")
            )
        )
    if encoded_sex is not None and sex is not None and encoded_sex != sex:
        problems.append(
            _("The IIN is that of a boy, but the child is recorded as a girl")
            if encoded_sex == Sex.MALE
            else _("The IIN is that of a girl, but the child is recorded as a boy")
        )
    return problems


def make_iin(birth_date: date, sex: str, serial: int) -> str:
    """A valid IIN for `birth_date` and `sex` (`F`/`M`) built from the 4-digit `serial`.

    When `serial` gives a number that can never be issued (both check passes give 10),
    the next serial is taken, so the result always validates. For tests and demo data.
    """
    if not 1800 <= birth_date.year <= 2099:
        raise ValueError(f"an IIN encodes years 1800-2099, not {birth_date.year}")
    if sex not in (Sex.FEMALE, Sex.MALE):
        raise ValueError(f"sex must be 'F' or 'M', not {sex!r}")
    if not 0 <= serial <= 9999:
        raise ValueError(f"serial must be 0-9999, not {serial}")
    century_digit = (birth_date.year - 1800) // 100 * 2 + (1 if sex == Sex.MALE else 2)
    prefix = f"{birth_date:%y%m%d}{century_digit}"
    for step in range(10000):
        first_eleven = f"{prefix}{(serial + step) % 10000:04d}"
        digit = check_digit(first_eleven)
        if digit is not None:
            return f"{first_eleven}{digit}"
    raise AssertionError("unreachable: some serial always has a check digit")
