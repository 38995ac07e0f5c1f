"""The benchmarks' demo cache (`tests/bench/benchkit.py`): built once, the same as a fresh one."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import benchkit


def _children(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT id, case_number, last_name, first_name, birth_date, grade "
            "FROM child ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


def test_a_cached_demo_is_built_once_and_equals_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(benchkit.CACHE_ENV, str(tmp_path / "cache"))
    cached = benchkit.demo_database(3, seed=5)
    made_at = cached.stat().st_mtime_ns
    assert benchkit.demo_database(3, seed=5) == cached  # the second call builds nothing
    assert cached.stat().st_mtime_ns == made_at
    fresh = tmp_path / "fresh.sqlite3"
    benchkit.build_demo(fresh, 3, seed=5, lang="ru", passphrase=None)
    assert _children(cached) == _children(fresh) != []
    assert benchkit.demo_database(3, seed=6) != cached  # another seed, another file
    copy = benchkit.demo_copy(3, tmp_path / "copy.sqlite3", seed=5)
    assert _children(copy) == _children(cached)


def test_the_closing_table_judges_ratios_and_plain_figures() -> None:
    rows = [
        {"bench": "b", "measure": "x", "value": 2.0, "unit": "ms", "baseline": "bare",
         "baseline_value": 1.0, "ratio": 2.0, "aim": "<= 1.3x"},
        {"bench": "b", "measure": "y", "value": 50.0, "unit": "ms", "ratio": None,
         "aim": "< 100 ms"},
        {"bench": "b", "measure": "z", "value": 1.0, "unit": "s", "baseline": "1 process",
         "baseline_value": 1.9, "ratio": 1.9, "aim": ">= 1.85x"},
    ]  # fmt: skip
    lines = benchkit.table(rows).splitlines()
    assert lines[2].endswith("MISSED") and "2.00x" in lines[2]
    assert lines[3].endswith("met") and lines[4].endswith("met")
