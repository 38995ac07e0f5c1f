"""Every page and every tab of the child card fits a 1366-pixel laptop screen, in each language.

A page's widest row decides the window's narrowest width: a row of Russian or Kazakh labels
that grows past the screen pushes the right-hand buttons off it (a hidden page counts too,
since the pages share one stack). A tab that scrolls must still not scroll sideways: the
parents tab of a caregiver with check-ins and a safety flag open (every wellbeing button
shown) once did in Kazakh and Russian, its involvement table cut off at the right.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dialog_factories import Records, read_records
from PySide6.QtWidgets import QLabel, QScrollArea, QTabWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from tests.ui.conftest import settle

from caseroom.db.models import Caregiver, Child
from caseroom.db.models_wellbeing import WellbeingFlag
from caseroom.i18n import LANGUAGES, _, set_language
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.pages import registry
from caseroom.ui.widgets.style import colors

SCREEN_WIDTH = 1366


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each interface language in turn."""
    set_language(request.param)
    yield request.param
    set_language("en")


def test_every_page_and_card_tab_fits_a_1366_pixel_screen(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, demo_path: Path, language: str
) -> None:
    records: Records = read_records(demo_engine, demo_path)
    window = MainWindow(demo_path, app_settings())
    qtbot.addWidget(window)
    window.resize(SCREEN_WIDTH, 768)
    window.show()
    qtbot.waitExposed(window)
    window.attach(context)
    settle(qtbot, context)
    too_wide: dict[str, int] = {}
    for page in registry.PAGE_NAMES:
        window.show_page(page)
        settle(qtbot, context)
        if window.minimumSizeHint().width() > SCREEN_WIDTH:
            too_wide[f"page {page}"] = window.minimumSizeHint().width()
    window.open_child(records.child_id)
    settle(qtbot, context)
    tabs = max(
        (tab for tab in window.findChildren(QTabWidget) if tab.isVisibleTo(window)),
        key=lambda tab: tab.count(),
    )
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        settle(qtbot, context)
        if window.minimumSizeHint().width() > SCREEN_WIDTH:
            too_wide[f"child card tab {index + 1}"] = window.minimumSizeHint().width()
    assert too_wide == {}, f"wider than {SCREEN_WIDTH} px in {language}: {too_wide}"


def flagged_child(engine: Engine) -> object:
    """A demo child whose caregiver has check-ins and a safety flag open."""
    with Session(engine) as session:
        found = session.exec(
            select(Child.id)
            .join(Caregiver, col(Caregiver.family_id) == col(Child.family_id))
            .join(WellbeingFlag, col(WellbeingFlag.caregiver_id) == col(Caregiver.id))
            .where(col(WellbeingFlag.closed_on).is_(None))
            .order_by(col(Child.case_number))
        ).first()
    assert found is not None, "the demo has a caregiver with a safety flag open"
    return found


def test_the_parents_tab_never_scrolls_sideways_at_1366_pixels(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, demo_path: Path, language: str
) -> None:
    window = MainWindow(demo_path, app_settings())
    qtbot.addWidget(window)
    window.resize(SCREEN_WIDTH, 768)
    window.show()
    qtbot.waitExposed(window)
    window.attach(context)
    settle(qtbot, context)
    window.open_child(flagged_child(demo_engine), "parents")  # type: ignore[arg-type]
    settle(qtbot, context, 5)
    parents = window.page("children").card.parents
    assert parents.wellbeing_parts, "the caregiver's wellbeing part is shown"
    part = next(p for p in parents.wellbeing_parts.values() if p.flags.flags)
    assert part.flags.isVisibleTo(window) and part.archive_button.isVisibleTo(window)
    scroll = parents.findChild(QScrollArea)
    assert scroll is not None
    bar = scroll.horizontalScrollBar()
    assert bar.maximum() == 0, (
        f"the parents tab scrolls {bar.maximum()} px sideways in {language} "
        f"(its content needs {scroll.widget().minimumSizeHint().width()} px, "
        f"the view has {scroll.viewport().width()})"
    )
    table = parents.trend
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width(), (
        f"the involvement table is cut off in {language}"
    )
    # The flag's line is marked in words and in colour (bold, red), not by colour alone.
    line = part.flags.lines[0]
    line.ensurePolished()
    words = _("Safety flag: {instrument} on {date}, waiting for a follow-up").split(":")[0]
    assert line.text().startswith(words)
    assert line.palette().color(line.foregroundRole()).name() == colors().danger
    assert line.font().bold()
    # The wellbeing heading fits a father as well as a mother: no "her" ("её").
    headings = [
        label.text() for label in part.findChildren(QLabel) if label.property("role") == "heading"
    ]
    assert headings == [_("Wellbeing (the caregiver's own data)")]
    assert not any(word in headings[0].split() for word in ("her", "(her", "её", "(её"))


def test_the_plan_summary_keeps_to_two_lines_beside_the_plan_actions(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, demo_path: Path, language: str
) -> None:
    records: Records = read_records(demo_engine, demo_path)
    window = MainWindow(demo_path, app_settings())
    qtbot.addWidget(window)
    window.resize(SCREEN_WIDTH, 768)
    window.show()
    qtbot.waitExposed(window)
    window.attach(context)
    settle(qtbot, context)
    window.open_child(records.child_id, "plan")
    settle(qtbot, context, 5)
    plan = window.page("children").card.plan  # type: ignore[union-attr]
    summary = plan.summary
    assert summary.text(), "the plan's summary is shown"
    lines = summary.height() // summary.fontMetrics().lineSpacing()
    assert lines <= 2, f"the plan summary takes {lines} lines in {language}"
    buttons = (plan.review_button, plan.edit_plan_button, plan.add_goal_button)
    assert all(button.isVisibleTo(window) for button in buttons)
