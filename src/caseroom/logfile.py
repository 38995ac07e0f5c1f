"""The one log file of caseroom, shared by the app and the command line.

It is created readable by its owner only (0600) and holds no record content: an
unexpected failure is written as `errors.safe_traceback` gives it (exception types and
module/line/function frames), never the exception's message, source lines or locals,
which can carry a child's name. Python's `logging` records under the `caseroom` logger
reach the same file through `PrivateLogHandler`, their tracebacks made safe the same way.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from caseroom.errors import safe_traceback
from caseroom.paths import user_log_dir

LOG_FILE_NAME = "caseroom.log"


def log_file_path() -> Path:
    """Where the log file is (its folder is created on demand)."""
    return user_log_dir() / LOG_FILE_NAME


def write_log(entry: str) -> Path:
    """Append `entry` (with the time) to the log file, readable by its owner only (0600).

    What is written must hold no record content: see `errors.safe_traceback`.
    """
    from datetime import datetime

    path = log_file_path()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.chmod(path, 0o600)  # a log file left by an older version may be wider
        stamp = datetime.now().isoformat(timespec="seconds")
        os.write(descriptor, f"{stamp} {entry.rstrip()}\n".encode())
    finally:
        os.close(descriptor)
    return path


def log_exception(error: BaseException | None, heading: str = "unexpected failure") -> Path:
    """Write where `error` happened (types and frames only) under `heading`; returns the
    log file's path."""
    return write_log(heading + "\n" + (safe_traceback(error) if error else ""))


class PrivateLogHandler(logging.Handler):
    """A `logging` handler writing to the private log file: the record's message, and for
    an exception only its safe traceback (never `exc_info`'s message or source lines)."""

    def emit(self, record: logging.LogRecord) -> None:
        """Append one record."""
        try:
            entry = f"{record.levelname} {record.name}: {record.getMessage()}"
            if record.exc_info and record.exc_info[1] is not None:
                entry += "\n" + safe_traceback(record.exc_info[1])
            write_log(entry)
        except Exception:  # a log that cannot be written must not break the app
            self.handleError(record)


def install_private_log() -> None:
    """Send the `caseroom` logger's records (INFO and above) to the private log file,
    once, whoever calls it."""
    logger = logging.getLogger("caseroom")
    if not any(isinstance(handler, PrivateLogHandler) for handler in logger.handlers):
        logger.addHandler(PrivateLogHandler(level=logging.INFO))
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)
