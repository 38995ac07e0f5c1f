"""Roster import benchmark: a 27,000-row roster through `caseroom import roster`, against raw
sqlite3 `executemany` of the same records into the same tables.

Run on purpose (pytest ignores tests/bench):

    .venv/bin/python tests/bench/bench_import.py [--rows 27000] [--seed 1] [--keep DIR] [--quick]

It writes a realistic roster (Russian headers, `;`, UTF-8 with a byte-order mark): families
of one to three children and one or two caregivers, one row per child with the first
caregiver and one more row for the second caregiver; about two in three children with an
IIN, SEN categories and PMPK conclusions for some. Then, in the same run, on a fresh
migrated database with its room each time:

- `caseroom import roster --dry-run` (read, check and make everything, then roll back);
- `caseroom import roster` (the same, committed), its counts checked against the roster;
- raw sqlite3: the same families, caregivers, children, SEN links, conclusions and audit
  events, already in their stored form, written with `executemany` in one transaction under
  the app's pragmas (WAL, synchronous FULL, foreign keys). Only the writing is timed.

The targets: the whole import under 15 s, and at most 20x the raw `executemany`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time as clock
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchkit

from caseroom.cli import main as caseroom
from caseroom.db.audit_chain import GENESIS, event_digest
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.db.models import Room
from caseroom.names import fold_name, search_key, sort_key
from caseroom.services.people.iin import make_iin

TARGET_SECONDS = 15.0
TARGET_RATIO = 20.0
TODAY = date.today()

HEADER = (
    "Фамилия ребёнка;Имя ребёнка;Отчество ребёнка;Дата рождения;Пол;ИИН;Школа;Класс;"
    "Категория ООП;Дата заключения ПМПК;Номер заключения ПМПК;Фамилия родителя;"
    "Имя родителя;Отчество родителя;Кем приходится;Телефон;Количество детей в семье;"
    "Язык;Адрес;Населённый пункт"
)
SURNAMES = (
    ("Сейткали", "Сейткали"), ("Омаров", "Омарова"), ("Ахметов", "Ахметова"),
    ("Жаксыбеков", "Жаксыбекова"), ("Нурланов", "Нурланова"), ("Иванов", "Иванова"),
    ("Ким", "Ким"), ("Бекмуханбетов", "Бекмуханбетова"), ("Садыков", "Садыкова"),
    ("Касымов", "Касымова"), ("Абенов", "Абенова"), ("Смагулов", "Смагулова"),
    ("Тулегенов", "Тулегенова"), ("Петров", "Петрова"), ("Кузнецов", "Кузнецова"),
    ("Есенов", "Есенова"), ("Мухамеджанов", "Мухамеджанова"), ("Искаков", "Искакова"),
    ("Байжанов", "Байжанова"), ("Оспанов", "Оспанова"), ("Жумабаев", "Жумабаева"),
    ("Серикбаев", "Серикбаева"), ("Калиев", "Калиева"), ("Попов", "Попова"),
    ("Ермеков", "Ермекова"), ("Досмагамбетов", "Досмагамбетова"), ("Утепов", "Утепова"),
    ("Нургалиев", "Нургалиева"), ("Рахимов", "Рахимова"), ("Шарипов", "Шарипова"),
)  # fmt: skip
BOYS = (
    "Ерлан", "Тимур", "Алихан", "Нурсултан", "Арман", "Данияр", "Айдос", "Санжар", "Иван",
    "Максим", "Артём", "Дамир", "Ислам", "Мирас", "Ерасыл", "Бекзат", "Алмаз", "Роман",
    "Даниял", "Азамат", "Ринат", "Асхат", "Елдос", "Кирилл", "Нуржан", "Жандос",
)  # fmt: skip
GIRLS = (
    "Айгерим", "Дана", "Әлия", "Мария", "Жанар", "Аружан", "Томирис", "Камила", "Анна",
    "Айша", "Малика", "Асель", "Дарина", "Софья", "Алина", "Амина", "Жания", "Сабина",
    "Айзере", "Назерке", "Медина", "Карина", "Ажар", "Аяулым", "Виктория", "Инкар",
)  # fmt: skip
FATHERS = ("Марат", "Нурлан", "Серик", "Ерлан", "Кайрат", "Асхат", "Сергей", "Андрей")
SEN = ("ЗПР", "нарушения речи", "РАС", "НОДА", "нарушения слуха", "нарушения зрения",
       "трудности в обучении", "умственная отсталость")  # fmt: skip
SEN_CODES = {
    "ЗПР": "delayed_development", "нарушения речи": "speech", "РАС": "autism",
    "НОДА": "musculoskeletal", "нарушения слуха": "hearing", "нарушения зрения": "vision",
    "трудности в обучении": "learning", "умственная отсталость": "intellectual",
}  # fmt: skip
STREETS = ("Абая", "Толе би", "Сатпаева", "Жибек жолы", "Достык", "Гагарина", "Райымбека")
LOCALITIES = ("Есик", "Талгар", "Түрген", "Каскелен")
RELATIONS = {"mother": "мать", "father": "отец", "grandmother": "бабушка"}


@dataclass
class Person:
    """A caregiver as the roster writes them and as the database stores them."""

    last: str
    first: str
    patronymic: str
    relation: str
    phone: str


@dataclass
class Kid:
    """A child as the roster writes them and as the database stores them."""

    last: str
    first: str
    patronymic: str
    birth: date
    sex: str
    iin: str | None
    grade: int
    letter: str
    sen: str | None
    pmpk: tuple[date, str] | None


@dataclass
class Household:
    """A family of the roster."""

    name: str
    address: str
    locality: str
    language: str
    count: int
    children: list[Kid] = field(default_factory=list)
    caregivers: list[Person] = field(default_factory=list)


def _patronymic(rng: random.Random, sex: str) -> str:
    father = rng.choice(FATHERS)
    if rng.random() < 0.5:
        return father + ("ұлы" if sex == "M" else "қызы")
    if father.endswith(("й", "ь")):
        father = father[:-1] + "е"
    return father + ("ович" if sex == "M" else "овна")


class _Roster:
    """Makes households until the roster has the number of rows asked for."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[tuple[str, str, date]] = set()
        self.iins: set[str] = set()
        self.phones = 0

    def _iin(self, birth: date, sex: str) -> str:
        serial = self.rng.randrange(10000)
        while (iin := make_iin(birth, sex, serial)) in self.iins:
            serial = (serial + 7) % 10000
        self.iins.add(iin)
        return iin

    def _kid(self, pair: tuple[str, str]) -> Kid:
        rng = self.rng
        while True:
            sex = rng.choice("FM")
            first = rng.choice(GIRLS if sex == "F" else BOYS)
            last = pair[0] if sex == "M" else pair[1]
            birth = TODAY - timedelta(days=rng.randrange(6 * 365, 17 * 365))
            key = (fold_name(last), fold_name(first), birth)
            if key not in self.seen:
                self.seen.add(key)
                break
        pmpk = None
        if rng.random() < 0.4:
            issued = TODAY - timedelta(days=rng.randrange(30, 700))
            pmpk = (issued, f"ПМПК-{rng.randrange(1, 999)}/{issued:%y}")
        return Kid(
            last=last,
            first=first,
            patronymic=_patronymic(rng, sex),
            birth=birth,
            sex=sex,
            iin=self._iin(birth, sex) if rng.random() < 0.66 else None,
            grade=min(11, max(0, (TODAY - birth).days // 365 - 6)),
            letter=rng.choice("АБВГ"),
            sen=rng.choice(SEN) if rng.random() < 0.6 else None,
            pmpk=pmpk,
        )

    def _person(self, pair: tuple[str, str], relation: str) -> Person:
        self.phones += 1
        sex = "M" if relation == "father" else "F"
        first = self.rng.choice(("Гульнара", "Сауле", "Ольга", "Жанар", "Айжан", "Елена"))
        if relation == "father":
            first = self.rng.choice(FATHERS)
        return Person(
            last=pair[0] if sex == "M" else pair[1],
            first=first,
            patronymic=_patronymic(self.rng, sex),
            relation=relation,
            phone=f"+7 70{self.phones // 10_000_000 % 10} {self.phones % 10_000_000:07d}",
        )

    def household(self, number: int) -> Household:
        rng = self.rng
        pair = rng.choice(SURNAMES)
        children = [self._kid(pair) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        relations = ["mother"] if rng.random() < 0.5 else ["mother", "father"]
        if rng.random() < 0.05:
            relations = ["grandmother"]
        return Household(
            name=pair[1],
            address=f"ул. {rng.choice(STREETS)}, {number}",
            locality=rng.choice(LOCALITIES),
            language=rng.choice(("kk", "ru")),
            count=len(children) + rng.choice((0, 0, 0, 1, 2)),
            children=children,
            caregivers=[self._person(pair, relation) for relation in relations],
        )


def _line(home: Household, kid: Kid, person: Person) -> str:
    pmpk_date, pmpk_number = (f"{kid.pmpk[0]:%d.%m.%Y}", kid.pmpk[1]) if kid.pmpk else ("", "")
    cells = [
        kid.last, kid.first, kid.patronymic, f"{kid.birth:%d.%m.%Y}",
        "ж" if kid.sex == "F" else "м", kid.iin or "", "Школа-гимназия №5",
        f"{kid.grade}{kid.letter}", kid.sen or "", pmpk_date, pmpk_number,
        person.last, person.first, person.patronymic, RELATIONS[person.relation],
        person.phone, str(home.count), "каз" if home.language == "kk" else "рус",
        home.address, home.locality,
    ]  # fmt: skip
    return ";".join(cells)


def make_roster(rows: int, seed: int) -> tuple[list[Household], list[str]]:
    """Households and the roster lines (header first) holding exactly `rows` rows."""
    maker = _Roster(random.Random(seed))
    homes: list[Household] = []
    lines = [HEADER]
    while len(lines) - 1 < rows:
        home = maker.household(len(homes) + 1)
        wanted = [(kid, home.caregivers[0]) for kid in home.children]
        wanted += [(home.children[0], person) for person in home.caregivers[1:]]
        room_left = rows - (len(lines) - 1)
        if len(wanted) > room_left:  # the last household: one child, one caregiver
            home.children, home.caregivers = home.children[:1], home.caregivers[:1]
            home.count = max(home.count, 1)
            wanted = [(home.children[0], home.caregivers[0])]
        homes.append(home)
        lines.extend(_line(home, kid, person) for kid, person in wanted)
    return homes, lines


# --- the database side ---------------------------------------------------------------------


def make_template(path: Path) -> None:
    """A migrated database with its room, checkpointed so a copy of the file is whole."""
    engine = engine_for_path(path)
    try:
        upgrade(engine)
        with Session(engine) as session:
            session.add(Room(school_name="Школа-гимназия №5", room_name="Кабинет поддержки"))
            session.commit()
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _fresh(template: Path, path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, path)
    return path


def _silently(argv: list[str]) -> tuple[int, float, str]:
    err = io.StringIO()
    started = clock.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        status = caseroom(argv)
    return status, clock.perf_counter() - started, err.getvalue()


def _stamp() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _audit(entity: str, record_id: str, details: dict[str, Any]) -> tuple[Any, ...]:
    return (uuid.uuid4().hex, _stamp(), None, "create", entity, record_id, json.dumps(details))


def stored_records(homes: list[Household], room_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """The rows the import writes, already in their stored form (ids as hex, ISO dates)."""
    tables: dict[str, list[tuple[Any, ...]]] = {
        name: []
        for name in ("family", "caregiver", "child", "child_sen_category", "pmpk_conclusion")
    }
    audits: list[tuple[Any, ...]] = []
    case = 0
    for home in homes:
        now = _stamp()
        family_id = uuid.uuid4().hex
        tables["family"].append(
            (family_id, now, now, None, room_id, home.name, home.address, home.locality,
             home.language, home.count, "[]", None, search_key(home.name), sort_key(home.name))
        )  # fmt: skip
        audits.append(_audit("family", family_id, {"vulnerability": [], "children_count": 1}))
        for person in home.caregivers:
            caregiver_id = uuid.uuid4().hex
            phone = "+" + "".join(ch for ch in person.phone if ch.isdigit())
            names = (person.last, person.first, person.patronymic)
            tables["caregiver"].append(
                (caregiver_id, now, now, None, family_id, *names, person.relation, phone, 1,
                 None, None, search_key(*names), sort_key(*names))
            )  # fmt: skip
            audits.append(
                _audit("caregiver", caregiver_id, {"family_id": family_id, "relation": "x"})
            )
        for kid in home.children:
            case += 1
            child_id = uuid.uuid4().hex
            names = (kid.last, kid.first, kid.patronymic)
            number = f"SR-{TODAY.year}-{case:04d}"
            tables["child"].append(
                (child_id, now, now, None, room_id, family_id, number, *names,
                 kid.birth.isoformat(), kid.sex, kid.iin, "Школа-гимназия №5", kid.grade,
                 kid.letter, home.language, TODAY.isoformat(), None, "active", None,
                 search_key(*names, number, kid.iin), sort_key(*names), None, 0)
            )  # fmt: skip
            if kid.sen:
                tables["child_sen_category"].append((child_id, SEN_CODES[kid.sen]))
            audits.append(_audit("child", child_id, {"family_id": family_id, "grade": 1}))
            if kid.pmpk:
                conclusion_id = uuid.uuid4().hex
                issued = kid.pmpk[0]
                until = issued.replace(year=issued.year + 1, day=min(issued.day, 28))
                tables["pmpk_conclusion"].append(
                    (conclusion_id, now, now, None, child_id, issued.isoformat(), kid.pmpk[1],
                     None, until.isoformat())
                )  # fmt: skip
                audits.append(_audit("pmpk_conclusion", conclusion_id, {"child_id": child_id}))
    audits.append((uuid.uuid4().hex, _stamp(), None, "import", "roster", None, "{}"))
    tables["audit_event"] = _chained(audits)
    return tables


def _chained(audits: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Each audit event with its place and digest in the hash chain, as the app writes it."""
    previous, chained = GENESIS, []
    for seq, (event_id, at, actor, action, entity, entity_id, details) in enumerate(audits, 1):
        previous = event_digest(
            previous, seq=seq, at=at, actor_id=actor, action=action, entity=entity,
            entity_id=entity_id, details=details,
        )  # fmt: skip
        chained.append((event_id, at, actor, action, entity, entity_id, details, seq, previous))
    return chained


_COLUMNS = {
    "family": "id, created_at, updated_at, archived_at, room_id, display_name, address, "
    "locality, home_language, children_count, vulnerability, notes, search_key, sort_name",
    "caregiver": "id, created_at, updated_at, archived_at, family_id, last_name, first_name, "
    "patronymic, relation, phone, is_legal_representative, language, notes, search_key, "
    "sort_name",
    "child": "id, created_at, updated_at, archived_at, room_id, family_id, case_number, "
    "last_name, first_name, patronymic, birth_date, sex, iin, school, grade, class_letter, "
    "home_language, enrolled_on, left_on, status, notes, search_key, sort_name, "
    "last_session_on, sessions_attended",
    "child_sen_category": "child_id, category_code",
    "pmpk_conclusion": "id, created_at, updated_at, archived_at, child_id, issued_on, number, "
    "recommendations, valid_until",
    "audit_event": "id, at, actor_id, action, entity, entity_id, details, seq, chain",
}


def raw_insert(path: Path, tables: dict[str, list[tuple[Any, ...]]]) -> float:
    """Seconds to write `tables` with raw sqlite3 `executemany` in one transaction."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        started = clock.perf_counter()
        connection.execute("BEGIN")
        for table, columns in _COLUMNS.items():
            marks = ", ".join("?" * len(columns.split(",")))
            connection.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", tables[table]
            )
        connection.execute("COMMIT")
        return clock.perf_counter() - started
    finally:
        connection.close()


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in _COLUMNS
        }
    finally:
        connection.close()


def run(rows: int, seed: int, folder: Path) -> None:
    """Write the roster, time the dry run, the import and raw sqlite3, print the figures."""
    homes, lines = make_roster(rows, seed)
    roster = folder / "roster.csv"
    roster.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    template = folder / "template.sqlite3"
    make_template(template)
    connection = sqlite3.connect(template)
    room_id = connection.execute("SELECT id FROM room").fetchone()[0]
    connection.close()
    tables = stored_records(homes, room_id)
    expected = {table: len(records) for table, records in tables.items()}
    print(
        f"Roster: {rows} rows, {len(homes)} families, {expected['caregiver']} caregivers, "
        f"{expected['child']} children, {expected['pmpk_conclusion']} PMPK conclusions",
        flush=True,
    )

    database = _fresh(template, folder / "import.sqlite3")
    status, dry_seconds, err = _silently(
        ["import", "roster", "--db", str(database), str(roster), "--dry-run"]
    )
    if status != 0:
        raise SystemExit(f"the dry run failed with status {status}:\n{err[:2000]}")
    status, import_seconds, err = _silently(
        ["import", "roster", "--db", str(database), str(roster)]
    )
    if status != 0:
        raise SystemExit(f"the import failed with status {status}:\n{err[:2000]}")
    found = _counts(database)
    if found != expected:
        raise SystemExit(f"the import wrote {found}, the roster holds {expected}")

    raw_seconds = raw_insert(_fresh(template, folder / "raw.sqlite3"), tables)
    written = sum(expected.values())
    ratio = import_seconds / raw_seconds if raw_seconds else float("inf")
    print()
    print(f"{'step':<36} {'seconds':>8} {'ms a row':>9}")
    for name, seconds in (
        ("caseroom import roster --dry-run", dry_seconds),
        ("caseroom import roster", import_seconds),
        (f"raw sqlite3 executemany ({written} rows)", raw_seconds),
    ):
        print(f"{name:<36} {seconds:>8.2f} {seconds * 1000 / rows:>9.3f}")
    benchkit.row(
        "import",
        f"import roster, {rows} rows",
        import_seconds,
        "s",
        baseline="raw sqlite3 executemany",
        baseline_value=raw_seconds,
        aim=f"<= {TARGET_RATIO:.0f}x",
    )
    print()
    print(
        f"import / raw executemany: {ratio:.1f}x (target at most {TARGET_RATIO:.0f}x); "
        f"import {import_seconds:.1f} s (target under {TARGET_SECONDS:.0f} s)"
        + ("" if ratio <= TARGET_RATIO and import_seconds < TARGET_SECONDS else "  > target")
    )


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=27_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", metavar="DIR", help="write the roster and databases here")
    benchkit.add_quick(parser)
    args = parser.parse_args()
    if args.quick:
        args.rows = 2000
    if args.keep:
        folder = Path(args.keep)
        folder.mkdir(parents=True, exist_ok=True)
        run(args.rows, args.seed, folder)
        return
    with tempfile.TemporaryDirectory() as temporary:
        run(args.rows, args.seed, Path(temporary))


if __name__ == "__main__":
    main()
