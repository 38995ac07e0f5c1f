"""Parent support group meetings and who came.

"Newcomer" is computed, never typed: the first meeting of the group at which the
caregiver was present (meetings in date order, then in the order they were entered);
`refresh_newcomers` keeps the stored flag true to that rule after every change. A
caregiver present without being registered on the meeting's day is registered from it.
A meeting's notes and follow-ups are specialists' working notes: empty for anyone
without the right to read notes.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time

from sqlalchemy import select, update
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, GroupAttendance, GroupMeeting, GroupMember, ParentGroup
from caseroom.i18n import _
from caseroom.services.audited import save_and_audit
from caseroom.services.common import (
    Actor,
    Problems,
    archive,
    audit,
    checked_text,
    load,
    touch,
)
from caseroom.services.parents.groups import (
    TEXT_MAX,
    _columns,
    _d,
    _group,
    _member_row,
    _registered_on_day,
    _staff_ok,
)
from caseroom.services.parents.reach import check_access
from caseroom.services.permissions import Permission, allowed, require, working_note
from caseroom.vocab import MeetingFormat

THEME_MAX = 300
MINUTES_MIN, MINUTES_MAX = 1, 600

# --- meetings ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetingInput:
    """What a facilitator fills in for a meeting (group-level notes only, no one's story)."""

    held_on: date
    facilitator_id: uuid.UUID | None = None
    theme: str | None = None
    notes: str | None = None
    follow_ups: str | None = None
    starts_at: time | None = None
    minutes: int | None = None
    meeting_format: str = MeetingFormat.IN_PERSON.value
    place: str | None = None
    help_offered: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingRead:
    """A meeting as screens see it."""

    id: uuid.UUID
    group_id: uuid.UUID
    held_on: date
    starts_at: time | None
    minutes: int | None
    facilitator_id: uuid.UUID | None
    theme: str | None
    notes: str | None
    follow_ups: str | None
    archived_at: datetime | None
    meeting_format: str = MeetingFormat.IN_PERSON.value
    place: str | None = None
    help_offered: tuple[str, ...] = ()


_MEETING = _columns(GroupMeeting, MeetingRead)


def _as_seen(actor: Actor, read: MeetingRead) -> MeetingRead:
    """`read` with its notes and follow-ups as `actor` may read them (working notes)."""
    return replace(
        read,
        notes=working_note(actor, read.notes),
        follow_ups=working_note(actor, read.follow_ups),
    )


def _meeting_read(actor: Actor, record: GroupMeeting) -> MeetingRead:
    return _as_seen(actor, _read(*(getattr(record, f.name) for f in fields(MeetingRead))))


def _read(*values: object) -> MeetingRead:
    """A `MeetingRead` from its fields in order (the help offered as a tuple)."""
    read = MeetingRead(*values)  # type: ignore[arg-type]
    return replace(read, help_offered=tuple(read.help_offered or ()))


def _fill_meeting(
    session: Session, record: GroupMeeting, group: ParentGroup, data: MeetingInput
) -> None:
    """Validate `data` and copy it onto `record` (nothing is copied if anything is wrong)."""
    problems = Problems()
    if group.archived_at is not None:
        problems.add("group_id", _("This support group is archived"))
    if data.held_on < group.started_on:
        problems.add(
            "held_on",
            _("The meeting date {date} is before the group started on {start}").format(
                date=_d(data.held_on), start=_d(group.started_on)
            ),
        )
    if not _staff_ok(session, data.facilitator_id):
        problems.add("facilitator_id", _("Choose the facilitator from the staff list"))
    theme = checked_text(
        problems,
        "theme",
        data.theme,
        limit=THEME_MAX,
        too_long=_("The theme is too long (at most {limit} characters)"),
    )
    notes, follow_ups = (
        checked_text(problems, name, value, limit=TEXT_MAX, multiline=True)
        for name, value in (("notes", data.notes), ("follow_ups", data.follow_ups))
    )
    if data.minutes is not None and not MINUTES_MIN <= data.minutes <= MINUTES_MAX:
        problems.add(
            "minutes",
            _("A meeting lasts from {low} to {high} minutes").format(
                low=MINUTES_MIN, high=MINUTES_MAX
            ),
        )
    access = check_access(problems, data.meeting_format, data.place, data.help_offered)
    problems.raise_if_any()
    record.meeting_format, record.place, record.help_offered = access
    record.held_on, record.starts_at, record.minutes = data.held_on, data.starts_at, data.minutes
    record.facilitator_id = data.facilitator_id or group.facilitator_id
    record.theme, record.notes, record.follow_ups = theme, notes, follow_ups


def _meeting(session: Session, meeting_id: uuid.UUID) -> GroupMeeting:
    return load(session, GroupMeeting, meeting_id, _("This group meeting was not found"))


def create_meeting(
    session: Session, *, actor: Actor, group_id: uuid.UUID, data: MeetingInput
) -> MeetingRead:
    """Record a meeting of a group (the facilitator defaults to the group's)."""
    require(actor, Permission.EDIT_RECORDS)
    group = _group(session, group_id)
    record = GroupMeeting(group_id=group_id, held_on=data.held_on)
    _fill_meeting(session, record, group, data)
    save_and_audit(session, actor=actor, record=record, action="create", entity="group_meeting")
    return _meeting_read(actor, record)


def update_meeting(
    session: Session, *, actor: Actor, meeting_id: uuid.UUID, data: MeetingInput
) -> MeetingRead:
    """Correct a meeting; memberships and newcomers follow a changed date.

    Someone who may not read notes saw the notes and follow-ups empty: her correction
    keeps the stored ones.
    """
    require(actor, Permission.EDIT_RECORDS)
    record = _meeting(session, meeting_id)
    if not allowed(actor, Permission.VIEW_NOTES):  # she saw them empty: keep them
        data = replace(
            data, notes=data.notes or record.notes, follow_ups=data.follow_ups or record.follow_ups
        )
    _fill_meeting(session, record, _group(session, record.group_id), data)
    touch(record)
    session.add(record)
    session.flush()
    _cover_presence(session, record)
    refresh_newcomers(session, record.group_id)
    audit(session, actor=actor, action="update", entity="group_meeting", entity_id=record.id)
    return _meeting_read(actor, record)


def list_meetings(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    start: date | None = None,
    end: date | None = None,
    include_archived: bool = False,
) -> list[MeetingRead]:
    """A group's meetings from `start` to `end` (both included), the newest first; the
    archived ones too with `include_archived`."""
    require(actor, Permission.VIEW_PARENT_DATA)
    query = select(*_MEETING).where(col(GroupMeeting.group_id) == group_id)
    if not include_archived:
        query = query.where(col(GroupMeeting.archived_at).is_(None))
    if start is not None:
        query = query.where(col(GroupMeeting.held_on) >= start)
    if end is not None:
        query = query.where(col(GroupMeeting.held_on) <= end)
    query = query.order_by(col(GroupMeeting.held_on).desc(), col(GroupMeeting.created_at).desc())
    return [_as_seen(actor, _read(*row)) for row in session.execute(query)]


# --- attendance -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttendanceMark:
    """Whether a caregiver came to a meeting."""

    caregiver_id: uuid.UUID
    present: bool = True


@dataclass(frozen=True, slots=True)
class MeetingAttendee:
    """A caregiver registered for a meeting or present at it."""

    caregiver_id: uuid.UUID
    last_name: str
    first_name: str
    present: bool
    newcomer: bool


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """Registered against present, and who came for the first time."""

    meeting_id: uuid.UUID
    group_id: uuid.UUID
    held_on: date
    theme: str | None
    registered: int
    present: int
    newcomers: int
    attendees: tuple[MeetingAttendee, ...]


def _cover_presence(session: Session, meeting: GroupMeeting) -> None:
    """Stretch (or start) the membership of everyone present so it covers the meeting day."""
    present = session.scalars(
        select(col(GroupAttendance.caregiver_id)).where(
            col(GroupAttendance.meeting_id) == meeting.id,
            col(GroupAttendance.archived_at).is_(None),
            col(GroupAttendance.present).is_(True),
        )
    ).all()
    for caregiver_id in present:
        row = _member_row(session, meeting.group_id, caregiver_id)
        if row is None:
            row = GroupMember(
                group_id=meeting.group_id, caregiver_id=caregiver_id, registered_on=meeting.held_on
            )
        elif row.registered_on > meeting.held_on or (
            row.left_on is not None and row.left_on < meeting.held_on
        ):
            # She came after leaving: she is back. She came before registering: from then.
            row.registered_on = min(row.registered_on, meeting.held_on)
            if row.left_on is not None and row.left_on < meeting.held_on:
                row.left_on = None
            touch(row)
        else:
            continue
        session.add(row)
    session.flush()


def refresh_newcomers(session: Session, group_id: uuid.UUID) -> None:
    """Recompute the stored newcomer flags of a group (also for bulk loaders)."""
    session.flush()
    rows = session.execute(
        select(col(GroupAttendance.id), col(GroupAttendance.caregiver_id))
        .join(GroupMeeting, col(GroupMeeting.id) == col(GroupAttendance.meeting_id))
        .where(
            col(GroupMeeting.group_id) == group_id,
            col(GroupMeeting.archived_at).is_(None),
            col(GroupAttendance.archived_at).is_(None),
            col(GroupAttendance.present).is_(True),
        )
        .order_by(col(GroupMeeting.held_on), col(GroupMeeting.created_at), col(GroupMeeting.id))
    ).all()
    seen: set[uuid.UUID] = set()
    first: list[uuid.UUID] = []
    for attendance_id, caregiver_id in rows:
        if caregiver_id not in seen:
            seen.add(caregiver_id)
            first.append(attendance_id)
    meetings = select(col(GroupMeeting.id)).where(col(GroupMeeting.group_id) == group_id)
    in_group = col(GroupAttendance.meeting_id).in_(meetings)
    session.execute(
        update(GroupAttendance)
        .where(in_group, col(GroupAttendance.id).not_in(first))
        .values(newcomer=False)
        .execution_options(synchronize_session="fetch")
    )
    if first:
        session.execute(
            update(GroupAttendance)
            .where(col(GroupAttendance.id).in_(first))
            .values(newcomer=True)
            .execution_options(synchronize_session="fetch")
        )


def record_meeting_attendance(
    session: Session, *, actor: Actor, meeting_id: uuid.UUID, marks: Sequence[AttendanceMark]
) -> MeetingSummary:
    """Set who came to a meeting: the marks replace those recorded before.

    A caregiver present without being registered on that day is registered from it;
    only registered caregivers can be marked as not present.
    """
    require(actor, Permission.EDIT_RECORDS)
    meeting = _meeting(session, meeting_id)
    problems = Problems()
    if len({mark.caregiver_id for mark in marks}) != len(marks):
        problems.add("marks", _("The same caregiver is listed twice"))
    for mark in marks:
        person = session.get(Caregiver, mark.caregiver_id)
        if person is None or person.archived_at is not None:
            problems.add("marks", _("Someone in the list was not found or is archived"))
            continue
        row = _member_row(session, meeting.group_id, mark.caregiver_id)
        registered = (
            row is not None
            and row.registered_on <= meeting.held_on
            and (row.left_on is None or row.left_on >= meeting.held_on)
        )
        if not mark.present and not registered:
            problems.add(
                "marks", _("Only caregivers registered in the group can be marked as not present")
            )
    problems.raise_if_any()
    existing = {
        row.caregiver_id: row
        for row in session.scalars(
            select(GroupAttendance).where(col(GroupAttendance.meeting_id) == meeting_id)
        )
    }
    for mark in marks:
        seen = existing.pop(mark.caregiver_id, None) or GroupAttendance(
            meeting_id=meeting_id, caregiver_id=mark.caregiver_id
        )
        if seen.archived_at is not None or seen.present != mark.present:
            touch(seen)
        seen.present, seen.archived_at = mark.present, None
        session.add(seen)
    for dropped in existing.values():
        if dropped.archived_at is None:
            archive(dropped)
    session.flush()
    _cover_presence(session, meeting)
    refresh_newcomers(session, meeting.group_id)
    audit(
        session,
        actor=actor,
        action="update",
        entity="group_attendance",
        entity_id=meeting_id,
        details={"present": [str(m.caregiver_id) for m in marks if m.present]},
    )
    return meeting_summary(session, actor=actor, meeting_id=meeting_id)


def meeting_summary(session: Session, *, actor: Actor, meeting_id: uuid.UUID) -> MeetingSummary:
    """Registered on the meeting day against present, with newcomers, by name."""
    require(actor, Permission.VIEW_PARENT_DATA)
    meeting = _meeting(session, meeting_id)
    registered = session.execute(
        select(col(Caregiver.id), col(Caregiver.last_name), col(Caregiver.first_name))
        .join(GroupMember, col(GroupMember.caregiver_id) == col(Caregiver.id))
        .where(col(GroupMember.group_id) == meeting.group_id, *_registered_on_day(meeting.held_on))
    ).all()
    marks = session.execute(
        select(
            col(Caregiver.id),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(GroupAttendance.present),
            col(GroupAttendance.newcomer),
        )
        .join(GroupAttendance, col(GroupAttendance.caregiver_id) == col(Caregiver.id))
        .where(
            col(GroupAttendance.meeting_id) == meeting_id,
            col(GroupAttendance.archived_at).is_(None),
            col(Caregiver.archived_at).is_(None),
        )
    ).all()
    people = {row[0]: MeetingAttendee(row[0], row[1], row[2], False, False) for row in registered}
    people.update({row[0]: MeetingAttendee(*row) for row in marks})
    attendees = tuple(
        sorted(people.values(), key=lambda p: (p.last_name, p.first_name, str(p.caregiver_id)))
    )
    return MeetingSummary(
        meeting_id=meeting.id,
        group_id=meeting.group_id,
        held_on=meeting.held_on,
        theme=meeting.theme,
        registered=len(registered),
        present=sum(1 for p in attendees if p.present),
        newcomers=sum(1 for p in attendees if p.present and p.newcomer),
        attendees=attendees,
    )
