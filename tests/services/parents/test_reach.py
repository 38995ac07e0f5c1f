"""Meetings mothers can reach: the meeting's form and help, members' barriers, and
whether lifting a barrier helped."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import GroupMeeting, Room, Staff
from caseroom.errors import PermissionDeniedError, ValidationError
from caseroom.reports.data import Ratio
from caseroom.services.common import Actor
from caseroom.services.parents.meetings import MeetingInput, list_meetings, update_meeting
from caseroom.services.parents.reach import group_barriers, help_effects
from caseroom.vocab import BarrierKind, MeetingHelp
from voice_world import build_voice

ASSISTANT = Actor(staff_id=None, role="assistant")


def test_meeting_keeps_form_place_and_help_in_a_fixed_order(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    meeting_id = voice.meetings[0]
    changed = update_meeting(
        session,
        actor=actor,
        meeting_id=meeting_id,
        data=MeetingInput(
            held_on=date(2026, 10, 1),
            meeting_format="mixed",
            place="  Room 12 and a WhatsApp video call ",
            help_offered=("transport", "childcare", "transport"),
        ),
    )
    assert changed.meeting_format == "mixed"
    assert changed.place == "Room 12 and a WhatsApp video call"
    assert changed.help_offered == ("childcare", "transport")
    stored = session.get(GroupMeeting, meeting_id)
    assert stored is not None and stored.help_offered == ["childcare", "transport"]
    listed = {m.id: m for m in list_meetings(session, actor=actor, group_id=voice.group_id)}
    assert listed[voice.meetings[3]].meeting_format == "online"
    assert listed[voice.meetings[3]].help_offered == ("childcare",)


def test_meeting_access_rules(session: Session, actor: Actor, room: Room, staff: Staff) -> None:
    voice = build_voice(session, actor, room, staff)
    with pytest.raises(ValidationError) as raised:
        update_meeting(
            session,
            actor=actor,
            meeting_id=voice.meetings[0],
            data=MeetingInput(
                held_on=date(2026, 10, 1),
                meeting_format="by_pigeon",
                place="x" * 301,
                help_offered=("free_lunch",),
            ),
        )
    assert set(raised.value.problems) >= {"meeting_format", "place", "help_offered"}


def test_members_barriers_are_counted_on_the_day(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    now = group_barriers(session, actor=actor, group_id=voice.group_id, on=date(2026, 11, 10))
    assert now.members == 6
    assert now.counts == ((BarrierKind.CHILDCARE, 3), (BarrierKind.TRANSPORT, 1))
    before = group_barriers(session, actor=actor, group_id=voice.group_id, on=date(2026, 10, 10))
    assert dict(before.counts)[BarrierKind.CHILDCARE] == 4  # mother 3's not yet resolved
    with pytest.raises(PermissionDeniedError):
        group_barriers(session, actor=ASSISTANT, group_id=voice.group_id)


def test_attendance_with_the_help_beside_without(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    found = {e.help: e for e in help_effects(session, actor=actor, group_id=voice.group_id)}
    childcare = found[MeetingHelp.CHILDCARE]
    assert childcare.barrier is BarrierKind.CHILDCARE
    assert childcare.members == 4
    assert (childcare.meetings_with, childcare.meetings_without) == (2, 2)
    assert childcare.with_help == Ratio(7, 7)
    assert childcare.without_help == Ratio(2, 7)
    transport = found[MeetingHelp.TRANSPORT]
    assert transport.with_help == Ratio(0, 0) and transport.without_help == Ratio(2, 4)
    assert MeetingHelp.EVENING_WEEKEND not in found  # nobody needs it, nobody offered it
    october = help_effects(
        session,
        actor=actor,
        group_id=voice.group_id,
        start=date(2026, 10, 1),
        end=date(2026, 10, 31),
    )
    assert next(e for e in october if e.help is MeetingHelp.CHILDCARE).with_help == Ratio(4, 4)
