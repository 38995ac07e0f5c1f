"""The support room's fixed vocabularies: codes stored in the database, labels translated.

Codes are short English identifiers kept in the database as text, so a centre running
PostgreSQL or merging rooms reads the same values. Labels are marked with `N_()` and
translated when shown (`label(...)`). SEN categories live in a table (a centre can add
its own); the built-in ones are listed here and seeded by the first migration.
"""

from __future__ import annotations

from enum import StrEnum

from caseroom.i18n import N_, _


class Sex(StrEnum):
    """A child's sex as recorded in documents (and encoded in the IIN)."""

    FEMALE = "F"
    MALE = "M"


class StaffRole(StrEnum):
    """What a staff member does in the room."""

    PSYCHOLOGIST = "psychologist"
    SPECIAL_EDUCATOR = "special_educator"
    SPEECH_THERAPIST = "speech_therapist"
    SOCIAL_PEDAGOGUE = "social_pedagogue"
    ASSISTANT = "assistant"
    ADMINISTRATOR = "administrator"


class CaregiverRelation(StrEnum):
    """A caregiver's relation to the children of the family."""

    MOTHER = "mother"
    FATHER = "father"
    GRANDMOTHER = "grandmother"
    GRANDFATHER = "grandfather"
    GUARDIAN = "guardian"
    OTHER = "other"


class ChildStatus(StrEnum):
    """Where a child stands with the room."""

    ACTIVE = "active"
    PAUSED = "paused"
    LEFT = "left"
    TRANSFERRED = "transferred"
    """Moved to another room with its file (`caseroom transfer`); kept here, archived."""


class HomeLanguage(StrEnum):
    """The language spoken at home."""

    KAZAKH = "kk"
    RUSSIAN = "ru"
    OTHER = "other"


class VulnerabilityMarker(StrEnum):
    """Why a family is counted as socially vulnerable."""

    LOW_INCOME = "low_income"
    SINGLE_PARENT = "single_parent"
    DISABILITY_IN_FAMILY = "disability_in_family"
    GUARDIANSHIP = "guardianship"
    SOCIAL_RISK = "social_risk"
    MIGRANT = "migrant"


class BarrierKind(StrEnum):
    """What keeps a caregiver from taking part."""

    CHILDCARE = "childcare"
    TRANSPORT = "transport"
    WORK_HOURS = "work_hours"
    STIGMA = "stigma"
    LANGUAGE = "language"
    HEALTH = "health"
    OTHER = "other"


class Domain(StrEnum):
    """Developmental domains of support-plan goals."""

    COGNITIVE = "cognitive"
    SPEECH = "speech"
    SOCIAL_EMOTIONAL = "social_emotional"
    GROSS_MOTOR = "gross_motor"
    FINE_MOTOR = "fine_motor"
    GRAPHOMOTOR = "graphomotor"
    SELF_CARE = "self_care"
    ACADEMIC = "academic"


class PlanStatus(StrEnum):
    """The life of an individual development programme."""

    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class GoalStatus(StrEnum):
    """Where a plan goal stands."""

    ACTIVE = "active"
    ACHIEVED = "achieved"
    DISCONTINUED = "discontinued"


class Checkpoint(StrEnum):
    """When progress is rated: start, middle and end of year, and each quarter."""

    START = "start"
    MIDDLE = "middle"
    END = "end"
    Q1 = "q1"
    Q2 = "q2"
    Q3 = "q3"
    Q4 = "q4"


class Rating(StrEnum):
    """The dynamics scale used at checkpoints."""

    NONE = "none"
    MINIMAL = "minimal"
    MODERATE = "moderate"
    HIGH = "high"
    NOT_ASSESSED = "not_assessed"


class SessionKind(StrEnum):
    """Kinds of session the room logs."""

    INDIVIDUAL = "individual"
    GROUP = "group"
    PARENT_CONSULTATION = "parent_consultation"
    JOINT = "joint"
    HOME_VISIT = "home_visit"
    REMOTE_CONSULTATION = "remote_consultation"


PARENT_SESSION_KINDS: frozenset[SessionKind] = frozenset(
    {SessionKind.PARENT_CONSULTATION, SessionKind.REMOTE_CONSULTATION, SessionKind.HOME_VISIT}
)
"""Kinds counted as consultations offered to a caregiver."""


class SessionStatus(StrEnum):
    """A session is planned ahead, then held or cancelled."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    """Whether an expected person came (`EXPECTED` until a planned session is held)."""

    PRESENT = "present"
    ABSENT = "absent"
    CANCELLED = "cancelled"
    EXPECTED = "expected"


class PracticeOutcome(StrEnum):
    """Whether home practice was done."""

    PENDING = "pending"
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"


class ParentGoalStatus(StrEnum):
    """Where a caregiver's own goal stands."""

    ACTIVE = "active"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class ConsentScope(StrEnum):
    """Separate consents the law and the room need."""

    DATA_PROCESSING = "data_processing"
    SEN_ASSESSMENT = "sen_assessment"
    SPECIAL_SUPPORT = "special_support"
    PSYCH_DIAGNOSTICS = "psych_diagnostics"
    PARENT_SCREENING = "parent_screening"
    SHARE_NOTES = "share_notes"
    """Session notes may go with the child's file to another room (`caseroom transfer`)."""


class ConsentForm(StrEnum):
    """How a consent was given (psychological diagnostics needs `written`)."""

    WRITTEN = "written"
    ORAL = "oral"
    ELECTRONIC = "electronic"


class ReferralStatus(StrEnum):
    """Where a referral stands."""

    PLANNED = "planned"
    SENT = "sent"
    COMPLETED = "completed"
    DECLINED = "declined"


class Confidentiality(StrEnum):
    """Who may see a note or record."""

    SHAREABLE = "shareable"
    SPECIALIST = "specialist"
    PARENT = "parent"
    SAFEGUARDING = "safeguarding"


class CheckinMode(StrEnum):
    """How a caregiver's wellbeing check-in was given."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    SELF_COMPLETED = "self_completed"


class FollowupAction(StrEnum):
    """What was done after a safety flag on a wellbeing check-in."""

    TALKED_TODAY = "talked_today"
    REFERRED = "referred"
    CONTACTED = "contacted"


class MeetingFormat(StrEnum):
    """How a parent support-group meeting was held."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    PHONE = "phone"
    MIXED = "mixed"


class MeetingHelp(StrEnum):
    """What a meeting offered so that mothers could come (each lifts one `BarrierKind`)."""

    CHILDCARE = "childcare"
    TRANSPORT = "transport"
    EVENING_WEEKEND = "evening_weekend"
    MATERIALS = "materials"


class DirectoryKind(StrEnum):
    """What kind of organisation or service a help-directory entry is."""

    PMPK = "pmpk"
    CORRECTION_OFFICE = "correction_office"
    AUTISM_CENTRE = "autism_centre"
    REHABILITATION = "rehabilitation"
    PSYCH_SUPPORT = "psych_support"
    MEDICAL = "medical"
    HOTLINE = "hotline"
    SOCIAL_BENEFITS = "social_benefits"
    PARENT_GROUP = "parent_group"
    OTHER = "other"


class DirectoryNeed(StrEnum):
    """A need a help-directory entry serves (what a room searches the directory by)."""

    ASSESSMENT = "assessment"
    AUTISM = "autism"
    SPEECH = "speech"
    HEARING = "hearing"
    VISION = "vision"
    MOTOR = "motor"
    INTELLECTUAL = "intellectual"
    LEARNING = "learning"
    BEHAVIOUR = "behaviour"
    REHABILITATION = "rehabilitation"
    PARENT_SUPPORT = "parent_support"
    CRISIS = "crisis"
    BENEFITS = "benefits"
    LEGAL = "legal"
    CHILDCARE = "childcare"


class ArchiveReason(StrEnum):
    """Why a record was archived (kept with the archive event in the audit trail)."""

    LEFT_SCHOOL = "left_school"
    MOVED = "moved"
    DUPLICATE = "duplicate"
    MISTAKE = "mistake"
    OTHER = "other"
    UNDONE = "undone"
    """Set by Undo of a new record, never chosen in the reason dialog."""


BUILTIN_SEN_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("hearing", N_("Hearing impairment")),
    ("vision", N_("Visual impairment")),
    ("musculoskeletal", N_("Musculoskeletal disorders")),
    ("speech", N_("Speech disorders")),
    ("learning", N_("Specific learning difficulties")),
    ("delayed_development", N_("Delayed mental development")),
    ("intellectual", N_("Intellectual disability")),
    ("autism", N_("Communication and social interaction difficulties, including autism")),
    ("behaviour", N_("Behavioural difficulties")),
    ("complex", N_("Complex (multiple) impairments")),
)
"""SEN categories of order 117 of 2025: (code, English label)."""

_LABEL_LIST: tuple[tuple[StrEnum, str], ...] = (
    (Sex.FEMALE, N_("female")),
    (Sex.MALE, N_("male")),
    (StaffRole.PSYCHOLOGIST, N_("educational psychologist")),
    (StaffRole.SPECIAL_EDUCATOR, N_("special educator")),
    (StaffRole.SPEECH_THERAPIST, N_("speech therapist")),
    (StaffRole.SOCIAL_PEDAGOGUE, N_("social pedagogue")),
    (StaffRole.ASSISTANT, N_("teaching assistant")),
    (StaffRole.ADMINISTRATOR, N_("administrator")),
    (CaregiverRelation.MOTHER, N_("mother")),
    (CaregiverRelation.FATHER, N_("father")),
    (CaregiverRelation.GRANDMOTHER, N_("grandmother")),
    (CaregiverRelation.GRANDFATHER, N_("grandfather")),
    (CaregiverRelation.GUARDIAN, N_("guardian")),
    (CaregiverRelation.OTHER, N_("other relative")),
    (ChildStatus.ACTIVE, N_("active")),
    (ChildStatus.PAUSED, N_("paused")),
    (ChildStatus.LEFT, N_("left the room")),
    (ChildStatus.TRANSFERRED, N_("transferred to another room")),
    (HomeLanguage.KAZAKH, N_("Kazakh")),
    (HomeLanguage.RUSSIAN, N_("Russian")),
    (HomeLanguage.OTHER, N_("other language")),
    (VulnerabilityMarker.LOW_INCOME, N_("low income")),
    (VulnerabilityMarker.SINGLE_PARENT, N_("single parent")),
    (VulnerabilityMarker.DISABILITY_IN_FAMILY, N_("disability in the family")),
    (VulnerabilityMarker.GUARDIANSHIP, N_("under guardianship")),
    (VulnerabilityMarker.SOCIAL_RISK, N_("social risk")),
    (VulnerabilityMarker.MIGRANT, N_("migrant family")),
    (BarrierKind.CHILDCARE, N_("no childcare for other children")),
    (BarrierKind.TRANSPORT, N_("transport")),
    (BarrierKind.WORK_HOURS, N_("work hours")),
    (BarrierKind.STIGMA, N_("stigma")),
    (BarrierKind.LANGUAGE, N_("language")),
    (BarrierKind.HEALTH, N_("own health")),
    (BarrierKind.OTHER, N_("other barrier")),
    (Domain.COGNITIVE, N_("cognitive")),
    (Domain.SPEECH, N_("speech and communication")),
    (Domain.SOCIAL_EMOTIONAL, N_("social-emotional and behaviour")),
    (Domain.GROSS_MOTOR, N_("gross motor")),
    (Domain.FINE_MOTOR, N_("fine motor")),
    (Domain.GRAPHOMOTOR, N_("graphomotor")),
    (Domain.SELF_CARE, N_("self-care")),
    (Domain.ACADEMIC, N_("academic and learning skills")),
    (PlanStatus.DRAFT, N_("draft")),
    (PlanStatus.ACTIVE, N_("in effect")),
    (PlanStatus.CLOSED, N_("closed")),
    (GoalStatus.ACTIVE, N_("in progress")),
    (GoalStatus.ACHIEVED, N_("achieved")),
    (GoalStatus.DISCONTINUED, N_("discontinued")),
    (Checkpoint.START, N_("start of year")),
    (Checkpoint.MIDDLE, N_("middle of year")),
    (Checkpoint.END, N_("end of year")),
    (Checkpoint.Q1, N_("quarter 1")),
    (Checkpoint.Q2, N_("quarter 2")),
    (Checkpoint.Q3, N_("quarter 3")),
    (Checkpoint.Q4, N_("quarter 4")),
    (Rating.NONE, N_("no change")),
    (Rating.MINIMAL, N_("minimal")),
    (Rating.MODERATE, N_("moderate")),
    (Rating.HIGH, N_("high")),
    (Rating.NOT_ASSESSED, N_("not assessed")),
    (SessionKind.INDIVIDUAL, N_("individual session")),
    (SessionKind.GROUP, N_("group session")),
    (SessionKind.PARENT_CONSULTATION, N_("parent consultation")),
    (SessionKind.JOINT, N_("joint parent–child session")),
    (SessionKind.HOME_VISIT, N_("home visit")),
    (SessionKind.REMOTE_CONSULTATION, N_("phone or online consultation")),
    (SessionStatus.PLANNED, N_("planned")),
    (SessionStatus.HELD, N_("held")),
    (SessionStatus.CANCELLED, N_("cancelled")),
    (AttendanceStatus.PRESENT, N_("present")),
    (AttendanceStatus.ABSENT, N_("absent")),
    (AttendanceStatus.CANCELLED, N_("cancelled")),
    (AttendanceStatus.EXPECTED, N_("expected")),
    (PracticeOutcome.PENDING, N_("not checked yet")),
    (PracticeOutcome.DONE, N_("done")),
    (PracticeOutcome.PARTLY, N_("partly done")),
    (PracticeOutcome.NOT_DONE, N_("not done")),
    (ParentGoalStatus.ACTIVE, N_("working on it")),
    (ParentGoalStatus.ACHIEVED, N_("achieved")),
    (ParentGoalStatus.DROPPED, N_("dropped")),
    (ConsentScope.DATA_PROCESSING, N_("processing of personal data")),
    (ConsentScope.SEN_ASSESSMENT, N_("assessment of special educational needs")),
    (ConsentScope.SPECIAL_SUPPORT, N_("special educational support")),
    (ConsentScope.PSYCH_DIAGNOSTICS, N_("psychological diagnostics")),
    (ConsentScope.PARENT_SCREENING, N_("caregiver's own wellbeing screening")),
    (ConsentScope.SHARE_NOTES, N_("sharing session notes with another room on transfer")),
    (ConsentForm.WRITTEN, N_("in writing")),
    (ConsentForm.ORAL, N_("orally")),
    (ConsentForm.ELECTRONIC, N_("electronically")),
    (ReferralStatus.PLANNED, N_("planned")),
    (ReferralStatus.SENT, N_("sent")),
    (ReferralStatus.COMPLETED, N_("completed")),
    (ReferralStatus.DECLINED, N_("declined")),
    (Confidentiality.SHAREABLE, N_("shareable")),
    (Confidentiality.SPECIALIST, N_("specialists only")),
    (Confidentiality.PARENT, N_("caregiver's own data")),
    (Confidentiality.SAFEGUARDING, N_("safeguarding (restricted)")),
    (CheckinMode.IN_PERSON, N_("in person with a specialist")),
    (CheckinMode.PHONE, N_("by phone")),
    (CheckinMode.SELF_COMPLETED, N_("filled in by the caregiver")),
    (FollowupAction.TALKED_TODAY, N_("talked with the caregiver today")),
    (FollowupAction.REFERRED, N_("referred for help")),
    (FollowupAction.CONTACTED, N_("contacted someone who can help")),
    (MeetingFormat.IN_PERSON, N_("in person")),
    (MeetingFormat.ONLINE, N_("online")),
    (MeetingFormat.PHONE, N_("by phone")),
    (MeetingFormat.MIXED, N_("mixed: in person and online")),
    (MeetingHelp.CHILDCARE, N_("childcare on site")),
    (MeetingHelp.TRANSPORT, N_("help with transport")),
    (MeetingHelp.EVENING_WEEKEND, N_("evening or weekend time")),
    (MeetingHelp.MATERIALS, N_("materials in Kazakh and Russian")),
    (DirectoryKind.PMPK, N_("PMPK (psychological-medical-pedagogical consultation)")),
    (DirectoryKind.CORRECTION_OFFICE, N_("psychological-pedagogical correction office")),
    (DirectoryKind.AUTISM_CENTRE, N_("autism centre or fund")),
    (DirectoryKind.REHABILITATION, N_("rehabilitation centre")),
    (DirectoryKind.PSYCH_SUPPORT, N_("psychological support")),
    (DirectoryKind.MEDICAL, N_("clinic or hospital")),
    (DirectoryKind.HOTLINE, N_("hotline")),
    (DirectoryKind.SOCIAL_BENEFITS, N_("social benefits office")),
    (DirectoryKind.PARENT_GROUP, N_("parents' association")),
    (DirectoryKind.OTHER, N_("other service")),
    (DirectoryNeed.ASSESSMENT, N_("assessment and conclusion")),
    (DirectoryNeed.AUTISM, N_("autism")),
    (DirectoryNeed.SPEECH, N_("speech")),
    (DirectoryNeed.HEARING, N_("hearing")),
    (DirectoryNeed.VISION, N_("vision")),
    (DirectoryNeed.MOTOR, N_("movement")),
    (DirectoryNeed.INTELLECTUAL, N_("learning and thinking")),
    (DirectoryNeed.LEARNING, N_("school learning")),
    (DirectoryNeed.BEHAVIOUR, N_("behaviour and emotions")),
    (DirectoryNeed.REHABILITATION, N_("rehabilitation")),
    (DirectoryNeed.PARENT_SUPPORT, N_("support for parents")),
    (DirectoryNeed.CRISIS, N_("crisis help")),
    (DirectoryNeed.BENEFITS, N_("benefits and allowances")),
    (DirectoryNeed.LEGAL, N_("legal advice")),
    (DirectoryNeed.CHILDCARE, N_("care for the child")),
    (ArchiveReason.LEFT_SCHOOL, N_("the child left the school")),
    (ArchiveReason.MOVED, N_("moved away")),
    (ArchiveReason.DUPLICATE, N_("a duplicate of another record")),
    (ArchiveReason.MISTAKE, N_("entered by mistake")),
    (ArchiveReason.OTHER, N_("another reason")),
    (ArchiveReason.UNDONE, N_("undone")),
)


# Keyed by (vocabulary, code): members of different vocabularies may share a code
# ("active", "other"), and StrEnum members with equal values are equal dict keys.
_LABELS: dict[tuple[type[StrEnum], str], str] = {
    (type(value), str(value)): english for value, english in _LABEL_LIST
}


def source_label(value: StrEnum) -> str:
    """The English (source) label of a vocabulary value, for a catalogue of one's own."""
    return _LABELS[(type(value), str(value))]


def label(value: StrEnum) -> str:
    """The translated label of a vocabulary value in the current language."""
    return _(source_label(value))


def sen_category_label(code: str, custom_label: str | None = None) -> str:
    """The translated label of a built-in SEN category, or a centre's own label."""
    for builtin_code, english in BUILTIN_SEN_CATEGORIES:
        if builtin_code == code:
            return _(english)
    return custom_label or code
