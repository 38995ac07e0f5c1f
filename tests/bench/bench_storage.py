"""Storage benchmark: a 10,000-family demo database, then list queries against raw sqlite3.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_storage.py [--families 10000] [--repeat 30] [--keep DIR]
                                                  [--quick]

It takes a copy of the cached demo database (`benchkit.demo_database`, built and timed
once), then times the service
layer and raw sqlite3 doing the same work in the same run: the first page (50 rows) of
children sorted by name, filtered by grade, and by a name fragment (with the SEN codes the
list shows), and one specialist's journal for a day (with attendance). The raw side also
turns ids into UUIDs and text into dates and times, as any caller must. Each figure is the
median of `--repeat` calls after one warm-up. The target is at most 3x raw sqlite3 for list
queries. It also times a bulk insert of 20,000 sessions through SQLAlchemy Core against
raw sqlite3 (both rolled back). Finally it times `caseroom check`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sqlite3
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable, Sized
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.cli import main as caseroom
from caseroom.db.engine import engine_for_path
from caseroom.names import fold_name
from caseroom.services.common import SYSTEM

PAGE = 50
JOURNAL_LIMIT = 500
NAME_FRAGMENT = "айг"
GRADE = 3
TARGET_RATIO = 3.0
INSERT_ROWS = 20_000


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm-up: statement caches, page cache
    timings = []
    for _ in range(repeat):
        started = clock.perf_counter()
        call()
        timings.append(clock.perf_counter() - started)
    return statistics.median(timings) * 1000


def _silently(argv: list[str]) -> tuple[int, float]:
    started = clock.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = caseroom(argv)
    return status, clock.perf_counter() - started


# --- raw sqlite3: the same statements the services send, tuples back ------------------------

_RAW_CHILDREN = (
    "SELECT id, case_number, last_name, first_name, patronymic, birth_date, grade, "
    "class_letter, status, last_session_on, archived_at FROM child "
    "WHERE archived_at IS NULL {where} "
    "ORDER BY last_name, first_name, patronymic, case_number, id LIMIT ? OFFSET 0"
)
_RAW_SEN = (
    "SELECT child_id, category_code FROM child_sen_category WHERE child_id IN ({marks}) "
    "ORDER BY category_code"
)
_RAW_JOURNAL = (
    "SELECT s.id, s.held_on, s.starts_at, s.minutes, s.kind, s.status, s.staff_id, s.topic, "
    "st.last_name, st.first_name FROM session_record s JOIN staff st ON st.id = s.staff_id "
    "WHERE s.held_on BETWEEN ? AND ? AND s.archived_at IS NULL AND s.staff_id = ? "
    "ORDER BY s.held_on, s.starts_at, s.id LIMIT ? OFFSET 0"
)
_RAW_ATTENDEES = (
    "SELECT a.session_id, a.child_id, a.caregiver_id, a.status, a.reason, "
    "coalesce(c.last_name, g.last_name) AS last, coalesce(c.first_name, g.first_name) AS first "
    "FROM attendance a LEFT JOIN child c ON c.id = a.child_id "
    "LEFT JOIN caregiver g ON g.id = a.caregiver_id "
    "WHERE a.session_id IN ({marks}) AND a.archived_at IS NULL "
    "ORDER BY a.child_id IS NULL, last, first"
)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _raw_children(connection: sqlite3.Connection, where: str, params: list[Any]) -> list[Any]:
    """The page as the list needs it: ids as UUIDs, dates as dates, one name, SEN codes."""
    rows = connection.execute(_RAW_CHILDREN.format(where=where), [*params, PAGE]).fetchall()
    ids = [row[0] for row in rows]
    codes: dict[str, list[str]] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        for child_id, code in connection.execute(_RAW_SEN.format(marks=marks), ids):
            codes.setdefault(child_id, []).append(code)
    return [
        (
            UUID(row[0]),
            row[1],
            " ".join(part for part in row[2:5] if part),
            _day(row[5]),
            row[6],
            row[7],
            row[8],
            _day(row[9]),
            row[10] is not None,
            tuple(codes.get(row[0], ())),
        )
        for row in rows
    ]


def _raw_journal(connection: sqlite3.Connection, day: str, staff_id: str) -> list[Any]:
    """The day's journal with attendance, ids as UUIDs and dates and times parsed."""
    rows = connection.execute(_RAW_JOURNAL, [day, day, staff_id, JOURNAL_LIMIT]).fetchall()
    ids = [row[0] for row in rows]
    people: dict[str, list[Any]] = {session_id: [] for session_id in ids}
    if ids:
        marks = ",".join("?" * len(ids))
        for sid, child_id, caregiver_id, status, reason, last, first in connection.execute(
            _RAW_ATTENDEES.format(marks=marks), ids
        ):
            person = UUID(child_id or caregiver_id)
            people[sid].append((person, child_id is not None, last, first, status, reason))
    return [
        (
            UUID(row[0]),
            _day(row[1]),
            time.fromisoformat(row[2]) if row[2] else None,
            *row[3:6],
            UUID(row[6]),
            *row[7:],
            tuple(people[row[0]]),
        )
        for row in rows
    ]


# --- the service layer -----------------------------------------------------------------------


def _service_children(session: Session) -> tuple[Callable[..., list[Any]], str]:
    """`list_children` if present; otherwise an equivalent SQLAlchemy Core select."""
    try:
        from caseroom.services.people.child_list import ChildFilters, list_children
    except ImportError:  # pragma: no cover - only before child_list exists
        return _core_children(session), "SQLAlchemy Core select (list_children missing)"

    def call(**filters: Any) -> list[Any]:
        return list_children(
            session,
            actor=SYSTEM,
            filters=ChildFilters(**filters),
            sort="name",
            descending=False,
            offset=0,
            limit=PAGE,
        )

    return call, "services.child_list.list_children"


def _core_children(session: Session) -> Callable[..., list[Any]]:
    from sqlalchemy import select
    from sqlmodel import col

    from caseroom.db.models import Child

    def call(**filters: Any) -> list[Any]:
        query = select(
            col(Child.id), col(Child.case_number), col(Child.last_name), col(Child.first_name)
        ).where(col(Child.archived_at).is_(None))
        if "grade" in filters:
            query = query.where(col(Child.grade) == filters["grade"])
        if "text" in filters:
            for word in fold_name(filters["text"]).split():
                query = query.where((" " + col(Child.search_key)).like(f"% {word}%"))
        query = query.order_by(col(Child.last_name), col(Child.first_name)).limit(PAGE)
        return list(session.execute(query).all())

    return call


def _session_rows(count: int, room_id: str, staff_id: str) -> list[dict[str, Any]]:
    now = datetime.now(UTC)
    return [
        {
            "id": uuid4(),
            "created_at": now,
            "updated_at": now,
            "archived_at": None,
            "room_id": UUID(room_id),
            "held_on": date(2026, 10, 1) + timedelta(days=number % 60),
            "starts_at": time(9, 30),
            "minutes": 30,
            "kind": "individual",
            "status": "held",
            "staff_id": UUID(staff_id),
            "topic": "Bench session",
            "notes": "Worked on attention; finished the task with a little help.",
            "agreed": None,
            "confidentiality": "specialist",
        }
        for number in range(count)
    ]


def _stored(value: Any) -> Any:
    """A Python value as SQLAlchemy stores it in SQLite (what raw sqlite3 must send)."""
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime):
        return (
            value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        )
    if isinstance(value, time):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _time_inserts(path: Path, count: int) -> tuple[float, float]:
    """Milliseconds to insert `count` session rows: Core executemany, then raw sqlite3.

    Both start from the same Python values and roll back, so the file is left as it was.
    """
    from sqlalchemy import insert

    from caseroom.db.models import SessionRecord

    raw = sqlite3.connect(path, isolation_level=None)
    room_id, staff_id = raw.execute("SELECT room_id, staff_id FROM session_record").fetchone()
    rows = _session_rows(count, room_id, staff_id)
    engine = engine_for_path(path)
    table = SessionRecord.__table__  # type: ignore[attr-defined]
    try:
        with engine.connect() as connection:
            started = clock.perf_counter()
            with connection.begin() as transaction:
                connection.execute(insert(table), rows)
                core_ms = (clock.perf_counter() - started) * 1000
                transaction.rollback()
        columns = list(rows[0])
        statement = (
            f"INSERT INTO session_record ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        started = clock.perf_counter()
        raw.execute("BEGIN")
        raw.executemany(statement, ([_stored(row[c]) for c in columns] for row in rows))
        raw_ms = (clock.perf_counter() - started) * 1000
        raw.execute("ROLLBACK")
    finally:
        engine.dispose()
        raw.close()
    return core_ms, raw_ms


def run(families: int, repeat: int, folder: Path) -> None:
    """Build the database, time the queries and print the table."""
    path = folder / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    benchkit.demo_copy(families, path, seed=1)
    size_mb = path.stat().st_size / 1_000_000

    raw = sqlite3.connect(path)
    engine = engine_for_path(path, read_only=True)
    session = Session(engine)
    children, label = _service_children(session)
    staff_id, day = raw.execute(
        "SELECT staff_id, max(held_on) FROM session_record "
        "WHERE status = 'held' GROUP BY staff_id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    from caseroom.services.sessions.writing import sessions_on_day

    folded = " ".join(f"% {word}%" for word in fold_name(NAME_FRAGMENT).split())
    cases: list[tuple[str, Callable[[], Sized], Callable[[], Sized]]] = [
        (
            "children, page 1 by name",
            lambda: children(),
            lambda: _raw_children(raw, "", []),
        ),
        (
            f"children, grade {GRADE}",
            lambda: children(grade=GRADE),
            lambda: _raw_children(raw, "AND grade = ?", [GRADE]),
        ),
        (
            f"children, name '{NAME_FRAGMENT}'",
            lambda: children(text=NAME_FRAGMENT),
            lambda: _raw_children(raw, "AND (' ' || search_key) LIKE ?", [folded]),
        ),
        (
            f"journal of {day} (one specialist)",
            lambda: sessions_on_day(
                session, actor=SYSTEM, day=date.fromisoformat(day), staff_id=UUID(staff_id)
            ),
            lambda: _raw_journal(raw, day, staff_id),
        ),
    ]
    results = []
    for name, service_call, raw_call in cases:
        service_rows = len(service_call())
        raw_rows = len(raw_call())
        if service_rows != raw_rows:
            raise SystemExit(f"{name}: service gave {service_rows} rows, sqlite3 {raw_rows}")
        service_ms = _median_ms(service_call, repeat)
        raw_ms = _median_ms(raw_call, repeat)
        results.append((name, service_rows, service_ms, raw_ms))
    session.close()
    engine.dispose()
    raw.close()
    insert_core_ms, insert_raw_ms = _time_inserts(path, INSERT_ROWS)
    check_status, check_seconds = _silently(["check", "--db", str(path)])

    print()
    print(f"demo --families {families}: {size_mb:.0f} MB")
    print(f"caseroom check: {check_seconds:.1f} s (exit {check_status})")
    print(f"children list via {label}")
    print()
    print(f"{'query':<40} {'rows':>5} {'service ms':>11} {'sqlite3 ms':>11} {'ratio':>6}")
    results.append(
        (f"insert {INSERT_ROWS} sessions (Core)", INSERT_ROWS, insert_core_ms, insert_raw_ms)
    )
    for name, rows, service_ms, raw_ms in results:
        ratio = service_ms / raw_ms if raw_ms else float("inf")
        flag = "" if ratio <= TARGET_RATIO else "  > target"
        print(f"{name:<40} {rows:>5} {service_ms:>11.2f} {raw_ms:>11.2f} {ratio:>5.1f}x{flag}")
        benchkit.row(
            "storage",
            name,
            service_ms,
            "ms",
            baseline="raw sqlite3",
            baseline_value=raw_ms,
            aim=f"<= {TARGET_RATIO:.0f}x",
        )
    benchkit.row("storage", f"caseroom check, {families} families", check_seconds * 1000, "ms")


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--keep", metavar="DIR", help="build the database here and keep it")
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.families, args.repeat = 60, 5
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        run(args.families, args.repeat, folder)
        return
    with tempfile.TemporaryDirectory() as temporary:
        run(args.families, args.repeat, Path(temporary))


if __name__ == "__main__":
    main()
