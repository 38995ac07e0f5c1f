"""The regional trend by quarter: each quarter the rooms have reported, across school years.

Every period up to the one shown (school years, "2025-2026" before "2026-2027") gives its
quarters in order. A room's bundle carries all four quarters of its year, the ones not yet
begun as zeros; a quarter counts for a room only if it had begun on the day the room's
bundle was made, so a year under way does not show as a fall to nothing. A quarter still
under way on that day for some room is marked `so_far`; `rooms` tells how many rooms
reported the quarter, so a change in who reported is not read as a change in the work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Connection, select

from caseroom.centre import schema

QUARTER_FIGURES = (
    "sessions_held",
    "children_seen",
    "child_attendances",
    "parent_meetings",
    "caregivers_in_groups",
)
"""The figures a bundle gives per quarter (what the trend adds up)."""


@dataclass(slots=True)
class QuarterLine:
    """One quarter of one period, added up over the rooms that reported it."""

    period: str
    number: int
    figures: dict[str, int] = field(default_factory=dict)
    rooms: int = 0
    so_far: bool = False


def _day(made_at: datetime) -> date:
    """The day (UTC) a bundle was made; SQLite gives the stored time back without a zone."""
    if made_at.tzinfo is not None:
        made_at = made_at.astimezone(UTC)
    return made_at.date()


def quarter_trend(connection: Connection, *, period: str) -> list[QuarterLine]:
    """The quarters of `period` and of every earlier period, oldest first (rules above)."""
    rows = connection.execute(
        select(
            schema.room_period.c.period,
            schema.room_period.c.quarters,
            schema.bundle_import.c.made_at,
        )
        .join(
            schema.bundle_import,
            schema.bundle_import.c.bundle_id == schema.room_period.c.bundle_id,
        )
        .where(schema.room_period.c.period <= period)
    ).all()
    lines: dict[tuple[str, int], QuarterLine] = {}
    for row in rows:
        made = _day(row.made_at)
        for quarter in row.quarters:
            if made < date.fromisoformat(quarter["starts_on"]):
                continue
            key = (str(row.period), int(quarter["number"]))
            line = lines.setdefault(key, QuarterLine(period=key[0], number=key[1]))
            line.rooms += 1
            line.so_far = line.so_far or made <= date.fromisoformat(quarter["ends_on"])
            for name in QUARTER_FIGURES:
                line.figures[name] = line.figures.get(name, 0) + int(quarter[name])
    return [lines[key] for key in sorted(lines)]
