"""Shared UI fixtures: preferences in a temporary folder, a small demo database, a context.

- every UI test writes its QSettings (window geometry, last database, language) into its own
  temporary folder, never into the user's real preferences;
- `demo_engine`: a copy of a demo database (8 families, seed 3, made as on `DEMO_TODAY`);
- `context`: an `AppContext` on it acting as the demo's educational psychologist;
- `navigator`: a `Navigator` that records what it was asked to show;
- `window`: the main window on `context`, shown at 1366×768 in English, its pages loaded
  (`settle` waits for the database worker the same way in a test).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo, open_demo
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.db.engine import engine_for_path
from caseroom.demo.build import make_demo
from caseroom.i18n import set_language
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.staff import list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.tasks import TaskRunner

DEMO_TODAY = date(2026, 11, 23)
"""The day the demo database was made for (a Monday)."""


@pytest.fixture(autouse=True)
def qsettings_folder(tmp_path: Path) -> Path:
    """Keep this test's QSettings (IniFormat, user scope) in a folder of its own."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made once per test run (copied for each test)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    engine = engine_for_path(path)
    with Session(engine) as session:
        make_demo(session, today=DEMO_TODAY, families=8, seed=3)
        session.commit()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo database."""
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def demo_engine(demo_path: Path) -> Iterator[Engine]:
    """An engine on this test's demo database."""
    engine = engine_for_path(demo_path)
    yield engine
    engine.dispose()


@pytest.fixture
def psychologist(demo_engine: Engine) -> Actor:
    """The demo's educational psychologist, acting."""
    with Session(demo_engine) as session:
        member = list_staff(session, actor=SYSTEM, role="psychologist")[0]
    return Actor(member.id, member.role)


@pytest.fixture
def context(demo_engine: Engine, psychologist: Actor) -> Iterator[AppContext]:
    """An AppContext on the demo database acting as its psychologist."""
    runner = TaskRunner()
    yield AppContext(demo_engine, psychologist, runner)
    runner.shutdown()


@dataclass
class RecordingNavigator:
    """A Navigator that remembers every request (method name and arguments)."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def open_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        self.calls.append(("open_child", {"child_id": child_id, "tab": tab}))

    def open_family(self, family_id: uuid.UUID) -> None:
        self.calls.append(("open_family", {"family_id": family_id}))

    def open_group(self, group_id: uuid.UUID) -> None:
        self.calls.append(("open_group", {"group_id": group_id}))

    def open_journal(self, day: date | None = None) -> None:
        self.calls.append(("open_journal", {"day": day}))

    def log_session(
        self,
        *,
        child_id: uuid.UUID | None = None,
        session_id: uuid.UUID | None = None,
        practice_id: uuid.UUID | None = None,
    ) -> None:
        asked = {"child_id": child_id, "session_id": session_id}
        if practice_id is not None:
            asked["practice_id"] = practice_id
        self.calls.append(("log_session", asked))

    def show_page(self, name: str) -> None:
        self.calls.append(("show_page", {"name": name}))


@pytest.fixture
def navigator() -> RecordingNavigator:
    """A navigator that records requests."""
    return RecordingNavigator()


def settle(qtbot: QtBot, context: AppContext, rounds: int = 3) -> None:
    """Let the database worker deliver all it was asked for, and what that asks for in turn.

    Each round queues a no-op behind the pending work and waits until every result has
    reached the GUI thread (the worker reports itself idle); pages that load in steps
    queue more work from a result, hence a few rounds.
    """
    busy = [True]  # if work was queued before we listened, its "idle" is still to come

    def track(value: bool) -> None:
        busy[0] = value

    context.runner.busy_changed.connect(track)
    try:
        for _round in range(rounds):
            busy[0] = True
            done = context.runner.run(lambda: None)
            qtbot.waitUntil(done.done, timeout=10000)
            qtbot.waitUntil(lambda: not busy[0], timeout=10000)
            qtbot.wait(30)
    finally:
        context.runner.busy_changed.disconnect(track)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, demo_path: Path) -> MainWindow:
    """The main window on the demo database, shown in English, its first page loaded."""
    set_language("en")
    shown = MainWindow(demo_path, app_settings())
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    shown.attach(context)
    settle(qtbot, context)
    return shown


@pytest.fixture
def demo(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> Iterator[Demo]:
    """A copy of the shared demo database with a context and a recording navigator."""
    opened = open_demo(template_db, tmp_path_factory.getbasetemp(), tmp_path / "demo.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def no_modal_questions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A changed form left open by a failed test is closed without a blocking question."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Discard)
