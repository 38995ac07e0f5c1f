"""Phone numbers in one stored form: `+7XXXXXXXXXX` (Kazakhstan's country code)."""

from __future__ import annotations

import re

from caseroom.errors import UserError
from caseroom.i18n import _

# Separators people type inside a number: spaces, dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-.()\u2010-\u2015]")


class PhoneNumberError(UserError):
    """A phone number that cannot be read as a Kazakhstan (+7) number."""


def normalise_phone(text: str) -> str:
    """`text` as `+7XXXXXXXXXX`.

    Accepts `+7 (7xx) xxx-xx-xx`, `8 7xx xxx xx xx`, `7 7xx ...` and the bare ten digits
    `7xx xxx xx xx`, with any spaces, dashes, dots and brackets. Anything else raises
    `PhoneNumberError` with a translated message.
    """
    compact = _SEPARATORS.sub("", text.strip())
    digits = compact[1:] if compact.startswith("+") else compact
    if digits.isascii() and digits.isdigit():
        if compact.startswith("+"):
            if len(digits) == 11 and digits[0] == "7":
                return "+" + digits
        elif len(digits) == 11 and digits[0] in "78":
            return "+7" + digits[1:]
        elif len(digits) == 10:
            return "+7" + digits
    raise PhoneNumberError(
        _("{phone} is not a phone number: write it as +7 7xx xxx xx xx").format(phone=text.strip()),
        field="phone",
    )


def optional_phone(text: str | None) -> str | None:
    """`normalise_phone(text)`, or None when nothing was typed."""
    if text is None or not text.strip():
        return None
    return normalise_phone(text)
