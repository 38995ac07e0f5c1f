"""Archiving a support group and its meeting with a reason, and restoring them in order."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import AuditEvent, GroupMeeting, ParentGroup, Room
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.audited import archive_reason
from caseroom.services.common import Actor
from caseroom.services.parents.archive import restore_group
from caseroom.services.parents.groups import archive_group, list_groups
from caseroom.services.parents.meeting_archive import archive_meeting_for, restore_meeting
from caseroom.services.parents.meetings import list_meetings

ASSISTANT = Actor(staff_id=None, role="assistant")


def _trail(session: Session, entity: str) -> list[tuple[str, object]]:
    rows = session.scalars(
        select(AuditEvent).where(col(AuditEvent.entity) == entity).order_by(col(AuditEvent.seq))
    )
    return [(row.action, row.details.get("reason")) for row in rows]


def test_a_group_and_its_meeting_come_back_in_order(
    session: Session, actor: Actor, room: Room
) -> None:
    group = ParentGroup(room_id=room.id, name="Mothers' circle", started_on=date(2026, 9, 1))
    session.add(group)
    session.flush()
    meeting = GroupMeeting(group_id=group.id, held_on=date(2026, 10, 8), theme="Sleep")
    session.add(meeting)
    session.flush()
    archive_meeting_for(session, actor=actor, meeting_id=meeting.id, reason="mistake")
    assert list_meetings(session, actor=actor, group_id=group.id) == []
    archive_group(session, actor=actor, group_id=group.id, reason="other")
    assert list_groups(session, actor=actor) == []
    assert [g.id for g in list_groups(session, actor=actor, include_archived=True)] == [group.id]
    assert archive_reason(session, "parent_group", group.id) == "other"
    with pytest.raises(UserError, match="support group first"):
        restore_meeting(session, actor=actor, meeting_id=meeting.id)
    with pytest.raises(PermissionDeniedError):
        archive_meeting_for(session, actor=ASSISTANT, meeting_id=meeting.id, reason="mistake")
    restore_group(session, actor=actor, group_id=group.id)
    restore_meeting(session, actor=actor, meeting_id=meeting.id)
    shown = list_meetings(session, actor=actor, group_id=group.id)
    assert [(m.id, m.theme) for m in shown] == [(meeting.id, "Sleep")]
    assert _trail(session, "group_meeting") == [("archive", "mistake"), ("restore", None)]
