"""What each printed form shows: frozen values filled by `services/reporting/forms.py`.

As for the progress report (`reports.data`), the form writers never read the database:
vocabulary values are codes, dates are `date`, free text is carried as typed and printed
escaped, in whatever language it was written; the form's language only changes labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from caseroom.reports.data import ChildInfo, DomainGoals, PmpkInfo, SessionCount, Signatory
from caseroom.vocab import CaregiverRelation, ConsentScope, SessionKind, StaffRole


@dataclass(frozen=True, slots=True)
class FormHeader:
    """Who hands the form out, and the day it is made."""

    school: str
    room: str
    made_on: date
    locality: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    """A named person on a form: a caregiver or a specialist, with a phone if recorded."""

    name: str
    relation: CaregiverRelation | None = None
    role: StaffRole | None = None
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentFormData:
    """The parent's written consent, one section per scope, for a child or a caregiver."""

    header: FormHeader
    child: ChildInfo | None
    caregiver: Person | None
    """Who signs: the legal representative (None: a line to write the name by hand)."""
    scopes: tuple[ConsentScope, ...]


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """A planned session: its day and time, kind, length and the specialist."""

    on: date
    starts_at: time | None
    minutes: int | None
    kind: SessionKind
    specialist: str


@dataclass(frozen=True, slots=True)
class HomeTask:
    """A home task given to the family, with the day it is due, if set."""

    task: str
    given_on: date
    due_on: date | None = None


@dataclass(frozen=True, slots=True)
class PlanFormData:
    """The child's individual development programme (ИПР) as in effect."""

    header: FormHeader
    child: ChildInfo
    starts_on: date
    ends_on: date
    goals: tuple[DomainGoals, ...]
    specialists: tuple[Person, ...]
    schedule: tuple[PlannedSession, ...]
    parent_part: tuple[HomeTask, ...]
    reviewed_on: tuple[date, ...]
    next_review_on: date | None
    signatories: tuple[Signatory, ...]


@dataclass(frozen=True, slots=True)
class PmpkFormData:
    """The psychological-pedagogical presentation of the child for the PMPK."""

    header: FormHeader
    child: ChildInfo
    school_name: str | None
    since: date
    """The first day the presentation counts support from (the child's enrolment)."""
    domains: tuple[DomainGoals, ...]
    """Development by domain: the goals with baseline, target and every rating given."""
    sessions: tuple[SessionCount, ...]
    specialists: tuple[Person, ...]
    conclusion: PmpkInfo | None
    earlier_recommendations: str | None
    signatories: tuple[Signatory, ...]
    earlier_conditions: str | None = None
    """The current conclusion's conditions of education, specialists and programme."""
    earlier_specialists: tuple[str, ...] = ()
    earlier_programme: str | None = None


@dataclass(frozen=True, slots=True)
class ReferralAddress:
    """Where a referral letter goes: a directory entry's details, or the referral's own text."""

    name: str
    address: str | None = None
    town: str | None = None
    phone: str | None = None
    hours: str | None = None
    directions: str | None = None


@dataclass(frozen=True, slots=True)
class ReferralFormData:
    """A referral letter for a child (or a caregiver) to another service."""

    header: FormHeader
    child: ChildInfo | None
    caregiver: Person | None
    to: ReferralAddress
    reason: str | None
    referred_on: date
    specialist: Person | None


@dataclass(frozen=True, slots=True)
class SlipFormData:
    """A reminder slip for the parent: the next planned sessions and the home tasks."""

    header: FormHeader
    child: ChildInfo
    caregiver: Person | None
    sessions: tuple[PlannedSession, ...]
    tasks: tuple[HomeTask, ...]
    room_phone: str | None = None


@dataclass(frozen=True, slots=True)
class SheetsFormData:
    """Blank observation and session sheets for one school week (Monday to Friday)."""

    header: FormHeader
    week_start: date
    child_name: str | None = None
