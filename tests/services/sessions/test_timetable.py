"""The weekly timetable: recurrence, clashes, holidays and exceptions, the week view."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select
from sqlmodel import Session, col
from tests.services.timetable_fixtures import (
    add_child,
    add_staff,
    store_school_year,
    weekly,
)

from caseroom.db.models import Attendance, AuditEvent, Child, Family, Room, SessionRecord, Staff
from caseroom.errors import NotFoundError, PermissionDeniedError, UserError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.sessions.holidays import add_holiday
from caseroom.services.sessions.recurrence import occurrences, parse_week, week_label
from caseroom.services.sessions.timetable import (
    cancel_occurrence,
    create_series,
    end_series,
    update_series,
)
from caseroom.services.sessions.timetable_week import find_staff, week_sessions
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    log_session,
    sessions_between,
)
from caseroom.vocab import AttendanceStatus, SessionKind, SessionStatus

TODAY = date(2026, 11, 23)  # a Monday


def _planned(session: Session) -> list[SessionRecord]:
    return list(
        session.scalars(
            select(SessionRecord)
            .where(col(SessionRecord.archived_at).is_(None))
            .order_by(col(SessionRecord.held_on))
        )
    )


def _one_off(
    staff: Staff, child: Child, day: date, at: time, kind: str = SessionKind.INDIVIDUAL
) -> SessionInput:
    return SessionInput(
        held_on=day,
        kind=kind,
        staff_id=staff.id,
        starts_at=at,
        minutes=30,
        status=SessionStatus.PLANNED,
        children=(AttendeeInput(child.id, AttendanceStatus.EXPECTED),),
    )


# --- recurrence -------------------------------------------------------------------------


def test_a_weekly_series_plans_a_session_each_week_until_its_last_day(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    read = create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    rows = _planned(session)
    assert [row.held_on for row in rows] == [
        date(2026, 11, 23),
        date(2026, 11, 30),
        date(2026, 12, 7),
        date(2026, 12, 14),
        date(2026, 12, 21),
    ]
    assert {(row.status, row.starts_at, row.minutes) for row in rows} == {
        ("planned", time(10, 0), 40)
    }
    assert read.planned == 5
    statuses = set(session.scalars(select(col(Attendance.status))))
    assert statuses == {AttendanceStatus.EXPECTED.value}
    # The planned sessions are ordinary journal entries.
    journal = sessions_between(session, actor=actor, start=TODAY, end=date(2026, 12, 31))
    assert len(journal) == 5


def test_every_second_week_and_no_day_before_the_first(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    # From a Thursday, a Wednesday series first meets the Wednesday after.
    data = weekly(
        staff,
        child,
        weekday=2,
        every_weeks=2,
        starts_on=date(2026, 11, 26),
        ends_on=date(2027, 1, 31),
    )
    create_series(session, actor=actor, data=data, today=TODAY)
    assert [row.held_on for row in _planned(session)] == [
        date(2026, 12, 9),
        date(2026, 12, 23),
        date(2027, 1, 6),
        date(2027, 1, 20),
    ]


def test_occurrences_from_a_later_day_keep_the_fortnightly_rhythm() -> None:
    days = occurrences(
        weekday=0,
        every_weeks=2,
        starts_on=date(2026, 11, 23),
        ends_on=date(2026, 12, 31),
        first=date(2026, 11, 25),
    )
    assert list(days) == [date(2026, 12, 7), date(2026, 12, 21)]


def test_a_series_that_started_earlier_is_planned_from_today_only(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    data = weekly(staff, child, starts_on=date(2026, 11, 2), ends_on=date(2026, 12, 7))
    create_series(session, actor=actor, data=data, today=date(2026, 11, 24))
    assert [row.held_on for row in _planned(session)] == [date(2026, 11, 30), date(2026, 12, 7)]


def test_a_series_without_a_last_day_runs_to_the_end_of_the_school_year(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    store_school_year(session, room)
    create_series(session, actor=actor, data=weekly(staff, child, ends_on=None), today=TODAY)
    days = [row.held_on for row in _planned(session)]
    assert days[-1] == date(2027, 5, 31)
    assert date(2027, 6, 7) not in days


def test_week_names_are_parsed_and_bad_ones_refused() -> None:
    assert parse_week("2026-W50") == date(2026, 12, 7)
    assert parse_week("2026w01") == date(2025, 12, 29)
    assert week_label(date(2026, 12, 7)) == "2026-W50"
    for bad in ("2026-W54", "2026-50", "W50", "2026-W00"):
        with pytest.raises(UserError, match="is not a week"):
            parse_week(bad)


# --- clashes ----------------------------------------------------------------------------


def test_a_clash_for_the_specialist_is_refused_naming_her(
    session: Session, actor: Actor, room: Room, family: Family, staff: Staff, child: Child
) -> None:
    other = add_child(session, room, family, 2, "Arman")
    log_session(
        session,
        actor=actor,
        data=_one_off(staff, other, date(2026, 12, 7), time(10, 30)),
        today=TODAY,
    )
    with pytest.raises(ValidationError) as refused:
        create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    message = refused.value.problems["starts_at"]
    assert "Dana Omarova" in message and "07.12.2026" in message and "10:30" in message
    assert len(_planned(session)) == 1  # nothing of the series was written


def test_a_clash_for_a_child_with_another_specialist_is_refused(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    log_session(
        session,
        actor=actor,
        data=_one_off(speech, child, date(2026, 11, 30), time(9, 45)),
        today=TODAY,
    )
    with pytest.raises(ValidationError, match=r"Aigerim Seitkali already has a session on 30\.11"):
        create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)


def test_sessions_that_only_touch_do_not_clash(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    log_session(
        session,
        actor=actor,
        data=_one_off(speech, child, date(2026, 11, 30), time(9, 30)),
        today=TODAY,
    )  # 09:30-10:00, then 10:00 is free
    create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    assert len(_planned(session)) == 6


def test_a_group_session_counts_for_each_child_in_it(
    session: Session, actor: Actor, room: Room, family: Family, staff: Staff, child: Child
) -> None:
    arman = add_child(session, room, family, 2, "Arman")
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    create_series(session, actor=actor, data=weekly(staff, child, arman), today=TODAY)
    # Arman is in the group at 10:00, so the speech therapist cannot see him then.
    with pytest.raises(ValidationError, match="Arman Seitkali already has a session"):
        create_series(
            session, actor=actor, data=weekly(speech, arman, starts_at=time(10, 20)), today=TODAY
        )
    # ...and the group's specialist is busy, whichever child is asked for.
    dias = add_child(session, room, family, 3, "Dias")
    with pytest.raises(ValidationError, match="Dana Omarova already has a session"):
        create_series(
            session, actor=actor, data=weekly(staff, dias, starts_at=time(10, 30)), today=TODAY
        )


def test_cancelled_sessions_do_not_clash(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    first = create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    cancel_occurrence(session, actor=actor, series_id=first.id, day=date(2026, 11, 30))
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    create_series(
        session,
        actor=actor,
        data=weekly(speech, child, starts_on=date(2026, 11, 30), ends_on=date(2026, 11, 30)),
        today=TODAY,
    )
    assert [
        row.staff_id
        for row in _planned(session)
        if row.held_on == date(2026, 11, 30) and row.status == "planned"
    ] == [speech.id]


# --- holidays and exceptions ------------------------------------------------------------


def test_school_breaks_and_room_holidays_are_skipped(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    store_school_year(session, room)
    add_holiday(
        session,
        actor=actor,
        room_id=room.id,
        starts_on=date(2026, 12, 14),
        ends_on=date(2026, 12, 14),
        name="Independence Day",
    )
    data = weekly(staff, child, ends_on=date(2027, 1, 18))
    create_series(session, actor=actor, data=data, today=TODAY)
    days = [row.held_on for row in _planned(session)]
    assert date(2026, 12, 14) not in days  # the room's holiday
    assert date(2027, 1, 4) not in days  # the winter break (29.12-07.01)
    assert date(2026, 12, 28) in days and date(2027, 1, 11) in days


def test_a_cancelled_week_is_marked_and_never_planned_again(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    series = create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    cancel_occurrence(session, actor=actor, series_id=series.id, day=date(2026, 12, 7))
    cancelled = [row for row in _planned(session) if row.held_on == date(2026, 12, 7)]
    assert [row.status for row in cancelled] == ["cancelled"]
    attendance = session.scalars(
        select(col(Attendance.status)).where(col(Attendance.session_id) == cancelled[0].id)
    ).all()
    assert attendance == ["cancelled"]
    update_series(
        session,
        actor=actor,
        series_id=series.id,
        data=weekly(staff, child, starts_at=time(11, 0)),
        today=TODAY,
    )
    planned = [row.held_on for row in _planned(session) if row.status == "planned"]
    assert date(2026, 12, 7) not in planned and len(planned) == 4


def test_changing_a_series_plans_it_again_without_clashing_with_itself(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    series = create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    update_series(
        session,
        actor=actor,
        series_id=series.id,
        data=weekly(staff, child, starts_at=time(10, 20)),
        today=date(2026, 12, 1),
    )
    rows = _planned(session)
    assert [(row.held_on, row.starts_at) for row in rows] == [
        (date(2026, 11, 23), time(10, 0)),
        (date(2026, 11, 30), time(10, 0)),
        (date(2026, 12, 7), time(10, 20)),
        (date(2026, 12, 14), time(10, 20)),
        (date(2026, 12, 21), time(10, 20)),
    ]


def test_ending_a_series_removes_its_planned_sessions_after_the_last_day(
    session: Session, actor: Actor, staff: Staff, child: Child
) -> None:
    series = create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    ended = end_series(session, actor=actor, series_id=series.id, last_day=date(2026, 12, 1))
    assert [row.held_on for row in _planned(session)] == [date(2026, 11, 23), date(2026, 11, 30)]
    assert ended.ends_on == date(2026, 12, 1) and ended.planned == 0


# --- permissions and audit --------------------------------------------------------------


def test_an_administrator_cannot_plan_sessions_and_every_change_is_audited(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child
) -> None:
    admin = Actor(staff_id=staff.id, role="administrator")
    with pytest.raises(PermissionDeniedError):
        create_series(session, actor=admin, data=weekly(staff, child), today=TODAY)
    series = create_series(session, actor=actor, data=weekly(staff, child), today=TODAY)
    cancel_occurrence(session, actor=actor, series_id=series.id, day=date(2026, 12, 7))
    end_series(session, actor=actor, series_id=series.id, last_day=date(2026, 12, 8))
    events = session.execute(
        select(col(AuditEvent.action), col(AuditEvent.details))
        .where(col(AuditEvent.entity) == "timetable_series")
        .order_by(col(AuditEvent.seq))
    ).all()
    assert [action for action, _details in events] == ["create", "cancel", "end"]
    assert events[0][1]["planned"] == 5


# --- the week view ----------------------------------------------------------------------


def test_the_week_view_lists_the_sessions_of_the_week_with_the_children(
    session: Session, actor: Actor, room: Room, family: Family, staff: Staff, child: Child
) -> None:
    arman = add_child(session, room, family, 2, "Arman")
    speech = add_staff(session, room, "Bekova", "Aliya", "speech_therapist")
    group = create_series(session, actor=actor, data=weekly(staff, child, arman), today=TODAY)
    log_session(
        session,
        actor=actor,
        data=_one_off(speech, arman, date(2026, 11, 25), time(9, 0)),
        today=TODAY,
    )
    room_week = week_sessions(session, actor=actor, monday=TODAY)
    assert [(e.day, e.staff_name, e.children, e.series_id) for e in room_week] == [
        (TODAY, "Omarova D.", ("Aigerim Seitkali", "Arman Seitkali"), group.id),
        (date(2026, 11, 25), "Bekova A.", ("Arman Seitkali",), None),
    ]
    mine = week_sessions(session, actor=actor, monday=TODAY, staff_id=speech.id)
    assert [entry.staff_id for entry in mine] == [speech.id]
    assert week_sessions(session, actor=actor, monday=date(2027, 2, 1)) == []


def test_staff_are_found_by_last_name_and_an_ambiguous_one_is_refused(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    assert find_staff(session, actor=actor, name="OMAROVA").id == staff.id
    add_staff(session, room, "Omarova", "Saule", "special_educator")
    with pytest.raises(UserError, match="several staff members: Omarova Dana; Omarova Saule"):
        find_staff(session, actor=actor, name="omarova")
    with pytest.raises(NotFoundError):
        find_staff(session, actor=actor, name="Nobody")
