"""The children list: each filter, each sort order, paging, and speed at 20,000 children."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert
from sqlmodel import Session

from caseroom.db.models import Child, ChildSenCategory, ChildSpecialist, Family, Room, Staff
from caseroom.i18n import set_language
from caseroom.names import search_key, sort_key
from caseroom.services.common import Actor
from caseroom.services.people.child_list import (
    ChildFilters,
    ChildRow,
    count_children,
    list_children,
)
from caseroom.services.people.sen_categories import SenCategoryInput, add_sen_category
from caseroom.vocab import ChildStatus, label


def _child(
    session: Session,
    family: Family,
    case: str,
    last: str,
    first: str,
    *,
    grade: int | None = None,
    born: date = date(2016, 1, 1),
    status: str = "active",
    last_session_on: date | None = None,
    iin: str | None = None,
    archived: bool = False,
    sen: tuple[str, ...] = (),
    specialists: tuple[uuid.UUID, ...] = (),
) -> Child:
    record = Child(
        room_id=family.room_id,
        family_id=family.id,
        case_number=case,
        last_name=last,
        first_name=first,
        birth_date=born,
        grade=grade,
        class_letter="А" if grade is not None else None,
        status=status,
        last_session_on=last_session_on,
        iin=iin,
        enrolled_on=date(2026, 9, 1),
        search_key=search_key(last, first, None, case, iin),
        sort_name=sort_key(last, first),
        archived_at=datetime.now(UTC) if archived else None,
    )
    session.add(record)
    session.flush()
    session.add_all(ChildSenCategory(child_id=record.id, category_code=code) for code in sen)
    session.add_all(ChildSpecialist(child_id=record.id, staff_id=s) for s in specialists)
    session.flush()
    return record


@pytest.fixture
def roster(session: Session, family: Family, staff: Staff) -> dict[str, Child]:
    """Six children in Cyrillic and Latin, one archived, with grades, SEN and sessions."""
    return {
        "aigerim": _child(
            session, family, "SR-2026-0003", "Сейтқали", "Айгерим", grade=3,
            born=date(2017, 3, 14), last_session_on=date(2026, 11, 20),
            iin="170314600129", sen=("speech", "learning"), specialists=(staff.id,),
        ),
        "zhanna": _child(
            session, family, "SR-2026-0001", "Zhumabayeva", "Zhanna", grade=1,
            born=date(2019, 6, 1), last_session_on=date(2026, 11, 2), sen=("autism",),
        ),
        "aigul": _child(
            session, family, "SR-2026-0002", "Ахметова", "Айгуль", grade=3,
            born=date(2016, 12, 1), sen=("speech",), specialists=(staff.id,),
        ),
        "marat": _child(
            session, family, "SR-2026-0004", "Омаров", "Марат", grade=None,
            born=date(2020, 2, 2), status="paused",
        ),
        "yerlan": _child(
            session, family, "SR-2026-0005", "Ахметов", "Ерлан", grade=5,
            born=date(2014, 4, 4), status="left", last_session_on=date(2026, 10, 1),
        ),
        "gone": _child(
            session, family, "SR-2025-0009", "Ахметова", "Асель", grade=2, archived=True,
            sen=("speech",),
        ),
    }  # fmt: skip


def _names(rows: list[ChildRow]) -> list[str]:
    return [row.full_name for row in rows]


def _find(session: Session, actor: Actor, **filters: object) -> list[str]:
    rows = list_children(
        session,
        actor=actor,
        filters=ChildFilters(**filters),  # type: ignore[arg-type]
        sort="name",
        descending=False,
        offset=0,
        limit=50,
    )
    assert count_children(
        session,
        actor=actor,
        filters=ChildFilters(**filters),  # type: ignore[arg-type]
    ) == len(rows)
    return _names(rows)


def test_default_list_leaves_out_archived(
    session: Session, actor: Actor, roster: dict[str, Child]
) -> None:
    assert _find(session, actor) == [
        "Ахметов Ерлан",
        "Ахметова Айгуль",
        "Омаров Марат",
        "Сейтқали Айгерим",
        "Zhumabayeva Zhanna",
    ]
    assert "Ахметова Асель" in _find(session, actor, include_archived=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Айгерим", ["Сейтқали Айгерим"]),
        ("aigerim", ["Сейтқали Айгерим"]),
        ("Aıgerim", ["Сейтқали Айгерим"]),
        ("AYGERIM seitkali", ["Сейтқали Айгерим"]),
        ("Жанна", ["Zhumabayeva Zhanna"]),
        ("жумабаева", ["Zhumabayeva Zhanna"]),
        ("Yerlan", ["Ахметов Ерлан"]),
        ("Akhmet", ["Ахметов Ерлан", "Ахметова Айгуль"]),
        ("айг", ["Ахметова Айгуль", "Сейтқали Айгерим"]),
        ("Марта", []),
        ("мар", ["Омаров Марат"]),
        ("SR-2026-0004", ["Омаров Марат"]),
        ("sr-2026-0002", ["Ахметова Айгуль"]),
        ("0005", ["Ахметов Ерлан"]),
        ("170314600129", ["Сейтқали Айгерим"]),
        ("1703", ["Сейтқали Айгерим"]),
        ("герим", []),  # words match from their beginning
        ("  ", None),  # nothing to search for: the whole list
    ],
)
def test_text_filter(
    session: Session,
    actor: Actor,
    roster: dict[str, Child],
    text: str,
    expected: list[str] | None,
) -> None:
    found = _find(session, actor, text=text)
    if expected is None:
        assert len(found) == 5
    else:
        assert found == expected


def test_grade_sen_status_and_specialist_filters(
    session: Session, actor: Actor, staff: Staff, roster: dict[str, Child]
) -> None:
    assert _find(session, actor, grade=3) == ["Ахметова Айгуль", "Сейтқали Айгерим"]
    assert _find(session, actor, grade=0) == []
    assert _find(session, actor, sen_category="speech") == [
        "Ахметова Айгуль",
        "Сейтқали Айгерим",
    ]
    assert _find(session, actor, sen_category="speech", include_archived=True) == [
        "Ахметова Айгуль",
        "Ахметова Асель",
        "Сейтқали Айгерим",
    ]
    assert _find(session, actor, status="paused") == ["Омаров Марат"]
    assert _find(session, actor, specialist_id=staff.id) == [
        "Ахметова Айгуль",
        "Сейтқали Айгерим",
    ]
    assert _find(session, actor, specialist_id=uuid.uuid4()) == []
    assert _find(session, actor, text="aig", grade=3, sen_category="learning") == [
        "Сейтқали Айгерим"
    ]


def _sorted(session: Session, actor: Actor, sort: str, descending: bool = False) -> list[str]:
    rows = list_children(
        session,
        actor=actor,
        filters=ChildFilters(),
        sort=sort,
        descending=descending,
        offset=0,
        limit=50,
    )
    return [row.case_number for row in rows]


def test_sort_orders(session: Session, actor: Actor, roster: dict[str, Child]) -> None:
    assert _sorted(session, actor, "case_number") == [
        "SR-2026-0001",
        "SR-2026-0002",
        "SR-2026-0003",
        "SR-2026-0004",
        "SR-2026-0005",
    ]
    assert _sorted(session, actor, "case_number", True)[0] == "SR-2026-0005"
    # Grade: equal grades by name; missing grade last both ways.
    assert _sorted(session, actor, "grade") == [
        "SR-2026-0001",
        "SR-2026-0002",
        "SR-2026-0003",
        "SR-2026-0005",
        "SR-2026-0004",
    ]
    assert _sorted(session, actor, "grade", True) == [
        "SR-2026-0005",
        "SR-2026-0002",
        "SR-2026-0003",
        "SR-2026-0001",
        "SR-2026-0004",
    ]
    assert _sorted(session, actor, "birth_date") == [
        "SR-2026-0005",
        "SR-2026-0002",
        "SR-2026-0003",
        "SR-2026-0001",
        "SR-2026-0004",
    ]
    assert _sorted(session, actor, "last_session_on", True) == [
        "SR-2026-0003",
        "SR-2026-0001",
        "SR-2026-0005",
        "SR-2026-0002",
        "SR-2026-0004",
    ]
    assert _sorted(session, actor, "name", True) == [
        "SR-2026-0001",
        "SR-2026-0003",
        "SR-2026-0004",
        "SR-2026-0002",
        "SR-2026-0005",
    ]


def test_status_sort_follows_the_labels_in_the_language(
    session: Session, actor: Actor, roster: dict[str, Child]
) -> None:
    # English labels: active, left (the room), paused; equal statuses by name.
    assert _sorted(session, actor, "status") == [
        "SR-2026-0002",  # active: Ахметова
        "SR-2026-0003",  # active: Сейтқали
        "SR-2026-0001",  # active: Zhumabayeva
        "SR-2026-0005",  # left
        "SR-2026-0004",  # paused
    ]
    assert _sorted(session, actor, "status", True)[:2] == ["SR-2026-0004", "SR-2026-0005"]
    set_language("ru")
    try:
        # Whatever the catalogue says, the order is that of the Russian labels shown.
        codes = _sorted(session, actor, "status")
        shown = [label(ChildStatus(roster_by_case(roster)[code].status)) for code in codes]
        assert shown[0] != "active"  # the labels are Russian
        assert [sort_key(text) for text in shown] == sorted(sort_key(text) for text in shown)
    finally:
        set_language("en")


def test_sen_sort_uses_the_first_category_label_and_puts_none_last(
    session: Session, actor: Actor, roster: dict[str, Child]
) -> None:
    # Labels: Communication and social interaction... (autism) < Specific learning
    # difficulties (learning) < Speech disorders (speech); no category last either way.
    assert _sorted(session, actor, "sen") == [
        "SR-2026-0001",  # autism
        "SR-2026-0003",  # learning + speech: sorts by learning
        "SR-2026-0002",  # speech
        "SR-2026-0005",  # none: Ахметов
        "SR-2026-0004",  # none: Омаров
    ]
    assert _sorted(session, actor, "sen", True)[:3] == [
        "SR-2026-0002",
        "SR-2026-0003",
        "SR-2026-0001",
    ]
    row = next(
        row
        for row in list_children(session, actor=actor, filters=ChildFilters(), limit=10)
        if row.case_number == "SR-2026-0003"
    )
    assert row.sen_categories == ("learning", "speech")
    assert row.sen_labels == ("Specific learning difficulties", "Speech disorders")


def test_a_custom_category_sorts_and_shows_by_its_label(
    session: Session, actor: Actor, family: Family, roster: dict[str, Child]
) -> None:
    own = add_sen_category(
        session, actor=actor, data=SenCategoryInput(label_en="Attention deficit")
    )
    _child(session, family, "SR-2026-0006", "Ким", "Юлия", sen=(own.code,))
    assert _sorted(session, actor, "sen")[:2] == ["SR-2026-0006", "SR-2026-0001"]
    row = next(
        row
        for row in list_children(session, actor=actor, filters=ChildFilters(), limit=10)
        if row.case_number == "SR-2026-0006"
    )
    assert row.sen_labels == ("Attention deficit",)


def roster_by_case(roster: dict[str, Child]) -> dict[str, Child]:
    """The roster keyed by case number."""
    return {child.case_number: child for child in roster.values()}


def test_names_sort_in_the_kazakh_alphabet(session: Session, actor: Actor, family: Family) -> None:
    people = [
        ("Үмбетов", "Ерлан"), ("Ілиясов", "Дәурен"), ("Әлиев", "Марат"), ("Ыбыраев", "Асан"),
        ("Ғаббасов", "Нұрлан"), ("Габдуллин", "Олжас"), ("Қасымов", "Бекзат"),
        ("Кенжебаев", "Арман"), ("Ңұрғалиев", "Ислам"), ("Нұрланов", "Айбек"),
        ("Өмірбеков", "Әлихан"), ("Омаров", "Тимур"), ("Ұлықбеков", "Санжар"),
        ("Усенов", "Ержан"), ("Һашимов", "Рахат"), ("Хасенов", "Мейір"),
        ("Ёлкин", "Пётр"), ("Егоров", "Иван"), ("Ахметов", "Алмас"), ("Бекова", "Айым"),
        ("ахметов", "Әсет"), ("Aliev", "Ruslan"),
    ]  # fmt: skip
    for number, (last, first) in enumerate(people):
        _child(session, family, f"SR-2027-{number:04d}", last, first)
    rows = list_children(session, actor=actor, filters=ChildFilters(), sort="name", limit=50)
    assert _names(rows) == [
        "Ахметов Алмас", "ахметов Әсет", "Әлиев Марат", "Бекова Айым", "Габдуллин Олжас",
        "Ғаббасов Нұрлан", "Егоров Иван", "Ёлкин Пётр", "Кенжебаев Арман", "Қасымов Бекзат",
        "Нұрланов Айбек", "Ңұрғалиев Ислам", "Омаров Тимур", "Өмірбеков Әлихан",
        "Усенов Ержан", "Ұлықбеков Санжар", "Үмбетов Ерлан", "Хасенов Мейір",
        "Һашимов Рахат", "Ыбыраев Асан", "Ілиясов Дәурен", "Aliev Ruslan",
    ]  # fmt: skip
    backwards = list_children(
        session, actor=actor, filters=ChildFilters(), sort="name", descending=True, limit=50
    )
    assert _names(backwards) == list(reversed(_names(rows)))


def test_unknown_sort_is_a_bug(session: Session, actor: Actor) -> None:
    with pytest.raises(ValueError, match="unknown sort 'age'"):
        _sorted(session, actor, "age")


def test_row_values_and_paging(session: Session, actor: Actor, roster: dict[str, Child]) -> None:
    page = list_children(
        session,
        actor=actor,
        filters=ChildFilters(),
        sort="case_number",
        descending=False,
        offset=2,
        limit=2,
    )
    assert page == [
        ChildRow(
            id=roster["aigerim"].id,
            case_number="SR-2026-0003",
            full_name="Сейтқали Айгерим",
            birth_date=date(2017, 3, 14),
            grade=3,
            class_letter="А",
            status="active",
            last_session_on=date(2026, 11, 20),
            archived=False,
            sen_categories=("learning", "speech"),
            sen_labels=("Specific learning difficulties", "Speech disorders"),
        ),
        ChildRow(
            id=roster["marat"].id,
            case_number="SR-2026-0004",
            full_name="Омаров Марат",
            birth_date=date(2020, 2, 2),
            grade=None,
            class_letter=None,
            status="paused",
            last_session_on=None,
            archived=False,
            sen_categories=(),
        ),
    ]
    assert (
        list_children(
            session,
            actor=actor,
            filters=ChildFilters(),
            sort="name",
            descending=False,
            offset=10,
            limit=5,
        )
        == []
    )


FIRST = ["Айгерим", "Aigerim", "Жанна", "Нұрсұлтан", "Ерлан", "Юлия", "Қайрат", "Асель"]
LAST = ["Сейтқали", "Omarov", "Ахметова", "Zhumabayev", "Ким", "Иванова", "Бекова"]


@pytest.mark.slow
def test_twenty_thousand_children_stay_fast(
    session: Session, room: Room, family: Family, staff: Staff, actor: Actor
) -> None:
    rows = []
    for n in range(20_000):
        last, first = LAST[n % len(LAST)], FIRST[n % len(FIRST)]
        case = f"SR-{2020 + n % 7}-{n:05d}"
        rows.append(
            {
                "id": uuid.uuid4(),
                "room_id": room.id,
                "family_id": family.id,
                "case_number": case,
                "last_name": last,
                "first_name": first,
                "birth_date": date(2010 + n % 10, 1 + n % 12, 1 + n % 28),
                "grade": n % 13,
                "enrolled_on": date(2025, 9, 1),
                "status": ("active", "paused", "left")[n % 3],
                "search_key": search_key(last, first, None, case),
                "sort_name": sort_key(last, first),
                "sessions_attended": 0,
                "created_at": datetime.now(UTC),
                "updated_at": datetime.now(UTC),
            }
        )
    session.execute(insert(Child), rows)
    session.execute(
        insert(ChildSenCategory),
        [{"child_id": row["id"], "category_code": "speech"} for row in rows[::4]],
    )
    session.execute(
        insert(ChildSpecialist),
        [{"child_id": row["id"], "staff_id": staff.id, "is_lead": True} for row in rows[::5]],
    )
    session.flush()

    cases: list[tuple[ChildFilters, str, int]] = [
        (ChildFilters(), "name", 20_000),
        (ChildFilters(text="aigerim"), "name", 5_000),  # Айгерим and Aigerim alike
        (ChildFilters(text="Жан"), "birth_date", 2_500),
        (ChildFilters(text="Sr-2026-00006"), "name", 1),
        (ChildFilters(grade=3, status="active"), "grade", 513),  # n = 3 mod 39
        (ChildFilters(sen_category="speech"), "last_session_on", 5_000),
        (ChildFilters(), "status", 20_000),
        (ChildFilters(), "sen", 20_000),
        (ChildFilters(status="active"), "name", 6_667),
        # Ким: n = 4 mod 7; specialist: n = 0 mod 5; so n = 25 mod 35.
        (ChildFilters(specialist_id=staff.id, text="ким"), "case_number", 571),
    ]
    for filters, sort, expected in cases:
        started = time.perf_counter()
        page = list_children(
            session, actor=actor, filters=filters, sort=sort, descending=False, offset=0, limit=100
        )
        total = count_children(session, actor=actor, filters=filters)
        elapsed = time.perf_counter() - started
        assert total == expected, filters
        assert len(page) == min(100, expected)
        # Generous bound for a slow CI machine; measured ~20-60 ms here.
        assert elapsed < 1.0, (filters, elapsed)
