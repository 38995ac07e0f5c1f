"""Clash checks read what is busy in a few indexed queries, however many days or times."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session
from tests.services.timetable_fixtures import add_child, add_staff, weekly

from caseroom.db.models import Child, Family, Room, Staff
from caseroom.services.common import Actor
from caseroom.services.sessions.clashes import busy_times, find_clash, free_starts
from caseroom.services.sessions.timetable import create_series, free_start_times
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    log_session,
)
from caseroom.vocab import AttendanceStatus, SessionKind, SessionStatus

TODAY = date(2026, 11, 23)  # a Monday
MONDAYS = [TODAY + timedelta(weeks=week) for week in range(30)]


def _log(session: Session, actor: Actor, staff: Staff, child: Child, day: date, at: time) -> None:
    log_session(
        session,
        actor=actor,
        data=SessionInput(
            held_on=day,
            kind=SessionKind.INDIVIDUAL,
            staff_id=staff.id,
            starts_at=at,
            minutes=30,
            status=SessionStatus.PLANNED,
            children=(AttendeeInput(child.id, AttendanceStatus.EXPECTED),),
        ),
        today=TODAY,
    )


class _Statements:
    """The SQL an engine runs while the block runs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sql: list[str] = []

    def _count(self, *args: object) -> None:
        self.sql.append(str(args[2]))

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self.sql

    def __exit__(self, *exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


def test_thirty_days_and_eighteen_start_times_cost_three_queries(
    session: Session,
    engine: Engine,
    actor: Actor,
    room: Room,
    family: Family,
    staff: Staff,
    child: Child,
) -> None:
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    other = add_child(session, room, family, 2, "Arman")
    _log(session, actor, staff, other, MONDAYS[3], time(9, 0))  # the specialist at 9:00
    _log(session, actor, speech, child, MONDAYS[20], time(11, 0))  # the child at 11:00
    session.flush()
    starts = [time(hour, minute) for hour in range(8, 17) for minute in (0, 30)]
    with _Statements(engine) as sql:
        free = free_starts(
            session,
            days=MONDAYS,
            starts=starts,
            minutes=30,
            staff_id=staff.id,
            child_ids=[child.id],
        )
    assert len(sql) == 3  # hers, the children's, her meetings: not one per day or time
    assert time(9, 0) not in free and time(11, 0) not in free
    assert time(8, 30) in free and time(9, 30) in free and time(10, 30) in free
    assert len(free) == len(starts) - 2


def test_a_clash_over_thirty_days_is_found_in_three_queries_and_names_the_child(
    session: Session, engine: Engine, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    _log(session, actor, speech, child, MONDAYS[20], time(11, 0))
    session.flush()
    with _Statements(engine) as sql:
        clash = find_clash(
            session,
            days=MONDAYS,
            starts_at=time(11, 15),
            minutes=30,
            staff_id=staff.id,
            child_ids=[child.id],
        )
    assert clash is not None and clash.name == "Aigerim Seitkali" and clash.day == MONDAYS[20]
    assert len(sql) == 3  # (her name comes from the child already loaded)


@pytest.mark.sqlite_only("reads SQLite's EXPLAIN QUERY PLAN")
def test_the_queries_search_by_index_not_through_every_session_of_the_day(
    session: Session, engine: Engine, actor: Actor, staff: Staff, child: Child
) -> None:
    _log(session, actor, staff, child, MONDAYS[0], time(9, 0))
    session.flush()
    with _Statements(engine) as sql:
        busy_times(session, days=MONDAYS[:4], staff_id=staff.id, child_ids=[child.id])
    mine, theirs = sql[0], sql[1]
    connection = session.connection()
    plans = []
    for statement, count in ((mine, 4 + 2), (theirs, 4 + 3)):
        params = ["2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "cancelled"]
        params += [staff.id.hex] if count == 6 else [child.id.hex, "cancelled"]
        rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, tuple(params))
        plans.append(" | ".join(str(row[3]) for row in rows))
    # The specialist's: both columns of ix_session_day_staff, not the day alone.
    assert "ix_session_day_staff (held_on=? AND staff_id=?)" in plans[0], plans[0]
    # The children's: from their attendance by child, then each session by its key.
    assert plans[1].startswith("SEARCH attendance USING INDEX ix_attendance_child_id"), plans[1]


def test_free_start_times_are_the_ones_a_series_can_be_stored_at(
    session: Session, actor: Actor, room: Room, family: Family, staff: Staff, child: Child
) -> None:
    other = add_child(session, room, family, 2, "Arman")
    _log(session, actor, staff, other, date(2026, 12, 7), time(10, 0))
    starts = [time(9, 30), time(10, 0), time(10, 30)]
    data = weekly(staff, child, minutes=30)
    free = free_start_times(session, data=data, starts=starts, today=TODAY)
    assert free == [time(9, 30), time(10, 30)]
    for at in free:
        create_series(
            session, actor=actor, data=weekly(staff, child, minutes=30, starts_at=at), today=TODAY
        )
    assert free_start_times(session, data=data, starts=starts, today=TODAY) == []
