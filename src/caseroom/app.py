"""The composition root: language, database, first run, main window.

The window paints first with a light skeleton; the data stack (SQLAlchemy, Alembic when a
migration is due) is imported and the database opened right after, on the worker thread
(docs/architecture.md, rule 11). The steps of opening it (writer lock, unlock, start-up check,
first run or sign-in) are in `ui/launcher.py`.

Which database: `--db` > `CASEROOM_DB` > the last database opened > the default file.
Which language: `--lang` > `CASEROOM_LANG` > the one chosen in the app > Russian.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QWidget

from caseroom.i18n import DEFAULT_LANGUAGE, LANGUAGES, set_language
from caseroom.paths import DB_ENV, resolve_db_path
from caseroom.ui.launcher import Launcher
from caseroom.ui.main_window import LANGUAGE_KEY, LAST_DB_KEY
from caseroom.ui.opening import Opened, actor_key, open_and_read, pick_actor

__all__ = [
    "LANGUAGE_KEY",
    "LAST_DB_KEY",
    "Launcher",
    "Opened",
    "actor_key",
    "choose_db_path",
    "choose_language",
    "open_and_read",
    "pick_actor",
    "run_app",
]

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


def run_app(*, db: str | None, lang: str | None, quit_after_paint: bool = False) -> int:
    """Open the desktop app on the database at `db` (see the module docstring for defaults).

    `quit_after_paint`: print "first paint" and quit once the window has painted (the
    installed bundle's smoke test and its start-up benchmark use it).
    """
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from caseroom.paths import resource_path
    from caseroom.ui.crash import install_crash_handler
    from caseroom.ui.main_window import MainWindow, app_settings
    from caseroom.ui.qt_translations import install_qt_translations
    from caseroom.ui.tasks import TaskRunner
    from caseroom.ui.widgets.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("caseroom")
    app.setOrganizationName("caseroom")
    app.setWindowIcon(QIcon(str(resource_path("icons", "caseroom-app.png"))))
    settings = app_settings()
    language = choose_language(lang, settings)
    set_language(language)
    install_qt_translations(language)
    apply_style(app)
    install_crash_handler()
    path = choose_db_path(db, settings)
    window = MainWindow(path, settings)
    if quit_after_paint:
        _quit_after_first_paint(window)
    window.show()
    launcher = Launcher(window, TaskRunner(), settings, path)
    QTimer.singleShot(0, launcher.start)  # after the skeleton has painted
    status = app.exec()
    launcher.shutdown()
    return status


def _quit_after_first_paint(window: QWidget) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print("first paint", flush=True)
                QTimer.singleShot(0, QApplication.quit)
            return False

    window.installEventFilter(_FirstPaint(window))
