"""What the import wizard shows before anything is written: each record the roster names
(new, already there, updated), the warnings alongside a refusal, the columns' meanings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session

from caseroom.db.models import Caregiver, Child, Family, Room
from caseroom.services.common import SYSTEM
from caseroom.services.importing.columns import COLUMN_LABELS, column_label
from caseroom.services.importing.headers import HEADER_SYNONYMS, IGNORED_COLUMNS
from caseroom.services.importing.plan import NEW, PRESENT, UPDATED
from caseroom.services.importing.read import RosterError, read_roster
from caseroom.services.importing.roster import import_roster

TODAY = date(2026, 11, 23)
HEADER = "Фамилия ребёнка;Имя ребёнка;Дата рождения;Дата ПМПК;Номер ПМПК;Фамилия родителя;Имя родителя;Кем приходится;Телефон"  # noqa: E501


def _table(tmp_path: Path, rows: list[str]):  # type: ignore[no-untyped-def]
    path = tmp_path / "roster.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return read_roster(path)


def test_the_preview_names_each_record_new_present_or_updated(
    session: Session, room: Room, family: Family, caregiver: Caregiver, child: Child, tmp_path: Path
) -> None:
    caregiver.phone = "+77011234567"
    session.add(caregiver)
    session.flush()
    table = _table(
        tmp_path,
        [
            "Seitkali;Aigerim;14.03.2017;;;Сейткали;Гульнара;мать;8 702 555 44 33",
            "Омаров;Тимур;05.01.2012;10.02.2026;ПМПК-44/26;Омарова;Сауле;опекун;87017654321",
        ],
    )
    summary = import_roster(session, actor=SYSTEM, table=table, today=TODAY)
    assert [
        (item.row, item.kind, item.action, item.name, item.change) for item in summary.preview
    ] == [
        (2, "family", PRESENT, "Сейткали", None),
        (2, "caregiver", UPDATED, "Сейткали Гульнара", ("+77011234567", "+77025554433")),
        (2, "child", PRESENT, "Seitkali Aigerim", None),
        (3, "family", NEW, "Омарова", None),
        (3, "caregiver", NEW, "Омарова Сауле", None),
        (3, "child", NEW, "Омаров Тимур", None),
        (3, "conclusion", NEW, "ПМПК-44/26", None),
    ]


def test_a_refused_roster_still_tells_its_warnings(
    session: Session, room: Room, tmp_path: Path
) -> None:
    table = _table(
        tmp_path,
        [
            "Сейткали;Айгерим;14.03.2017;10.02.2026;;;;;",
            "Омаров;Тимур;31.02.2012;;;;;;",
        ],
    )
    with pytest.raises(RosterError) as caught:
        import_roster(session, actor=SYSTEM, table=table, today=TODAY)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "Дата рождения")]
    assert [(w.row, w.column) for w in caught.value.warnings] == [(2, "Номер ПМПК")]


def test_every_column_read_has_a_label_in_each_language() -> None:
    assert set(COLUMN_LABELS) == set(HEADER_SYNONYMS) - IGNORED_COLUMNS
    assert column_label("birth_date") == "Date of birth"
    assert column_label("no_such_column") == "no_such_column"
