"""Writing a roster in bulk: the records are those the services make, column for column,
with their audit events chained; a few statements whatever the size; progress is told;
and a refusal by the database still leaves nothing behind."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlmodel import Session, SQLModel, col

from caseroom.db.audit_chain import verify_session
from caseroom.db.engine import engine_for_path
from caseroom.db.models import (
    AuditEvent,
    Caregiver,
    Child,
    ChildSenCategory,
    Family,
    PmpkConclusion,
    Room,
)
from caseroom.errors import UserError
from caseroom.services.common import SYSTEM
from caseroom.services.importing import roster as roster_module
from caseroom.services.importing.match import Known
from caseroom.services.importing.problems import RosterError
from caseroom.services.importing.read import read_roster
from caseroom.services.importing.roster import import_roster
from caseroom.services.people.children import ChildInput, create_child
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    create_caregiver,
    create_family,
)
from caseroom.services.people.iin import make_iin
from caseroom.services.plans.pmpk import ConclusionInput, add_conclusion

TODAY = date(2026, 11, 23)
ERLAN_IIN = make_iin(date(2015, 5, 2), "M", 12)
HEADER = (
    "Фамилия ребёнка;Имя ребёнка;Отчество ребёнка;Дата рождения;Пол;ИИН;Школа;Класс;"
    "Категория ООП;Дата ПМПК;Номер ПМПК;Фамилия родителя;Имя родителя;Отчество родителя;"
    "Кем приходится;Телефон;Количество детей в семье;Язык;Адрес;Населённый пункт"
)
ROW = (
    f"Сейткали;Ерлан;Маратұлы;02.05.2015;;{ERLAN_IIN};Школа-гимназия №5;5Б;"
    "нарушения речи, РАС;10.02.2026;ПМПК-44/26;Сейткали;Гульнара;Ахметовна;мать;"
    "8 701 123 45 67;4;каз;ул. Абая, 12;Есик"
)
SKIPPED = {"id", "created_at", "updated_at", "room_id", "family_id", "child_id"}


@pytest.fixture
def second_engine(template_db: Path, tmp_path: Path) -> Iterator[Engine]:
    """Another fresh database, for the services to write the same records into."""
    path = tmp_path / "by-services.sqlite3"
    shutil.copyfile(template_db, path)
    engine = engine_for_path(path)
    yield engine
    engine.dispose()


def _roster(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _by_services(session: Session) -> None:
    room = Room(school_name="School-lyceum No. 12", room_name="Support room")
    session.add(room)
    session.flush()
    family = create_family(
        session, actor=SYSTEM, room_id=room.id,
        data=FamilyInput(display_name="Сейткали", address="ул. Абая, 12", locality="Есик",
                         home_language="kk", children_count=4),
    )  # fmt: skip
    create_caregiver(
        session, actor=SYSTEM, family_id=family.id,
        data=CaregiverInput(last_name="Сейткали", first_name="Гульнара", relation="mother",
                            patronymic="Ахметовна", phone="+77011234567"),
    )  # fmt: skip
    child = create_child(
        session, actor=SYSTEM, today=TODAY,
        data=ChildInput(family_id=family.id, last_name="Сейткали", first_name="Ерлан",
                        birth_date=date(2015, 5, 2), patronymic="Маратұлы", iin=ERLAN_IIN,
                        case_number="SR-2026-0001", school="Школа-гимназия №5", grade=5,
                        class_letter="Б", home_language="kk",
                        sen_categories=("speech", "autism")),
    )  # fmt: skip
    add_conclusion(
        session, actor=SYSTEM, child_id=child.id, today=TODAY,
        data=ConclusionInput(issued_on=date(2026, 2, 10), number="ПМПК-44/26"),
    )  # fmt: skip
    session.flush()


def _stored(session: Session, model: type[SQLModel]) -> list[dict[str, Any]]:
    table = model.__table__  # type: ignore[attr-defined]
    rows = session.execute(select(table)).mappings().all()
    return sorted(
        ({key: value for key, value in row.items() if key not in SKIPPED} for row in rows),
        key=repr,
    )


def _events(session: Session) -> list[tuple[Any, ...]]:
    rows = session.execute(
        select(AuditEvent).where(col(AuditEvent.action) != "import").order_by(col(AuditEvent.seq))
    ).scalars()
    return [
        (e.action, e.entity, {k: v for k, v in e.details.items() if not k.endswith("_id")})
        for e in rows
    ]


def test_the_records_are_those_the_services_make(
    session: Session, room: Room, second_engine: Engine, tmp_path: Path
) -> None:
    summary = import_roster(
        session, actor=SYSTEM, table=read_roster(_roster(tmp_path, [ROW])), today=TODAY
    )
    assert (summary.children_created, summary.conclusions_created, summary.warnings) == (1, 1, ())
    session.flush()
    with Session(second_engine) as other:
        _by_services(other)
        for model in (Family, Caregiver, Child, ChildSenCategory, PmpkConclusion):
            assert _stored(session, model) == _stored(other, model), model.__name__
        assert _events(session) == _events(other)
    child = session.execute(select(Child)).scalar_one()
    assert child.sex == "M"  # from the IIN, as create_child takes it


def test_the_audit_trail_chain_holds_after_an_import(
    session: Session, room: Room, tmp_path: Path
) -> None:
    aliya = ROW.replace("Ерлан", "Әлия").replace(ERLAN_IIN, "").replace("02.05.2015", "01.09.2019")
    rows = [ROW, aliya]
    import_roster(session, actor=SYSTEM, table=read_roster(_roster(tmp_path, rows)), today=TODAY)
    session.flush()
    report = verify_session(session)
    assert report.broken is None
    # 1 family, 1 caregiver, 2 children, 2 conclusions, and the import itself.
    assert report.events == 7


def _many(count: int) -> list[str]:
    return [
        f"Фамилия{number};Имя;;{date(2010, 1, 1).replace(day=1 + number % 28):%d.%m.%Y};ж;;;"
        f"{number % 12};;;;Мама{number};Анна;;мать;8701{number:07d};;;ул. {number};"
        for number in range(count)
    ]


def test_a_large_roster_is_written_in_a_few_statements_and_told_as_it_goes(
    session: Session, room: Room, tmp_path: Path, engine: Engine
) -> None:
    told: list[tuple[str, int, int]] = []
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        summary = import_roster(
            session,
            actor=SYSTEM,
            table=read_roster(_roster(tmp_path, _many(3000))),
            today=TODAY,
            progress=lambda stage, done, total: told.append((stage, done, total)),
        )
        session.flush()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (summary.children_created, summary.caregivers_created) == (3000, 3000)
    assert len(statements) < 60, len(statements)
    checking = [entry for entry in told if entry[0] == "checking"]
    writing = [entry for entry in told if entry[0] == "writing"]
    assert checking[-1] == ("checking", 3000, 3000) and len(checking) == 6
    # 3,000 families, caregivers and children, and an audit event for each.
    assert writing[-1][1] == writing[-1][2] == 18_000
    assert [done for _stage, done, _total in writing] == sorted(done for *_, done, _ in writing)
    assert told.index(checking[-1]) < told.index(writing[0])


def test_a_refusal_by_the_database_leaves_nothing_behind(
    session: Session, room: Room, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another room's child holds the IIN; with the in-memory check blinded to other rooms,
    # the database's unique index refuses the child after its family was inserted.
    other = Room(school_name="Other school", room_name="Room 2")
    session.add(other)
    session.flush()
    family = Family(room_id=other.id, display_name="Other")
    session.add(family)
    session.flush()
    session.add(
        Child(room_id=other.id, family_id=family.id, case_number="X-1", last_name="Other",
              first_name="Child", birth_date=date(2015, 5, 2), iin=ERLAN_IIN, enrolled_on=TODAY)
    )  # fmt: skip
    session.commit()

    def counts() -> tuple[int, ...]:
        return tuple(
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Family, Caregiver, Child, PmpkConclusion, AuditEvent)
        )

    before = counts()
    real = roster_module.load_known

    def blind(session: Session, room_id: uuid.UUID) -> Known:
        known = real(session, room_id)
        known.other_rooms.clear()
        return known

    monkeypatch.setattr(roster_module, "load_known", blind)
    # Each engine words the refusal its own way (SQLite: UNIQUE..., PostgreSQL: duplicate key).
    refused = r"The database refused the roster \((UNIQUE|duplicate key)"
    with pytest.raises(UserError, match=refused):
        import_roster(
            session, actor=SYSTEM, table=read_roster(_roster(tmp_path, [ROW])), today=TODAY
        )
    session.rollback()
    assert counts() == before


def test_the_garbage_collector_is_paused_for_the_import_and_back_after_it(
    session: Session, room: Room, tmp_path: Path
) -> None:
    import gc

    enabled: list[bool] = []
    table = read_roster(_roster(tmp_path, _many(3)))
    assert gc.isenabled()
    import_roster(
        session,
        actor=SYSTEM,
        table=table,
        today=TODAY,
        progress=lambda *_told: enabled.append(gc.isenabled()),
    )
    assert enabled and not any(enabled)
    assert gc.isenabled()
    unnamed = read_roster(_roster(tmp_path, [";Имя;;01.01.2015;ж" + ";" * 15]))
    with pytest.raises(RosterError):
        import_roster(session, actor=SYSTEM, table=unnamed, today=TODAY)
    assert gc.isenabled()
    gc.disable()
    try:
        import_roster(session, actor=SYSTEM, table=table, today=TODAY)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
