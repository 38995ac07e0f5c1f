"""One crash handler: log where every unexpected exception happened, tell the user once.

The log file is the one the command line writes (`caseroom.logfile`): readable by its
owner only, and holding exception types and frames, never a message or a source line
(an exception's message can carry a child's name)."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from caseroom.errors import safe_traceback
from caseroom.i18n import _
from caseroom.logfile import install_private_log, log_exception

_shown = False


def _handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    global _shown
    if value.__traceback__ is None and tb is not None:
        value = value.with_traceback(tb)
    log_file = log_exception(value)
    # The terminal gets no more than the log: the types and where, never the message.
    print(safe_traceback(value), file=sys.stderr)
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
    """Route uncaught exceptions (including those in Qt slots) to the handler, and the
    `caseroom` logger's records to the same private log file."""
    install_private_log()
    sys.excepthook = _handle
