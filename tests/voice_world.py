"""A small support group for the parents'-voice tests: members, barriers and meetings."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from caseroom.db.models import Caregiver, Family, FamilyBarrier, Room, Staff
from caseroom.services.common import Actor
from caseroom.services.parents.groups import GroupInput, create_group, register_member
from caseroom.services.parents.meetings import (
    AttendanceMark,
    MeetingInput,
    create_meeting,
    record_meeting_attendance,
)


@dataclass
class Voice:
    """The group, its mothers (0–3 need childcare, 4 transport) and its meetings."""

    group_id: uuid.UUID
    mothers: list[Caregiver]
    meetings: list[uuid.UUID]


def build_voice(session: Session, actor: Actor, room: Room, staff: Staff) -> Voice:
    """Six mothers registered on 01.10.2026; four meetings in October–November.

    Mothers 0–3 have "childcare" (mother 3's resolved on 15.10), mother 4 "transport".
    Meetings 1 and 3 offer childcare on site. Attendance:
    m0 (01.10, no help): mothers 0, 4, 5   m1 (08.10, childcare): 0, 1, 2, 3, 5
    m2 (22.10, no help): 0, 5               m3 (05.11, childcare, online): 0, 1, 2, 4, 5
    """
    group = create_group(
        session,
        actor=actor,
        room_id=room.id,
        data=GroupInput(
            name="Mothers' circle", started_on=date(2026, 9, 1), facilitator_id=staff.id
        ),
    )
    mothers = []
    for number in range(6):
        home = Family(room_id=room.id, display_name=f"Family {number}")
        session.add(home)
        session.flush()
        person = Caregiver(
            family_id=home.id, last_name=f"Mother{number}", first_name="A", relation="mother"
        )
        session.add(person)
        session.flush()
        mothers.append(person)
        if number < 4:
            resolved = date(2026, 10, 15) if number == 3 else None
            session.add(
                FamilyBarrier(
                    family_id=home.id,
                    kind="childcare",
                    noted_on=date(2026, 9, 20),
                    resolved_on=resolved,
                )
            )
        if number == 4:
            session.add(
                FamilyBarrier(family_id=home.id, kind="transport", noted_on=date(2026, 9, 20))
            )
        register_member(
            session,
            actor=actor,
            group_id=group.id,
            caregiver_id=person.id,
            registered_on=date(2026, 10, 1),
        )
    plan = [
        (date(2026, 10, 1), "in_person", (), (0, 4, 5)),
        (date(2026, 10, 8), "in_person", ("childcare",), (0, 1, 2, 3, 5)),
        (date(2026, 10, 22), "in_person", (), (0, 5)),
        (date(2026, 11, 5), "online", ("childcare",), (0, 1, 2, 4, 5)),
    ]
    meetings = []
    for day, form, help_offered, came in plan:
        meeting = create_meeting(
            session,
            actor=actor,
            group_id=group.id,
            data=MeetingInput(held_on=day, meeting_format=form, help_offered=help_offered),
        )
        marks = [AttendanceMark(person.id, index in came) for index, person in enumerate(mothers)]
        record_meeting_attendance(session, actor=actor, meeting_id=meeting.id, marks=marks)
        meetings.append(meeting.id)
    session.flush()
    return Voice(group.id, mothers, meetings)
