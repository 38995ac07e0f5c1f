"""How SQLite reads Today's lists: by index, never through every session or task.

A room keeps hundreds of thousands of sessions; the few planned ones whose day has passed
("not written up") are found through the partial index `ix_session_planned_day`, and that
index must not draw a child's held sessions away from their attendance (a plain
(status, held_on) index did: SQLite then read every held session to find one child's).
The pending home practice to follow up is read through `ix_practice_pending_due` in the
same way, and a child's open tasks still through the child.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    HomePractice,
    Room,
    SessionRecord,
    Staff,
)
from caseroom.services.common import Actor
from caseroom.services.plans.due import DueKind, what_is_due
from caseroom.services.reporting.forms_common import open_home_tasks
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session

pytestmark = pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")

TODAY = date(2026, 11, 23)


@contextmanager
def _statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """The SQL (with its parameters) the engine runs while the block runs."""
    seen: list[tuple[str, Any]] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _plan(session: Session, statement: str, parameters: Any) -> str:
    rows = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return " | ".join(str(row[3]) for row in rows)


def _planned(session: Session, room: Room, staff: Staff, child: Child, day: date) -> None:
    record = SessionRecord(
        room_id=room.id, held_on=day, kind="individual", status="planned", staff_id=staff.id
    )
    session.add(record)
    session.flush()
    session.add(Attendance(session_id=record.id, child_id=child.id, status="expected"))
    session.flush()


def test_sessions_not_written_up_are_read_through_the_planned_sessions_index(
    session: Session, engine: Engine, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    _planned(session, room, staff, child, TODAY - timedelta(days=2))
    with _statements(engine) as sql:
        items = what_is_due(
            session, actor=actor, today=TODAY, kinds={DueKind.SESSION_UNWRITTEN}
        ).items
    assert len(items) == 1  # the planned session two days ago
    found = [(s, p) for s, p in sql if s.lstrip().upper().startswith("SELECT")]
    planned = [(s, p) for s, p in found if "FROM session_record" in s]
    assert len(planned) == 1, found
    plan = _plan(session, *planned[0])
    assert plan == "SEARCH session_record USING INDEX ix_session_planned_day (held_on<?)", plan


def test_a_childs_held_sessions_are_still_read_from_their_attendance(
    session: Session, engine: Engine, actor: Actor, staff: Staff, child: Child
) -> None:
    # A held session after the day asked for: "not seen" looks through the child's sessions
    # up to that day (the correlated subquery filtering held sessions by status and day).
    data = SessionInput(
        held_on=TODAY,
        kind="individual",
        staff_id=staff.id,
        children=(AttendeeInput(child.id, "present"),),
    )
    log_session(session, actor=actor, data=data, today=TODAY)
    with _statements(engine) as sql:
        what_is_due(
            session, actor=actor, today=TODAY - timedelta(weeks=1), kinds={DueKind.NO_SESSION}
        )
    seen = [(s, p) for s, p in sql if "max(session_record.held_on)" in s]
    assert len(seen) == 1, sql
    plan = _plan(session, *seen[0])
    assert "ix_session_planned_day" not in plan and "ix_session_day_staff" not in plan, plan
    assert "SEARCH attendance USING INDEX ix_attendance_child_id (child_id=?)" in plan, plan


def test_home_practice_to_follow_up_is_read_through_the_pending_tasks_index(
    session: Session, engine: Engine, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    for outcome in ("pending", "done"):
        session.add(
            HomePractice(
                caregiver_id=caregiver.id,
                child_id=child.id,
                task="Name the pictures",
                given_on=TODAY - timedelta(days=20),
                due_on=TODAY - timedelta(days=1),
                outcome=outcome,
            )
        )
    session.flush()
    with _statements(engine) as sql:
        items = what_is_due(session, actor=actor, today=TODAY, kinds={DueKind.HOME_PRACTICE}).items
    assert len(items) == 1  # the pending one
    found = [(s, p) for s, p in sql if "FROM home_practice" in s]
    assert len(found) == 1, sql
    plan = _plan(session, *found[0])
    assert "ix_practice_pending_due (due_on<?)" in plan, plan
    assert "ix_practice_pending_due (due_on=? AND given_on<?)" in plan, plan  # no due date
    assert "ix_home_practice_due_on" not in plan, plan
    with _statements(engine) as sql:
        assert len(open_home_tasks(session, child.id, limit=5)) == 1
    (statement, parameters) = next((s, p) for s, p in sql if "FROM home_practice" in s)
    mine = _plan(session, statement, parameters)
    assert mine.startswith("SEARCH home_practice USING INDEX ix_home_practice_child_id"), mine
