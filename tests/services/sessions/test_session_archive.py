"""Archiving a logged session with a reason and restoring it: the journal and the child's
figures leave it out while archived and count it again once restored."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import Attendance, AuditEvent, Child, SessionRecord, Staff
from caseroom.errors import PermissionDeniedError
from caseroom.services.audited import archive_reason
from caseroom.services.common import Actor
from caseroom.services.sessions.archive import archive_session_for, restore_session
from caseroom.services.sessions.journal import sessions_between

HELD = date(2026, 10, 14)


@pytest.fixture
def logged(session: Session, staff: Staff, child: Child) -> SessionRecord:
    record = SessionRecord(
        room_id=staff.room_id, held_on=HELD, kind="individual", staff_id=staff.id
    )
    session.add(record)
    session.flush()
    session.add(Attendance(session_id=record.id, child_id=child.id, status="present"))
    child.last_session_on = HELD
    session.flush()
    return record


def _journal(session: Session, actor: Actor) -> list[object]:
    return [row.id for row in sessions_between(session, actor=actor, start=HELD, end=HELD)]


def test_an_archived_session_leaves_the_journal_and_comes_back(
    session: Session, actor: Actor, child: Child, logged: SessionRecord
) -> None:
    assert _journal(session, actor) == [logged.id]
    archive_session_for(session, actor=actor, session_id=logged.id, reason="mistake")
    assert _journal(session, actor) == []
    assert child.last_session_on is None
    assert archive_reason(session, "session", logged.id) == "mistake"
    restore_session(session, actor=actor, session_id=logged.id)
    assert _journal(session, actor) == [logged.id]
    assert child.last_session_on == HELD
    trail = session.scalars(
        select(col(AuditEvent.action))
        .where(col(AuditEvent.entity) == "session")
        .order_by(col(AuditEvent.seq))
    ).all()
    assert trail == ["archive", "restore"]


def test_archiving_a_session_needs_the_right_to_schedule(
    session: Session, logged: SessionRecord
) -> None:
    administrator = Actor(staff_id=None, role="administrator")
    with pytest.raises(PermissionDeniedError):
        archive_session_for(session, actor=administrator, session_id=logged.id, reason="mistake")
    with pytest.raises(PermissionDeniedError):
        restore_session(session, actor=administrator, session_id=logged.id)
    assert logged.archived_at is None
