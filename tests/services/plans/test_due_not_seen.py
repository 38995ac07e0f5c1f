"""Children not seen: read from the figure every session write keeps on the child row
(`Child.last_session_on`), so the list is one pass over the children. These tests hold the
figure to what the sessions say after each kind of write, and the quick read to the full
one on a demo room."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import Attendance, Child, SessionRecord, Staff
from caseroom.demo.build import make_demo
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.plans.due import DueKind, what_is_due
from caseroom.services.sessions.archive import archive_session_for, restore_session
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    log_session,
    update_session,
)
from caseroom.vocab import AttendanceStatus, ChildStatus, SessionStatus

TODAY = date(2026, 11, 23)
WEEKS = 3


def _not_seen(session: Session, actor: Actor, today: date = TODAY) -> dict[uuid.UUID, date]:
    due = what_is_due(
        session, actor=actor, today=today, no_session_weeks=WEEKS, kinds={DueKind.NO_SESSION}
    )
    return {item.child_id: item.on for item in due.items if item.child_id is not None}


def _last_seen(session: Session, child_id: uuid.UUID, today: date | None = None) -> date | None:
    """The last day the child came to a held session, counted from the sessions."""
    query = (
        select(func.max(col(SessionRecord.held_on)))
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(
            col(Attendance.child_id) == child_id,
            col(Attendance.archived_at).is_(None),
            col(Attendance.status) == AttendanceStatus.PRESENT.value,
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.HELD.value,
        )
    )
    if today is not None:
        query = query.where(col(SessionRecord.held_on) <= today)
    found = session.execute(query).scalar_one()
    return found if found is None or isinstance(found, date) else date.fromisoformat(str(found))


def _data(staff: Staff, child: Child, day: date, came: str = "present") -> SessionInput:
    return SessionInput(
        held_on=day,
        kind="individual",
        staff_id=staff.id,
        children=(AttendeeInput(child.id, came),),
    )


def test_every_session_write_keeps_the_list_of_children_not_seen(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    enrolled = child.enrolled_on
    assert enrolled is not None
    never = {child.id: enrolled + timedelta(weeks=WEEKS)}
    assert _not_seen(session, actor) == never
    recent = TODAY - timedelta(days=3)
    logged = log_session(session, actor=actor, data=_data(staff, child, recent), today=TODAY)
    assert child.last_session_on == _last_seen(session, child.id) == recent
    assert _not_seen(session, actor) == {}
    old = TODAY - timedelta(weeks=5)
    update_session(
        session, actor=actor, session_id=logged.id, data=_data(staff, child, old), today=TODAY
    )
    assert child.last_session_on == _last_seen(session, child.id) == old
    assert _not_seen(session, actor) == {child.id: old + timedelta(weeks=WEEKS)}
    update_session(
        session,
        actor=actor,
        session_id=logged.id,
        data=_data(staff, child, recent, came="absent"),
        today=TODAY,
    )
    assert child.last_session_on is None and _last_seen(session, child.id) is None
    assert _not_seen(session, actor) == never
    update_session(
        session, actor=actor, session_id=logged.id, data=_data(staff, child, recent), today=TODAY
    )
    archive_session_for(session, actor=actor, session_id=logged.id, reason="duplicate")
    assert child.last_session_on is None and _last_seen(session, child.id) is None
    assert _not_seen(session, actor) == never
    restore_session(session, actor=actor, session_id=logged.id)
    assert child.last_session_on == _last_seen(session, child.id) == recent
    assert _not_seen(session, actor) == {}


def test_a_past_day_counts_only_the_sessions_up_to_it(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    early = date(2026, 9, 14)
    log_session(session, actor=actor, data=_data(staff, child, early), today=TODAY)
    log_session(session, actor=actor, data=_data(staff, child, TODAY), today=TODAY)
    assert child.last_session_on == TODAY  # the kept figure lies after the day asked for
    day = date(2026, 10, 26)
    assert _not_seen(session, actor, today=day) == {child.id: early + timedelta(weeks=WEEKS)}
    assert _not_seen(session, actor, today=date(2026, 9, 20)) == {}
    assert _not_seen(session, actor) == {}


def test_the_quick_read_agrees_with_the_sessions_on_a_demo_room(session: Session) -> None:
    make_demo(session, today=TODAY, families=8, seed=5)
    session.flush()
    children = session.execute(
        select(col(Child.id), col(Child.enrolled_on)).where(
            col(Child.archived_at).is_(None), col(Child.status) != ChildStatus.LEFT.value
        )
    ).all()
    some_seen = False
    for day in (TODAY, TODAY - timedelta(weeks=2), TODAY - timedelta(weeks=6)):
        expected = {}
        for child_id, enrolled in children:
            seen = _last_seen(session, child_id, day)
            some_seen |= seen is not None
            since = seen or enrolled
            if since <= day - timedelta(weeks=WEEKS):
                expected[child_id] = since + timedelta(weeks=WEEKS)
        assert _not_seen(session, SYSTEM, today=day) == expected
    assert some_seen
