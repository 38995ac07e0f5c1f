"""The centre's window (`caseroom --centre URL`) on a SQLite centre with two demo rooms."""

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
from sqlmodel import Session, col, select

from caseroom import cli
from caseroom.centre.conflicts import open_conflicts
from caseroom.centre.database import connected
from caseroom.centre.summary import centre_summary
from caseroom.db.engine import engine_for_path
from caseroom.db.migrate import upgrade
from caseroom.db.models import Child, Family, Room
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
)


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


def _copy_a_child(source: RoomUnderTest, target: RoomUnderTest) -> None:
    """Give `target` one of `source`'s children (same record id) in another grade."""
    with Session(source.engine) as session:
        child = session.exec(select(Child).where(col(Child.status) == "active")).first()
        assert child is not None
        values = child.model_dump()
    with Session(target.engine) as session:
        room = session.exec(select(Room)).one()
        family = session.exec(select(Family)).first()
        assert family is not None
        values.update(
            room_id=room.id,
            family_id=family.id,
            case_number="MOVED-1",
            iin=None,
            grade=(values["grade"] or 1) % 11 + 1,
        )
        session.add(Child(**values))
        session.commit()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A centre file made once: two rooms imported, a conflict kept, a third bundle unread."""
    folder = tmp_path_factory.mktemp("centre")
    centre = CentreUnderTest(str(folder / "centre.sqlite3"))
    rooms = [_room(folder, 1), _room(folder, 2)]
    for room in rooms:
        room.trust(centre.public)
        centre.add(room)
    centre.import_(rooms[0].export())
    _copy_a_child(rooms[0], rooms[1])
    centre.import_(rooms[1].export())
    bundle = folder / "later.bundle"
    bundle.write_bytes(rooms[0].export())
    for room in rooms:
        room.engine.dispose()
    centre.engine.dispose()
    yield folder / "centre.sqlite3", bundle


@pytest.fixture
def made(template: tuple[Path, Path], tmp_path: Path) -> Made:
    """A copy of the centre for this test."""
    target = tmp_path / "centre.sqlite3"
    shutil.copyfile(template[0], target)
    return Made(str(target), template[1])


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
    grade = next(row for row in rows if row[2] == "grade")
    assert grade[3] != grade[5] and grade[4] and grade[6]


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
