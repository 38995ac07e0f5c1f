"""Strict checks of a bundle's payload once it is opened: the shape the centre stores.

A payload that opened and whose signature held still has every field checked, so nothing
half-formed reaches the database (`BundleDamagedError` otherwise).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from caseroom.bundles.room_bundle import BundleDamagedError
from caseroom.centre import schema
from caseroom.centre.field_values import checked_value, fits_text
from caseroom.errors import UserError
from caseroom.i18n import _

_QUARTER_FIGURES = (
    "sessions_held",
    "children_seen",
    "child_attendances",
    "parent_meetings",
    "caregivers_in_groups",
)
_IDENTITY = ("case_number", "last_name", "first_name", "patronymic", "birth_date", "iin")


def _bad() -> BundleDamagedError:
    return BundleDamagedError(
        _("The bundle's contents are not what a caseroom room writes: nothing was imported.")
    )


def _int(value: Any, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if type(value) is not int or value < 0:
        raise _bad()
    return value


def _text(value: Any, limit: int, *, optional: bool = True) -> str | None:
    """`value` if it is a text the centre may store (`field_values.fits_text`: no control
    character, at most `limit` characters), else the bundle is damaged."""
    if value is None and optional:
        return None
    if not fits_text(value, limit):
        raise _bad()
    return str(value)


def _field(name: str, value: Any) -> Any:
    """`value` if it fits the record's field `name` (`field_values.checked_value`, the rule
    a person's correction follows too), else the bundle is damaged."""
    try:
        return checked_value(name, value)
    except UserError:
        raise _bad() from None


def checked_quarters(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The payload's quarters, each with its number and figures."""
    quarters = payload.get("quarters")
    if not isinstance(quarters, list) or len(quarters) > 4:
        raise _bad()
    result = []
    for quarter in quarters:
        if not isinstance(quarter, dict):
            raise _bad()
        number = _int(quarter.get("number"))
        if number not in (1, 2, 3, 4):
            raise _bad()
        row: dict[str, Any] = {"number": number}
        for name in _QUARTER_FIGURES:
            row[name] = _int(quarter.get(name))
        for name in ("starts_on", "ends_on"):
            row[name] = _day(quarter.get(name)).isoformat()
        result.append(row)
    return result


def _day(value: Any) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise _bad() from None


def checked_period(payload: dict[str, Any]) -> tuple[date, date]:
    """The first and last day of the payload's period."""
    period = payload.get("period")
    if not isinstance(period, dict):
        raise _bad()
    return _day(period.get("starts_on")), _day(period.get("ends_on"))


def checked_period_name(period: Any) -> str:
    """The manifest's period ("2026-2027") as the centre stores it: one line, short."""
    text = _text(period, 60, optional=False)
    assert text is not None
    return text


def checked_room_name(payload: dict[str, Any]) -> str | None:
    """The school name the room gave, if any."""
    room = payload.get("room")
    if not isinstance(room, dict):
        raise _bad()
    return _text(room.get("school_name"), 200)


def checked_children(payload: dict[str, Any], *, identified: bool) -> list[dict[str, Any]]:
    """The payload's child records as rows of `centre_child` (without period and room)."""
    children = payload.get("children")
    if not isinstance(children, list):
        raise _bad()
    rows = []
    seen: set[uuid.UUID] = set()
    for child in children:
        if not isinstance(child, dict):
            raise _bad()
        try:
            record_id = uuid.UUID(child.get("id"))
        except (TypeError, ValueError, AttributeError):
            raise _bad() from None
        if record_id in seen:
            raise _bad()
        seen.add(record_id)
        row: dict[str, Any] = {"record_id": record_id}
        for name in schema.CHILD_FIELDS:
            if name == "identity":
                row[name] = _identity(child.get("identity"), identified)
            else:  # a field left out reads as empty, which only some fields may be
                row[name] = _field(name, child.get(name))
        rows.append(row)
    return rows


def _identity(value: Any, identified: bool) -> dict[str, Any] | None:
    if value is None:
        return None
    if not identified or not isinstance(value, dict) or set(value) != set(_IDENTITY):
        raise _bad()
    return {name: _text(value[name], 200) for name in _IDENTITY}
