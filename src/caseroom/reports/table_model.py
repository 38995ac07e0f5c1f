"""What a term-summary table is, whatever it is written to (PDF, XLSX, CSV), and the
builder the table modules fill (`summary_tables`, `summary_more`).

`TableBuilder` shows counts of people through `small_counts` in a de-identified summary
and adds the notes that say what "<3" and "…" stand for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from caseroom.reports.data import Ratio
from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.small_counts import (
    SMALL,
    WITHHELD,
    protect_column,
    protect_rate,
    protect_total,
    shown,
)

Cell = str | int | float | date | None

SHEET_NAME_LIMIT = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


class ColumnKind(StrEnum):
    """How a column's values are written."""

    TEXT = "text"
    COUNT = "count"
    PERCENT = "percent"  # a rate between 0 and 1
    HOURS = "hours"
    DATE = "date"
    AVERAGE = "average"  # a mean answer on a 1–5 scale, one decimal


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its translated title and the kind of its values."""

    title: str
    kind: ColumnKind


@dataclass(frozen=True, slots=True)
class SummaryTable:
    """One table of the summary.

    `key` is stable and language-neutral; `title` is the translated heading; `sheet_name`
    is a valid, unique spreadsheet sheet name (≤ 31 characters, none of `[]:*?/\\`).
    `total` is an optional last row that sums the table.
    """

    key: str
    title: str
    sheet_name: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None
    notes: tuple[str, ...] = ()
    """Footnotes printed under the table (what its rows count, what "<3" means)."""


def sheet_name(title: str, taken: Sequence[str] = ()) -> str:
    """`title` made into a valid sheet name that is not in `taken` (case-insensitive)."""
    name = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'") or "Sheet"
    name = " ".join(name.split())[:SHEET_NAME_LIMIT].rstrip()
    used = {existing.casefold() for existing in taken}
    candidate, number = name, 1
    while candidate.casefold() in used:
        number += 1
        suffix = f" ({number})"
        candidate = name[: SHEET_NAME_LIMIT - len(suffix)].rstrip() + suffix
    return candidate


def cell_text(value: Cell, kind: ColumnKind) -> str:
    """A cell as text (PDF and CSV): dates dd.mm.yyyy, rates as whole percentages."""
    if value is None:
        return "—" if kind is ColumnKind.PERCENT else ""
    if isinstance(value, date):
        return format_date(value)
    if kind is ColumnKind.PERCENT and isinstance(value, int | float):
        return f"{round(value * 100)}%"
    if kind in (ColumnKind.HOURS, ColumnKind.AVERAGE) and isinstance(value, int | float):
        return f"{value:.1f}"
    return str(value)


class TableBuilder:
    """Collects the tables; in a de-identified summary (`protect`) it shows counts of
    people through `small_counts` and notes what "<3" and "…" stand for."""

    def __init__(self, lang: ReportLanguage, *, protect: bool) -> None:
        self.lang = lang
        self.protect = protect
        self.tables: list[SummaryTable] = []

    def people(self, count: int) -> Cell:
        """One count of people, shown on its own."""
        return shown(count) if self.protect else count

    def column(
        self, counts: Sequence[int], total: int | None = None, *, withheld: Sequence[int] = ()
    ) -> tuple[list[Cell], Cell]:
        """A column of counts of people and its total (their sum unless given), as shown.

        `withheld`: cells that must be left out whatever their size (their value could
        be worked out elsewhere); then the total is left out as well.
        """
        whole = sum(counts) if total is None else total
        if not self.protect:
            return list(counts), whole
        cells, stays = protect_column(counts, total_shown=True)
        shown_cells: list[Cell] = [
            WITHHELD if index in withheld and cell != SMALL else cell
            for index, cell in enumerate(cells)
        ]
        return shown_cells, protect_total(whole, stays and not withheld)

    def column_stays(self, counts: Sequence[int]) -> tuple[list[Cell], bool]:
        """A part of a column whose total is printed elsewhere: its cells, and whether
        that total may stay printed (else a hidden count could be worked out from it)."""
        if not self.protect:
            return list(counts), True
        cells, stays = protect_column(counts, total_shown=True)
        return list(cells), stays

    def ratio_columns(self, first: str, part: str, whole: str) -> list[Column]:
        """The columns of a table of rates: what is measured, part, whole, rate."""
        _ = self.lang.gettext
        return [
            Column(first, ColumnKind.TEXT),
            Column(part, ColumnKind.COUNT),
            Column(whole, ColumnKind.COUNT),
            Column(_("Rate"), ColumnKind.PERCENT),
        ]

    def ratio_row(self, label: str, ratio: Ratio, *, people: bool = True) -> tuple[Cell, ...]:
        """A rate row; of people (`people`), its small counts are hidden."""
        if not (self.protect and people):
            return (label, ratio.part, ratio.whole, ratio.value)
        part, whole, rate_shown = protect_rate(ratio.part, ratio.whole)
        return (label, part, whole, ratio.value if rate_shown else WITHHELD)

    def add(
        self,
        key: str,
        title: str,
        short: str,
        columns: Sequence[Column],
        rows: Sequence[tuple[Cell, ...]],
        *,
        total: tuple[Cell, ...] | None = None,
        notes: Sequence[str] = (),
    ) -> None:
        """Add a table after the others, with a sheet name no other table has; an empty
        table has no total and no notes (it prints "nothing to show")."""
        name = sheet_name(short, [table.sheet_name for table in self.tables])
        cells = [*rows, *([total] if total is not None and rows else [])]
        self.tables.append(
            SummaryTable(
                key,
                title,
                name,
                tuple(columns),
                tuple(rows),
                total if rows else None,
                (*notes, *self._hidden_notes(cells)) if rows else (),
            )
        )

    def _hidden_notes(self, rows: Sequence[tuple[Cell, ...]]) -> tuple[str, ...]:
        _ = self.lang.gettext
        values = {value for row in rows for value in row[1:]}
        notes = []
        if SMALL in values:
            notes.append(_("“<3”: 1 or 2 people, not shown so that no one can be recognised."))
        if WITHHELD in values:
            notes.append(
                _("“…”: left out so that a “<3” cannot be worked out from the other figures.")
            )
        return tuple(notes)
