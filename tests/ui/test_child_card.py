"""The child card: every tab fills from the demo database as the services say."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.i18n import set_language
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.parents.consents import list_consents
from caseroom.services.parents.involvement import caregiver_presence, family_involvement
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.children import ChildInput, create_child, get_child
from caseroom.services.people.families import get_family
from caseroom.services.plans.calendar import current_quarter
from caseroom.services.plans.pmpk import ConclusionInput, add_conclusion, current_conclusion
from caseroom.services.sessions.timeline import child_timeline
from caseroom.services.sessions.writing import sessions_between
from caseroom.ui.context import AppContext
from caseroom.ui.pages.child_card.card import TABS, ChildCard
from caseroom.ui.pages.child_card.overview import expiry_note
from caseroom.ui.pages.child_card.parents import measures, ratio

TODAY = date(2026, 11, 23)


def first_child(engine: Engine) -> uuid.UUID:
    with Session(engine) as session:
        return list_children(session, actor=SYSTEM, filters=ChildFilters(), limit=1)[0].id


def open_card(
    qtbot: QtBot, context: AppContext, navigator: Any, child_id: uuid.UUID, tab: str
) -> ChildCard:
    card = ChildCard(context, navigator, lambda: TODAY)
    qtbot.addWidget(card)
    card.resize(1300, 720)
    card.show()
    qtbot.waitExposed(card)
    with qtbot.waitSignal(card.loaded, timeout=10_000, check_params_cb=lambda name: name == tab):
        card.open_child(child_id, tab)
    return card


def test_overview_shows_details_conclusion_and_consents(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    card = open_card(qtbot, context, navigator, child_id, "overview")
    with Session(demo_engine) as session:
        child = get_child(session, actor=SYSTEM, child_id=child_id)
        conclusion = current_conclusion(session, actor=SYSTEM, child_id=child_id)
        consents = list_consents(session, actor=SYSTEM, child_id=child_id)
        family = get_family(session, actor=SYSTEM, family_id=child.family_id)
    assert card.title.text() == child.full_name
    assert child.case_number in card.subtitle.text()
    overview = card.overview
    assert overview._values["case"].text() == child.case_number
    assert overview._values["family"].text() == family.display_name
    assert overview._values["iin"].text() == (child.iin or "—")
    assert conclusion is not None
    assert f"No. {conclusion.number}" in overview.conclusion.text()
    assert overview.consents.topLevelItemCount() == len(consents) > 0
    assert overview.consents.topLevelItem(0).text(2) == consents[0].signer_name


def test_a_card_makes_only_the_tabs_shown(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    card = open_card(qtbot, context, navigator, first_child(demo_engine), "overview")
    assert card.built_tabs() == ["overview"]  # the other four hold nothing yet
    with qtbot.waitSignal(card.loaded, timeout=10_000, check_params_cb=lambda n: n == "plan"):
        card.tabs.setCurrentIndex(TABS.index("plan"))
    assert card.built_tabs() == ["overview", "plan"]
    assert card.tabs.currentWidget().isAncestorOf(card.plan)
    assert card.plan.isVisible()  # the plan tab shows what it showed before


def test_an_expiring_conclusion_is_flagged(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    child_id = first_child(demo_engine)
    with Session(demo_engine) as session:
        add_conclusion(
            session,
            actor=psychologist,
            child_id=child_id,
            data=ConclusionInput(
                issued_on=TODAY - timedelta(days=1),
                number="ПМПК-99/26",
                valid_until=TODAY + timedelta(days=12),
            ),
            today=TODAY,
        )
        session.commit()
    card = open_card(qtbot, context, navigator, child_id, "overview")
    assert card.overview.expiry.isVisible()
    assert card.overview.expiry.text() == ("The PMPK conclusion expires in 12 days, on 05.12.2026.")
    assert "ПМПК-99/26" in card.overview.conclusion.text()


def test_expiry_note_rules() -> None:
    from caseroom.services.plans.pmpk import ConclusionRead

    def conclusion(until: date | None) -> ConclusionRead:
        return ConclusionRead(uuid.uuid4(), uuid.uuid4(), date(2025, 1, 1), "1", None, until, False)

    assert expiry_note(conclusion(None), TODAY) is None
    assert expiry_note(conclusion(TODAY + timedelta(days=31)), TODAY) is None
    found = expiry_note(conclusion(TODAY + timedelta(days=30)), TODAY)
    assert found is not None and "in 30 days" in found[0]
    found = expiry_note(conclusion(TODAY + timedelta(days=1)), TODAY)
    assert found is not None and "in 1 day," in found[0]
    found = expiry_note(conclusion(TODAY - timedelta(days=1)), TODAY)
    assert found is not None and found[0].startswith("The PMPK conclusion expired on 22.11.2026")


def test_sessions_tab_lists_the_childs_sessions_newest_first(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    card = open_card(qtbot, context, navigator, child_id, "sessions")
    with Session(demo_engine) as session:
        rows = sessions_between(
            session,
            actor=SYSTEM,
            start=TODAY + timedelta(days=183) - timedelta(days=366),
            end=TODAY + timedelta(days=183),
            child_id=child_id,
        )
    table = card.sessions.table
    assert table.topLevelItemCount() == len(rows) > 0
    assert table.topLevelItem(0).text(0) == rows[-1].held_on.strftime("%d.%m.%Y")
    assert table.topLevelItem(len(rows) - 1).text(0) == rows[0].held_on.strftime("%d.%m.%Y")
    table.setFocus()
    table.setCurrentItem(table.topLevelItem(0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert navigator.calls[-1] == ("log_session", {"child_id": None, "session_id": rows[-1].id})
    qtbot.mouseClick(card.log_button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("log_session", {"child_id": child_id, "session_id": None})


def test_a_child_without_sessions_shows_the_empty_state(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, psychologist: Actor
) -> None:
    with Session(demo_engine) as session:
        family_id = get_child(session, actor=SYSTEM, child_id=first_child(demo_engine)).family_id
        new = create_child(
            session,
            actor=psychologist,
            data=ChildInput(
                family_id=family_id,
                last_name="Омарова",
                first_name="Дана",
                birth_date=date(2018, 2, 1),
                enrolled_on=TODAY,
            ),
            today=TODAY,
        )
        session.commit()
    card = open_card(qtbot, context, navigator, new.id, "sessions")
    assert card.sessions.stack.currentWidget() is card.sessions.empty
    assert card.sessions.empty.button is not None
    qtbot.mouseClick(card.sessions.empty.button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("log_session", {"child_id": new.id, "session_id": None})


def test_parents_tab_shows_caregivers_and_involvement(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    card = open_card(qtbot, context, navigator, child_id, "parents")
    with Session(demo_engine) as session:
        child = get_child(session, actor=SYSTEM, child_id=child_id)
        family = get_family(session, actor=SYSTEM, family_id=child.family_id)
        quarter = current_quarter(session, today=TODAY)
        figures = family_involvement(
            session, actor=SYSTEM, family_id=family.id, start=quarter.starts_on, end=TODAY
        )
        held, present, _joint = caregiver_presence(
            session, child_id, family.id, quarter.starts_on, TODAY
        )

    def shown() -> list[str]:
        return [
            widget.text()
            for widget in card.parents.findChildren(type(card.title))
            if widget.isVisible()
        ]

    for carer in family.caregivers:
        name = f"{carer.last_name} {carer.first_name}"
        qtbot.waitUntil(lambda name=name: any(t.startswith(name) for t in shown()), timeout=3000)
    assert card.parents.figure_values[0].text() == ratio(
        figures.consultations_attended, figures.consultations_offered
    )
    assert card.parents.figure_values[2].text() == ratio(present, held)  # any session of hers
    assert card.parents.figure_values[3].text() == ratio(
        figures.practice_done, figures.practice_given
    )
    column = quarter.number  # the measures' titles are the first column
    expected = (
        f"{figures.consultations_attended} of {figures.consultations_offered}"
        if figures.consultations_offered
        else "—"
    )
    assert card.parents.trend.item(0, column).text() == expected
    assert card.parents.trend.item(0, 0).text() == "Consultations attended of offered"
    assert card.parents.trend.horizontalHeaderItem(column).text() == f"Quarter {quarter.number}"
    qtbot.mouseClick(card.parents.family_button, Qt.MouseButton.LeftButton)
    assert navigator.calls[-1] == ("open_family", {"family_id": family.id})


def test_ratio_text() -> None:
    assert ratio(2, 3) == "2 of 3 (67%)"
    assert ratio(0, 0) == "—"


@pytest.mark.parametrize(("language", "width"), [("ru", 1366 - 100), ("kk", 800)])
def test_year_table_holds_its_quarters_and_every_measure(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    language: str,
    width: int,
) -> None:
    """Russian at a laptop's width and Kazakh as narrow as at 150 %: no quarter clipped,
    the measures' titles wrap and every row shows."""
    set_language(language)
    card = open_card(qtbot, context, navigator, first_child(demo_engine), "parents")
    card.resize(width, 720)
    trend = card.parents.trend
    header = trend.horizontalHeader()

    def heights() -> list[int]:
        return [trend.rowHeight(row) for row in range(trend.rowCount())]

    if language == "kk":  # narrow: the long titles wrap onto a second line
        two_lines = 2 * trend.fontMetrics().lineSpacing()
        qtbot.waitUntil(lambda: max(heights()) >= two_lines, timeout=5000)
    # Every row shows: the table grows with its rows and never scrolls.
    qtbot.waitUntil(lambda: trend.viewport().height() >= sum(heights()), timeout=5000)
    assert trend.columnCount() == 5
    assert trend.verticalHeader().isHidden()
    assert [trend.item(row, 0).text() for row in range(trend.rowCount())] == [
        title for title, _measure in measures()
    ]
    for column in range(1, trend.columnCount()):  # each quarter's title whole, in view
        title = trend.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.sectionSizeHint(column), title
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= trend.viewport().width(), title


def test_history_tab_pages_through_the_timeline(
    qtbot: QtBot,
    context: AppContext,
    navigator: Any,
    demo_engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from caseroom.ui.pages.child_card import history as child_card_history

    monkeypatch.setattr(child_card_history, "PAGE", 10)
    child_id = first_child(demo_engine)
    card = open_card(qtbot, context, navigator, child_id, "history")
    with Session(demo_engine) as session:
        everything = child_timeline(session, actor=SYSTEM, child_id=child_id, limit=1000)
    history = card.history
    first_page = history.list.topLevelItemCount()
    assert 0 < first_page <= 10
    assert history.list.topLevelItem(0).text(1) == everything[0].title
    assert history.older.isVisible()
    qtbot.mouseClick(history.older, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: history.list.topLevelItemCount() > first_page, timeout=5000)
    shown = [history.list.topLevelItem(i).text(1) for i in range(history.list.topLevelItemCount())]
    assert shown == [entry.title for entry in everything[: len(shown)]]


def test_tabs_load_when_first_shown_and_back_returns(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = first_child(demo_engine)
    card = open_card(qtbot, context, navigator, child_id, "overview")
    assert card.plan.data is None  # not read until shown
    for index, name in enumerate(TABS[1:], start=2):
        with qtbot.waitSignal(
            card.loaded, timeout=10_000, check_params_cb=lambda tab, name=name: tab == name
        ):
            qtbot.keyClick(card.tabs, Qt.Key(Qt.Key.Key_0 + index), Qt.KeyboardModifier.AltModifier)
        assert card.current_tab == name
    with qtbot.waitSignal(card.back_requested, timeout=2000):
        focus = QApplication.focusWidget() or card.tabs
        qtbot.keyClick(focus, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
