"""The term summary's support-group figures: meetings by form, reach, peer-support parents,
barriers lifted and feedback, per group and for the room."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from caseroom.db.models import Room, Staff
from caseroom.services.common import Actor
from caseroom.services.parents.feedback import FeedbackInput, record_feedback
from caseroom.services.parents.peer_support import mark_peer_parent
from caseroom.services.plans.periods import Period, PeriodKind
from caseroom.services.reporting.voice import voice_counts
from caseroom.vocab import MeetingFormat, MeetingHelp
from voice_world import build_voice

AUTUMN = Period(date(2026, 9, 1), date(2026, 10, 31), "autumn", PeriodKind.RANGE, None, None)


def test_figures_per_group_and_for_the_room(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    mark_peer_parent(
        session,
        actor=actor,
        group_id=voice.group_id,
        caregiver_id=voice.mothers[5].id,
        since=date(2026, 10, 1),
    )
    for value in (2, 4, 5):
        record_feedback(
            session,
            actor=actor,
            meeting_id=voice.meetings[1],
            data=FeedbackInput({"welcome": value, "come_again": int(value > 2)}),
        )
    record_feedback(
        session, actor=actor, meeting_id=voice.meetings[3], data=FeedbackInput({"welcome": 1})
    )  # 05.11: outside the period
    found = voice_counts(session, room_id=room.id, period=AUTUMN, language="en")
    assert len(found.groups) == 1
    group = found.groups[0]
    assert group.name == "Mothers' circle"
    assert group.meetings_by_format == ((MeetingFormat.IN_PERSON, 3),)  # the online one is in Nov
    assert (group.members, group.reached, group.peer_parents) == (6, 6, 1)
    childcare = next(h for h in group.helps if h.help is MeetingHelp.CHILDCARE)
    assert (childcare.meetings, childcare.members) == (1, 4)
    assert (childcare.came_with, childcare.expected_with) == (4, 4)
    assert (childcare.came_without, childcare.expected_without) == (2, 7)
    assert all(h.meetings for h in group.helps)  # only help that was offered
    welcome = group.feedback[0]
    assert (welcome.question, welcome.answers) == ("I felt welcome and listened to", 3)
    assert welcome.average == 11 / 3
    assert group.feedback[4].yes_no and group.feedback[4].average == 2 / 3
    assert found.room.name is None and found.room.members == 6 and found.room.slips == 3


def test_no_meetings_no_figures(session: Session, room: Room) -> None:
    found = voice_counts(session, room_id=room.id, period=AUTUMN, language="en")
    assert found.groups == () and found.room.meetings == 0
