"""Encryption benchmark: what the encrypted file costs against the same plain file.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_crypto.py [--families 2000] [--repeat 20] [--quick]

Takes a copy of the cached demo database (`benchkit.demo_database`), copies it again,
encrypts the copy (`encrypt_database`, timed), then times in the same run, plain against
encrypted: unwrapping the key (argon2id, the default parameters a laptop gets), opening
the database, the first page of the children list (service layer), a full scan of the
sessions (raw SQL on the engine's connection), and a verified backup. Raw sqlite3 doing
the same page query on the plain file is the baseline. Figures are medians of `--repeat`
runs after one warm-up.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.db.backup import backup_database
from caseroom.db.cipher import encrypt_database
from caseroom.db.crypto import unlock
from caseroom.db.engine import engine_for_path
from caseroom.services.common import SYSTEM
from caseroom.services.people.child_list import ChildFilters, list_children

PASSPHRASE = "bench steppe road"


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    """The median wall time of `work` over `repeat` runs, after one warm-up run."""
    work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ms(seconds: float) -> str:
    """Seconds as milliseconds, for the table."""
    return f"{seconds * 1000:9.2f} ms"


def main() -> None:
    """Build, encrypt, time, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.families, args.repeat = 60, 5
    folder = Path(tempfile.mkdtemp(prefix="caseroom-bench-crypto-"))
    plain, secret = folder / "plain.sqlite3", folder / "secret.sqlite3"
    benchkit.demo_copy(args.families, plain)
    shutil.copyfile(plain, secret)
    start = time.perf_counter()
    encrypt_database(secret, PASSPHRASE)
    encrypting = time.perf_counter() - start
    key = unlock(secret, PASSPHRASE)

    def page(path: Path, key: bytes | None) -> Callable[[], object]:
        engine = engine_for_path(path, key=key)

        def work() -> object:
            with Session(engine) as session:
                return list_children(session, actor=SYSTEM, filters=ChildFilters(), limit=50)

        return work

    def scan(path: Path, key: bytes | None) -> Callable[[], object]:
        engine = engine_for_path(path, key=key)

        def work() -> object:
            with engine.connect() as connection:
                return connection.exec_driver_sql(
                    "SELECT count(*), sum(length(coalesce(notes, ''))) FROM session_record"
                ).one()

        return work

    raw = sqlite3.connect(plain)

    def raw_page() -> object:
        return raw.execute(
            "SELECT id, case_number, last_name, first_name FROM child "
            "WHERE archived_at IS NULL ORDER BY sort_name LIMIT 50"
        ).fetchall()

    def opening(path: Path, key: bytes | None) -> Callable[[], object]:
        def work() -> object:
            engine = engine_for_path(path, key=key)
            with engine.connect() as connection:
                result = connection.exec_driver_sql("SELECT count(*) FROM child").scalar()
            engine.dispose()
            return result

        return work

    def backup(path: Path, key: bytes | None) -> Callable[[], object]:
        target = folder / f"copy-{path.stem}.sqlite3"

        def work() -> object:
            for side in folder.glob(f"copy-{path.stem}.sqlite3*"):
                side.unlink()
            return backup_database(path, target, key=key)

        return work

    small = max(3, args.repeat // 5)
    both = ((plain, None), (secret, key))
    rows: list[tuple[str, float | None, float]] = [
        ("unwrap the key (argon2id)", None, median_seconds(lambda: unlock(secret, PASSPHRASE), 3))
    ]
    for name, make, repeat in (
        ("open + first query", opening, small),
        ("children page (service)", page, args.repeat),
        ("scan all sessions (SQL)", scan, args.repeat),
        ("verified backup", backup, small),
    ):
        timed = [median_seconds(make(path, k), repeat) for path, k in both]
        rows.append((name, timed[0], timed[1]))
    baseline = median_seconds(raw_page, args.repeat)
    size_plain, size_secret = plain.stat().st_size, secret.stat().st_size
    print(f"caseroom encryption bench: {args.families} families, {size_plain / 1e6:.1f} MB plain,")
    print(f"{size_secret / 1e6:.1f} MB encrypted; encrypting the file took {encrypting:.2f} s")
    print(f"raw sqlite3 children page on the plain file: {ms(baseline)}")
    print(f"{'':28}{'plain':>13}{'encrypted':>13}  encrypted/plain")
    for name, plain_time, secret_time in rows:
        if plain_time is None:
            print(f"{name:28}{'':13}{ms(secret_time)}")
            benchkit.row("crypto", name, secret_time * 1000, "ms")
            continue
        print(f"{name:28}{ms(plain_time)}{ms(secret_time)}  {secret_time / plain_time:5.2f}x")
        benchkit.row(
            "crypto",
            f"{name}, encrypted",
            secret_time * 1000,
            "ms",
            baseline="the same, plain file",
            baseline_value=plain_time * 1000,
        )
    raw.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
