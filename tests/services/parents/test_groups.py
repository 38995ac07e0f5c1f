"""Parent support groups: groups, members, meetings, attendance and newcomers."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import (
    AuditEvent,
    Caregiver,
    Family,
    GroupAttendance,
    GroupMeeting,
    GroupMember,
    ParentGroup,
    Room,
    Staff,
)
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.groups import (
    GroupInput,
    archive_group,
    create_group,
    leave_group,
    list_groups,
    list_members,
    register_member,
    update_group,
)
from caseroom.services.parents.meeting_archive import archive_meeting_for
from caseroom.services.parents.meetings import (
    AttendanceMark,
    MeetingInput,
    create_meeting,
    list_meetings,
    meeting_summary,
    record_meeting_attendance,
    update_meeting,
)

Counted = type[ParentGroup] | type[GroupMeeting] | type[GroupMember] | type[AuditEvent]


def _count(session: Session, model: Counted) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def group(session: Session, actor: Actor, room: Room, staff: Staff) -> uuid.UUID:
    """A group started on 01.10.2026, facilitated by the psychologist."""
    made = create_group(
        session,
        actor=actor,
        room_id=room.id,
        data=GroupInput(
            name=" Mothers' circle ", started_on=date(2026, 10, 1), facilitator_id=staff.id
        ),
    )
    return made.id


@pytest.fixture
def mothers(session: Session, room: Room, caregiver: Caregiver) -> list[Caregiver]:
    """Three caregivers: `caregiver` and two mothers of other families."""
    people = [caregiver]
    for last, first in [("Bekova", "Aliya"), ("Ivanova", "Olga")]:
        home = Family(room_id=room.id, display_name=last)
        session.add(home)
        session.flush()
        person = Caregiver(family_id=home.id, last_name=last, first_name=first, relation="mother")
        session.add(person)
        people.append(person)
    session.flush()
    return people


def _meeting(session: Session, actor: Actor, group: uuid.UUID, day: date) -> uuid.UUID:
    return create_meeting(
        session, actor=actor, group_id=group, data=MeetingInput(held_on=day, theme="Routines")
    ).id


def test_create_update_archive_group(
    session: Session, actor: Actor, room: Room, staff: Staff, group: uuid.UUID
) -> None:
    [made] = list_groups(session, actor=actor, room_id=room.id)
    assert (made.id, made.name, made.facilitator_id) == (group, "Mothers' circle", staff.id)
    _meeting(session, actor, group, date(2026, 10, 8))
    with pytest.raises(ValidationError) as raised:
        update_group(
            session,
            actor=actor,
            group_id=group,
            data=GroupInput(name="Circle", started_on=date(2026, 10, 9)),
        )
    assert raised.value.problems == {
        "started_on": "The group already met on 08.10.2026, before 09.10.2026"
    }
    changed = update_group(
        session,
        actor=actor,
        group_id=group,
        data=GroupInput(name="Circle", started_on=date(2026, 10, 8), ground_rules="Confidential"),
    )
    assert (changed.name, changed.facilitator_id, changed.ground_rules) == (
        "Circle",
        None,
        "Confidential",
    )
    archive_group(session, actor=actor, group_id=group)
    assert list_groups(session, actor=actor) == []
    assert len(list_groups(session, actor=actor, include_archived=True)) == 1
    actions = session.execute(
        select(col(AuditEvent.action)).where(col(AuditEvent.entity_id) == group)
    ).scalars()
    assert sorted(actions) == ["archive", "create", "update"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "Enter the name of the group"),
        ({"name": "x" * 201}, "name", "The group name is too long (at most 200 characters)"),
        (
            {"ground_rules": "x" * 4001},
            "ground_rules",
            "The ground rules are too long (at most 4\u00a0000 characters)",
        ),
        (
            {"facilitator_id": uuid.uuid4()},
            "facilitator_id",
            "Choose the facilitator from the staff list",
        ),
    ],
)
def test_group_rules(
    session: Session, actor: Actor, room: Room, changes: dict[str, object], field: str, message: str
) -> None:
    values: dict[str, object] = {"name": "Circle", "started_on": date(2026, 10, 1)}
    values.update(changes)
    before = _count(session, ParentGroup), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        create_group(session, actor=actor, room_id=room.id, data=GroupInput(**values))  # type: ignore[arg-type]
    assert raised.value.problems == {field: message}
    assert (_count(session, ParentGroup), _count(session, AuditEvent)) == before


def test_register_and_leave(
    session: Session, actor: Actor, group: uuid.UUID, mothers: list[Caregiver]
) -> None:
    gulnara, aliya, _olga = mothers
    member = register_member(
        session,
        actor=actor,
        group_id=group,
        caregiver_id=gulnara.id,
        registered_on=date(2026, 10, 1),
    )
    assert (member.last_name, member.registered_on, member.left_on) == (
        "Seitkali",
        date(2026, 10, 1),
        None,
    )
    register_member(
        session,
        actor=actor,
        group_id=group,
        caregiver_id=aliya.id,
        registered_on=date(2026, 10, 20),
    )
    cases = [
        (
            gulnara.id,
            date(2026, 10, 2),
            {"caregiver_id": "This caregiver is already registered in the group"},
        ),
        (uuid.uuid4(), date(2026, 10, 2), {"caregiver_id": "Choose the caregiver to register"}),
        (
            _olga.id,
            date(2026, 9, 30),
            {
                "registered_on": "The registration date 30.09.2026 is before"
                " the group started on 01.10.2026"
            },
        ),
    ]
    for person, day, problems in cases:
        before = _count(session, GroupMember)
        with pytest.raises(ValidationError) as raised:
            register_member(
                session, actor=actor, group_id=group, caregiver_id=person, registered_on=day
            )
        assert raised.value.problems == problems
        assert _count(session, GroupMember) == before
    with pytest.raises(ValidationError) as raised:
        leave_group(
            session, actor=actor, group_id=group, caregiver_id=gulnara.id, left_on=date(2026, 9, 30)
        )
    assert raised.value.problems == {
        "left_on": "The leaving date 30.09.2026 is before the registration on 01.10.2026"
    }
    left = leave_group(
        session, actor=actor, group_id=group, caregiver_id=gulnara.id, left_on=date(2026, 10, 15)
    )
    assert left.left_on == date(2026, 10, 15)
    with pytest.raises(ValidationError) as raised:
        leave_group(
            session,
            actor=actor,
            group_id=group,
            caregiver_id=gulnara.id,
            left_on=date(2026, 10, 16),
        )
    assert raised.value.problems == {
        "caregiver_id": "This caregiver is not registered in the group"
    }
    on_day = list_members(session, actor=actor, group_id=group, on=date(2026, 10, 15))
    assert [m.first_name for m in on_day] == ["Gulnara"]
    later = list_members(session, actor=actor, group_id=group, on=date(2026, 10, 20))
    assert [m.first_name for m in later] == ["Aliya"]
    assert len(list_members(session, actor=actor, group_id=group)) == 2
    with pytest.raises(ValidationError) as raised:
        register_member(
            session,
            actor=actor,
            group_id=group,
            caregiver_id=gulnara.id,
            registered_on=date(2026, 10, 15),
        )
    assert raised.value.problems == {
        "registered_on": "The caregiver left the group on 15.10.2026:"
        " register her again after that day"
    }
    back = register_member(
        session,
        actor=actor,
        group_id=group,
        caregiver_id=gulnara.id,
        registered_on=date(2026, 11, 1),
    )
    assert (back.registered_on, back.left_on) == (date(2026, 11, 1), None)


def test_cannot_leave_before_last_meeting_attended(
    session: Session, actor: Actor, group: uuid.UUID, caregiver: Caregiver
) -> None:
    register_member(
        session,
        actor=actor,
        group_id=group,
        caregiver_id=caregiver.id,
        registered_on=date(2026, 10, 1),
    )
    meeting = _meeting(session, actor, group, date(2026, 10, 8))
    record_meeting_attendance(
        session, actor=actor, meeting_id=meeting, marks=[AttendanceMark(caregiver.id)]
    )
    with pytest.raises(ValidationError) as raised:
        leave_group(
            session,
            actor=actor,
            group_id=group,
            caregiver_id=caregiver.id,
            left_on=date(2026, 10, 7),
        )
    assert raised.value.problems == {
        "left_on": "The caregiver came to a meeting on 08.10.2026, after 07.10.2026"
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"held_on": date(2026, 9, 30)},
            "held_on",
            "The meeting date 30.09.2026 is before the group started on 01.10.2026",
        ),
        (
            {"facilitator_id": uuid.uuid4()},
            "facilitator_id",
            "Choose the facilitator from the staff list",
        ),
        ({"theme": "x" * 301}, "theme", "The theme is too long (at most 300 characters)"),
        ({"notes": "x" * 4001}, "notes", "The text is too long (at most 4\u00a0000 characters)"),
        (
            {"follow_ups": "x" * 4001},
            "follow_ups",
            "The text is too long (at most 4\u00a0000 characters)",
        ),
        ({"minutes": 0}, "minutes", "A meeting lasts from 1 to 600 minutes"),
        ({"minutes": 601}, "minutes", "A meeting lasts from 1 to 600 minutes"),
    ],
)
def test_meeting_rules(
    session: Session,
    actor: Actor,
    group: uuid.UUID,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    values: dict[str, object] = {"held_on": date(2026, 10, 8)}
    values.update(changes)
    before = _count(session, GroupMeeting), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        create_meeting(session, actor=actor, group_id=group, data=MeetingInput(**values))  # type: ignore[arg-type]
    assert raised.value.problems == {field: message}
    assert (_count(session, GroupMeeting), _count(session, AuditEvent)) == before


def test_meeting_in_archived_group_is_refused(
    session: Session, actor: Actor, group: uuid.UUID
) -> None:
    archive_group(session, actor=actor, group_id=group)
    with pytest.raises(ValidationError) as raised:
        create_meeting(
            session, actor=actor, group_id=group, data=MeetingInput(held_on=date(2026, 10, 8))
        )
    assert raised.value.problems == {"group_id": "This support group is archived"}
    with pytest.raises(NotFoundError, match="This support group was not found"):
        create_meeting(
            session,
            actor=actor,
            group_id=uuid.uuid4(),
            data=MeetingInput(held_on=date(2026, 10, 8)),
        )


def test_meeting_defaults_facilitator_and_lists(
    session: Session, actor: Actor, group: uuid.UUID, staff: Staff
) -> None:
    first = _meeting(session, actor, group, date(2026, 10, 8))
    second = _meeting(session, actor, group, date(2026, 10, 22))
    [latest, earliest] = list_meetings(session, actor=actor, group_id=group)
    assert (latest.id, earliest.id, latest.facilitator_id) == (second, first, staff.id)
    assert [
        m.id for m in list_meetings(session, actor=actor, group_id=group, end=date(2026, 10, 8))
    ] == [first]
    assert [
        m.id for m in list_meetings(session, actor=actor, group_id=group, start=date(2026, 10, 9))
    ] == [second]


def test_attendance_registered_present_and_newcomers(
    session: Session, actor: Actor, group: uuid.UUID, mothers: list[Caregiver]
) -> None:
    gulnara, aliya, olga = mothers
    for person in (gulnara, aliya):
        register_member(
            session,
            actor=actor,
            group_id=group,
            caregiver_id=person.id,
            registered_on=date(2026, 10, 1),
        )
    first = _meeting(session, actor, group, date(2026, 10, 8))
    second = _meeting(session, actor, group, date(2026, 10, 22))
    summary = record_meeting_attendance(
        session,
        actor=actor,
        meeting_id=first,
        marks=[AttendanceMark(gulnara.id), AttendanceMark(aliya.id, present=False)],
    )
    assert (summary.registered, summary.present, summary.newcomers) == (2, 1, 1)
    # Olga is not registered: she comes anyway and is registered that day.
    summary = record_meeting_attendance(
        session,
        actor=actor,
        meeting_id=second,
        marks=[AttendanceMark(gulnara.id), AttendanceMark(aliya.id), AttendanceMark(olga.id)],
    )
    assert (summary.registered, summary.present, summary.newcomers) == (3, 3, 2)
    assert [(a.first_name, a.present, a.newcomer) for a in summary.attendees] == [
        ("Aliya", True, True),
        ("Olga", True, True),
        ("Gulnara", True, False),
    ]
    [olga_member] = [
        m for m in list_members(session, actor=actor, group_id=group) if m.caregiver_id == olga.id
    ]
    assert olga_member.registered_on == date(2026, 10, 22)
    # Aliya is marked present at the first meeting after all: the second is no longer her first.
    record_meeting_attendance(
        session,
        actor=actor,
        meeting_id=first,
        marks=[AttendanceMark(gulnara.id), AttendanceMark(aliya.id)],
    )
    later = meeting_summary(session, actor=actor, meeting_id=second)
    assert (later.registered, later.present, later.newcomers) == (3, 3, 1)
    # Archiving the first meeting makes the second everyone's first.
    archive_meeting_for(session, actor=actor, meeting_id=first)
    assert meeting_summary(session, actor=actor, meeting_id=second).newcomers == 3


def test_attendance_rules(
    session: Session, actor: Actor, group: uuid.UUID, mothers: list[Caregiver]
) -> None:
    gulnara, aliya, _olga = mothers
    meeting = _meeting(session, actor, group, date(2026, 10, 8))
    cases = [
        (
            [AttendanceMark(gulnara.id), AttendanceMark(gulnara.id)],
            "The same caregiver is listed twice",
        ),
        ([AttendanceMark(uuid.uuid4())], "Someone in the list was not found or is archived"),
        (
            [AttendanceMark(aliya.id, present=False)],
            "Only caregivers registered in the group can be marked as not present",
        ),
    ]
    for marks, message in cases:
        with pytest.raises(ValidationError) as raised:
            record_meeting_attendance(session, actor=actor, meeting_id=meeting, marks=marks)
        assert raised.value.problems == {"marks": message}
        assert _count(session, GroupMember) == 0
        assert session.execute(select(func.count()).select_from(GroupAttendance)).scalar_one() == 0


def test_marks_replace_earlier_ones(
    session: Session, actor: Actor, group: uuid.UUID, mothers: list[Caregiver]
) -> None:
    gulnara, aliya, _olga = mothers
    meeting = _meeting(session, actor, group, date(2026, 10, 8))
    record_meeting_attendance(
        session,
        actor=actor,
        meeting_id=meeting,
        marks=[AttendanceMark(gulnara.id), AttendanceMark(aliya.id)],
    )
    summary = record_meeting_attendance(
        session, actor=actor, meeting_id=meeting, marks=[AttendanceMark(gulnara.id)]
    )
    # Aliya stays registered (from that day) but is no longer present.
    assert (summary.registered, summary.present, summary.newcomers) == (2, 1, 1)
    assert [(a.first_name, a.present) for a in summary.attendees] == [
        ("Aliya", False),
        ("Gulnara", True),
    ]


def test_moving_a_meeting_stretches_membership(
    session: Session, actor: Actor, group: uuid.UUID, caregiver: Caregiver
) -> None:
    meeting = _meeting(session, actor, group, date(2026, 10, 22))
    record_meeting_attendance(
        session, actor=actor, meeting_id=meeting, marks=[AttendanceMark(caregiver.id)]
    )
    moved = update_meeting(
        session,
        actor=actor,
        meeting_id=meeting,
        data=MeetingInput(held_on=date(2026, 10, 8), theme=" Sleep ", minutes=90),
    )
    assert (moved.held_on, moved.theme, moved.minutes) == (date(2026, 10, 8), "Sleep", 90)
    [member] = list_members(session, actor=actor, group_id=group)
    assert member.registered_on == date(2026, 10, 8)
    summary = meeting_summary(session, actor=actor, meeting_id=meeting)
    assert (summary.registered, summary.present, summary.newcomers) == (1, 1, 1)
