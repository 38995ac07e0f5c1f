"""The directory file's columns, and how one row's cells become an entry's fields.

The format is docs/directory-format.md: one row (or one JSON object) per entry, the columns
below by their English names (Russian and Kazakh headers are read too, `HEADERS`). Lists
(`needs`, `languages`) are codes separated by commas or semicolons in a CSV or XLSX cell, a
JSON array in JSON. `archived` is yes/no (or true/false, 1/0, да/нет, иә/жоқ).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from caseroom.i18n import _
from caseroom.services.directory.fields import EntryInput, EntryRead

COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "kind",
    "offers",
    "for_whom",
    "needs",
    "age_from",
    "age_to",
    "address",
    "town",
    "phone",
    "hours",
    "languages",
    "cost",
    "directions",
    "notes",
    "archived",
)
"""The columns of a directory file, in the order an export writes them."""

REQUIRED: tuple[str, ...] = ("id", "name")

HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "код", "идентификатор", "коды"),
    "name": ("name", "название", "наименование", "организация", "атауы", "ұйым"),
    "kind": ("kind", "вид", "тип", "түрі"),
    "offers": ("offers", "what they offer", "услуги", "что предлагает", "қызметтер"),
    "for_whom": ("for whom", "for_whom", "для кого", "кімге"),
    "needs": ("needs", "потребности", "нужды", "қажеттіліктер"),
    "age_from": ("age from", "age_from", "возраст от", "жасы бастап"),
    "age_to": ("age to", "age_to", "возраст до", "жасы дейін"),
    "address": ("address", "адрес", "мекенжай"),
    "town": ("town", "city", "город", "населенный пункт", "қала", "елді мекен"),
    "phone": ("phone", "телефон", "тел"),
    "hours": ("hours", "часы работы", "режим работы", "жұмыс уақыты"),
    "languages": ("languages", "языки", "тілдер"),
    "cost": ("cost", "стоимость", "цена", "құны"),
    "directions": ("directions", "how to get there", "как добраться", "қалай жетуге болады"),
    "notes": ("notes", "примечания", "заметки", "ескертпелер"),
    "archived": ("archived", "в архиве", "архив", "мұрағатта"),
}
"""Header names (in their folded form, `importing` compares them) for each column."""

_YES = frozenset({"yes", "true", "1", "y", "да", "иә", "ия"})
_NO = frozenset({"", "no", "false", "0", "n", "нет", "жоқ"})
_SPLIT = re.compile(r"[;,]")


@dataclass(frozen=True, slots=True)
class FileRow:
    """One entry as read from a file: its row number and its cells by column."""

    number: int
    cells: dict[str, Any]


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """A row made into an entry's input, whether it archives the entry, and its problems
    (column -> translated message)."""

    number: int
    data: EntryInput
    archived: bool
    problems: dict[str, str]


def cell_text(cell: Any) -> str | None:
    """A cell as text (a whole number from a workbook without ".0"), None when blank."""
    if cell is None or isinstance(cell, bool):
        return None if cell is None else ("yes" if cell else "no")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime | date):
        cell = cell.isoformat()
    text = str(cell).strip()
    return text or None


def _list(cell: Any) -> tuple[str, ...]:
    items = cell if isinstance(cell, list | tuple) else _SPLIT.split(cell_text(cell) or "")
    return tuple(text for item in items if (text := cell_text(item)))


def _number(cell: Any, column: str, problems: dict[str, str]) -> int | None:
    text = cell_text(cell)
    if text is None:
        return None
    if not text.isdigit():
        problems[column] = _("write the age as a whole number of years, not “{value}”").format(
            value=text
        )
        return None
    return int(text)


def _archived(cell: Any, problems: dict[str, str]) -> bool:
    text = (cell_text(cell) or "").casefold()
    if text in _YES:
        return True
    if text not in _NO:
        problems["archived"] = _("write yes or no, not “{value}”").format(value=cell_text(cell))
    return False


def parse_row(row: FileRow) -> ParsedRow:
    """A file row as an entry's input (not yet checked by the entry's rules)."""
    problems: dict[str, str] = {}
    cells = row.cells
    text = {column: cell_text(cells.get(column)) for column in COLUMNS}
    if text["id"] is None:
        problems["id"] = _("every entry needs an id (so that a later file can update it)")
    data = EntryInput(
        code=text["id"],
        name=text["name"] or "",
        kind=text["kind"] or "other",
        offers=text["offers"],
        for_whom=text["for_whom"],
        needs=_list(cells.get("needs")),
        age_from=_number(cells.get("age_from"), "age_from", problems),
        age_to=_number(cells.get("age_to"), "age_to", problems),
        address=text["address"],
        town=text["town"],
        phone=text["phone"],
        hours=text["hours"],
        languages=_list(cells.get("languages")),
        cost=text["cost"],
        directions=text["directions"],
        notes=text["notes"],
    )
    return ParsedRow(row.number, data, _archived(cells.get("archived"), problems), problems)


def export_cells(entry: EntryRead, *, lists_as_text: bool) -> dict[str, Any]:
    """An entry's cells for a file, by column (`lists_as_text`: for CSV and XLSX)."""

    def listed(values: tuple[str, ...]) -> Any:
        return ", ".join(values) if lists_as_text else list(values)

    return {
        "id": entry.code,
        "name": entry.name,
        "kind": entry.kind,
        "offers": entry.offers,
        "for_whom": entry.for_whom,
        "needs": listed(entry.needs),
        "age_from": entry.age_from,
        "age_to": entry.age_to,
        "address": entry.address,
        "town": entry.town,
        "phone": entry.phone,
        "hours": entry.hours,
        "languages": listed(entry.languages),
        "cost": entry.cost,
        "directions": entry.directions,
        "notes": entry.notes,
        "archived": ("yes" if lists_as_text else True)
        if entry.archived_at
        else ("" if lists_as_text else False),
    }
