"""`caseroom --centre URL`: open the centre's window on its database (SQLite path or URL)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from caseroom.errors import UserError
from caseroom.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, set_language


def run_centre_app(url: str, lang: str | None) -> int:
    """Open the centre window on `url` in `lang` (else CASEROOM_LANG, else the default).

    A SQLite path that is no file is refused (`UserError`) before any window opens."""
    language = next(
        (c for c in (lang, os.environ.get("CASEROOM_LANG")) if c in LANGUAGES), DEFAULT_LANGUAGE
    )
    set_language(language)
    if "://" not in url and not Path(url).is_file():
        raise UserError(
            _("There is no centre database at {url}: run caseroom centre init first.").format(
                url=url
            )
        )
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from caseroom.ui.centre.window import CentreWindow
    from caseroom.ui.crash import install_crash_handler
    from caseroom.ui.qt_translations import install_qt_translations
    from caseroom.ui.widgets.style import apply_style

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("caseroom")
    app.setOrganizationName("caseroom")
    install_qt_translations(language)
    apply_style(app)
    install_crash_handler()
    window = CentreWindow(url)
    window.resize(1100, 700)
    window.show()
    QTimer.singleShot(0, window.refresh)
    return app.exec()
