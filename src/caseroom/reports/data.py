"""What each report prints: frozen values filled by `services/reporting/report_data.py`.

The report layer never reads the database. Everything a page shows is here, already
counted and sorted, kept free of any language: vocabulary values are codes from
`caseroom.vocab`, dates are `date`, figures are ints (a rate is a `Ratio` of two ints).
Free text typed by staff (goals, notes, recommendations) is carried as typed and printed
in whatever language it was written; the report language only changes the labels.

By design there is no field for a caregiver's screening scores: they are the parent's own
data and never appear in a child's report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from caseroom.reports.voice_data import GroupsVoice
from caseroom.vocab import (
    Checkpoint,
    Domain,
    GoalStatus,
    ParentGoalStatus,
    Rating,
    ReferralStatus,
    SessionKind,
    Sex,
    StaffRole,
)


class Audience(StrEnum):
    """Who a progress report is written for."""

    PARENT = "parent"
    CONSILIUM = "consilium"


class ExtraRole(StrEnum):
    """Signatories who are not staff of the room."""

    CAREGIVER = "caregiver"
    CONSILIUM_CHAIR = "consilium_chair"
    DIRECTOR = "director"


@dataclass(frozen=True, slots=True)
class ReportPeriod:
    """The days a report covers, both ends included.

    `label` is the language-neutral `--period` text (`2025-2026:q2`), for file names and
    the audit trail: a report never prints it. It prints the period in words from
    `school_year` and `quarter` (a quarter or a school year; both None: a range of days)
    with its dates. `planned_end` is set when the period has not ended on the day the
    report is made: it runs to `planned_end`, but the report counts only up to `end`
    (that day), and says so.
    """

    start: date
    end: date
    label: str
    school_year: int | None = None
    """The start year of the school year, for a school year or quarter."""
    quarter: int | None = None
    planned_end: date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")
        if self.planned_end is not None and self.planned_end <= self.end:
            raise ValueError("a period cut short must have been planned to end later")
        if self.quarter is not None and self.school_year is None:
            raise ValueError("a quarter belongs to a school year")

    @property
    def cut_short(self) -> bool:
        """Whether the period goes on after the last day the report counts."""
        return self.planned_end is not None


@dataclass(frozen=True, slots=True)
class Ratio:
    """`part` of `whole` (consultations attended of offered, practice done of given…)."""

    part: int
    whole: int

    def __post_init__(self) -> None:
        if self.part < 0 or self.whole < 0:
            raise ValueError("a ratio counts things: no negative numbers")

    @property
    def value(self) -> float | None:
        """The rate between 0 and 1 (or above, if more came than were offered); None of 0."""
        if self.whole == 0:
            return None
        return self.part / self.whole


# --- the child's progress report ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChildInfo:
    """Who the report is about.

    `sex` (when recorded) lets a report's sentences agree with the child in languages
    whose verbs have gender (Russian "достиг" / "достигла"); unknown: a neutral form.
    """

    full_name: str
    birth_date: date
    case_number: str
    grade: int | None = None
    class_letter: str | None = None
    sex: Sex | None = None


@dataclass(frozen=True, slots=True)
class PmpkInfo:
    """The PMPK conclusion the family holds (printed for the consilium)."""

    number: str
    issued_on: date
    valid_until: date | None = None

    def days_overdue(self, today: date) -> int:
        """Days since the conclusion expired, on `today` (0 while it is valid: it is valid
        on its `valid_until` day itself, as the term summary counts it)."""
        if self.valid_until is None:
            return 0
        return max((today - self.valid_until).days, 0)


@dataclass(frozen=True, slots=True)
class RatingPoint:
    """One checkpoint rating of a goal."""

    checkpoint: Checkpoint
    rating: Rating
    rated_on: date


@dataclass(frozen=True, slots=True)
class GoalLine:
    """One support-plan goal with its ratings in the period, oldest first."""

    description: str
    status: GoalStatus
    baseline: str | None = None
    target: str | None = None
    criterion: str | None = None
    ratings: tuple[RatingPoint, ...] = ()
    revised_on: date | None = None
    """When the wording was last changed (consilium report only), with the wording before."""
    was: str | None = None


@dataclass(frozen=True, slots=True)
class DomainGoals:
    """The goals of one developmental domain."""

    domain: Domain
    goals: tuple[GoalLine, ...]


@dataclass(frozen=True, slots=True)
class SessionCount:
    """Sessions of one kind in the period: held, and the child's attendance at them."""

    kind: SessionKind
    held: int
    attended: int
    missed: int


@dataclass(frozen=True, slots=True)
class ParentGoalLine:
    """One of the caregiver's own goals."""

    description: str
    status: ParentGoalStatus


@dataclass(frozen=True, slots=True)
class ParentSection:
    """What the caregivers did beside the child in the period.

    Home practice counts: `practice_given` tasks, of which `practice_done`,
    `practice_partly` and `practice_not_done` were checked (the rest are not checked yet).
    `present_at_sessions`: this child's held sessions (of any kind) at which a caregiver of
    the family was present, `joint_sessions_attended` of them joint sessions; a sibling's
    sessions never count here.
    """

    consultations_offered: int = 0
    consultations_attended: int = 0
    joint_sessions_attended: int = 0
    present_at_sessions: int = 0
    practice_given: int = 0
    practice_done: int = 0
    practice_partly: int = 0
    practice_not_done: int = 0
    group_meetings_attended: int = 0
    goals: tuple[ParentGoalLine, ...] = ()

    def __post_init__(self) -> None:
        checked = self.practice_done + self.practice_partly + self.practice_not_done
        if checked > self.practice_given:
            raise ValueError("more home practice checked than was given")

    @property
    def practice_pending(self) -> int:
        """Tasks given but not checked yet."""
        return (
            self.practice_given - self.practice_done - self.practice_partly - self.practice_not_done
        )


@dataclass(frozen=True, slots=True)
class SpecialistNote:
    """A specialists-only working note: printed for the consilium, never for parents."""

    text: str
    written_on: date | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Signatory:
    """A signature line: who signs (role), and their name if known (else a blank line)."""

    role: StaffRole | ExtraRole
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ProgressReportData:
    """Everything a child's progress report prints.

    `specialist_notes`, `sen_categories` and `pmpk` are printed only for
    `Audience.CONSILIUM`; the writer drops them for parents whatever is filled in.
    `sen_categories` holds (code, centre's own label or None) pairs.
    """

    school: str
    room: str
    period: ReportPeriod
    audience: Audience
    child: ChildInfo
    made_on: date
    goals: tuple[DomainGoals, ...] = ()
    sessions: tuple[SessionCount, ...] = ()
    parent: ParentSection = ParentSection()
    recommendations: tuple[str, ...] = ()
    next_steps: tuple[str, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    specialist_notes: tuple[SpecialistNote, ...] = ()
    sen_categories: tuple[tuple[str, str | None], ...] = ()
    pmpk: PmpkInfo | None = None

    def all_goals(self) -> tuple[GoalLine, ...]:
        """The goals in print order (by domain, then as listed), numbered 1… in the report."""
        return tuple(goal for group in self.goals for goal in group.goals)


# --- the room's term summary --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryCount:
    """Children in one SEN category (`label` is a centre's own category label, if any)."""

    code: str
    children: int
    label: str | None = None


@dataclass(frozen=True, slots=True)
class GradeCount:
    """Children in one grade (`None`: grade not recorded; 0: pre-school class)."""

    grade: int | None
    children: int


@dataclass(frozen=True, slots=True)
class KindCount:
    """Sessions of one kind held in the period, with the attendances recorded at them."""

    kind: SessionKind
    held: int
    attended: int
    missed: int


@dataclass(frozen=True, slots=True)
class SpecialistCount:
    """Sessions held in the period by `people` staff members.

    Identified summary: one row per person (`name` set, `people` 1). De-identified: one
    row per role that two or more people held sessions in, then the others together
    (`role` None); never a row of one person, unless that person is the room's only
    specialist (then the row is the room's total).
    """

    role: StaffRole | None
    held: int
    minutes: int
    name: str | None = None
    people: int = 1


@dataclass(frozen=True, slots=True)
class GoalOutcomes:
    """Goals of active plans by their latest rating in the period."""

    achieved: int
    progressing: int
    no_change: int
    not_assessed: int = 0


class InvolvementMeasure(StrEnum):
    """The parent-involvement rates a summary shows."""

    CONSULTATIONS = "consultations"
    HOME_PRACTICE = "home_practice"
    GROUP_MEETINGS = "group_meetings"
    FAMILIES_INVOLVED = "families_involved"


@dataclass(frozen=True, slots=True)
class InvolvementRate:
    """One involvement rate (attended of offered, done of given, involved of all families)."""

    measure: InvolvementMeasure
    ratio: Ratio


class FamilyGroup(StrEnum):
    """Families the room is asked to reach."""

    LARGE = "large"
    VULNERABLE = "vulnerable"


@dataclass(frozen=True, slots=True)
class FamiliesReached:
    """Families of a group with a child in the room, and how many took part in the period."""

    group: FamilyGroup
    reached: Ratio


@dataclass(frozen=True, slots=True)
class ReferralCount:
    """Referrals made in the period, by where they stand."""

    status: ReferralStatus
    count: int


@dataclass(frozen=True, slots=True)
class ExpiringConclusion:
    """A PMPK conclusion that expires soon or has expired (`days_overdue` > 0).

    `child_name`, `case_number` and `number` only in an identified summary: the PMPK's
    register links a conclusion number to a name."""

    case_number: str | None
    number: str | None
    valid_until: date
    child_name: str | None = None
    days_overdue: int = 0


@dataclass(frozen=True, slots=True)
class InstrumentGiven:
    """Wellbeing check-ins given with one instrument in the period (no caregiver named)."""

    instrument: str
    """The instrument's abbreviation as printed on it ("PHQ-9"), the same in every language."""
    checkins: int
    caregivers: int


@dataclass(frozen=True, slots=True)
class BandCount:
    """Check-ins of one instrument that fell in one band (`band` None: no bands, e.g. PSS)."""

    instrument: str
    band: str | None
    band_label: str | None
    """The band's label in the report's language (from the instrument file)."""
    checkins: int


@dataclass(frozen=True, slots=True)
class WellbeingCounts:
    """De-identified counts of caregivers' wellbeing check-ins and safety flags."""

    given: tuple[InstrumentGiven, ...] = ()
    bands: tuple[BandCount, ...] = ()
    flags_raised: int = 0
    flags_followed_up: int = 0


@dataclass(frozen=True, slots=True)
class TermSummaryData:
    """Everything a room's term summary prints.

    De-identified unless `identified`: then no field may carry a name, and no row of
    `sessions_by_specialist` may be one person's (both checked here, so a mistake in
    filling it fails loudly rather than leaking to a centre). The figures themselves are
    exact; the tables (`summary_tables`) show a small count of people as "<3".
    """

    school: str
    room: str
    period: ReportPeriod
    made_on: date
    identified: bool = False
    children_total: int = 0
    children_by_category: tuple[CategoryCount, ...] = ()
    children_by_grade: tuple[GradeCount, ...] = ()
    sessions_by_kind: tuple[KindCount, ...] = ()
    sessions_by_specialist: tuple[SpecialistCount, ...] = ()
    goals: GoalOutcomes = GoalOutcomes(0, 0, 0)
    involvement: tuple[InvolvementRate, ...] = ()
    families: tuple[FamiliesReached, ...] = ()
    referrals: tuple[ReferralCount, ...] = ()
    expiring: tuple[ExpiringConclusion, ...] = ()
    expired: tuple[ExpiringConclusion, ...] = ()
    wellbeing: WellbeingCounts = WellbeingCounts()
    groups_voice: GroupsVoice = field(default_factory=GroupsVoice)

    def __post_init__(self) -> None:
        if self.identified:
            return
        named = any(row.name for row in self.sessions_by_specialist) or any(
            row.child_name or row.case_number or row.number
            for row in (*self.expiring, *self.expired)
        )
        if named:
            raise ValueError("a de-identified summary must not carry names")
        rows = self.sessions_by_specialist
        if len(rows) > 1 and any(row.people < 2 for row in rows):
            raise ValueError("a de-identified summary must not show one staff member's figures")
