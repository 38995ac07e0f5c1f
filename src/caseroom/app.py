"""The composition root: language, database, first run, main window.

The window paints first with a light skeleton; the data stack (SQLAlchemy, Alembic when a
migration is due) is imported and the database opened right after, on the worker thread
(ARCHITECTURE rule 11). A database without a room leads to the first-run setup; otherwise
the window fills with its pages, acting as the staff member remembered for that database.

Which database: `--db` > `CASEROOM_DB` > the last database opened > the default file.
Which language: `--lang` > `CASEROOM_LANG` > the one chosen in the app > Russian.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from caseroom.errors import UserError
from caseroom.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language
from caseroom.paths import DB_ENV, resolve_db_path
from caseroom.ui.main_window import LANGUAGE_KEY, LAST_DB_KEY

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from caseroom.services.common import Actor
    from caseroom.services.rooms import RoomRead
    from caseroom.services.staff import StaffRead
    from caseroom.ui.context import AppContext
    from caseroom.ui.first_run import FirstRunDialog, FirstRunResult
    from caseroom.ui.main_window import MainWindow
    from caseroom.ui.tasks import TaskRunner

LANG_ENV = "CASEROOM_LANG"


def choose_db_path(db: str | None, settings: QSettings) -> Path:
    """`--db`, else `CASEROOM_DB`, else the last database opened (if still there), else the
    default location."""
    if db or os.environ.get(DB_ENV):
        return resolve_db_path(db)
    last = settings.value(LAST_DB_KEY)
    if isinstance(last, str) and last and Path(last).is_file():
        return Path(last)
    return resolve_db_path(None)


def choose_language(lang: str | None, settings: QSettings) -> str:
    """`--lang`, else `CASEROOM_LANG`, else the language chosen in the app, else Russian."""
    for candidate in (lang, os.environ.get(LANG_ENV), settings.value(LANGUAGE_KEY)):
        if isinstance(candidate, str) and candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def actor_key(path: Path) -> str:
    """The settings key remembering who acts in the database at `path`."""
    digest = hashlib.sha256(str(path.expanduser().resolve()).encode()).hexdigest()[:16]
    return f"actors/{digest}"


@dataclass(frozen=True, slots=True)
class Opened:
    """A database just opened: its engine, its room (None before set-up) and its staff."""

    engine: Engine
    room: RoomRead | None
    staff: tuple[StaffRead, ...]


def open_and_read(path: Path) -> Opened:
    """Open (create or upgrade) the database and read its room and staff; on the worker."""
    from sqlmodel import Session

    from caseroom.db.open import open_database
    from caseroom.services.common import SYSTEM
    from caseroom.services.rooms import get_room
    from caseroom.services.staff import list_staff

    engine = open_database(path)
    try:
        with Session(engine) as session:
            room = get_room(session)
            staff = tuple(list_staff(session, actor=SYSTEM))
    except BaseException:
        engine.dispose()
        raise
    return Opened(engine, room, staff)


def pick_actor(staff: tuple[StaffRead, ...], remembered: object) -> Actor:
    """The remembered staff member if still there, else the psychologist, else the first."""
    from caseroom.services.common import SYSTEM, Actor

    if not staff:
        return SYSTEM
    chosen = next((member for member in staff if str(member.id) == remembered), None)
    if chosen is None:
        chosen = next((m for m in staff if m.role == "psychologist"), staff[0])
    return Actor(chosen.id, chosen.role)


class Launcher(QObject):
    """Opens the database on the worker, runs the first run if needed, fills the window."""

    attached = Signal(object)  # the AppContext, once the window shows the database
    failed = Signal(str)

    def __init__(
        self,
        window: MainWindow,
        runner: TaskRunner,
        settings: QSettings,
        path: Path,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.settings = settings
        self.path = path
        self.today = today
        self.engine: Engine | None = None
        self.context: AppContext | None = None
        self.first_run: FirstRunDialog | None = None
        window.watch(runner)

    def start(self) -> None:
        """Open the database at `self.path` on the worker."""
        path = self.path
        self.runner.run(lambda: open_and_read(path), self._opened, self._failed)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserError):
            self.window.show_failure(str(error))
            self.failed.emit(str(error))
            return
        self.window.show_failure(_("An unexpected error happened; it was written to the log."))
        self.failed.emit(str(error))
        raise error

    def _opened(self, opened: Opened) -> None:
        self.engine = opened.engine
        if opened.room is None:
            self._show_first_run(opened.engine)
            return
        actor = pick_actor(opened.staff, self.settings.value(actor_key(self.path)))
        self._attach(opened.engine, actor)

    def _show_first_run(self, engine: Engine) -> None:
        from caseroom.services.common import SYSTEM
        from caseroom.ui.context import AppContext
        from caseroom.ui.first_run import FirstRunDialog

        context = AppContext(engine, SYSTEM, self.runner)
        self.window.show_setup()
        dialog = FirstRunDialog(context, self.path, self.window, today=self.today)
        self.first_run = dialog
        dialog.finished.connect(lambda _code: self._first_run_done(dialog))
        dialog.open()

    def _first_run_done(self, dialog: FirstRunDialog) -> None:
        self.first_run = None
        result = dialog.result_value
        dialog.deleteLater()
        if result is None:
            self.window.close()  # set-up cancelled: nothing to show
            return
        self.settings.setValue(LANGUAGE_KEY, result.language)
        self.window.retranslate()
        self._use_first_run(result)

    def _use_first_run(self, result: FirstRunResult) -> None:
        if result.demo_path is not None:
            engine, self.engine = self.engine, None
            if engine is not None:
                self.runner.run(engine.dispose)
            self.path = result.demo_path
            self.window.set_db_path(self.path)
            self.start()
            return
        assert result.actor is not None and self.engine is not None
        self._attach(self.engine, result.actor)

    def _attach(self, engine: Engine, actor: Actor) -> None:
        from caseroom.ui.context import AppContext

        self.settings.setValue(LAST_DB_KEY, str(self.path))
        if actor.staff_id is not None:
            self.settings.setValue(actor_key(self.path), str(actor.staff_id))
        self.settings.sync()
        self.context = AppContext(engine, actor, self.runner)
        self.window.set_db_path(self.path)
        self.window.attach(self.context)
        self.attached.emit(self.context)

    def shutdown(self) -> None:
        """Finish queued work, stop the worker and close the database."""
        self.runner.shutdown()
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None


def run_app(*, db: str | None, lang: str | None) -> int:
    """Open the desktop app on the database at `db` (see the module docstring for defaults)."""
    from PySide6.QtWidgets import QApplication

    from caseroom.ui.crash import install_crash_handler
    from caseroom.ui.main_window import MainWindow, app_settings, install_qt_translations
    from caseroom.ui.tasks import TaskRunner
    from caseroom.ui.widgets.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("caseroom")
    app.setOrganizationName("caseroom")
    settings = app_settings()
    language = choose_language(lang, settings)
    set_language(language)
    install_qt_translations(language)
    apply_style(app)
    install_crash_handler()
    path = choose_db_path(db, settings)
    window = MainWindow(path, settings)
    window.show()
    launcher = Launcher(window, TaskRunner(), settings, path)
    QTimer.singleShot(0, launcher.start)  # after the skeleton has painted
    status = app.exec()
    launcher.shutdown()
    return status
