"""Benchmark: a consilium progress report with one very long specialists' note.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_long_note.py [--repeat 3] [--language ru] [--quick]

For notes of 10,000, 25,000, 50,000 and 100,000 characters (words and line breaks like a
typed note) it prints the median time to lay out the whole report and the time per
1,000 characters of note (the report without the note subtracted). Laying out is linear
in the note's length when the per-1,000 figure stays about the same as the note grows
(`reports.layout.long_text` splits the note into paragraphs; one huge paragraph grew
with the square of its length).
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import random
import statistics
import sys
import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit
from report_samples import progress_data

from caseroom.reports.data import ProgressReportData, SpecialistNote
from caseroom.reports.progress_report import write_progress_report

SIZES = (10_000, 25_000, 50_000, 100_000)
WORDS = (
    "бала",
    "сабақта",
    "жаттығуларды",
    "жақсы",
    "орындады",
    "тыңдады",
    "қатысты",
    "ребёнок",
    "занятие",
    "упражнения",
    "внимание",
    "hearing",
    "progress",
    "attention",
)


def note_text(size: int, seed: int = 7) -> str:
    """A note of exactly `size` characters: words, with a line break every few sentences."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        gap = "\n" if rng.random() < 0.02 else " "
        parts.append(word + gap)
        length += len(word) + 1
    return "".join(parts)[:size]


def with_note(base: ProgressReportData, text: str | None) -> ProgressReportData:
    """The sample consilium report with `text` as its only note (none for None)."""
    notes = () if text is None else (SpecialistNote(text),)
    return dataclasses.replace(base, specialist_notes=notes)


def timed(data: ProgressReportData, language: str, repeat: int) -> float:
    """The median seconds to write the report of `data` (after a warm-up)."""
    write_progress_report(data, io.BytesIO(), language=language)
    runs = []
    for _ in range(repeat):
        started = clock.perf_counter()
        write_progress_report(data, io.BytesIO(), language=language)
        runs.append(clock.perf_counter() - started)
    return statistics.median(runs)


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--language", default="ru")
    benchkit.add_quick(parser)
    args = parser.parse_args()
    sizes = SIZES[:2] if args.quick else SIZES
    base = progress_data()
    empty = timed(with_note(base, None), args.language, args.repeat)
    print(f"report without a note: {empty:.3f} s")
    print(f"{'note chars':>10}  {'report s':>9}  {'ms / 1,000 chars':>16}")
    first = None
    for size in sizes:
        seconds = timed(with_note(base, note_text(size)), args.language, args.repeat)
        per_thousand = max(seconds - empty, 0.0) / size * 1000 * 1000
        print(f"{size:>10,}  {seconds:>9.3f}  {per_thousand:>16.2f}")
        first = first or (size, per_thousand)
        benchkit.row(
            "long_note",
            f"note of {size:,} characters, per 1,000 characters",
            per_thousand,
            "ms",
            baseline=f"the same for {first[0]:,} characters",
            baseline_value=first[1],
            aim="<= 1.5x",
        )


if __name__ == "__main__":
    main()
