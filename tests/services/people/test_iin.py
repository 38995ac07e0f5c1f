"""The Kazakh IIN: check digit, encoded birth date and sex, and making valid ones."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseroom.services.people.iin import (
    check_digit,
    clean_iin,
    iin_birth_date,
    iin_sex,
    make_iin,
    validate_iin,
)

# Hand-checked: 170314 (14.03.2017), 6 (2000s, female), serial 0012, check digit 9:
# 1*1+7*2+0*3+3*4+1*5+4*6+6*7+0*8+0*9+1*10+2*11 = 130 = 11*11 + 9.
GIRL_2017 = "170314600129"
# 850722 (22.07.1985), 3 (1900s, male), serial 0451. First pass:
# 8*1+5*2+0*3+7*4+2*5+2*6+3*7+0*8+4*9+5*10+1*11 = 186 = 16*11 + 10, so the second pass:
# 8*3+5*4+0*5+7*6+2*7+2*8+3*9+0*10+4*11+5*1+1*2 = 194 = 17*11 + 7.
MAN_1985 = "850722304517"


def test_hand_checked_iins_are_valid() -> None:
    assert validate_iin(GIRL_2017, birth_date=date(2017, 3, 14), sex="F") == []
    assert validate_iin(MAN_1985, birth_date=date(1985, 7, 22), sex="M") == []


def test_birth_date_and_sex_are_read_from_the_iin() -> None:
    assert iin_birth_date(GIRL_2017) == date(2017, 3, 14)
    assert iin_sex(GIRL_2017) == "F"
    assert iin_birth_date(MAN_1985) == date(1985, 7, 22)
    assert iin_sex(MAN_1985) == "M"
    assert iin_birth_date("1703 1460 0129") == date(2017, 3, 14)


def test_second_pass_is_used_when_the_first_gives_ten() -> None:
    # First pass: the 10th digit has weight 10 -> 10; second pass: weight 1 -> 1.
    assert check_digit("00000000010") == 1
    assert check_digit("85072230451") == 7


def test_never_issued_when_both_passes_give_ten() -> None:
    # First pass: 5*2 = 10. Second pass: 5*4 = 20 % 11 = 9 -> not both. Search by hand is
    # long, so use the rule directly: a digit string whose both sums are 10.
    found = next(
        f"{n:011d}"
        for n in range(10**6)
        if sum(int(d) * w for d, w in zip(f"{n:011d}", range(1, 12), strict=True)) % 11 == 10
        and sum(
            int(d) * w
            for d, w in zip(f"{n:011d}", (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2), strict=True)
        )
        % 11
        == 10
    )
    assert check_digit(found) is None
    for last in "0123456789":
        assert validate_iin(found + last, birth_date=None, sex=None)[0] == (
            f"The IIN {found}{last} fails its check digit: please check it"
        )


@pytest.mark.parametrize(
    "iin", ["", "17031460012", "1703146001271", "17031460012a", "１７０３１４６００１２７"]
)
def test_not_twelve_digits(iin: str) -> None:
    assert validate_iin(iin, birth_date=None, sex=None) == ["An IIN has exactly 12 digits"]


def test_bad_check_digit() -> None:
    assert validate_iin("170314600128", birth_date=date(2017, 3, 14), sex="F") == [
        "The IIN 170314600128 fails its check digit: please check it"
    ]


def test_birth_date_disagrees() -> None:
    assert validate_iin(GIRL_2017, birth_date=date(2017, 3, 15), sex="F") == [
        "The IIN encodes the birth date 14.03.2017, but the birth date is 15.03.2017"
    ]


def test_sex_disagrees() -> None:
    assert validate_iin(GIRL_2017, birth_date=None, sex="M") == [
        "The IIN is that of a girl, but the child is recorded as a boy"
    ]
    assert validate_iin(MAN_1985, birth_date=None, sex="F") == [
        "The IIN is that of a boy, but the child is recorded as a girl"
    ]


def test_century_digit_out_of_range() -> None:
    iin = make_iin(date(2017, 3, 14), "F", 12)
    broken = iin[:6] + "8" + iin[7:11]
    broken += str(check_digit(broken) or 0)
    assert validate_iin(broken, birth_date=None, sex=None)[-1] == (
        "The 7th digit of an IIN (century and sex) must be 1 to 6, not 8"
    )
    assert iin_birth_date(broken) is None
    assert iin_sex(broken) is None


def test_impossible_date() -> None:
    body = "170231" + "6" + "0012"  # 31 February
    iin = body + str(check_digit(body))
    assert validate_iin(iin, birth_date=None, sex="F") == [
        f"The IIN {iin} does not begin with a valid birth date"
    ]


def test_unknown_birth_date_and_sex_are_not_compared() -> None:
    assert validate_iin(GIRL_2017, birth_date=None, sex=None) == []


def test_clean_iin_drops_spaces() -> None:
    assert clean_iin(" 170314 600129 ") == GIRL_2017


def test_make_iin_refuses_what_an_iin_cannot_hold() -> None:
    with pytest.raises(ValueError, match="1800-2099"):
        make_iin(date(2100, 1, 1), "F", 1)
    with pytest.raises(ValueError, match="sex"):
        make_iin(date(2000, 1, 1), "X", 1)
    with pytest.raises(ValueError, match="serial"):
        make_iin(date(2000, 1, 1), "M", 10000)


def test_make_iin_encodes_century_and_sex() -> None:
    assert make_iin(date(1899, 12, 31), "M", 0)[6] == "1"
    assert make_iin(date(1899, 12, 31), "F", 0)[6] == "2"
    assert make_iin(date(1985, 7, 22), "M", 451) == MAN_1985
    assert make_iin(date(2017, 3, 14), "F", 12) == GIRL_2017


birth_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31))
sexes = st.sampled_from(["F", "M"])
serials = st.integers(min_value=0, max_value=9999)


@given(birth_dates, sexes, serials)
def test_make_iin_round_trips_and_validates(birth: date, sex: str, serial: int) -> None:
    iin = make_iin(birth, sex, serial)
    assert len(iin) == 12 and iin.isdigit()
    assert iin_birth_date(iin) == birth
    assert iin_sex(iin) == sex
    assert validate_iin(iin, birth_date=birth, sex=sex) == []


def _first_pass(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits[:11], range(1, 12), strict=True)) % 11


@given(
    birth_dates,
    sexes,
    serials,
    st.integers(min_value=0, max_value=11),
    st.integers(min_value=1, max_value=9),
)
def test_single_digit_changes_are_caught(
    birth: date, sex: str, serial: int, position: int, delta: int
) -> None:
    iin = make_iin(birth, sex, serial)
    changed = iin[:position] + str((int(iin[position]) + delta) % 10) + iin[position + 1 :]
    problems = validate_iin(changed, birth_date=birth, sex=sex)
    if position <= 6 or position == 11:
        # Date and sex digits change what the IIN encodes; the check digit is fixed.
        assert problems
    elif position <= 9 and 10 not in (_first_pass(iin), _first_pass(changed)):
        # Serial digits 8-10: weights 8-10 are non-zero mod 11, so the sum moves.
        assert problems
    else:
        # The 11th digit has weight 11 = 0 mod 11: the national algorithm's blind spot,
        # caught only when a second pass is involved. Nothing to assert about it.
        assert position in (7, 8, 9, 10)


def test_eleventh_digit_blind_spot_of_the_national_algorithm() -> None:
    # Documented so nobody "fixes" validation into refusing real, issued numbers.
    assert _first_pass(GIRL_2017) != 10
    changed = GIRL_2017[:10] + "9" + GIRL_2017[11]
    assert validate_iin(changed, birth_date=date(2017, 3, 14), sex="F") == []
