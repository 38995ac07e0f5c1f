"""What the benchmarks share: cached demo databases, `--quick`, and result rows for the table.

- `demo_database(families, seed=..., lang=..., passphrase=...)` builds a demo database with
  `caseroom demo` once and keeps it in a cache folder in the temporary directory, keyed by
  size, seed, language, encryption, the day (the demo is dated from today) and a digest of
  the code that makes it (the demo package, the models, the migrations and the name keys),
  so a change to any of those builds it afresh. `demo_copy(...)` hands a benchmark its own
  copy to change.
- `add_quick(parser)` adds `--quick`: small data, few repeats (`dev.py bench --quick`).
- `row(...)` prints one result line (`BENCH-ROW {json}`); `dev.py bench` collects them from
  every script and prints one table at the end: figure, its baseline, the ratio and the aim.

The cache folder is `$CASEROOM_BENCH_CACHE`, else `caseroom-bench-cache` in the temporary
directory; delete it to start afresh.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "src" / "caseroom"
CACHE_ENV = "CASEROOM_BENCH_CACHE"
ROW_PREFIX = "BENCH-ROW "
PASSPHRASE = "bench steppe road"
"""The passphrase of the encrypted demo databases."""
_CODE_THAT_MAKES_IT = ("demo", "db/models*.py", "db/migrations", "names.py")


def cache_folder() -> Path:
    """Where the cached demo databases live (made on first use)."""
    folder = Path(os.environ.get(CACHE_ENV) or Path(tempfile.gettempdir()) / "caseroom-bench-cache")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def code_digest() -> str:
    """A digest of the source files that decide what a demo database holds."""
    digest = hashlib.sha256()
    for name in _CODE_THAT_MAKES_IT:
        target = SOURCE / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else sorted(SOURCE.glob(name))
        for path in files:
            if path.is_file():
                digest.update(str(path.relative_to(SOURCE)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(families: int, seed: int, lang: str, encrypted: bool, today: date) -> str:
    """The cache file's name for one demo database."""
    kind = "enc" if encrypted else "plain"
    return f"demo-{families}f-s{seed}-{lang}-{kind}-{today:%Y%m%d}-{code_digest()}"


def build_demo(path: Path, families: int, *, seed: int, lang: str, passphrase: str | None) -> None:
    """Run `caseroom demo` in this process into the new file `path`."""
    from caseroom.cli import main as caseroom

    argv = ["demo", "--db", str(path), "--families", str(families), "--seed", str(seed)]
    argv += ["--lang", lang]
    saved = os.environ.get("CASEROOM_PASSPHRASE")
    if passphrase is not None:
        os.environ["CASEROOM_PASSPHRASE"] = passphrase
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            status = caseroom(argv)
    finally:
        if saved is None:
            os.environ.pop("CASEROOM_PASSPHRASE", None)
        else:
            os.environ["CASEROOM_PASSPHRASE"] = saved
    if status != 0:
        raise SystemExit(f"caseroom demo failed with status {status}")


def _files_of(path: Path) -> list[Path]:
    """The database and its side files (WAL, key file) that exist."""
    from caseroom.db.crypto import KEY_FILE_SUFFIX

    return [
        Path(f"{path}{suffix}")
        for suffix in ("", "-wal", KEY_FILE_SUFFIX)
        if Path(f"{path}{suffix}").exists()
    ]


def demo_database(
    families: int,
    *,
    seed: int = 1,
    lang: str = "ru",
    passphrase: str | None = None,
    today: date | None = None,
) -> Path:
    """The cached demo database of this size and seed, built now if it is not there yet.

    Benchmarks that only read it use it in place; one that writes takes `demo_copy`."""
    day = today or date.today()
    folder = cache_folder()
    path = folder / (cache_key(families, seed, lang, passphrase is not None, day) + ".sqlite3")
    if path.exists():
        return path
    building = Path(tempfile.mkdtemp(prefix="building-", dir=folder))
    try:
        started = time.perf_counter()
        fresh = building / path.name
        build_demo(fresh, families, seed=seed, lang=lang, passphrase=passphrase)
        print(
            f"(built the {families}-family demo database in "
            f"{time.perf_counter() - started:.1f} s; cached in {folder})",
            file=sys.stderr,
            flush=True,
        )
        # The key file first, the database last: a database in the cache is always whole.
        for made in sorted(_files_of(fresh), key=lambda p: p == fresh):
            os.replace(made, folder / (path.name + made.name[len(fresh.name) :]))
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


def demo_copy(families: int, target: Path, **options: object) -> Path:
    """A copy of the cached demo database at `target` (with its key file, if encrypted)."""
    source = demo_database(families, **options)  # type: ignore[arg-type]
    target.parent.mkdir(parents=True, exist_ok=True)
    for made in _files_of(source):
        shutil.copyfile(made, Path(str(target) + made.name[len(source.name) :]))
    return target


def add_quick(parser: argparse.ArgumentParser) -> None:
    """Add `--quick`: small data and few repeats, so the whole suite runs in minutes."""
    parser.add_argument(
        "--quick", action="store_true", help="small data, few repeats (dev.py bench --quick)"
    )


def row(
    bench: str,
    measure: str,
    value: float,
    unit: str,
    *,
    baseline: str = "",
    baseline_value: float | None = None,
    aim: str = "",
    higher_is_better: bool = False,
) -> None:
    """Print one result for the closing table: the figure, its baseline and the ratio.

    `aim` is the target as text (e.g. "<= 1.3x"); with `higher_is_better` the ratio is the
    baseline over the figure (a speed-up)."""
    ratio = None
    if baseline_value:
        ratio = baseline_value / value if higher_is_better else value / baseline_value
    record = {
        "bench": bench,
        "measure": measure,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_value": baseline_value,
        "ratio": ratio,
        "aim": aim,
    }
    print(ROW_PREFIX + json.dumps(record, ensure_ascii=False), flush=True)


def parse_row(line: str) -> dict[str, object] | None:
    """The result a `row` line holds, or None for any other line."""
    if not line.startswith(ROW_PREFIX):
        return None
    found: dict[str, object] = json.loads(line[len(ROW_PREFIX) :])
    return found


def _number(value: object, unit: str) -> str:
    if not isinstance(value, int | float):
        return ""
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def table(rows: list[dict[str, object]]) -> str:
    """The closing table of every result, its baseline, ratio and aim, and whether it is met."""
    head = ("bench", "measure", "figure", "baseline", "base figure", "ratio", "aim", "")
    lines = []
    for found in rows:
        ratio = found.get("ratio")
        aim = str(found.get("aim") or "")
        # An aim in "x" is on the ratio; any other (e.g. "< 100 ms") on the figure itself.
        judged = ratio if aim.rstrip().endswith(("x", "×")) else found["value"]
        verdict = ""
        if isinstance(judged, int | float) and aim:
            verdict = "met" if _meets(judged, aim) else "MISSED"
        lines.append(
            (
                str(found["bench"]),
                str(found["measure"]),
                _number(found["value"], str(found["unit"])),
                str(found.get("baseline") or ""),
                _number(found.get("baseline_value"), str(found["unit"])),
                f"{ratio:.2f}x" if isinstance(ratio, int | float) else "",
                aim,
                verdict,
            )
        )
    widths = [max(len(cells[i]) for cells in [head, *lines]) for i in range(len(head))]
    out = ["  ".join(cell.ljust(width) for cell, width in zip(head, widths, strict=True))]
    out.append("  ".join("-" * width for width in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) for cells in lines]
    return "\n".join(line.rstrip() for line in out)


def _meets(figure: float, aim: str) -> bool:
    """Whether `figure` meets an aim written as "<= 1.3x", ">= 1.85x" or "< 100 ms"."""
    text = aim.replace("×", "").strip()
    for sign in ("<=", ">=", "<", ">"):
        if text.startswith(sign):
            try:
                limit = float(text[len(sign) :].split()[0].rstrip("x"))
            except (ValueError, IndexError):
                return True
            return {
                "<=": figure <= limit,
                ">=": figure >= limit,
                "<": figure < limit,
                ">": figure > limit,
            }[sign]
    return True
