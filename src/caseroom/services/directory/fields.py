"""What an entry of the help directory holds, and the rules its fields follow.

Shared by the screens' add / edit (`entries`) and by the directory file import
(`file_rows`), so that an entry typed in the room and one brought by a file are checked by
the same rules and give the same messages.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from caseroom.db.models_directory import DirectoryEntry
from caseroom.i18n import _
from caseroom.services.common import NOTE_MAX, Problems, checked_text, clean_text
from caseroom.vocab import DirectoryKind, DirectoryNeed

CODE_MAX = 64
NAME_MAX = 300
TOWN_MAX = 200
PHONE_MAX = 200
LINE_MAX = 300
TEXT_MAX = 4000
AGE_MAX = 99
LANGUAGE_CODES: tuple[str, ...] = ("kk", "ru", "en")
"""The languages an entry may say it works in (the app's three)."""

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True, slots=True)
class EntryInput:
    """What a person (or a directory file) gives for an entry.

    `code` is the entry's stable id in directory files; None on a new entry made in the
    room: one is made (`room-` and eight hex digits).
    """

    name: str
    kind: str = DirectoryKind.OTHER.value
    offers: str | None = None
    for_whom: str | None = None
    needs: tuple[str, ...] = ()
    age_from: int | None = None
    age_to: int | None = None
    address: str | None = None
    town: str | None = None
    phone: str | None = None
    hours: str | None = None
    languages: tuple[str, ...] = ()
    cost: str | None = None
    directions: str | None = None
    notes: str | None = None
    code: str | None = None


@dataclass(frozen=True, slots=True)
class EntryRead:
    """An entry as screens, files and leaflets see it."""

    id: uuid.UUID
    code: str
    name: str
    kind: str
    offers: str | None
    for_whom: str | None
    needs: tuple[str, ...]
    age_from: int | None
    age_to: int | None
    address: str | None
    town: str | None
    phone: str | None
    hours: str | None
    languages: tuple[str, ...]
    cost: str | None
    directions: str | None
    notes: str | None
    archived_at: datetime | None


def read_entry(record: DirectoryEntry) -> EntryRead:
    """The plain read of a stored entry."""
    values = {f.name: getattr(record, f.name) for f in fields(EntryRead)}
    values["needs"] = tuple(record.needs or ())
    values["languages"] = tuple(record.languages or ())
    return EntryRead(**values)


def new_code() -> str:
    """A fresh stable id for an entry made in the room."""
    return f"room-{uuid.uuid4().hex[:8]}"


def _codes(
    problems: Problems, name: str, values: tuple[str, ...], known: set[str], message: str
) -> tuple[str, ...]:
    cleaned: list[str] = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        if value not in known:
            problems.add(name, message.format(value=value))
            return ()
        if value not in cleaned:
            cleaned.append(value)
    return tuple(cleaned)


def _age(problems: Problems, name: str, value: int | None) -> int | None:
    if value is not None and not 0 <= value <= AGE_MAX:
        problems.add(
            name, _("An age is a whole number of years from 0 to {limit}").format(limit=AGE_MAX)
        )
        return None
    return value


def checked_entry(data: EntryInput) -> tuple[dict[str, Any], Problems]:
    """The values to store for `data` (keyed by column) and the problems found."""
    problems = Problems()
    too_long = _("The text is too long (at most {limit} characters)")
    values: dict[str, Any] = {
        "name": checked_text(
            problems,
            "name",
            data.name,
            limit=NAME_MAX,
            too_long=too_long,
            missing=_("Give the name of the organisation or service"),
        ),
    }
    for name, limit in (
        ("town", TOWN_MAX),
        ("phone", PHONE_MAX),
        ("hours", LINE_MAX),
        ("cost", LINE_MAX),
    ):
        values[name] = checked_text(problems, name, getattr(data, name), limit=limit)
    for name in ("offers", "for_whom", "address", "directions"):
        values[name] = checked_text(
            problems, name, getattr(data, name), limit=TEXT_MAX, multiline=True
        )
    values["notes"] = checked_text(problems, "notes", data.notes, limit=NOTE_MAX, multiline=True)
    if data.kind not in {kind.value for kind in DirectoryKind}:
        problems.add(
            "kind",
            _("“{value}” is not a kind of service this directory knows").format(value=data.kind),
        )
    values["kind"] = data.kind
    values["needs"] = list(
        _codes(
            problems,
            "needs",
            data.needs,
            {need.value for need in DirectoryNeed},
            _("“{value}” is not a need this directory knows"),
        )
    )
    values["languages"] = list(
        _codes(
            problems,
            "languages",
            data.languages,
            set(LANGUAGE_CODES),
            _("“{value}” is not a language code: use kk, ru or en"),
        )
    )
    values["age_from"] = _age(problems, "age_from", data.age_from)
    values["age_to"] = _age(problems, "age_to", data.age_to)
    if (
        values["age_from"] is not None
        and values["age_to"] is not None
        and values["age_from"] > values["age_to"]
    ):
        problems.add("age_to", _("The age range ends before it starts"))
    code = clean_text(data.code)
    if code is not None and (len(code) > CODE_MAX or not _CODE.match(code)):
        problems.add(
            "code",
            _("An id is up to {limit} letters, digits, dots, hyphens or underscores").format(
                limit=CODE_MAX
            ),
        )
    values["code"] = code
    return values, problems
