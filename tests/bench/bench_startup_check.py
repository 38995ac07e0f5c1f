"""Start-up check benchmark: `db.health.startup_check` against raw sqlite3.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_startup_check.py [--db FILE] [--families 10000] [--repeat 3]
                                                        [--quick]

Without `--db` it takes the cached demo database (`benchkit.demo_database`; 10,000 families
take a few minutes to build the first time). Each figure is the median of `--repeat` runs
after one warm-up (the file is in the page cache, as it is right after the computer opened
it once). It prints:

- raw sqlite3 `PRAGMA quick_check` and `PRAGMA integrity_check` on the file;
- `startup_check` on its fast path (`quick_check`, used from FULL_CHECK_BELOW_BYTES) and
  forced onto the full integrity check, each with its ratio to the raw `quick_check`;
- the same on the 60-family demo size, where the full check is the default.

The target: the fast path costs at most 1.2x a raw `quick_check` (the extra is reading
the schema revision and caseroom's tables).
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.db.health import FULL_CHECK_BELOW_BYTES, StartupStatus, startup_check

TARGET_RATIO = 1.2


def median_s(call: Callable[[], object], repeat: int) -> float:
    """Median seconds of `repeat` calls after a warm-up call."""
    call()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def raw_pragma(path: Path, pragma: str) -> Callable[[], object]:
    """A raw sqlite3 read-only connection running one pragma."""

    def run() -> object:
        connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            result = connection.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            connection.close()
        assert result == [("ok",)], result
        return result

    return run


def checked(path: Path, threshold: int) -> Callable[[], object]:
    """`startup_check` with the given full-check threshold; it must find the file fine."""

    def run() -> object:
        result = startup_check(path, full_check_below_bytes=threshold)
        assert result.status is StartupStatus.OK, result
        return result

    return run


def measure(path: Path, repeat: int) -> None:
    """Print the figures for one file."""
    size_mb = path.stat().st_size / 1e6
    raw_quick = median_s(raw_pragma(path, "quick_check"), repeat)
    raw_full = median_s(raw_pragma(path, "integrity_check"), repeat)
    fast = median_s(checked(path, 0), repeat)
    full = median_s(checked(path, 1 << 62), repeat)
    default_quick = path.stat().st_size >= FULL_CHECK_BELOW_BYTES
    print(f"\n{path.name}: {size_mb:.0f} MB (default path: {'quick' if default_quick else 'full'})")
    print(f"  raw sqlite3 quick_check       {raw_quick * 1000:8.0f} ms")
    print(f"  raw sqlite3 integrity_check   {raw_full * 1000:8.0f} ms")
    for label, seconds in (("fast path", fast), ("full check", full)):
        ratio = seconds / raw_quick
        print(f"  startup_check, {label:<14} {seconds * 1000:8.0f} ms  ({ratio:.2f}x raw quick)")
    benchkit.row(
        "startup_check",
        f"fast path, {path.stat().st_size / 1e6:.0f} MB",
        fast * 1000,
        "ms",
        baseline="raw sqlite3 quick_check",
        baseline_value=raw_quick * 1000,
        aim=f"<= {TARGET_RATIO}x",
    )
    verdict = "ok" if fast / raw_quick <= TARGET_RATIO else "OVER TARGET"
    print(f"  fast path target <= {TARGET_RATIO}x raw quick_check: {verdict}")


def main() -> None:
    """Build or take the databases, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing caseroom database to measure")
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.families = 2000
    big = args.db or benchkit.demo_database(args.families)
    measure(big, args.repeat)
    measure(benchkit.demo_database(60), max(args.repeat, 10))


if __name__ == "__main__":
    main()
