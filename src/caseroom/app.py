"""The composition root: language, database, main window.

The window paints first; the data stack (SQLAlchemy, Alembic when a migration is due) is
imported and the database opened right after, on the worker thread (ARCHITECTURE rule 11).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from caseroom.errors import UserError
from caseroom.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language
from caseroom.paths import resolve_db_path


def _open_and_summarise(path: Path) -> tuple[Any, Any]:
    from sqlmodel import Session

    from caseroom.db.open import open_database
    from caseroom.services.common import SYSTEM
    from caseroom.services.overview import room_overview

    engine = open_database(path)
    with Session(engine) as session:
        overview = room_overview(session, actor=SYSTEM)
    return engine, overview


def run_app(*, db: str | None, lang: str | None) -> int:
    """Open the desktop app on the database at `db` (default location when None)."""
    from PySide6.QtWidgets import QApplication

    from caseroom.ui.crash import install_crash_handler
    from caseroom.ui.main_window import MainWindow
    from caseroom.ui.tasks import TaskRunner

    set_language(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("caseroom")
    app.setOrganizationName("caseroom")
    install_crash_handler()
    path = resolve_db_path(db)
    window = MainWindow(path)
    window.show()
    runner = TaskRunner(window)
    state: dict[str, Any] = {}

    def opened(result: tuple[Any, Any]) -> None:
        engine, overview = result
        state["engine"] = engine
        window.show_overview(
            school_name=overview.school_name,
            room_name=overview.room_name,
            children=overview.children,
            families=overview.families,
            sessions=overview.sessions,
        )

    def failed(error: BaseException) -> None:
        if isinstance(error, UserError):
            window.show_failure(str(error))
            return
        window.show_failure(_("An unexpected error happened; it was written to the log file."))
        raise error

    runner.run(lambda: _open_and_summarise(path), opened, failed)
    status = app.exec()
    runner.shutdown()
    engine = state.get("engine")
    if engine is not None:
        engine.dispose()
    return status
