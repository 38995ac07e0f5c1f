"""The centre's rooms list: each registered room, its last bundle, and whether it has sent
a given period (what the centre window shows; no figures here, see `centre.summary`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from caseroom.centre import schema


@dataclass(frozen=True, slots=True)
class RoomLine:
    """One registered room as the centre sees it."""

    school_name: str
    room_name: str
    locality: str
    last_period: str | None
    last_made_at: datetime | None
    sent_period: bool


def room_lines(connection: Connection, *, period: str | None) -> list[RoomLine]:
    """Every registered room by school name, with its latest bundle and whether it has
    sent `period` (False for every room when `period` is None)."""
    last: dict[object, tuple[str, datetime]] = {}
    for row in connection.execute(
        select(
            schema.bundle_import.c.room_id,
            schema.bundle_import.c.period,
            schema.bundle_import.c.made_at,
        ).order_by(schema.bundle_import.c.made_at)
    ):
        last[row.room_id] = (row.period, row.made_at)
    sent: set[object] = set()
    if period is not None:
        sent = {
            row.room_id
            for row in connection.execute(
                select(schema.room_period.c.room_id).where(schema.room_period.c.period == period)
            )
        }
    rooms = connection.execute(
        select(
            schema.room.c.id,
            schema.room.c.school_name,
            schema.room.c.room_name,
            schema.room.c.locality,
        ).order_by(schema.room.c.school_name, schema.room.c.id)
    ).all()
    return [
        RoomLine(
            school_name=room.school_name,
            room_name=room.room_name or "",
            locality=room.locality or "",
            last_period=last[room.id][0] if room.id in last else None,
            last_made_at=last[room.id][1] if room.id in last else None,
            sent_period=room.id in sent,
        )
        for room in rooms
    ]


def known_periods(connection: Connection) -> list[str]:
    """The periods any room has sent, latest first."""
    rows = connection.execute(select(schema.room_period.c.period).distinct()).scalars()
    return sorted({str(value) for value in rows}, reverse=True)
