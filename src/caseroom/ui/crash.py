"""One crash handler: log every unexpected exception with its traceback, tell the user once."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from caseroom.i18n import _
from caseroom.paths import user_log_dir

_shown = False


def _handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    global _shown
    log_file = user_log_dir() / "caseroom.log"
    logging.basicConfig(filename=log_file, level=logging.INFO, encoding="utf-8")
    text = "".join(traceback.format_exception(kind, value, tb))
    logging.getLogger("caseroom").error("unexpected failure\n%s", text)
    print(text, file=sys.stderr)
    if _shown or QApplication.instance() is None:
        return
    _shown = True
    QMessageBox.critical(
        None,
        _("caseroom"),
        _(
            "Something went wrong inside caseroom. Your saved records are safe. "
            "Details were written to {path}."
        ).format(path=log_file),
    )


def install_crash_handler() -> None:
    """Route uncaught exceptions (including those in Qt slots) to the handler."""
    sys.excepthook = _handle
