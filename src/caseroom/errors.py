"""Error kinds shared by every layer.

A `UserError` is something the person can fix (bad input, a locked or full disk, a corrupt
file, a wrong password). Its message is already in the user's language. Anything else that
escapes is a bug and goes to the crash handler / log file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime


class UserError(Exception):
    """A problem the user can act on; `str(error)` is the translated message."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """One or more input fields are invalid. `problems` maps field name to message."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        first_field = next(iter(self.problems))
        super().__init__("\n".join(self.problems.values()), field=first_field)


class NotFoundError(UserError):
    """A record that the user asked for does not exist (or was erased)."""


class PermissionDeniedError(UserError):
    """The acting staff member may not do this."""


class DatabaseUnavailableError(UserError):
    """The database file is locked, read-only, damaged or missing."""


class LoginFailedError(UserError):
    """Signing in failed: a wrong user name or password, or an account locked for a while."""

    def __init__(self, message: str, *, locked_until: datetime | None = None) -> None:
        super().__init__(message)
        self.locked_until = locked_until


class DiskFullError(DatabaseUnavailableError):
    """The disk (or the file size the system allows) is full: nothing was saved."""


class DatabaseReadOnlyError(DatabaseUnavailableError):
    """The database is open read-only (another copy writes it, or it sits on a network share)."""


# SQLite primary result codes (sqlite3 exposes them as constants from Python 3.11).
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR = 5, 6, 8, 10
_SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 11, 13, 14, 26
_SQLITE_IOERR_WRITE = 778  # a write failed: a file-size limit (EFBIG), a quota, EIO


def _sqlite_error(error: BaseException) -> BaseException | None:
    """The SQLite driver's error itself (sqlite3, or SQLCipher's sqlite3-compatible
    driver), or the one a SQLAlchemy `DBAPIError` wraps (`.orig`)."""
    for candidate in (error, getattr(error, "orig", None)):
        if isinstance(candidate, sqlite3.Error):
            return candidate
        if isinstance(candidate, Exception) and type(candidate).__module__.startswith(
            ("sqlcipher3", "pysqlite")
        ):
            return candidate
    return None


def storage_error(error: BaseException) -> UserError | None:
    """A translated `UserError` for a storage failure SQLite reported, else None.

    Covers a full disk, disk I/O errors (a USB stick pulled out), a database locked by
    another program, a read-only database, a damaged file and a file that cannot be
    opened. Anything else (a bug) returns None and keeps its traceback.
    """
    from caseroom.i18n import _

    found = _sqlite_error(error)
    if found is None:
        return None
    extended = int(getattr(found, "sqlite_errorcode", 0) or 0)
    code = extended & 0xFF or _code_from_text(str(found))
    if code == _SQLITE_FULL:
        return DiskFullError(
            _("The disk is full, so nothing was saved. Free some space and try again.")
        )
    if extended == _SQLITE_IOERR_WRITE:  # no space left for this file, a quota, or no disk
        return DiskFullError(
            _(
                "The disk is full or cannot be written, so nothing was saved. Free some "
                "space, check that the disk is still connected, and try again."
            )
        )
    if code == _SQLITE_IOERR:
        return DatabaseUnavailableError(
            _(
                "The database could not be read or written (a disk error); nothing was saved. "
                "Check that the disk is still connected and has free space."
            )
        )
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseUnavailableError(
            _("The database is busy in another program; nothing was saved. Try again.")
        )
    if code == _SQLITE_READONLY:
        return DatabaseReadOnlyError(
            _("This database is open read-only, so changes cannot be saved.")
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DatabaseUnavailableError(
            _("The database file is damaged. Close caseroom and restore a backup.")
        )
    if code == _SQLITE_CANTOPEN:
        return DatabaseUnavailableError(
            _("The database file cannot be opened. Check that its disk is connected.")
        )
    return None


_MESSAGE_CODES = (
    ("database or disk is full", _SQLITE_FULL),
    ("disk i/o error", _SQLITE_IOERR),
    ("database is locked", _SQLITE_BUSY),
    ("database table is locked", _SQLITE_LOCKED),
    ("readonly database", _SQLITE_READONLY),
    ("database disk image is malformed", _SQLITE_CORRUPT),
    ("file is not a database", _SQLITE_NOTADB),
    ("unable to open database file", _SQLITE_CANTOPEN),
)


def _code_from_text(message: str) -> int:
    """The result code from SQLite's message (drivers that do not expose the code)."""
    lowered = message.lower()
    return next((code for text, code in _MESSAGE_CODES if text in lowered), 0)


@contextmanager
def translating_storage_errors() -> Iterator[None]:
    """Re-raise SQLite storage failures inside the block as translated `UserError`s."""
    try:
        yield
    except UserError:
        raise
    except Exception as error:
        translated = storage_error(error)
        if translated is None:
            raise
        raise translated from error


def safe_traceback(error: BaseException) -> str:
    """Where `error` happened, fit for a log file: exception types and frames only.

    Each exception of the chain (its cause or context too) gives its type and, per frame,
    the module file (from `caseroom/` on, or only its name), the line number and the
    function name. Never `str(error)`, a frame's locals or its source line: an exception's
    message can carry record content (a child's name in a value a writer refused).
    """
    import traceback

    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines = [f"{kind.__module__}.{kind.__qualname__}"]
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  {_short_file(frame.filename)}:{frame.lineno} in {frame.name}")
        blocks.append("\n".join(lines))
        current = current.__cause__ or current.__context__
    return "\nwhile handling or caused by:\n".join(blocks)


def _short_file(filename: str) -> str:
    """`caseroom/cli/report.py` rather than a full path (which names the user's folders)."""
    parts = filename.replace("\\", "/").split("/")
    if "caseroom" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("caseroom") :])
    return parts[-1]
