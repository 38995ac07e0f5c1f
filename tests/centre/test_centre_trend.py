"""The regional trend by quarter: every quarter the rooms have reported, up to the period
shown, across school years; a quarter counted for a room only once it had begun when the
room's bundle was made, marked "so far" while it had not ended, with how many rooms
reported it. On SQLite and on PostgreSQL (the `centre` fixture)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from centre_rooms import CentreUnderTest

from caseroom.centre import schema
from caseroom.centre.database import connected
from caseroom.centre.summary import centre_summary
from caseroom.centre.trend import QUARTER_FIGURES, quarter_trend

QUARTER_DAYS = (((9, 1), (10, 31)), ((11, 10), (12, 29)), ((1, 8), (3, 20)), ((4, 1), (5, 31)))


def _quarters(first_year: int, base: int) -> list[dict[str, Any]]:
    """Four quarters of the school year starting in `first_year`; figures from `base`."""
    rows = []
    for number, ((m1, d1), (m2, d2)) in enumerate(QUARTER_DAYS, start=1):
        year = first_year if number <= 2 else first_year + 1
        row: dict[str, Any] = {
            "number": number,
            "starts_on": date(year, m1, d1).isoformat(),
            "ends_on": date(year, m2, d2).isoformat(),
        }
        for offset, name in enumerate(QUARTER_FIGURES):
            row[name] = base + 10 * number + offset
        rows.append(row)
    return rows


def _room(connection: Any, school: str) -> uuid.UUID:
    room_id = uuid.uuid4()
    connection.execute(
        schema.room.insert().values(
            id=room_id,
            school_name=school,
            public_key=b"k" * 32,
            fingerprint=room_id.hex[:32],
            added_at=datetime(2025, 8, 1, tzinfo=UTC),
        )
    )
    return room_id


def _sent(connection: Any, room_id: uuid.UUID, first_year: int, made: date, base: int) -> None:
    bundle_id = uuid.uuid4()
    period = f"{first_year}-{first_year + 1}"
    made_at = datetime(made.year, made.month, made.day, 12, tzinfo=UTC)
    connection.execute(
        schema.bundle_import.insert().values(
            bundle_id=bundle_id,
            room_id=room_id,
            period=period,
            made_at=made_at,
            imported_at=made_at,
            digest="0" * 64,
            schema_version="test",
            identified=False,
            counts={},
            records_added=0,
            records_updated=0,
            conflicts_noted=0,
        )
    )
    connection.execute(
        schema.room_period.insert().values(
            room_id=room_id,
            period=period,
            bundle_id=bundle_id,
            school_name="School",
            starts_on=date(first_year, 9, 1),
            ends_on=date(first_year + 1, 5, 31),
            quarters=_quarters(first_year, base),
            updated_at=made_at,
        )
    )


def _fill(centre: CentreUnderTest) -> None:
    with connected(centre.engine) as connection:
        first, second, third = (_room(connection, name) for name in ("A", "B", "C"))
        # A: the whole of last year, then this year with quarter 2 under way.
        _sent(connection, first, 2025, date(2026, 6, 20), base=100)
        _sent(connection, first, 2026, date(2026, 11, 20), base=200)
        # B: this year only, made early in quarter 3.
        _sent(connection, second, 2026, date(2027, 1, 15), base=300)
        # C: only a later year, which the trend of 2026-2027 leaves out.
        _sent(connection, third, 2027, date(2028, 6, 1), base=900)


def test_the_trend_runs_across_school_years_up_to_the_period(centre: CentreUnderTest) -> None:
    _fill(centre)
    with connected(centre.engine) as connection:
        lines = quarter_trend(connection, period="2026-2027")
    got = [(line.period, line.number, line.rooms, line.so_far) for line in lines]
    assert got == [
        ("2025-2026", 1, 1, False),
        ("2025-2026", 2, 1, False),
        ("2025-2026", 3, 1, False),
        ("2025-2026", 4, 1, False),
        ("2026-2027", 1, 2, False),
        ("2026-2027", 2, 2, True),
        ("2026-2027", 3, 1, True),
    ]
    held = QUARTER_FIGURES[0]
    assert [line.figures[held] for line in lines] == [110, 120, 130, 140, 210 + 310, 220 + 320, 330]
    last = QUARTER_FIGURES[-1]
    assert lines[4].figures[last] == 210 + 4 + 310 + 4


def test_the_summary_shows_the_trend_with_the_rooms_reporting(centre: CentreUnderTest) -> None:
    _fill(centre)
    with connected(centre.engine) as connection:
        summary = centre_summary(connection, period="2026-2027")
        earlier = centre_summary(connection, period="2025-2026")
    trend = next(s for s in summary.sections if s.title == "Trend by quarter")
    assert trend.header[0] == "Quarter" and trend.header[-1] == "Rooms reporting"
    assert [row[0] for row in trend.rows] == [
        "2025-2026, quarter 1",
        "2025-2026, quarter 2",
        "2025-2026, quarter 3",
        "2025-2026, quarter 4",
        "2026-2027, quarter 1",
        "2026-2027, quarter 2 (so far)",
        "2026-2027, quarter 3 (so far)",
    ]
    assert trend.rows[4][1:] == [210 + 310, 211 + 311, 212 + 312, 213 + 313, 214 + 314, 2]
    before = next(s for s in earlier.sections if s.title == "Trend by quarter")
    assert [row[0] for row in before.rows] == [row[0] for row in trend.rows[:4]]
