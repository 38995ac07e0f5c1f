"""Helpers for the session dialog, Families, Journal and Groups tests: a demo database.

The 8-family demo (seed 3, "today" 2026-11-23) is made once per test run and copied for
each test; `open_demo` gives an `AppContext` acting as the room's psychologist.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from caseroom.db.engine import engine_for_path
from caseroom.db.models import Child, Staff
from caseroom.demo.build import make_demo
from caseroom.services.common import Actor
from caseroom.ui.context import AppContext
from caseroom.ui.tasks import TaskRunner

DEMO_TODAY = date(2026, 11, 23)
_templates: dict[str, Path] = {}


def demo_template(template_db: Path, folder: Path) -> Path:
    """The demo database made once from the migrated template (cached for the run)."""
    found = _templates.get("demo")
    if found is not None:
        return found
    path = folder / "demo-template.sqlite3"
    shutil.copyfile(template_db, path)
    engine = engine_for_path(path)
    with Session(engine) as session:
        make_demo(session, today=DEMO_TODAY, families=8, seed=3)
        session.commit()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    _templates["demo"] = path
    return path


@dataclass
class Navigation:
    """A navigator that records what views asked for."""

    calls: list[tuple[str, Any]] = field(default_factory=list)

    def open_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        self.calls.append(("open_child", child_id))

    def open_family(self, family_id: uuid.UUID) -> None:
        self.calls.append(("open_family", family_id))

    def open_group(self, group_id: uuid.UUID) -> None:
        self.calls.append(("open_group", group_id))

    def open_journal(self, day: date | None = None) -> None:
        self.calls.append(("open_journal", day))

    def log_session(
        self,
        *,
        child_id: uuid.UUID | None = None,
        session_id: uuid.UUID | None = None,
        practice_id: uuid.UUID | None = None,
    ) -> None:
        self.calls.append(("log_session", practice_id or session_id or child_id))

    def show_page(self, name: str) -> None:
        self.calls.append(("show_page", name))


@dataclass
class Demo:
    """A copy of the demo database with a context acting as its psychologist."""

    path: Path
    engine: Engine
    context: AppContext
    runner: TaskRunner
    staff_id: uuid.UUID
    navigator: Navigation
    busy: bool = False

    def child(self, case_number: str) -> Child:
        """A child of the demo by case number (detached)."""
        with Session(self.engine) as session:
            found = session.execute(
                select(Child).where(col(Child.case_number) == case_number)
            ).scalar_one()
            session.expunge(found)
            return found

    def query(self, work: Callable[[Session], Any]) -> Any:
        """Run `work` on a fresh session (for checking what the widgets wrote)."""
        with Session(self.engine) as session:
            return work(session)

    def close(self) -> None:
        """Stop the worker and the engine."""
        self.runner.shutdown()
        self.engine.dispose()


def open_demo(template_db: Path, folder: Path, target: Path) -> Demo:
    """Copy the demo database to `target` and open a context on it."""
    shutil.copyfile(demo_template(template_db, folder), target)
    engine = engine_for_path(target)
    with Session(engine) as session:
        staff_id = session.execute(
            select(col(Staff.id)).where(col(Staff.role) == "psychologist")
        ).scalar_one()
    runner = TaskRunner()
    context = AppContext(engine, Actor(staff_id, "psychologist"), runner)
    demo = Demo(target, engine, context, runner, staff_id, Navigation())

    def note_busy(busy: bool) -> None:
        demo.busy = busy

    runner.busy_changed.connect(note_busy)
    return demo


def wait_idle(qtbot: QtBot, demo: Demo, timeout: int = 5000) -> None:
    """Wait until the database worker has delivered everything queued."""
    qtbot.waitUntil(lambda: not demo.busy, timeout=timeout)


def focused() -> QWidget | None:
    """The widget with keyboard focus."""
    return QApplication.focusWidget()


def active_modal(qtbot: QtBot, kind: type) -> Any:
    """The modal dialog of `kind` once it is open and active."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    form = QApplication.activeModalWidget()
    assert form is not None
    qtbot.waitUntil(form.isActiveWindow, timeout=3000)
    return form
