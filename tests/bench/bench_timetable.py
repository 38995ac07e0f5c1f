"""Timetable benchmark: the week view of a big room against the same query in raw sqlite3.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_timetable.py [--specialists 30] [--children 400]
                                                    [--repeat 30] [--quick]

A room with `--specialists` specialists and `--children` children, each child in two
weekly series with two specialists over the whole school year (every occurrence a session
record with its attendance and its occurrence link, written in bulk), and a weekly group
series per specialist. Then, median of `--repeat` after a warm-up, for one week in the
middle of the year:
- caseroom: `week_sessions` for the whole room (what the Timetable page and the printed
  week read), and for one specialist;
- raw sqlite3: the very SQL `week_sessions` runs, on a plain `sqlite3` connection, rows
  fetched as tuples.
- caseroom: `find_clash` for one specialist and one child over 20 weeks (what saving a
  series checks), against the same statements run on a plain `sqlite3` connection.
Aims (issue "Performance"): the room's week under 100 ms and within 3x raw sqlite3.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time as clock
import uuid
from collections.abc import Callable
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select
from sqlalchemy.dialects import sqlite
from sqlmodel import Session, col

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.db.models import Attendance, Child, Family, Room, SessionRecord, Staff
from caseroom.db.models_timetable import TimetableOccurrence, TimetableSeries
from caseroom.db.types import utcnow
from caseroom.services.common import SYSTEM
from caseroom.services.sessions.clashes import find_clash
from caseroom.services.sessions.timetable_week import _week_query, week_sessions

FIRST = date(2026, 9, 7)
WEEKS = 37
WEEK = date(2027, 1, 18)


def _rows(model: Any, rows: list[dict[str, Any]], session: Session) -> None:
    for start in range(0, len(rows), 5000):
        session.execute(insert(model.__table__), rows[start : start + 5000])


def build(path: Path, specialists: int, children: int) -> uuid.UUID:
    """Fill `path` with the big room; returns one specialist's id."""
    engine = engine_for_path(path)
    upgrade(engine)
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now, "archived_at": None}
    with Session(engine) as session:
        room = Room(school_name="School No. 1", room_name="Support room")
        session.add(room)
        session.flush()
        family = Family(room_id=room.id, display_name="Family")
        session.add(family)
        session.flush()
        staff = [
            Staff(
                room_id=room.id, last_name=f"Specialist{n:02d}", first_name="A", role="psychologist"
            )
            for n in range(specialists)
        ]
        kids = [
            Child(
                room_id=room.id,
                family_id=family.id,
                case_number=f"SR-{n:04d}",
                last_name=f"Child{n:03d}",
                first_name="B",
                birth_date=date(2016, 1, 1),
                enrolled_on=date(2026, 9, 1),
            )
            for n in range(children)
        ]
        session.add_all(staff + kids)
        session.flush()
        series, records, people, links = [], [], [], []

        def add_series(who: Staff, members: list[Child], weekday: int, at: time) -> None:
            series_id = uuid.uuid4()
            series.append(
                {
                    **stamp,
                    "id": series_id,
                    "room_id": room.id,
                    "staff_id": who.id,
                    "kind": "individual" if len(members) == 1 else "group",
                    "weekday": weekday,
                    "starts_at": at,
                    "minutes": 30,
                    "every_weeks": 1,
                    "starts_on": FIRST,
                    "ends_on": None,
                }
            )
            for week in range(WEEKS):
                day = FIRST + timedelta(weeks=week, days=weekday)
                session_id = uuid.uuid4()
                records.append(
                    {
                        **stamp,
                        "id": session_id,
                        "room_id": room.id,
                        "held_on": day,
                        "starts_at": at,
                        "minutes": 30,
                        "kind": series[-1]["kind"],
                        "status": "planned",
                        "staff_id": who.id,
                        "topic": None,
                        "notes": None,
                        "agreed": None,
                        "confidentiality": "specialist",
                    }
                )
                people.extend(
                    {
                        **stamp,
                        "id": uuid.uuid4(),
                        "session_id": session_id,
                        "child_id": child.id,
                        "caregiver_id": None,
                        "status": "expected",
                        "reason": None,
                    }
                    for child in members
                )
                links.append({"session_id": session_id, "series_id": series_id, "falls_on": day})

        for n, child in enumerate(kids):
            for k in (0, 1):
                who = staff[(n + k * 7) % specialists]
                add_series(who, [child], (n + k) % 5, time(8 + (n // specialists) % 8, 30 * k))
        for n, who in enumerate(staff):
            add_series(who, kids[n * 4 % children : n * 4 % children + 4], n % 5, time(16, 30))
        _rows(TimetableSeries, series, session)
        _rows(SessionRecord, records, session)
        _rows(Attendance, people, session)
        _rows(TimetableOccurrence, links, session)
        session.commit()
        print(
            f"room: {specialists} specialists, {children} children, {len(series)} series, "
            f"{len(records)} sessions, {len(people)} attendance rows"
        )
        one = staff[0].id
    engine.dispose()
    return one


def _median_ms(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = run()
    times = []
    for _ in range(repeat):
        start = clock.perf_counter()
        result = run()
        times.append((clock.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _raw_sql(staff_id: uuid.UUID | None) -> tuple[str, list[Any]]:
    compiled = _week_query(WEEK, staff_id).compile(dialect=sqlite.dialect())  # type: ignore[attr-defined]
    params = []
    for name in compiled.positiontup:
        value = compiled.params[name]
        params.append(
            value.isoformat()
            if isinstance(value, date)
            else value.hex
            if isinstance(value, uuid.UUID)
            else value
        )
    return str(compiled), params


def _statements(engine: Engine, run: Callable[[], object]) -> list[tuple[str, Any]]:
    """The SQL (and its driver parameters) `run` sends."""
    sent: list[tuple[str, Any]] = []

    def keep(_conn: object, _cursor: object, sql: str, params: Any, *_rest: object) -> None:
        sent.append((sql, params))

    event.listen(engine, "before_cursor_execute", keep)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return sent


def _clash_check(path: Path, one: uuid.UUID, repeat: int) -> tuple[float, float]:
    """(caseroom, raw sqlite3) median ms of the clash check of a 20-week series."""
    engine = engine_for_path(path)
    days = [WEEK + timedelta(weeks=week) for week in range(-10, 10)]
    with Session(engine) as session:
        kid = session.scalars(select(col(Child.id)).order_by(col(Child.case_number))).first()
        assert kid is not None

        def check() -> object:
            return find_clash(
                session,
                days=days,
                starts_at=time(12, 0),
                minutes=30,
                staff_id=one,
                child_ids=[kid],
            )

        ours, _found = _median_ms(check, repeat)
        sent = _statements(engine, check)
    engine.dispose()
    connection = sqlite3.connect(path)
    raw, _rows = _median_ms(
        lambda: [connection.execute(sql, params).fetchall() for sql, params in sent], repeat
    )
    connection.close()
    return ours, raw


def main(argv: list[str] | None = None) -> int:
    """Build the room, time the week view both ways, print the figures; 1 if an aim fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specialists", type=int, default=30)
    parser.add_argument("--children", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=30)
    benchkit.add_quick(parser)
    args = parser.parse_args(argv)
    if args.quick:
        args.specialists, args.children, args.repeat = 6, 60, 5
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.sqlite3"
        one = build(path, args.specialists, args.children)
        engine = engine_for_path(path)
        with Session(engine) as session:
            room_ms, entries = _median_ms(
                lambda: week_sessions(session, actor=SYSTEM, monday=WEEK), args.repeat
            )
            one_ms, _mine = _median_ms(
                lambda: week_sessions(session, actor=SYSTEM, monday=WEEK, staff_id=one),
                args.repeat,
            )
        engine.dispose()
        sql, params = _raw_sql(None)
        connection = sqlite3.connect(path)
        raw_ms, raw_rows = _median_ms(
            lambda: connection.execute(sql, params).fetchall(), args.repeat
        )
        connection.close()
        clash_ms, clash_raw_ms = _clash_check(path, one, args.repeat)
    count = len(entries)  # type: ignore[arg-type]
    assert count == len(raw_rows), (count, len(raw_rows))  # type: ignore[arg-type]
    ratio = room_ms / raw_ms
    print(f"week {WEEK}: {count} sessions")
    print(f"caseroom week_sessions, room:       {room_ms:7.1f} ms (aim < 100 ms)")
    print(f"caseroom week_sessions, one person: {one_ms:7.1f} ms")
    print(f"raw sqlite3, the same query:        {raw_ms:7.1f} ms")
    print(f"ratio caseroom / raw sqlite3:       {ratio:7.2f}x (aim <= 3x)")
    benchkit.row(
        "timetable",
        f"week of the room ({count} sessions)",
        room_ms,
        "ms",
        baseline="raw sqlite3, same query",
        baseline_value=raw_ms,
        aim="<= 3x",
    )
    print(f"caseroom find_clash, 20 weeks:      {clash_ms:7.1f} ms")
    print(f"raw sqlite3, the same statements:   {clash_raw_ms:7.1f} ms")
    benchkit.row(
        "timetable",
        "clash check of a 20-week series",
        clash_ms,
        "ms",
        baseline="raw sqlite3, same statements",
        baseline_value=clash_raw_ms,
        aim="<= 3x",
    )
    return 0 if room_ms < 100 and ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
