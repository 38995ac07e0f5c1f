"""Whether a value fits a field of a centre record as a bundle would carry it.

One rule for a person's correction and for a decided conflict's own value: integers where
a bundle has integers, texts by the services' text rule, never a person's identity.
"""

from __future__ import annotations

from typing import Any

from caseroom.centre import schema
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.common import Problems, checked_text

_INTEGERS = ("birth_year", "grade", "enrolled_year", "left_year", "sessions_attended")
_TEXTS = {"sex": 1, "status": 32}


def checked_value(field: str, value: Any) -> Any:
    """`value` if it fits `field` as a bundle would carry it; `UserError` otherwise."""
    if field not in schema.CHILD_FIELDS:
        raise UserError(_("A record has no field {field}").format(field=field))
    fits: bool
    if field in _INTEGERS:
        fits = (value is None and field != "sessions_attended") or (
            type(value) is int and value >= 0
        )
    elif field in _TEXTS:
        fits = value is None or fits_text(value, _TEXTS[field])
    elif field in ("plan_in_effect", "pmpk_in_effect"):
        fits = isinstance(value, bool)
    elif field == "categories":
        fits = isinstance(value, list) and all(fits_text(code, 32) for code in value)
        value = sorted(value) if fits else value
    else:  # identity: a person's own value is not taken for names
        fits = False
    if not fits:
        raise UserError(
            _("{value} is not a value the field {field} can hold.").format(
                value=repr(value), field=field
            )
        )
    return value


def fits_text(value: object, limit: int) -> bool:
    """Whether `value` is a text the centre may store, from a bundle, a key file or a
    person: the one rule of the services (`checked_text`: no control characters, at most
    `limit` characters), not empty, and kept exactly as given (no spaces to strip)."""
    if not isinstance(value, str):
        return False
    problems = Problems()
    return checked_text(problems, "value", value, limit=limit) == value and not problems
