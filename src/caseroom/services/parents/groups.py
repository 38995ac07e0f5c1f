"""Parent support groups: the groups and who is registered (meetings: `group_meetings`).

Membership is one interval per caregiver and group: registered on a day, and (after
leaving) a last day, both included. A caregiver who is not registered on a meeting's day
may still come: she is then registered from that day (or her membership stretched to
cover it) by `group_meetings`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
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
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import Actor, Problems, checked_text, load, touch
from caseroom.services.permissions import Permission, require

NAME_MAX, TEXT_MAX = 200, 4000


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _columns(model: type[SQLModel], read: type[object]) -> list[Any]:
    """The columns of `model` named like the fields of the `read` dataclass, in order."""
    return [col(getattr(model, f.name)) for f in fields(read)]  # type: ignore[arg-type]


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
    name = checked_text(
        problems,
        "name",
        data.name,
        limit=NAME_MAX,
        too_long=_("The group name is too long (at most {limit} characters)"),
        missing=_("Enter the name of the group"),
    )
    rules = checked_text(
        problems,
        "ground_rules",
        data.ground_rules,
        limit=TEXT_MAX,
        multiline=True,
        too_long=_("The ground rules are too long (at most {limit} characters)"),
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
    save_and_audit(session, actor=actor, record=record, action="create", entity="parent_group")
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
    save_and_audit(session, actor=actor, record=record, action="update", entity="parent_group")
    return _group_read(record)


def archive_group(
    session: Session, *, actor: Actor, group_id: uuid.UUID, reason: str | None = None
) -> GroupRead:
    """Archive a group that no longer meets (its meetings leave involvement figures)."""
    require(actor, Permission.EDIT_RECORDS)
    record = _group(session, group_id)
    archive_and_audit(session, actor, record, "parent_group", reason=reason)
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
    save_and_audit(
        session,
        actor=actor,
        record=row,
        action="create",
        entity="group_member",
        details=_member_details(row),
    )
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
    save_and_audit(
        session,
        actor=actor,
        record=row,
        action="update",
        entity="group_member",
        details=_member_details(row),
    )
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
