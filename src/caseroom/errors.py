"""Error kinds shared by every layer.

A `UserError` is something the person can fix (bad input, a locked or full disk, a corrupt
file, a wrong password). Its message is already in the user's language. Anything else that
escapes is a bug and goes to the crash handler / log file.
"""

from __future__ import annotations


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
