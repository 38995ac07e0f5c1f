"""What the term summary prints about the parents' voice in support groups.

Filled by `services.reporting.voice`; exact figures, no names. The tables
(`summary_voice`) hide small counts of people and any feedback average of fewer than
three answers. Group names are the room's own names for its groups, never a person's.
"""

from __future__ import annotations

from dataclasses import dataclass

from caseroom.vocab import MeetingFormat, MeetingHelp


@dataclass(frozen=True, slots=True)
class HelpLifted:
    """One kind of help over a group's meetings: how often it was offered, how many
    members had the barrier it lifts, and their attendance with it beside without it."""

    help: MeetingHelp
    meetings: int
    members: int
    came_with: int
    expected_with: int
    """Member-meetings: her presence at meetings with the help, of the meetings she was
    registered for while having the barrier."""
    came_without: int
    expected_without: int


@dataclass(frozen=True, slots=True)
class FeedbackAverage:
    """The answers to one feedback question: how many, and their mean (a 1–5 mean, or the
    share of "yes" between 0 and 1 when `yes_no`)."""

    question: str
    """The question's text in the report's language (from the questions file)."""
    yes_no: bool
    answers: int
    average: float | None


@dataclass(frozen=True, slots=True)
class GroupVoice:
    """One group in the period (or, with `name` None, the room's groups together)."""

    name: str | None
    meetings_by_format: tuple[tuple[MeetingFormat, int], ...] = ()
    members: int = 0
    """Caregivers registered for some of the period."""
    reached: int = 0
    """Of them and any guests: caregivers who came to at least one meeting."""
    peer_parents: int = 0
    helps: tuple[HelpLifted, ...] = ()
    feedback: tuple[FeedbackAverage, ...] = ()
    slips: int = 0

    @property
    def meetings(self) -> int:
        """Meetings held in the period."""
        return sum(count for _format, count in self.meetings_by_format)


@dataclass(frozen=True, slots=True)
class GroupsVoice:
    """Every group of the room that met in the period, and the room's groups together."""

    groups: tuple[GroupVoice, ...] = ()
    room: GroupVoice = GroupVoice(None)
