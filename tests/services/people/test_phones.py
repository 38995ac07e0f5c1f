"""Phone numbers are stored as +7XXXXXXXXXX whatever way they were typed."""

from __future__ import annotations

import pytest

from caseroom.services.people.phones import PhoneNumberError, normalise_phone, optional_phone


@pytest.mark.parametrize(
    "typed",
    [
        "+77011234567",
        "+7 (701) 123-45-67",
        "+7 701 123 45 67",
        "8 701 123 45 67",
        "8(701)1234567",
        "87011234567",
        "77011234567",
        "7 701 123-45-67",
        "701 123 45 67",
        "(701) 123-45-67",
        "701.123.45.67",
        "  +7-701-123-45-67  ",
        "7011234567",
    ],
)
def test_accepted_forms(typed: str) -> None:
    assert normalise_phone(typed) == "+77011234567"


def test_landline_with_city_code() -> None:
    assert normalise_phone("8 (7172) 55-12-34") == "+77172551234"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "123",
        "+8 701 123 45 67",
        "+1 202 555 0100",
        "+7 701 123 45 6",
        "+7 701 123 45 678",
        "9 701 123 45 67",
        "701 123 45 6x",
        "телефон",
        "87011234567 доб. 12",
    ],
)
def test_refused_forms(typed: str) -> None:
    with pytest.raises(PhoneNumberError) as caught:
        normalise_phone(typed)
    assert caught.value.message == (
        f"{typed.strip()} is not a phone number: write it as +7 7xx xxx xx xx"
    )
    assert caught.value.field == "phone"


def test_optional_phone() -> None:
    assert optional_phone(None) is None
    assert optional_phone("   ") is None
    assert optional_phone("8 701 123 45 67") == "+77011234567"
