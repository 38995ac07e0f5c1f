"""Start-up check benchmark: `db.health.startup_check` against raw sqlite3.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_startup_check.py [--db FILE] [--families 10000] [--repeat 3]

Without `--db` it builds a demo database with `caseroom demo` (10,000 families take about
a minute). Each figure is the median of `--repeat` runs after one warm-up (the file is in
the page cache, as it is right after the computer opened it once). It prints:

- raw sqlite3 `PRAGMA quick_check` and `PRAGMA integrity_check` on the file;
- `startup_check` on its fast path (`quick_check`, used from FULL_CHECK_BELOW_BYTES) and
  forced onto the full integrity check, each with its ratio to the raw `quick_check`;
- the same on the 60-family demo size, where the full check is the default.

The target: the fast path costs at most 1.2x a raw `quick_check` (the extra is reading
the schema revision and caseroom's tables).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from caseroom.cli import main as caseroom
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


def make_demo(folder: Path, families: int) -> Path:
    """A demo database of `families` families (timed)."""
    path = folder / f"demo-{families}.sqlite3"
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        status = caseroom(["demo", "--db", str(path), "--families", str(families)])
    assert status == 0
    print(f"demo with {families} families: {time.perf_counter() - started:.0f} s")
    return path


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
    verdict = "ok" if fast / raw_quick <= TARGET_RATIO else "OVER TARGET"
    print(f"  fast path target <= {TARGET_RATIO}x raw quick_check: {verdict}")


def main() -> None:
    """Build or take the databases, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing caseroom database to measure")
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="caseroom-bench-") as folder:
        big = args.db or make_demo(Path(folder), args.families)
        small = make_demo(Path(folder), 60)
        measure(big, args.repeat)
        measure(small, max(args.repeat, 10))


if __name__ == "__main__":
    main()
