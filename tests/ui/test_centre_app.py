"""The centre's window (`caseroom --centre URL`) on a centre with two demo rooms, on
SQLite and on PostgreSQL (the session's throw-away cluster, the `postgres` fixture)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mnemonics import clashes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url
from sqlmodel import Session

from caseroom import cli
from caseroom.centre.conflicts import open_conflicts
from caseroom.centre.database import connected
from caseroom.centre.summary import centre_summary
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.demo.build import make_demo
from caseroom.i18n import LANGUAGES, set_language
from caseroom.ui.centre.window import CentreWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "centre"))
from centre_rooms import (  # type: ignore[import-not-found]
    PASSPHRASE,
    PERIOD,
    TODAY,
    CentreUnderTest,
    RoomUnderTest,
    copy_a_child,
)

from pg_cluster import Cluster  # type: ignore[import-not-found]

ENGINES = ("sqlite", "postgresql")


@dataclass
class Made:
    """A centre whose two rooms have sent the period, with one conflict between them."""

    url: str
    third_bundle: Path


def _room(folder: Path, seed: int) -> RoomUnderTest:
    path = folder / f"room{seed}.sqlite3"
    engine = engine_for_path(path)
    upgrade(engine)
    with Session(engine) as session:
        make_demo(session, today=TODAY, families=4, seed=seed, lang="ru")
        session.commit()
    engine.dispose()
    return RoomUnderTest(path)


@dataclass(frozen=True)
class Template:
    """A centre made once per engine: its SQLite file or PostgreSQL database name."""

    engine: str
    where: str
    third_bundle: Path


@pytest.fixture(scope="module", params=ENGINES)
def template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Template]:
    """A centre made once: two rooms imported, conflicts kept, a third bundle unread."""
    folder = tmp_path_factory.mktemp("centre")
    if request.param == "sqlite":
        url = where = str(folder / "centre.sqlite3")
    else:
        cluster: Cluster = request.getfixturevalue("postgres")
        url = cluster.new_database()
        where = str(make_url(url).database)
    centre = CentreUnderTest(url)
    rooms = [_room(folder, 1), _room(folder, 2)]
    for room in rooms:
        room.trust(centre.public)
        centre.add(room)
    centre.import_(rooms[0].export())
    copy_a_child(rooms[0], rooms[1])
    centre.import_(rooms[1].export())
    bundle = folder / "later.bundle"
    bundle.write_bytes(rooms[0].export())
    for room in rooms:
        room.engine.dispose()
    centre.engine.dispose()
    yield Template(request.param, where, bundle)


@pytest.fixture
def made(template: Template, tmp_path: Path, request: pytest.FixtureRequest) -> Made:
    """A copy of the centre for this test (a file copy, or a database made from it)."""
    if template.engine == "sqlite":
        target = tmp_path / "centre.sqlite3"
        shutil.copyfile(template.where, target)
        return Made(str(target), template.third_bundle)
    cluster: Cluster = request.getfixturevalue("postgres")
    return Made(cluster.new_database(template=template.where), template.third_bundle)


@pytest.fixture
def window(qtbot: QtBot, made: Made) -> Iterator[CentreWindow]:
    """The centre window, shown and loaded (English)."""
    set_language("en")
    shown = CentreWindow(made.url)
    qtbot.addWidget(shown)
    shown.show()
    shown.refresh()
    qtbot.waitUntil(lambda: shown.view is not None, timeout=20000)
    yield shown


def _cells(table: object) -> list[list[str]]:
    from PySide6.QtWidgets import QTableWidget

    assert isinstance(table, QTableWidget)
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]  # type: ignore[union-attr]
        for r in range(table.rowCount())
    ]


def test_the_window_lists_the_rooms_with_their_last_bundle(window: CentreWindow) -> None:
    rows = _cells(window.rooms)
    assert len(rows) == 2
    assert all(row[3] == PERIOD and row[4] and row[5] == "sent" for row in rows)
    assert window.period.text() == PERIOD


def test_a_period_not_sent_marks_every_room(qtbot: QtBot, window: CentreWindow) -> None:
    window.period.setText("2025-2026")
    window.show_period()
    qtbot.waitUntil(lambda: window.view is not None and window.view.period == "2025-2026")
    rows = _cells(window.rooms)
    assert [row[5] for row in rows] == ["not sent", "not sent"]
    assert window.rooms.item(0, 0).font().bold()  # type: ignore[union-attr]


def test_the_summary_figures_are_the_centres(window: CentreWindow, made: Made) -> None:
    from caseroom.centre.database import centre_engine

    engine = centre_engine(made.url)
    with connected(engine) as connection:
        expected = centre_summary(connection, period=PERIOD)
    engine.dispose()
    assert window.section.count() == len(expected.sections)
    for index, section in enumerate(expected.sections):
        window.section.setCurrentIndex(index)
        assert _cells(window.figures) == [[str(v) for v in row] for row in section.rows]
    window.section.setCurrentIndex(0)
    assert int(_cells(window.figures)[0][1]) == 2  # rooms registered


def test_the_conflict_is_listed_field_by_field(window: CentreWindow, made: Made) -> None:
    from caseroom.centre.database import centre_engine

    engine = centre_engine(made.url)
    with connected(engine) as connection:
        expected = open_conflicts(connection)
    engine.dispose()
    rows = _cells(window.conflicts)
    assert expected and len(rows) == len(expected)
    assert [int(row[0]) for row in rows] == [c.id for c in expected]
    grade = next(row for row in rows if row[3] == "grade")
    assert grade[4] != grade[6] and grade[5] and grade[7]


def test_import_asks_the_passphrase_and_tells_the_outcome(
    qtbot: QtBot, window: CentreWindow, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseroom.ui.centre import window as module

    asked: list[bool] = []
    monkeypatch.delenv(module.PASSPHRASE_VARIABLE, raising=False)

    def ask() -> str:
        asked.append(True)
        return str(PASSPHRASE)

    monkeypatch.setattr(window, "ask_passphrase", ask)
    shown: list[str] = []
    monkeypatch.setattr(module.QMessageBox, "information", lambda *a: shown.append(a[2]))
    monkeypatch.setattr(module.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.import_files([str(made.third_bundle), str(made.third_bundle) + ".missing"])
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert asked == [True]
    assert "imported (" in shown[0] and "1 bundle was refused." in shown[0]


def test_a_wrong_passphrase_is_told(
    qtbot: QtBot, window: CentreWindow, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseroom.ui.centre import window as module

    monkeypatch.setattr(window, "ask_passphrase", lambda: "not the passphrase")
    shown: list[str] = []
    monkeypatch.setattr(module.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window.import_files([str(made.third_bundle)])
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert window.status.text() == shown[0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".pdf"])
def test_save_as_writes_the_summary(
    qtbot: QtBot, window: CentreWindow, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"summary{suffix}"
    window.save_to(out)
    qtbot.waitUntil(lambda: out.is_file() and "written" in window.status.text(), timeout=20000)
    assert out.stat().st_size > 0


def test_focus_starts_in_the_period_box_and_every_control_is_named(
    window: CentreWindow,
) -> None:
    QApplication.processEvents()
    assert window.focusWidget() is window.period
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        focusable = [
            widget
            for widget in window.findChildren(QWidget)
            if widget.isVisibleTo(window) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ]
        assert focusable
        assert [w for w in focusable if not w.accessibleName()] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_mnemonics_are_unique(qtbot: QtBot, made: Made, language: str) -> None:
    set_language(language)
    try:
        shown = CentreWindow(made.url)
        qtbot.addWidget(shown)
        shown.show()
        for index in range(shown.tabs.count()):
            shown.tabs.setCurrentIndex(index)
            assert clashes(shown) == {}
    finally:
        set_language("en")


def test_the_app_parser_takes_centre() -> None:
    args = cli._app_parser().parse_args(["--centre", "c.sqlite3", "--lang", "kk"])
    assert args.centre == "c.sqlite3" and args.lang == "kk"


def test_caseroom_centre_on_a_missing_file_exits_2(tmp_path: Path) -> None:
    assert cli.main(["--centre", str(tmp_path / "none.sqlite3"), "--lang", "en"]) == 2


def _decided(made: Made) -> list[dict[str, object]]:
    from caseroom.centre.database import centre_engine
    from caseroom.centre.decisions import decided_conflicts

    engine = centre_engine(made.url)
    with connected(engine) as connection:
        found = decided_conflicts(connection)
    engine.dispose()
    return found


def _select_field(window: CentreWindow, field: str) -> object:
    page = window.conflicts_page
    row = next(r for r, c in enumerate(page.items) if c.field == field)
    page.table.selectRow(row)
    return page.items[row]


def _grade_now(made: Made, record_id: object) -> object:
    from sqlalchemy import select

    from caseroom.centre import schema
    from caseroom.centre.database import centre_engine

    engine = centre_engine(made.url)
    with connected(engine) as connection:
        grade = connection.execute(
            select(schema.child.c.grade).where(schema.child.c.record_id == record_id)
        ).scalar_one()
    engine.dispose()
    return grade


def test_take_the_other_value_decides_the_selected_conflict(
    qtbot: QtBot, window: CentreWindow, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.conflicts_page
    before = len(page.items)
    item = _select_field(window, "grade")
    asked: list[object] = []
    monkeypatch.setattr(page, "confirm", lambda c, v: asked.append(v) or True)
    page.other_button.click()
    qtbot.waitUntil(lambda: len(page.items) == before - 1, timeout=20000)
    assert asked == [item.other_value]  # type: ignore[attr-defined]
    (decided,) = _decided(made)
    assert decided["id"] == item.id and decided["resolution"] == "other"  # type: ignore[attr-defined]
    assert decided["resolved_by"]
    assert _grade_now(made, item.record_id) == item.other_value  # type: ignore[attr-defined]
    assert "decided" in window.status.text()


def test_alt_k_keeps_the_kept_value(
    qtbot: QtBot, window: CentreWindow, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtTest import QTest

    page = window.conflicts_page
    window.tabs.setCurrentWidget(page)
    item = _select_field(window, "grade")
    monkeypatch.setattr(page, "confirm", lambda c, v: True)
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(_decided(made)), timeout=20000)
    (decided,) = _decided(made)
    assert decided["resolution"] == "kept"
    assert _grade_now(made, item.record_id) == item.kept_value  # type: ignore[attr-defined]


def test_a_value_of_ones_own_and_a_refusal(
    qtbot: QtBot, window: CentreWindow, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseroom.ui.centre import window as module

    page = window.conflicts_page
    item = _select_field(window, "grade")
    monkeypatch.setattr(page, "confirm", lambda c, v: True)
    monkeypatch.setattr(page, "ask_value", lambda c: "eleven")
    warned: list[str] = []
    monkeypatch.setattr(module.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    page.value_button.click()
    qtbot.waitUntil(lambda: bool(warned), timeout=20000)
    assert "can hold" in warned[0] and _decided(made) == []
    monkeypatch.setattr(page, "ask_value", lambda c: "4")
    page.value_button.click()
    qtbot.waitUntil(lambda: bool(_decided(made)), timeout=20000)
    assert _grade_now(made, item.record_id) == 4  # type: ignore[attr-defined]


def test_declining_changes_nothing_and_no_selection_disables(
    window: CentreWindow, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.conflicts_page
    _select_field(window, "grade")
    monkeypatch.setattr(page, "confirm", lambda c, v: False)
    page.keep_button.click()
    QApplication.processEvents()
    assert _decided(made) == []
    page.table.clearSelection()
    assert not page.keep_button.isEnabled() and not page.other_button.isEnabled()


def test_dates_are_shown_as_in_the_rest_of_the_app(window: CentreWindow) -> None:
    import re

    made_on = [row[4] for row in _cells(window.rooms)]
    assert made_on and all(re.fullmatch(r"\d\d\.\d\d\.\d{4}", text) for text in made_on)
