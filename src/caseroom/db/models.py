"""The tables of a support room's records (SQLModel on SQLAlchemy 2).

Rules every table follows:
- ids are UUIDs (records from many rooms merge at a centre without collisions);
- timestamps are UTC (`UTCDateTime`), calendar days are `date`;
- nothing is hard-deleted in normal work: `archived_at` marks a record archived;
- vocabulary values are stored as their short text codes (see `caseroom.vocab`).

Services validate input; the constraints here are the last line of defence.
"""

import uuid
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel

from caseroom.db.record import CODE, NAME, Record
from caseroom.db.types import UTCDateTime, utcnow

# --- the room and its calendar ------------------------------------------------------------


class Room(Record, table=True):
    """An inclusion support room in a school (a database usually holds one)."""

    __tablename__ = "room"

    school_name: str = Field(max_length=200)
    room_name: str = Field(max_length=200)
    locality: str | None = Field(default=None, max_length=200)
    region: str | None = Field(default=None, max_length=200)
    default_language: str = Field(default="ru", sa_type=String(CODE))


class SchoolYear(Record, table=True):
    """A school year with its dates (set yearly by ministerial order, so stored as data)."""

    __tablename__ = "school_year"
    __table_args__ = (
        UniqueConstraint("room_id", "start_year", name="uq_school_year_room_start"),
        CheckConstraint("starts_on < ends_on", name="dates"),
    )

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    start_year: int
    starts_on: date
    ends_on: date
    # False while the dates are caseroom's defaults; True once a person has checked them.
    dates_confirmed: bool = Field(default=False)


class Quarter(Record, table=True):
    """One of the four quarters (terms) of a school year."""

    __tablename__ = "quarter"
    __table_args__ = (
        UniqueConstraint("school_year_id", "number", name="uq_quarter_year_number"),
        CheckConstraint("number BETWEEN 1 AND 4", name="number"),
        CheckConstraint("starts_on <= ends_on", name="dates"),
    )

    school_year_id: uuid.UUID = Field(foreign_key="school_year.id", index=True)
    number: int
    starts_on: date
    ends_on: date


class Setting(SQLModel, table=True):
    """A stored preference of the room (value kept as JSON)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True, max_length=100)
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class SenCategory(SQLModel, table=True):
    """A category of special educational needs; built-ins are seeded, a centre may add more."""

    __tablename__ = "sen_category"

    code: str = Field(primary_key=True, sa_type=String(CODE))
    builtin: bool = Field(default=False)
    label_en: str | None = Field(default=None, max_length=200)
    label_ru: str | None = Field(default=None, max_length=200)
    label_kk: str | None = Field(default=None, max_length=200)
    sort_order: int = Field(default=0)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


# --- people -------------------------------------------------------------------------------


class Staff(Record, table=True):
    """A member of the room's staff."""

    __tablename__ = "staff"

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    last_name: str = Field(max_length=NAME)
    first_name: str = Field(max_length=NAME)
    patronymic: str | None = Field(default=None, max_length=NAME)
    role: str = Field(sa_type=String(CODE))
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=200)
    # What she is also trained in beyond her role (ABA, sand therapy, stuttering): short
    # texts, `services.people.staff.SPECIALISM_MAX` at most.
    specialisms: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class Family(Record, table=True):
    """A household: its caregivers and children, address and circumstances."""

    __tablename__ = "family"

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    display_name: str = Field(max_length=200)
    address: str | None = Field(default=None, sa_type=Text)
    locality: str | None = Field(default=None, max_length=200)
    home_language: str | None = Field(default=None, sa_type=String(CODE))
    children_count: int | None = Field(default=None)
    vulnerability: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = Field(default=None, sa_type=Text)
    search_key: str = Field(default="", sa_type=Text, index=True)
    # Alphabetical order under binary comparison (`caseroom.names.sort_key`), set with the name.
    sort_name: str = Field(
        default="", sa_type=Text, index=True, sa_column_kwargs={"server_default": ""}
    )


class FamilyBarrier(Record, table=True):
    """Something that keeps the family's caregivers from taking part."""

    __tablename__ = "family_barrier"

    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    kind: str = Field(sa_type=String(CODE))
    note: str | None = Field(default=None, sa_type=Text)
    noted_on: date
    resolved_on: date | None = None


class Caregiver(Record, table=True):
    """A parent or other caregiver of a family's children."""

    __tablename__ = "caregiver"

    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    last_name: str = Field(max_length=NAME)
    first_name: str = Field(max_length=NAME)
    patronymic: str | None = Field(default=None, max_length=NAME)
    relation: str = Field(sa_type=String(CODE))
    phone: str | None = Field(default=None, max_length=20)
    is_legal_representative: bool = Field(default=True)
    language: str | None = Field(default=None, sa_type=String(CODE))
    notes: str | None = Field(default=None, sa_type=Text)
    search_key: str = Field(default="", sa_type=Text, index=True)
    # Alphabetical order under binary comparison (`caseroom.names.sort_key`), set with the name.
    sort_name: str = Field(
        default="", sa_type=Text, index=True, sa_column_kwargs={"server_default": ""}
    )


class Child(Record, table=True):
    """A child supported by the room."""

    __tablename__ = "child"
    __table_args__ = (
        CheckConstraint("grade IS NULL OR grade BETWEEN 0 AND 12", name="grade"),
        CheckConstraint("sex IS NULL OR sex IN ('F', 'M')", name="sex"),
        Index("ix_child_status_name", "status", "last_name", "first_name"),
    )

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    family_id: uuid.UUID = Field(foreign_key="family.id", index=True)
    case_number: str = Field(max_length=40, unique=True)
    last_name: str = Field(max_length=NAME)
    first_name: str = Field(max_length=NAME)
    patronymic: str | None = Field(default=None, max_length=NAME)
    birth_date: date
    sex: str | None = Field(default=None, sa_type=String(1))
    iin: str | None = Field(default=None, max_length=12, unique=True)
    school: str | None = Field(default=None, max_length=200)
    grade: int | None = None
    class_letter: str | None = Field(default=None, max_length=8)
    home_language: str | None = Field(default=None, sa_type=String(CODE))
    enrolled_on: date
    left_on: date | None = None
    status: str = Field(default="active", sa_type=String(CODE), index=True)
    notes: str | None = Field(default=None, sa_type=Text)
    search_key: str = Field(default="", sa_type=Text, index=True)
    # Alphabetical order under binary comparison (`caseroom.names.sort_key`), set with the name.
    sort_name: str = Field(
        default="", sa_type=Text, index=True, sa_column_kwargs={"server_default": ""}
    )
    # Kept up to date by the session services so lists never aggregate sessions.
    last_session_on: date | None = None
    sessions_attended: int = Field(default=0)


class ChildSenCategory(SQLModel, table=True):
    """A SEN category assigned to a child."""

    __tablename__ = "child_sen_category"

    child_id: uuid.UUID = Field(foreign_key="child.id", primary_key=True)
    category_code: str = Field(foreign_key="sen_category.code", primary_key=True, index=True)


class ChildSpecialist(SQLModel, table=True):
    """A staff member who works with a child."""

    __tablename__ = "child_specialist"

    child_id: uuid.UUID = Field(foreign_key="child.id", primary_key=True)
    staff_id: uuid.UUID = Field(foreign_key="staff.id", primary_key=True, index=True)
    is_lead: bool = Field(default=False)


# --- assessment and plan ------------------------------------------------------------------


class PmpkConclusion(Record, table=True):
    """A PMPK conclusion: its date, number, recommendations and how long it holds."""

    __tablename__ = "pmpk_conclusion"
    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until >= issued_on", name="validity"),
    )

    child_id: uuid.UUID = Field(foreign_key="child.id", index=True)
    issued_on: date
    number: str = Field(max_length=60)
    # The commission's other recommendations: until revision 0011 its only, free-text field.
    recommendations: str | None = Field(default=None, sa_type=Text)
    valid_until: date | None = Field(default=None, index=True)
    # Its recommendations as the conclusion sets them out: the conditions of education,
    # the specialists the child should see (short texts) and the programme.
    conditions: str | None = Field(default=None, sa_type=Text)
    specialists: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    programme: str | None = Field(default=None, sa_type=Text)


class SupportPlan(Record, table=True):
    """An individual development programme (ИПР) for a period."""

    __tablename__ = "support_plan"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates"),)

    child_id: uuid.UUID = Field(foreign_key="child.id", index=True)
    starts_on: date
    ends_on: date
    status: str = Field(default="draft", sa_type=String(CODE))
    next_review_on: date | None = Field(default=None, index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    notes: str | None = Field(default=None, sa_type=Text)


class PlanReview(Record, table=True):
    """A dated review of a plan (each term)."""

    __tablename__ = "plan_review"

    plan_id: uuid.UUID = Field(foreign_key="support_plan.id", index=True)
    reviewed_on: date
    reviewer_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    summary: str | None = Field(default=None, sa_type=Text)


class Goal(Record, table=True):
    """A goal of a plan in one developmental domain."""

    __tablename__ = "goal"

    plan_id: uuid.UUID = Field(foreign_key="support_plan.id", index=True)
    domain: str = Field(sa_type=String(CODE))
    description: str = Field(sa_type=Text)
    baseline: str | None = Field(default=None, sa_type=Text)
    target: str | None = Field(default=None, sa_type=Text)
    criterion: str | None = Field(default=None, sa_type=Text)
    status: str = Field(default="active", sa_type=String(CODE))
    sort_order: int = Field(default=0)


class GoalRating(Record, table=True):
    """A progress rating of a goal at a checkpoint."""

    __tablename__ = "goal_rating"
    __table_args__ = (UniqueConstraint("goal_id", "checkpoint", name="uq_goal_rating_checkpoint"),)

    goal_id: uuid.UUID = Field(foreign_key="goal.id", index=True)
    checkpoint: str = Field(sa_type=String(CODE))
    rated_on: date
    rating: str = Field(sa_type=String(CODE))
    note: str | None = Field(default=None, sa_type=Text)
    rater_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")


# --- sessions and home practice -----------------------------------------------------------


PLANNED_UNARCHIVED = "status = 'planned' AND archived_at IS NULL"
"""Which sessions `ix_session_planned_day` holds (migration 0010 writes the same)."""


class SessionRecord(Record, table=True):
    """A session held (or planned) by a specialist: with a child, a group or a parent."""

    __tablename__ = "session_record"
    __table_args__ = (
        CheckConstraint("minutes IS NULL OR minutes BETWEEN 1 AND 600", name="minutes"),
        Index("ix_session_day_staff", "held_on", "staff_id"),
        # Today's "not written up": planned sessions whose day has passed, a few among
        # hundreds of thousands. Partial, so only a query for planned sessions can use it:
        # a plain (status, held_on) index made SQLite drive a child's held sessions from
        # every held session (0.1 ms to seconds).
        Index(
            "ix_session_planned_day",
            "held_on",
            sqlite_where=text(PLANNED_UNARCHIVED),
            postgresql_where=text(PLANNED_UNARCHIVED),
        ),
    )

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    held_on: date
    starts_at: time | None = None
    minutes: int | None = None
    kind: str = Field(sa_type=String(CODE))
    status: str = Field(default="held", sa_type=String(CODE))
    staff_id: uuid.UUID = Field(foreign_key="staff.id", index=True)
    topic: str | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, sa_type=Text)
    agreed: str | None = Field(default=None, sa_type=Text)
    confidentiality: str = Field(default="specialist", sa_type=String(CODE))


class SessionGoal(SQLModel, table=True):
    """A plan goal worked on in a session."""

    __tablename__ = "session_goal"

    session_id: uuid.UUID = Field(foreign_key="session_record.id", primary_key=True)
    goal_id: uuid.UUID = Field(foreign_key="goal.id", primary_key=True, index=True)


class Attendance(Record, table=True):
    """Whether a child or a caregiver expected at a session came."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint("(child_id IS NULL) <> (caregiver_id IS NULL)", name="one_person"),
        # NULLs are distinct in a plain unique constraint, so each person kind has its own.
        Index(
            "uq_attendance_session_child",
            "session_id",
            "child_id",
            unique=True,
            sqlite_where=text("child_id IS NOT NULL"),
            postgresql_where=text("child_id IS NOT NULL"),
        ),
        Index(
            "uq_attendance_session_caregiver",
            "session_id",
            "caregiver_id",
            unique=True,
            sqlite_where=text("caregiver_id IS NOT NULL"),
            postgresql_where=text("caregiver_id IS NOT NULL"),
        ),
    )

    session_id: uuid.UUID = Field(foreign_key="session_record.id", index=True)
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id", index=True)
    caregiver_id: uuid.UUID | None = Field(default=None, foreign_key="caregiver.id", index=True)
    status: str = Field(default="present", sa_type=String(CODE))
    reason: str | None = Field(default=None, max_length=300)


PENDING_UNARCHIVED = "outcome = 'pending' AND archived_at IS NULL"
"""Which tasks `ix_practice_pending_due` holds (migration 0010 writes the same)."""


class HomePractice(Record, table=True):
    """A task given to a caregiver to do with the child at home, and whether it was done."""

    __tablename__ = "home_practice"
    # Today's "home practice to follow up": the pending tasks due (or given long ago), a
    # few among every task ever given; partial like `ix_session_planned_day`.
    __table_args__ = (
        Index(
            "ix_practice_pending_due",
            "due_on",
            "given_on",
            sqlite_where=text(PENDING_UNARCHIVED),
            postgresql_where=text(PENDING_UNARCHIVED),
        ),
    )

    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    child_id: uuid.UUID = Field(foreign_key="child.id", index=True)
    session_id: uuid.UUID | None = Field(default=None, foreign_key="session_record.id")
    goal_id: uuid.UUID | None = Field(default=None, foreign_key="goal.id")
    task: str = Field(sa_type=Text)
    given_on: date
    due_on: date | None = Field(default=None, index=True)
    outcome: str = Field(default="pending", sa_type=String(CODE))
    checked_on: date | None = None
    follow_up: str | None = Field(default=None, sa_type=Text)


class ParentGoal(Record, table=True):
    """A caregiver's own goal (e.g. learn a calming routine, join the support group)."""

    __tablename__ = "parent_goal"

    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    description: str = Field(sa_type=Text)
    set_on: date
    target_on: date | None = None
    status: str = Field(default="active", sa_type=String(CODE))
    note: str | None = Field(default=None, sa_type=Text)
    # The caregiver's own goals are her personal data (vocab.Confidentiality).
    confidentiality: str = Field(
        default="parent", sa_type=String(CODE), sa_column_kwargs={"server_default": "parent"}
    )


# --- parent support groups ----------------------------------------------------------------


class ParentGroup(Record, table=True):
    """A parent support group run by the room."""

    __tablename__ = "parent_group"

    room_id: uuid.UUID = Field(foreign_key="room.id", index=True)
    name: str = Field(max_length=200)
    facilitator_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    started_on: date
    ground_rules: str | None = Field(default=None, sa_type=Text)


class GroupMember(Record, table=True):
    """A caregiver registered in a parent support group."""

    __tablename__ = "group_member"
    __table_args__ = (UniqueConstraint("group_id", "caregiver_id", name="uq_group_member"),)

    group_id: uuid.UUID = Field(foreign_key="parent_group.id", index=True)
    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    registered_on: date
    left_on: date | None = None


class GroupMeeting(Record, table=True):
    """One meeting of a parent support group (group-level notes only)."""

    __tablename__ = "group_meeting"

    group_id: uuid.UUID = Field(foreign_key="parent_group.id", index=True)
    held_on: date
    starts_at: time | None = None
    minutes: int | None = None
    facilitator_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    theme: str | None = Field(default=None, max_length=300)
    notes: str | None = Field(default=None, sa_type=Text)
    follow_ups: str | None = Field(default=None, sa_type=Text)
    # How it was held (vocab.MeetingFormat), where or by which link, and what it offered
    # so that mothers could come (vocab.MeetingHelp codes): `services.parents.reach`.
    meeting_format: str = Field(
        default="in_person", sa_type=String(CODE), sa_column_kwargs={"server_default": "in_person"}
    )
    place: str | None = Field(default=None, sa_type=Text)
    help_offered: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )


class GroupAttendance(Record, table=True):
    """Whether a registered caregiver came to a meeting (and whether it was her first)."""

    __tablename__ = "group_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "caregiver_id", name="uq_group_attendance"),)

    meeting_id: uuid.UUID = Field(foreign_key="group_meeting.id", index=True)
    caregiver_id: uuid.UUID = Field(foreign_key="caregiver.id", index=True)
    present: bool = Field(default=True)
    newcomer: bool = Field(default=False)


# --- consent and referral -----------------------------------------------------------------


class Consent(Record, table=True):
    """A consent given by a person or their legal representative; it can be withdrawn."""

    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint("(child_id IS NULL) <> (caregiver_id IS NULL)", name="one_subject"),
    )

    scope: str = Field(sa_type=String(CODE))
    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id", index=True)
    caregiver_id: uuid.UUID | None = Field(default=None, foreign_key="caregiver.id", index=True)
    signer_caregiver_id: uuid.UUID | None = Field(default=None, foreign_key="caregiver.id")
    signer_name: str = Field(max_length=300)
    form: str = Field(default="written", sa_type=String(CODE))
    operator: str | None = Field(default=None, max_length=300)
    data_collected: str | None = Field(default=None, sa_type=Text)
    third_parties: str | None = Field(default=None, sa_type=Text)
    cross_border: bool = Field(default=False)
    given_on: date
    valid_until: date | None = None
    withdrawn_on: date | None = None
    withdrawal_note: str | None = Field(default=None, sa_type=Text)
    recorded_by_id: uuid.UUID = Field(foreign_key="staff.id")


class Referral(Record, table=True):
    """A referral of a child or a caregiver to another service."""

    __tablename__ = "referral"
    __table_args__ = (
        CheckConstraint("(child_id IS NULL) <> (caregiver_id IS NULL)", name="one_subject"),
    )

    child_id: uuid.UUID | None = Field(default=None, foreign_key="child.id", index=True)
    caregiver_id: uuid.UUID | None = Field(default=None, foreign_key="caregiver.id", index=True)
    to_whom: str = Field(max_length=300)
    reason: str | None = Field(default=None, sa_type=Text)
    referred_on: date
    status: str = Field(default="planned", sa_type=String(CODE))
    outcome: str | None = Field(default=None, sa_type=Text)
    staff_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    # The help-directory entry it goes to, if any (models_directory.DirectoryEntry).
    directory_entry_id: uuid.UUID | None = Field(default=None, foreign_key="directory_entry.id")
    # Who may see it (vocab.Confidentiality): a caregiver's referral is the parent's own data.
    confidentiality: str = Field(
        default="specialist",
        sa_type=String(CODE),
        sa_column_kwargs={"server_default": "specialist"},
    )


# --- audit --------------------------------------------------------------------------------


class AuditEvent(SQLModel, table=True):
    """Who did what to which record, when. Append-only from the app."""

    __tablename__ = "audit_event"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="staff.id")
    action: str = Field(sa_type=String(CODE))
    entity: str = Field(sa_type=String(CODE))
    entity_id: uuid.UUID | None = Field(default=None, index=True)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    seq: int | None = Field(default=None, unique=True)
    """The event's place in the hash chain (1, 2, 3...); see `db/audit_chain.py`."""
    chain: str | None = Field(default=None, sa_type=String(64))
    """SHA-256 over the previous event's `chain` and this event's fields."""


metadata = SQLModel.metadata

# Tables kept in their own modules register themselves on the same metadata when imported.
from caseroom.db import (  # noqa: E402, F401
    models_accounts,
    models_directory,
    models_exchange,
    models_groups_voice,
    models_plan_history,
    models_timetable,
    models_wellbeing,
)
