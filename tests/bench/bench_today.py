"""Today benchmark: the reads of the Today page on a big room, kind by kind.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_today.py [--families 10000] [--repeat 5] [--quick]

On the cached demo database (`benchkit.demo_database`, made as of today), as the demo's
psychologist, median of `--repeat` after a warm-up:
- the first step of the page (`load_today` without the warnings: the day's sessions, plan
  reviews, PMPK conclusions, home practice, safety flags);
- the warnings step (`load_warnings`) and each of its kinds alone (consents ending,
  referrals waiting, children not seen, sessions not written up).
Aim: each step under 100 ms at 10,000 families (the page fills while the person looks).

Baseline of each row: the same SELECT statements with the same parameters (recorded while
the step ran) replayed through bare sqlite3 on the same file, so the ratio is what the services,
SQLAlchemy and the Python around them add to SQLite's own work.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit
from sqlalchemy import Engine, event
from sqlmodel import Session

from caseroom.db.engine import engine_for_path
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import list_staff
from caseroom.services.plans.due import DueKind
from caseroom.ui.pages.today import WARNING_KINDS, _due, load_today, load_warnings

AIM_MS = 100.0


def _median_ms(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    result = run()  # warm-up: pages in the cache, statements compiled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def _recorded(engine: Engine, run: Callable[[], object]) -> list[tuple[str, Any]]:
    """The SELECT statements and parameters `run` sends to the database."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    # The reads only: an audited read's event is not the query's work.
    return [(sql, parameters) for sql, parameters in seen if sql.lstrip().startswith("SELECT")]


def _raw(path: Path, statements: list[tuple[str, Any]]) -> Callable[[], object]:
    """Replaying `statements` through bare sqlite3 (every row fetched)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def run() -> object:
        return [connection.execute(sql, parameters).fetchall() for sql, parameters in statements]

    return run


def main() -> None:
    """Time Today's reads and print one row per step and per warning kind."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    benchkit.add_quick(parser)
    args = parser.parse_args()
    families = 500 if args.quick else args.families
    repeat = 2 if args.quick else args.repeat
    path = benchkit.demo_database(families)
    engine = engine_for_path(path)
    day = date.today()
    with Session(engine) as session:
        member = list_staff(session, actor=SYSTEM, role="psychologist")[0]
        actor = Actor(member.id, member.role)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("first step", lambda: load_today(session, day, actor, warnings=False)),
            ("warnings step", lambda: load_warnings(session, day, actor)),
        ]

        def one_kind(kind: DueKind) -> Callable[[], object]:
            return lambda: _due(session, day, actor, frozenset({kind}))

        steps += [(f"warnings: {kind}", one_kind(kind)) for kind in sorted(WARNING_KINDS)]
        for name, run in steps:
            ms, result = _median_ms(run, repeat)
            statements = _recorded(engine, run)
            session.rollback()  # Today's audited reads write an event: let the file go
            raw_ms, _rows = _median_ms(_raw(path, statements), repeat)
            items = getattr(getattr(result, "due", result), "items", ())
            print(
                f"{name:32} {ms:8.1f} ms  ({len(items)} items)"
                f"  raw sqlite3 {raw_ms:8.1f} ms  {ms / max(raw_ms, 1e-3):5.2f}x"
            )
            benchkit.row(
                "today",
                f"{name}, {families:,} families",
                ms,
                "ms",
                baseline="same SQL, bare sqlite3",
                baseline_value=raw_ms,
                aim=f"< {AIM_MS:.0f} ms",
            )
        session.rollback()
    engine.dispose()


if __name__ == "__main__":
    main()
