"""Parent support groups: the groups, who is registered, their meetings and who came.

Membership is one interval per caregiver and group: registered on a day, and (after
leaving) a last day, both included. A caregiver who is not registered on a meeting's day
may still come: she is then registered from that day (or her membership stretched to
cover it). "Newcomer" is computed, never typed: the first meeting of the group at which
the caregiver was present (meetings in date order, then in the order they were entered);
`refresh_newcomers` keeps the stored flag true to that rule after every change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlmodel import Session, SQLModel, col

from caseroom.db.models import (
    Caregiver,
    GroupAttendance,
    GroupMeeting,
    GroupMember,
    ParentGroup,
    Room,
    Staff,
)
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, archive, audit, clean_text, load, touch
from caseroom.services.permissions import Permission, require

NAME_MAX, THEME_MAX, TEXT_MAX = 200, 300, 4000
MINUTES_MIN, MINUTES_MAX = 1, 600


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _columns(model: type[SQLModel], read: type[object]) -> list[Any]:
    """The columns of `model` named like the fields of the `read` dataclass, in order."""
    return [col(getattr(model, f.name)) for f in fields(read)]  # type: ignore[arg-type]


def _save(
    session: Session,
    actor: Actor,
    action: str,
    entity: str,
    record: Any,
    details: dict[str, Any] | None = None,
) -> None:
    """Flush `record` and write its audit event."""
    session.add(record)
    session.flush()
    audit(session, actor=actor, action=action, entity=entity, entity_id=record.id, details=details)


def _fail(field: str, message: str) -> None:
    """Raise one validation problem."""
    Problems({field: message}).raise_if_any()


def _staff_ok(session: Session, staff_id: uuid.UUID | None) -> bool:
    if staff_id is None:
        return True
    staff = session.get(Staff, staff_id)
    return staff is not None and staff.archived_at is None


# --- groups -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupInput:
    """What a specialist fills in for a support group."""

    name: str
    started_on: date
    facilitator_id: uuid.UUID | None = None
    ground_rules: str | None = None


@dataclass(frozen=True, slots=True)
class GroupRead:
    """A support group as screens see it."""

    id: uuid.UUID
    room_id: uuid.UUID
    name: str
    facilitator_id: uuid.UUID | None
    started_on: date
    ground_rules: str | None
    archived_at: datetime | None


_GROUP = _columns(ParentGroup, GroupRead)


def _group_read(record: ParentGroup) -> GroupRead:
    return GroupRead(*(getattr(record, f.name) for f in fields(GroupRead)))


def _clean_group(session: Session, data: GroupInput) -> tuple[str, str | None]:
    problems = Problems()
    name = clean_text(data.name)
    rules = clean_text(data.ground_rules)
    if name is None:
        problems.add("name", _("Enter the name of the group"))
    elif len(name) > NAME_MAX:
        problems.add(
            "name",
            _("The group name is too long (at most {limit} characters)").format(limit=NAME_MAX),
        )
    if rules is not None and len(rules) > TEXT_MAX:
        problems.add(
            "ground_rules",
            _("The ground rules are too long (at most {limit} characters)").format(limit=TEXT_MAX),
        )
    if not _staff_ok(session, data.facilitator_id):
        problems.add("facilitator_id", _("Choose the facilitator from the staff list"))
    problems.raise_if_any()
    assert name is not None
    return name, rules


def _group(session: Session, group_id: uuid.UUID) -> ParentGroup:
    return load(session, ParentGroup, group_id, _("This support group was not found"))


def create_group(
    session: Session, *, actor: Actor, room_id: uuid.UUID, data: GroupInput
) -> GroupRead:
    """Start a parent support group in the room."""
    require(actor, Permission.EDIT_RECORDS)
    name, rules = _clean_group(session, data)
    load(session, Room, room_id, _("The room was not found"))
    record = ParentGroup(
        room_id=room_id,
        name=name,
        facilitator_id=data.facilitator_id,
        started_on=data.started_on,
        ground_rules=rules,
    )
    _save(session, actor, "create", "parent_group", record)
    return _group_read(record)


def update_group(
    session: Session, *, actor: Actor, group_id: uuid.UUID, data: GroupInput
) -> GroupRead:
    """Change a group's name, start date, facilitator or ground rules."""
    require(actor, Permission.EDIT_RECORDS)
    record = _group(session, group_id)
    name, rules = _clean_group(session, data)
    first = session.execute(
        select(func.min(col(GroupMeeting.held_on))).where(
            col(GroupMeeting.group_id) == group_id, col(GroupMeeting.archived_at).is_(None)
        )
    ).scalar_one()
    if first is not None and data.started_on > first:
        message = _("The group already met on {date}, before {start}")
        _fail("started_on", message.format(date=_d(first), start=_d(data.started_on)))
    record.name, record.ground_rules = name, rules
    record.facilitator_id, record.started_on = data.facilitator_id, data.started_on
    touch(record)
    _save(session, actor, "update", "parent_group", record)
    return _group_read(record)


def archive_group(session: Session, *, actor: Actor, group_id: uuid.UUID) -> GroupRead:
    """Archive a group that no longer meets (its meetings leave involvement figures)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _group(session, group_id)
    if record.archived_at is None:
        archive(record)
        _save(session, actor, "archive", "parent_group", record)
    return _group_read(record)


def list_groups(
    session: Session,
    *,
    actor: Actor,
    room_id: uuid.UUID | None = None,
    include_archived: bool = False,
) -> list[GroupRead]:
    """Support groups by name."""
    require(actor, Permission.VIEW_RECORDS)
    query = select(*_GROUP)
    if room_id is not None:
        query = query.where(col(ParentGroup.room_id) == room_id)
    if not include_archived:
        query = query.where(col(ParentGroup.archived_at).is_(None))
    query = query.order_by(col(ParentGroup.name), col(ParentGroup.id))
    return [GroupRead(*row) for row in session.execute(query)]


# --- members ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberRead:
    """A caregiver registered in a group."""

    group_id: uuid.UUID
    caregiver_id: uuid.UUID
    last_name: str
    first_name: str
    registered_on: date
    left_on: date | None


def _member_row(
    session: Session, group_id: uuid.UUID, caregiver_id: uuid.UUID
) -> GroupMember | None:
    return session.execute(
        select(GroupMember).where(
            col(GroupMember.group_id) == group_id, col(GroupMember.caregiver_id) == caregiver_id
        )
    ).scalar_one_or_none()


def _member_read(session: Session, row: GroupMember) -> MemberRead:
    person = session.get(Caregiver, row.caregiver_id)
    assert person is not None
    names = (person.last_name, person.first_name)
    return MemberRead(row.group_id, row.caregiver_id, *names, row.registered_on, row.left_on)


def _member_details(row: GroupMember) -> dict[str, object]:
    return {"group_id": str(row.group_id), "caregiver_id": str(row.caregiver_id)}


def register_member(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    caregiver_id: uuid.UUID,
    registered_on: date,
) -> MemberRead:
    """Register a caregiver in a group from `registered_on` (again, if she had left)."""
    require(actor, Permission.EDIT_RECORDS)
    group = _group(session, group_id)
    problems = Problems()
    if group.archived_at is not None:
        problems.add("group_id", _("This support group is archived"))
    person = session.get(Caregiver, caregiver_id)
    if person is None or person.archived_at is not None:
        problems.add("caregiver_id", _("Choose the caregiver to register"))
    if registered_on < group.started_on:
        problems.add(
            "registered_on",
            _("The registration date {date} is before the group started on {start}").format(
                date=_d(registered_on), start=_d(group.started_on)
            ),
        )
    row = _member_row(session, group_id, caregiver_id)
    if row is not None and row.left_on is None:
        problems.add("caregiver_id", _("This caregiver is already registered in the group"))
    elif row is not None and row.left_on is not None and registered_on <= row.left_on:
        problems.add(
            "registered_on",
            _("The caregiver left the group on {left}: register her again after that day").format(
                left=_d(row.left_on)
            ),
        )
    problems.raise_if_any()
    if row is None:
        row = GroupMember(group_id=group_id, caregiver_id=caregiver_id, registered_on=registered_on)
    else:
        row.registered_on, row.left_on = registered_on, None
        touch(row)
    _save(session, actor, "create", "group_member", row, _member_details(row))
    return _member_read(session, row)


def leave_group(
    session: Session, *, actor: Actor, group_id: uuid.UUID, caregiver_id: uuid.UUID, left_on: date
) -> MemberRead:
    """Record that a caregiver left a group; `left_on` is her last day as a member."""
    require(actor, Permission.EDIT_RECORDS)
    row = _member_row(session, group_id, caregiver_id)
    if row is None or row.left_on is not None:
        _fail("caregiver_id", _("This caregiver is not registered in the group"))
    assert row is not None
    problems = Problems()
    if left_on < row.registered_on:
        problems.add(
            "left_on",
            _("The leaving date {left} is before the registration on {registered}").format(
                left=_d(left_on), registered=_d(row.registered_on)
            ),
        )
    last_seen = session.execute(
        select(func.max(col(GroupMeeting.held_on)))
        .join(GroupAttendance, col(GroupAttendance.meeting_id) == col(GroupMeeting.id))
        .where(
            col(GroupMeeting.group_id) == group_id,
            col(GroupMeeting.archived_at).is_(None),
            col(GroupAttendance.archived_at).is_(None),
            col(GroupAttendance.caregiver_id) == caregiver_id,
            col(GroupAttendance.present).is_(True),
        )
    ).scalar_one()
    if last_seen is not None and left_on < last_seen:
        problems.add(
            "left_on",
            _("The caregiver came to a meeting on {date}, after {left}").format(
                date=_d(last_seen), left=_d(left_on)
            ),
        )
    problems.raise_if_any()
    row.left_on = left_on
    touch(row)
    _save(session, actor, "update", "group_member", row, _member_details(row))
    return _member_read(session, row)


def _registered_on_day(day: date) -> list[ColumnElement[bool]]:
    """Conditions (on `GroupMember` joined to `Caregiver`) for being registered on `day`."""
    return [
        col(GroupMember.registered_on) <= day,
        or_(col(GroupMember.left_on).is_(None), col(GroupMember.left_on) >= day),
        col(GroupMember.archived_at).is_(None),
        col(Caregiver.archived_at).is_(None),
    ]


def list_members(
    session: Session, *, actor: Actor, group_id: uuid.UUID, on: date | None = None
) -> list[MemberRead]:
    """Caregivers of a group by name: all who were ever registered, or those registered `on`."""
    require(actor, Permission.VIEW_PARENT_DATA)
    query = (
        select(
            col(GroupMember.group_id),
            col(GroupMember.caregiver_id),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(GroupMember.registered_on),
            col(GroupMember.left_on),
        )
        .join(Caregiver, col(Caregiver.id) == col(GroupMember.caregiver_id))
        .where(col(GroupMember.group_id) == group_id)
        .order_by(
            col(Caregiver.sort_name),
            col(Caregiver.last_name),
            col(Caregiver.first_name),
            col(Caregiver.id),
        )
    )
    if on is not None:
        query = query.where(*_registered_on_day(on))
    return [MemberRead(*row) for row in session.execute(query)]


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


_MEETING = _columns(GroupMeeting, MeetingRead)


def _meeting_read(record: GroupMeeting) -> MeetingRead:
    return MeetingRead(*(getattr(record, f.name) for f in fields(MeetingRead)))


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
    theme, notes, follow_ups = (clean_text(v) for v in (data.theme, data.notes, data.follow_ups))
    if theme is not None and len(theme) > THEME_MAX:
        problems.add(
            "theme", _("The theme is too long (at most {limit} characters)").format(limit=THEME_MAX)
        )
    for name, value in (("notes", notes), ("follow_ups", follow_ups)):
        if value is not None and len(value) > TEXT_MAX:
            problems.add(
                name, _("The text is too long (at most {limit} characters)").format(limit=TEXT_MAX)
            )
    if data.minutes is not None and not MINUTES_MIN <= data.minutes <= MINUTES_MAX:
        problems.add(
            "minutes",
            _("A meeting lasts from {low} to {high} minutes").format(
                low=MINUTES_MIN, high=MINUTES_MAX
            ),
        )
    problems.raise_if_any()
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
    _save(session, actor, "create", "group_meeting", record)
    return _meeting_read(record)


def update_meeting(
    session: Session, *, actor: Actor, meeting_id: uuid.UUID, data: MeetingInput
) -> MeetingRead:
    """Correct a meeting; memberships and newcomers follow a changed date."""
    require(actor, Permission.EDIT_RECORDS)
    record = _meeting(session, meeting_id)
    _fill_meeting(session, record, _group(session, record.group_id), data)
    touch(record)
    session.add(record)
    session.flush()
    _cover_presence(session, record)
    refresh_newcomers(session, record.group_id)
    audit(session, actor=actor, action="update", entity="group_meeting", entity_id=record.id)
    return _meeting_read(record)


def archive_meeting(session: Session, *, actor: Actor, meeting_id: uuid.UUID) -> MeetingRead:
    """Archive a meeting entered by mistake (newcomers are computed again without it)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _meeting(session, meeting_id)
    if record.archived_at is None:
        archive(record)
        session.add(record)
        session.flush()
        refresh_newcomers(session, record.group_id)
        audit(session, actor=actor, action="archive", entity="group_meeting", entity_id=record.id)
    return _meeting_read(record)


def list_meetings(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    start: date | None = None,
    end: date | None = None,
) -> list[MeetingRead]:
    """A group's meetings from `start` to `end` (both included), the newest first."""
    require(actor, Permission.VIEW_PARENT_DATA)
    query = select(*_MEETING).where(
        col(GroupMeeting.group_id) == group_id, col(GroupMeeting.archived_at).is_(None)
    )
    if start is not None:
        query = query.where(col(GroupMeeting.held_on) >= start)
    if end is not None:
        query = query.where(col(GroupMeeting.held_on) <= end)
    query = query.order_by(col(GroupMeeting.held_on).desc(), col(GroupMeeting.created_at).desc())
    return [MeetingRead(*row) for row in session.execute(query)]


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
