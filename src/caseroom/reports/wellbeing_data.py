"""What a caregiver's own wellbeing summary prints: frozen values filled by services.

This report is for the caregiver herself: her scores over time in plain words and where to
get help. It is never part of a child's report. Labels that come from instrument files
(titles, band labels) arrive already in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


def default_help_text(gettext: Callable[[str], str]) -> str:
    """What the summary prints under "where to get help" when the room wrote nothing of its
    own, translated by `gettext` (the report's language, or the screen's in Settings)."""
    _ = gettext
    return _(
        "If you feel low, anxious or unsafe, talk to the specialist of the support room, "
        "your family doctor at the polyclinic, or someone you trust. If you have thoughts of "
        "harming yourself, call the emergency services at once."
    )


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """One check-in: the day, the score and its band's label (None: no bands)."""

    given_on: date
    score: int
    band_label: str | None = None


@dataclass(frozen=True, slots=True)
class InstrumentHistory:
    """The caregiver's scores with one instrument, the oldest first."""

    abbreviation: str
    title: str
    max_score: int
    higher_is_better: bool
    points: tuple[ScorePoint, ...]

    def __post_init__(self) -> None:
        if not self.points:
            raise ValueError("an instrument history needs at least one score")


@dataclass(frozen=True, slots=True)
class WellbeingSummaryData:
    """Everything the caregiver's wellbeing summary prints.

    `help_text` is the room's own "where to get help" text (local numbers vary); when it
    is None the report prints a generic line.
    """

    school: str
    room: str
    caregiver_name: str
    made_on: date
    histories: tuple[InstrumentHistory, ...] = ()
    help_text: str | None = None
