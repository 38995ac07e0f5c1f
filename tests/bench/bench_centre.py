"""Centre import benchmark: N room bundles into PostgreSQL, against PostgreSQL's own COPY
of the same rows, in the same run.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_centre.py [--rooms 400] [--families 120] [--demo-rooms 4]
                                                 [--quick]

It makes a few demo rooms (`--demo-rooms`, each of `--families` families, about 150
children), takes each one's bundle payload, and from those makes `--rooms` bundles of
distinct rooms (each with its own signing key, room id and record ids), all sealed to one
centre. It starts a throw-away PostgreSQL cluster on a unix socket in a temporary folder
(as the `postgres` user when run as root, as the tests do), makes the centre, registers the
rooms, and times: the import of all bundles (`centre.imports.import_bundle`, one transaction
each, as `caseroom centre import` does); the re-import of all of them (each found already
imported); the regional summary; and `COPY` of the same child rows into a table of the same
shape. Aims: all 400 under 10 minutes, the re-import under 1 minute, the summary under 10 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for pg_cluster
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import text
from sqlmodel import Session

from caseroom.bundles.keys import CENTRE, ROOM, PublicKeyFile, new_signing_key
from caseroom.bundles.room_bundle import Manifest, read_envelope, write_bundle
from caseroom.centre import schema
from caseroom.centre.database import centre_engine, connected
from caseroom.centre.imports import import_bundle
from caseroom.centre.setup import (
    add_room,
    centre_private_key,
    centre_public_key,
    init_centre,
)
from caseroom.centre.summary import centre_summary
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.demo.build import make_demo
from caseroom.services.common import SYSTEM
from caseroom.services.exchange.bundle_export import export_bundle
from caseroom.services.exchange.bundle_keys import trust_centre

PASSPHRASE = "benchmark centre passphrase"
TODAY = date(2026, 12, 1)


def _demo_payloads(
    count: int, families: int, folder: Path, centre_pub: bytes, centre_priv: bytes
) -> list[dict[str, object]]:
    from caseroom.bundles.room_bundle import open_payload

    payloads = []
    for seed in range(1, count + 1):
        engine = engine_for_path(folder / f"room{seed}.sqlite3")
        upgrade(engine)
        with Session(engine) as session:
            make_demo(session, today=TODAY, families=families, seed=seed)
            trust_centre(session, actor=SYSTEM, key_file=centre_pub)
            made = export_bundle(session, actor=SYSTEM, period="2026-2027", today=TODAY)
            session.commit()
        engine.dispose()
        payloads.append(open_payload(read_envelope(made.data), centre_private=centre_priv))
    return payloads


def _bundle_for(
    payload: dict[str, object],
    room_id: uuid.UUID,
    signing: bytes,
    centre_key: bytes,
    fingerprint: str,
) -> bytes:
    children = [
        dict(child, id=str(uuid.uuid5(room_id, child["id"])))  # type: ignore[arg-type]
        for child in payload["children"]
    ]  # type: ignore[attr-defined]
    body = {k: v for k, v in payload.items() if k != "format"}
    body["children"] = children
    manifest = Manifest(
        uuid.uuid4(),
        room_id,
        "2026-2027",
        {"children": len(children)},
        "0009",
        None,
        __import__("datetime").datetime.now(__import__("datetime").UTC),
        False,
        fingerprint,
    )
    return write_bundle(manifest, body, centre_public=centre_key, room_private=signing)


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=400)
    parser.add_argument("--families", type=int, default=120)
    parser.add_argument("--demo-rooms", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="a few small rooms")
    args = parser.parse_args()
    if args.quick:
        args.rooms, args.families, args.demo_rooms = 10, 20, 1
    from pg_cluster import PostgresMissingError, running_cluster  # the tests' throw-away cluster

    try:
        with running_cluster() as cluster:
            _run(cluster.new_database(), args)
    except PostgresMissingError as missing:
        print(missing, file=sys.stderr)
        return 2
    return 0


def _run(url: str, args: argparse.Namespace) -> None:
    """Time the import, re-import and summary of `args.rooms` bundles into `url`."""
    engine = centre_engine(url)
    with connected(engine) as connection:
        init_centre(connection, name="Bench centre", passphrase=PASSPHRASE)
        key_file = centre_public_key(connection)
        private = centre_private_key(connection, PASSPHRASE)
    assert key_file.kind == CENTRE
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        payloads = _demo_payloads(
            args.demo_rooms, args.families, Path(folder), key_file.to_bytes(), private
        )
        bundles = []
        for number in range(args.rooms):
            room_id, (signing, public) = uuid.uuid4(), new_signing_key()
            school = f"School No. {number + 1}"
            room_file = PublicKeyFile(ROOM, room_id, school, public, {"school_name": school})
            with connected(engine) as connection:
                add_room(connection, room_file.to_bytes())
            bundles.append(
                _bundle_for(
                    payloads[number % len(payloads)],
                    room_id,
                    signing,
                    key_file.key,
                    key_file.fingerprint,
                )
            )
        print(f"made {len(bundles)} bundles in {time.perf_counter() - started:.1f} s")
    timings = {}
    for label in ("import", "re-import"):
        started = time.perf_counter()
        for data in bundles:
            with connected(engine) as connection:
                import_bundle(connection, read_envelope(data), centre_private=private)
        timings[label] = time.perf_counter() - started
    started = time.perf_counter()
    with connected(engine) as connection:
        centre_summary(connection, period="2026-2027")
    timings["summary"] = time.perf_counter() - started
    rows, copy_seconds = _copy_rows(engine)
    print(f"child rows: {rows}")
    print(f"import:    {timings['import']:.1f} s, {rows / timings['import']:.0f} rows/s")
    print(f"re-import: {timings['re-import']:.1f} s")
    print(f"summary:   {timings['summary']:.2f} s")
    print(
        f"COPY:      {copy_seconds:.2f} s, {rows / copy_seconds:.0f} rows/s "
        f"(import is {timings['import'] / copy_seconds:.0f}x COPY)"
    )
    import benchkit

    benchkit.row(
        "centre",
        f"import {args.rooms} bundles ({rows} children)",
        timings["import"],
        "s",
        baseline="COPY of the same rows",
        baseline_value=copy_seconds,
    )
    benchkit.row("centre", "re-import", timings["re-import"], "s", aim="< 60 s")
    benchkit.row("centre", "regional summary", timings["summary"], "s", aim="< 10 s")
    engine.dispose()


def _copy_rows(engine: object) -> tuple[int, float]:
    """COPY every `centre_child` row into a table of the same shape; (rows, seconds)."""
    columns = [column.name for column in schema.child.columns]
    with connected(engine) as connection:  # type: ignore[arg-type]
        rows = connection.execute(text(f"SELECT {', '.join(columns)} FROM centre_child")).all()
        connection.execute(text("CREATE TABLE copy_child (LIKE centre_child INCLUDING ALL)"))
    raw = engine.raw_connection()  # type: ignore[attr-defined]
    try:
        cursor = raw.driver_connection.cursor()
        started = time.perf_counter()
        with cursor.copy(f"COPY copy_child ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([_copyable(value) for value in row])
        raw.driver_connection.commit()
        return len(rows), time.perf_counter() - started
    finally:
        raw.close()


def _copyable(value: object) -> object:
    import json

    return json.dumps(value) if isinstance(value, list | dict) else value


if __name__ == "__main__":
    raise SystemExit(main())
