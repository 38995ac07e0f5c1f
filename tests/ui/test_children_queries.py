"""Opening the children list costs a fixed number of SQL statements, however many rows
it shows: no statement per child (the N+1 pattern) can creep in unnoticed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, event, func, select
from sqlmodel import Session
from tests.ui.conftest import RecordingNavigator, settle

from caseroom.db.models import Child
from caseroom.services.common import SYSTEM
from caseroom.services.people.child_list import ChildFilters
from caseroom.ui.context import AppContext
from caseroom.ui.models.child_table import PAGE_SIZE, first_page
from caseroom.ui.pages.children import ChildrenPage

PAGE_STATEMENTS = 4
"""One page: the count, the category labels, the rows, the rows' SEN categories."""
OPENING_STATEMENTS = PAGE_STATEMENTS + 2
"""Opening the page: one page, the staff and the categories for the filters."""


@contextmanager
def statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run on `engine` (from any thread) while the block runs."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


_TRANSACTION = frozenset({"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"})


def _work(seen: list[str]) -> list[str]:
    """The statements that read or write (transaction control left out)."""
    return [text for text in seen if text.split(maxsplit=1)[0].upper() not in _TRANSACTION]


def test_a_page_of_the_list_costs_the_same_statements_for_one_row_or_many(
    demo_engine: Engine,
) -> None:
    with Session(demo_engine) as session:
        children = session.execute(select(func.count()).select_from(Child)).scalar_one()
        assert children > 1
        with statements(demo_engine) as many:
            full = first_page(
                session, actor=SYSTEM, filters=ChildFilters(), sort="name", descending=False
            )
        first = full.pages[0][0]
        with statements(demo_engine) as one:
            narrow = first_page(
                session,
                actor=SYSTEM,
                filters=ChildFilters(text=first.case_number),
                sort="name",
                descending=False,
            )
    assert len(full.pages[0]) == min(children, PAGE_SIZE) > 1
    assert [row.id for row in narrow.pages[0]] == [first.id]
    assert len(_work(many)) == len(_work(one)) == PAGE_STATEMENTS


def test_opening_the_children_page_costs_a_bounded_number_of_statements(
    qtbot: QtBot, context: AppContext, navigator: RecordingNavigator
) -> None:
    page = ChildrenPage(context, navigator)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    with statements(context.engine) as seen:
        page.show()
        page.refresh()
        qtbot.waitUntil(lambda: page.model.ever_loaded and not page.model.is_loading, timeout=5000)
        settle(qtbot, context)
    assert page.model.rowCount() > 1
    assert len(_work(seen)) <= OPENING_STATEMENTS, _work(seen)
