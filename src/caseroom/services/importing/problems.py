"""What a roster import reports: a problem (or warning) of one row and column, and the
error that refuses a whole roster with every problem found."""

from __future__ import annotations

from dataclasses import dataclass

from caseroom.errors import UserError
from caseroom.i18n import _


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A problem (or warning) with one row and column of the roster file."""

    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column is None:
            return _("Row {row}: {problem}").format(row=self.row, problem=self.message)
        return _("Row {row}, column “{column}”: {problem}").format(
            row=self.row, column=self.column, problem=self.message
        )


class RosterError(UserError):
    """The roster cannot be imported; `problems` lists every problem found, `warnings`
    what was noted on the way (for a screen that shows both)."""

    def __init__(
        self, problems: list[RowProblem], warnings: list[RowProblem] | None = None
    ) -> None:
        self.problems = tuple(problems)
        self.warnings = tuple(warnings or ())
        super().__init__("\n".join(str(problem) for problem in self.problems))
