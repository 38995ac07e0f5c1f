"""Strict checks of a bundle's payload once it is opened: the shape the centre stores.

A payload that opened and whose signature held still has every field checked, so nothing
half-formed reaches the database (`BundleDamagedError` otherwise).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from caseroom.bundles.room_bundle import BundleDamagedError
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
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise _bad()
    return value


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
        categories = child.get("categories")
        if not isinstance(categories, list) or not all(
            isinstance(code, str) and len(code) <= 32 for code in categories
        ):
            raise _bad()
        for flag in ("plan_in_effect", "pmpk_in_effect"):
            if not isinstance(child.get(flag), bool):
                raise _bad()
        rows.append(
            {
                "record_id": record_id,
                "birth_year": _int(child.get("birth_year"), optional=True),
                "sex": _text(child.get("sex"), 1),
                "grade": _int(child.get("grade"), optional=True),
                "status": _text(child.get("status"), 32),
                "categories": sorted(categories),
                "enrolled_year": _int(child.get("enrolled_year"), optional=True),
                "left_year": _int(child.get("left_year"), optional=True),
                "sessions_attended": _int(child.get("sessions_attended")),
                "plan_in_effect": child["plan_in_effect"],
                "pmpk_in_effect": child["pmpk_in_effect"],
                "identity": _identity(child.get("identity"), identified),
            }
        )
    return rows


def _identity(value: Any, identified: bool) -> dict[str, Any] | None:
    if value is None:
        return None
    if not identified or not isinstance(value, dict) or set(value) != set(_IDENTITY):
        raise _bad()
    return {name: _text(value[name], 200) for name in _IDENTITY}
