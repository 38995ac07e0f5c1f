"""The roster import wizard, driven by the keyboard: a file is checked (a dry run that
writes nothing), its columns, records and problems are shown, and Import writes all or
nothing; Cancel in the middle of an import leaves the database exactly as it was."""

from __future__ import annotations

import csv
import io
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlmodel import Session
from tests.ui.conftest import RecordingNavigator, settle

from caseroom.db.engine import engine_for_path
from caseroom.db.models import Caregiver, Child, Family, Room, Staff
from caseroom.services.common import Actor
from caseroom.services.importing import roster
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.roster_import import RosterImportWizard
from caseroom.ui.pages.children import ChildrenPage
from caseroom.ui.tasks import TaskRunner

HEADER = (
    "Фамилия;Имя;Дата рождения;Фамилия родителя;Имя родителя;Кем приходится;Телефон;Любимый цвет"
)
GOOD = [
    "Сейткали;Айгерим;14.03.2017;Сейткали;Гульнара;мать;87011234567;синий",
    "Сейткали;Ерлан;02.05.2015;Сейткали;Гульнара;мать;87011234567;",
    "Омаров;Тимур;05.01.2012;Омарова;Сауле;опекун;87017654321;",
]


@pytest.fixture
def room_engine(template_db: Path, tmp_path: Path) -> Iterator[Engine]:
    """A new room: set up, one psychologist, no children yet."""
    path = tmp_path / "room.sqlite3"
    shutil.copyfile(template_db, path)
    engine = engine_for_path(path)
    with Session(engine) as session:
        room = Room(school_name="Школа-гимназия № 5", room_name="Кабинет", locality="Есик")
        session.add(room)
        session.flush()
        session.add(
            Staff(room_id=room.id, last_name="Омарова", first_name="Дана", role="psychologist")
        )
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def room_context(room_engine: Engine) -> Iterator[AppContext]:
    """The new room's psychologist, acting."""
    with Session(room_engine) as session:
        member = session.execute(select(Staff)).scalar_one()
        actor = Actor(member.id, member.role)
    runner = TaskRunner()
    yield AppContext(room_engine, actor, runner)
    runner.shutdown()


def _roster(tmp_path: Path, rows: list[str], name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _children(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.execute(select(func.count()).select_from(Child)).scalar_one())


def _wizard(qtbot: QtBot, context: AppContext) -> RosterImportWizard:
    wizard = RosterImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.open()
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(wizard.isActiveWindow, timeout=3000)
    return wizard


def _check(qtbot: QtBot, wizard: RosterImportWizard, path: Path) -> None:
    assert QApplication.focusWidget() is wizard.path
    qtbot.keyClicks(wizard.path, str(path))
    qtbot.keyClick(wizard.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.state in ("review", "file"), timeout=10000)


def _cells(table: Any) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


def test_a_good_roster_is_checked_shown_and_imported_by_the_keyboard(
    qtbot: QtBot, room_context: AppContext, room_engine: Engine, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, room_context)
    _check(qtbot, wizard, _roster(tmp_path, GOOD))
    assert wizard.state == "review"
    assert _children(room_engine) == 0  # the check wrote nothing
    review = wizard.review
    assert "3 rows checked: the roster can be imported." in review.verdict.text()
    assert "Will be made: 2 families, 2 caregivers, 3 children, 0 PMPK conclusions." in (
        review.made_summary.text()
    )
    assert ["2", "Child", "New", "Сейткали Айгерим", ""] in _cells(review.records)
    assert _cells(review.columns) == [
        ["Фамилия", "Child's last name"],
        ["Имя", "Child's first name"],
        ["Дата рождения", "Date of birth"],
        ["Фамилия родителя", "Caregiver's last name"],
        ["Имя родителя", "Caregiver's first name"],
        ["Кем приходится", "Caregiver's relation to the child"],
        ["Телефон", "Caregiver's phone"],
        ["Любимый цвет", "Ignored: caseroom does not know this column"],
    ]
    assert review.problems.lines == [
        (1, "Любимый цвет", "Warning", "Unknown column: it is ignored")
    ]
    assert wizard.next_button.isEnabled() and wizard.next_button.text() == "&Import"
    qtbot.keyClick(wizard, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: wizard.state == "done", timeout=10000)
    assert wizard.run_title.text() == "The roster is imported"
    assert "Made: 2 families, 2 caregivers, 3 children" in wizard.run_text.text()
    assert _children(room_engine) == 3
    assert QApplication.focusWidget() is wizard.next_button
    with qtbot.waitSignal(wizard.finished, timeout=3000):
        qtbot.keyClick(wizard.next_button, Qt.Key.Key_Return)


def test_a_roster_with_problems_imports_nothing_and_lists_each_by_row_and_column(
    qtbot: QtBot, room_context: AppContext, room_engine: Engine, tmp_path: Path
) -> None:
    rows = [*GOOD, "Ким;Виктор;31.02.2013;;;;;", "Ли;;01.01.2014;;;;;"]
    wizard = _wizard(qtbot, room_context)
    _check(qtbot, wizard, _roster(tmp_path, rows))
    review = wizard.review
    assert wizard.state == "review" and not wizard.next_button.isEnabled()
    assert review.verdict.text() == (
        "2 problems: nothing can be imported until they are corrected in the file."
    )
    assert review.tabs.currentWidget() is review.problems
    lines = review.problems.lines
    assert [(row, column, kind) for row, column, kind, _message in lines] == [
        (1, "Любимый цвет", "Warning"),
        (5, "Дата рождения", "Problem"),
        (6, "Имя", "Problem"),
    ]
    table = review.problems.table
    table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by column, as a header click does
    assert [line[1] for line in review.problems.shown_lines()] == [
        "Дата рождения",
        "Имя",
        "Любимый цвет",
    ]
    table.setFocus()
    table.clearSelection()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QApplication.clipboard().text().splitlines()
    assert copied[0].startswith("5\tДата рождения\tProblem\t")
    assert len(copied) == 3
    QApplication.clipboard().clear()
    table.selectRow(1)
    assert review.problems.copy_button.text() == "Cop&y"
    qtbot.keyClick(table, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)  # Cop&y: that line
    qtbot.waitUntil(lambda: bool(QApplication.clipboard().text()), timeout=3000)
    only = QApplication.clipboard().text().split("\t")
    assert only[:3] == ["6", "Имя", "Problem"]
    assert len(only) == 4 and only[3]
    written = review.problems.export_to(tmp_path / "problems")
    assert written.name == "problems.csv"
    read = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    assert read[0] == ["Row", "Column", "Kind", "Message"]
    assert [line[:3] for line in read[1:]] == [
        ["5", "Дата рождения", "Problem"],
        ["6", "Имя", "Problem"],
        ["1", "Любимый цвет", "Warning"],
    ]
    assert _children(room_engine) == 0
    qtbot.keyClick(wizard, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # clicks in a moment
    qtbot.waitUntil(lambda: wizard.state == "file", timeout=3000)
    assert QApplication.focusWidget() is wizard.path


def test_a_file_that_cannot_be_read_says_why_on_the_first_step(
    qtbot: QtBot, room_context: AppContext, tmp_path: Path
) -> None:
    wizard = _wizard(qtbot, room_context)
    _check(qtbot, wizard, tmp_path / "missing.csv")
    assert wizard.state == "file"
    assert wizard.file_error.text().startswith("No roster file at")


def _dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_cancel_in_the_middle_of_an_import_leaves_the_database_exactly_as_it_was(
    qtbot: QtBot,
    room_context: AppContext,
    room_engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wizard = _wizard(qtbot, room_context)
    _check(qtbot, wizard, _roster(tmp_path, GOOD))
    assert wizard.state == "review"
    settle(qtbot, room_context)
    database = Path(str(room_engine.url.database))
    before = _dump(database)
    written_so_far: list[int] = []
    reached, release = threading.Event(), threading.Event()
    real = roster.write_records

    def slow(session: Session, records: Any, **kwargs: Any) -> None:
        progress = kwargs.pop("progress")

        def told(stage: str, done: int, total: int) -> None:
            counted = sum(
                int(session.execute(select(func.count()).select_from(model)).scalar_one())
                for model in (Family, Caregiver, Child)
            )
            written_so_far.append(counted)
            reached.set()
            assert release.wait(10)
            progress(stage, done, total)

        real(session, records, progress=told, **kwargs)

    monkeypatch.setattr(roster, "write_records", slow)
    qtbot.keyClick(wizard, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(reached.is_set, timeout=10000)
    assert wizard.state == "importing"
    assert QApplication.focusWidget() is wizard.cancel_button
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Cancel: the wizard stays, the import stops
    assert wizard.isVisible() and wizard.run_text.text() == "Cancelling…"
    release.set()
    qtbot.waitUntil(lambda: wizard.state == "done", timeout=10000)
    assert written_so_far[0] > 0  # records were written inside the transaction, then undone
    assert wizard.run_title.text() == "The import was cancelled"
    assert wizard.run_text.text() == "Nothing was imported: the database is as it was."
    assert _dump(database) == before
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_the_empty_children_page_of_a_new_room_offers_the_import(
    qtbot: QtBot, room_context: AppContext, navigator: RecordingNavigator
) -> None:
    page = ChildrenPage(room_context, navigator)  # type: ignore[arg-type]
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    page.refresh()
    settle(qtbot, room_context)
    assert page.results.currentWidget() is page.empty
    offered = page.empty.findChild(QPushButton, "emptyRosterImport")
    assert offered is not None and offered.isVisible()
    assert offered.text() == "Import a roster from a spreadsheet…"
    assert page.roster_button.isVisible()
    offered.click()
    wizard = page.roster_wizard
    assert isinstance(wizard, RosterImportWizard)
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.path, timeout=3000)
    wizard.reject()
