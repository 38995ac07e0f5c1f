"""The children table model: lazy pages from SQL, sorting and filtering in the query."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.children import ChildInput, create_child, get_child
from caseroom.services.people.staff import list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.models import child_table
from caseroom.ui.models.child_table import ID_ROLE, ChildTableModel, Column, grade_text

TODAY = date(2026, 11, 23)


def db_ids(
    engine: Engine, filters: ChildFilters, sort: str = "name", desc: bool = False
) -> list[uuid.UUID]:
    with Session(engine) as session:
        rows = list_children(
            session, actor=SYSTEM, filters=filters, sort=sort, descending=desc, limit=10_000
        )
    return [row.id for row in rows]


def loaded(qtbot: QtBot, model: ChildTableModel) -> None:
    qtbot.waitUntil(lambda: model.ever_loaded and not model.is_loading, timeout=5000)


def model_ids(qtbot: QtBot, model: ChildTableModel) -> list[uuid.UUID]:
    """Every row's child id, waiting for pages that were not there yet."""
    loaded(qtbot, model)

    def complete() -> bool:
        return all(
            model.index(row, Column.NAME).data(ID_ROLE) is not None
            for row in range(model.rowCount())
        )

    qtbot.waitUntil(complete, timeout=5000)
    return [model.index(row, 0).data(ID_ROLE) for row in range(model.rowCount())]


@pytest.fixture
def model(qtbot: QtBot, context: AppContext) -> ChildTableModel:
    found = ChildTableModel(context)
    found.set_filters(ChildFilters())
    loaded(qtbot, found)
    return found


def test_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: Any, model: ChildTableModel
) -> None:
    assert model.rowCount() > 5
    qtmodeltester.check(model, force_py=True)
    model_ids(qtbot, model)  # let every page asked for by the tester arrive
    qtmodeltester.check(model, force_py=True)


def test_rows_show_what_the_database_holds(
    qtbot: QtBot, model: ChildTableModel, demo_engine: Engine
) -> None:
    ids = model_ids(qtbot, model)
    assert ids == db_ids(demo_engine, ChildFilters())
    with Session(demo_engine) as session:
        child = get_child(session, actor=SYSTEM, child_id=ids[0])
    assert model.index(0, Column.CASE_NUMBER).data() == child.case_number
    assert model.index(0, Column.NAME).data() == child.full_name
    assert model.index(0, Column.GRADE).data() == grade_text(child.grade, child.class_letter)
    assert model.index(0, Column.STATUS).data() == "active"
    assert model.index(0, Column.LAST_SESSION).data() == (
        child.last_session_on.strftime("%d.%m.%Y") if child.last_session_on else "—"
    )
    assert model.headerData(Column.SEN, Qt.Orientation.Horizontal) == "SEN categories"


@pytest.mark.parametrize(
    ("column", "sort"),
    [
        (Column.CASE_NUMBER, "case_number"),
        (Column.NAME, "name"),
        (Column.GRADE, "grade"),
        (Column.SEN, "sen"),
        (Column.STATUS, "status"),
        (Column.LAST_SESSION, "last_session_on"),
    ],
)
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_each_column_reads_the_database_order(
    qtbot: QtBot,
    model: ChildTableModel,
    demo_engine: Engine,
    column: int,
    sort: str,
    order: Qt.SortOrder,
) -> None:
    if (column, order) == (Column.NAME, Qt.SortOrder.AscendingOrder):
        model.sort(Column.CASE_NUMBER)  # start from another order so the sort is a change
        model_ids(qtbot, model)
    model.sort(column, order)
    descending = order == Qt.SortOrder.DescendingOrder
    expected = db_ids(demo_engine, ChildFilters(), sort, descending)
    assert model_ids(qtbot, model) == expected
    assert model.sort_column == column
    assert model.sort_order == order


def test_every_column_sorts_and_others_keep_the_order(qtbot: QtBot, model: ChildTableModel) -> None:
    assert set(child_table.SORT_KEYS) == set(range(Column.COUNT))
    model.sort(Column.CASE_NUMBER, Qt.SortOrder.DescendingOrder)
    before = model_ids(qtbot, model)
    model.sort(Column.COUNT)  # not a column: nothing to sort by
    assert not model.is_loading
    assert model_ids(qtbot, model) == before
    assert model.sort_column == Column.CASE_NUMBER


def test_each_filter_narrows_rows_as_the_database_says(
    qtbot: QtBot, model: ChildTableModel, demo_engine: Engine, psychologist: Actor
) -> None:
    everyone = model_ids(qtbot, model)
    with Session(demo_engine) as session:
        first = get_child(session, actor=SYSTEM, child_id=everyone[0])
        staff = list_staff(session, actor=SYSTEM)
    cases = [
        ChildFilters(grade=first.grade),
        ChildFilters(sen_category=first.sen_categories[0]),
        ChildFilters(status="active"),
        ChildFilters(status="left"),
        ChildFilters(specialist_id=first.specialist_ids[0]),
        ChildFilters(specialist_id=staff[-1].id),
        ChildFilters(text=first.case_number),
    ]
    narrowed = 0
    for filters in cases:
        model.set_filters(filters)
        expected = db_ids(demo_engine, filters)
        assert model_ids(qtbot, model) == expected, filters
        assert model.total == len(expected)
        narrowed += len(expected) < len(everyone)
    assert narrowed >= 4  # most of these filters really leave children out
    model.set_filters(ChildFilters())
    assert model_ids(qtbot, model) == everyone


def test_latin_text_finds_a_cyrillic_name(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, psychologist: Actor
) -> None:
    with Session(demo_engine) as session:
        family_id = get_child(
            session,
            actor=SYSTEM,
            child_id=db_ids(demo_engine, ChildFilters())[0],
        ).family_id
        child = create_child(
            session,
            actor=psychologist,
            data=ChildInput(
                family_id=family_id,
                last_name="Сейткали",
                first_name="Айгерим",
                birth_date=date(2017, 3, 14),
            ),
            today=TODAY,
        )
        session.commit()
    model = ChildTableModel(context)
    model.set_filters(ChildFilters(text="aigerim seitkali"))
    assert model_ids(qtbot, model) == [child.id]
    assert model.index(0, Column.NAME).data() == "Сейткали Айгерим"


def test_rows_arrive_page_by_page(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(child_table, "PAGE_SIZE", 3)
    model = ChildTableModel(context)
    model.set_filters(ChildFilters())
    loaded(qtbot, model)
    expected = db_ids(demo_engine, ChildFilters())
    assert model.rowCount() == len(expected) > 6
    last = model.rowCount() - 1
    assert model.index(last, Column.NAME).data() == "…"  # its page was never read
    assert model.index(last, Column.NAME).data(ID_ROLE) is None
    qtbot.waitUntil(lambda: model.index(last, 0).data(ID_ROLE) == expected[last], timeout=5000)
    assert model.child_id(last) == expected[last]
    assert model.row_of(expected[last]) == last
    assert model.child_id(3) is None  # the pages in between are still not read


def test_reload_after_a_change_keeps_rows_in_place(qtbot: QtBot, model: ChildTableModel) -> None:
    ids = model_ids(qtbot, model)
    with qtbot.waitSignal(model.loaded, timeout=5000) as signal:
        model.reload()
    assert signal.args == [len(ids)]
    assert model_ids(qtbot, model) == ids
