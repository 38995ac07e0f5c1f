"""Sessions: validation, per-child figures, the journal and the notes search."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from caseroom.db.models import (
    Attendance,
    AuditEvent,
    Caregiver,
    Child,
    Family,
    Room,
    SessionGoal,
    SessionRecord,
    Staff,
)
from caseroom.errors import ValidationError
from caseroom.services.common import Actor, archive
from caseroom.services.plans.goals import (
    add_goal,
)
from caseroom.services.plans.plans import (
    GoalInput,
    PlanInput,
    create_plan,
)
from caseroom.services.sessions.archive import archive_session_for as archive_session
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    get_session,
    log_session,
    search_notes,
    sessions_between,
    sessions_on_day,
    update_session,
)
from caseroom.vocab import AttendanceStatus, SessionKind, SessionStatus

DAY = date(2026, 11, 20)


def _count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


@pytest.fixture
def brother(session: Session, room: Room, family: Family) -> Child:
    """A second child of the family, enrolled later (2026-10-01)."""
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number="SR-2026-0002",
        last_name="Seitkali",
        first_name="Nurlan",
        birth_date=date(2015, 5, 2),
        enrolled_on=date(2026, 10, 1),
    )
    session.add(record)
    session.flush()
    return record


def _individual(staff: Staff, child: Child, **changes: object) -> SessionInput:
    data = SessionInput(
        held_on=DAY,
        kind=SessionKind.INDIVIDUAL,
        staff_id=staff.id,
        starts_at=time(10, 30),
        minutes=40,
        topic="Attention",
        notes="Внимание держит 10 минут.",
        children=(AttendeeInput(child.id),),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def _log(session: Session, actor: Actor, data: SessionInput, today: date) -> uuid.UUID:
    return log_session(session, actor=actor, data=data, today=today).id


def test_log_an_individual_session(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    read = log_session(session, actor=actor, data=_individual(staff, child), today=today)
    assert (read.held_on, read.starts_at, read.minutes, read.kind, read.status) == (
        DAY,
        time(10, 30),
        40,
        "individual",
        "held",
    )
    assert (read.confidentiality, read.archived, read.goal_ids) == ("specialist", False, ())
    assert [(a.person_id, a.is_child, a.first_name, a.status) for a in read.attendees] == [
        (child.id, True, "Aigerim", "present")
    ]
    assert (child.last_session_on, child.sessions_attended) == (DAY, 1)
    event = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.details)).one()
    assert event == (
        "create",
        "session",
        {"kind": "individual", "status": "held", "children": [str(child.id)], "caregivers": []},
    )


@pytest.mark.parametrize(
    ("changes", "problems"),
    [
        ({"children": ()}, {"attendees": "Add at least one child or caregiver to the session."}),
        (
            {"held_on": date(2026, 8, 31), "status": SessionStatus.PLANNED},
            {
                "held_on": "The session date 31.08.2026 is before Aigerim Seitkali was enrolled "
                "on 01.09.2026."
            },
        ),
        (
            {"held_on": date(2026, 11, 24)},
            {
                "held_on": "A session on 24.11.2026 cannot be marked as held: the date is in the "
                "future."
            },
        ),
        ({"minutes": 0}, {"minutes": "A session lasts from 1 to 600 minutes."}),
        ({"minutes": 601}, {"minutes": "A session lasts from 1 to 600 minutes."}),
        ({"kind": "lecture"}, {"kind": "Choose the kind of session from the list."}),
        ({"status": "done"}, {"status": "Choose the session status from the list."}),
        (
            {"confidentiality": "public"},
            {"confidentiality": "Choose who may see the notes from the list."},
        ),
        ({"staff_id": uuid.uuid4()}, {"staff_id": "Choose the specialist from the staff list."}),
        ({"topic": "x" * 301}, {"topic": "The topic is longer than 300 characters."}),
        (
            {"goal_ids": (uuid.uuid4(),)},
            {"goal_ids": "Goals worked on must come from the plan of a child at the session."},
        ),
    ],
)
def test_invalid_sessions_are_refused_and_nothing_is_written(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    today: date,
    changes: dict[str, object],
    problems: dict[str, str],
) -> None:
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=_individual(staff, child, **changes), today=today)
    expected = dict(problems)
    if changes.get("children") == ():
        expected["children"] = "An individual session has exactly one child."
    assert error.value.problems == expected
    assert _count(session, SessionRecord) == 0
    assert _count(session, Attendance) == 0
    assert _count(session, AuditEvent) == 0
    assert (child.last_session_on, child.sessions_attended) == (None, 0)


def test_a_planned_session_may_be_in_the_future(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    data = _individual(staff, child, held_on=date(2026, 12, 1), status=SessionStatus.PLANNED)
    assert log_session(session, actor=actor, data=data, today=today).status == "planned"
    assert (child.last_session_on, child.sessions_attended) == (None, 0)


def test_everyone_at_a_planned_session_is_expected_until_it_is_held(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    planned = _individual(staff, child, held_on=date(2026, 12, 1), status=SessionStatus.PLANNED)
    made = log_session(session, actor=actor, data=planned, today=today)
    stored = session.execute(select(Attendance.status)).scalars().all()
    assert stored == [AttendanceStatus.EXPECTED]
    held = replace(planned, held_on=DAY, status=SessionStatus.HELD)
    update_session(session, actor=actor, session_id=made.id, data=held, today=today)
    assert session.execute(select(Attendance.status)).scalars().all() == ["present"]
    not_marked = replace(held, children=(AttendeeInput(child.id, AttendanceStatus.EXPECTED),))
    with pytest.raises(ValidationError) as refused:
        update_session(session, actor=actor, session_id=made.id, data=not_marked, today=today)
    assert "attendees" in refused.value.problems


def test_people_rules(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    brother: Child,
    caregiver: Caregiver,
    today: date,
) -> None:
    two = (AttendeeInput(child.id), AttendeeInput(brother.id))
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=_individual(staff, child, children=two), today=today)
    assert error.value.problems == {"children": "An individual session has exactly one child."}
    consultation = _individual(staff, child, kind=SessionKind.PARENT_CONSULTATION, children=())
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=consultation, today=today)
    assert error.value.problems == {
        "attendees": "Add at least one child or caregiver to the session.",
        "caregivers": "Add the caregiver who took part in this session.",
    }
    twice = (AttendeeInput(caregiver.id), AttendeeInput(caregiver.id))
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=replace(consultation, caregivers=twice), today=today)
    assert error.value.problems == {"caregivers": "The same person is listed twice."}
    unknown = (AttendeeInput(uuid.uuid4(), status="late"),)
    with pytest.raises(ValidationError) as error:
        log_session(
            session, actor=actor, data=replace(consultation, caregivers=unknown), today=today
        )
    assert error.value.problems == {
        "caregivers": "Someone in the list was not found or is archived."
    }
    bad_status = (AttendeeInput(caregiver.id, status="late"),)
    with pytest.raises(ValidationError) as error:
        log_session(
            session, actor=actor, data=replace(consultation, caregivers=bad_status), today=today
        )
    assert error.value.problems == {"caregivers": "Choose an attendance status from the list."}
    before_enrolment = _individual(
        staff, child, kind=SessionKind.GROUP, held_on=date(2026, 9, 20), children=two
    )
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=before_enrolment, today=today)
    assert error.value.problems == {
        "held_on": "The session date 20.09.2026 is before Nurlan Seitkali was enrolled on "
        "01.10.2026."
    }
    assert _count(session, SessionRecord) == 0
    ok = replace(consultation, caregivers=(AttendeeInput(caregiver.id),))
    read = log_session(session, actor=actor, data=ok, today=today)
    assert [(a.is_child, a.first_name) for a in read.attendees] == [(False, "Gulnara")]


def test_archived_staff_is_refused(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    archive(staff)
    session.flush()
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=_individual(staff, child), today=today)
    assert error.value.problems == {"staff_id": "Choose the specialist from the staff list."}


def test_goals_must_come_from_an_attending_childs_plan(
    session: Session, actor: Actor, staff: Staff, child: Child, brother: Child, today: date
) -> None:
    plans = {}
    for owner in (child, brother):
        plan = create_plan(
            session,
            actor=actor,
            child_id=owner.id,
            data=PlanInput(date(2026, 9, 1), date(2027, 5, 25)),
        )
        plans[owner.id] = add_goal(
            session, actor=actor, plan_id=plan.id, data=GoalInput("speech", "Talks")
        ).id
    wrong = _individual(staff, child, goal_ids=(plans[brother.id],))
    with pytest.raises(ValidationError) as error:
        log_session(session, actor=actor, data=wrong, today=today)
    assert error.value.problems == {
        "goal_ids": "Goals worked on must come from the plan of a child at the session."
    }
    assert _count(session, SessionGoal) == 0
    read = log_session(
        session,
        actor=actor,
        data=_individual(staff, child, goal_ids=(plans[child.id],)),
        today=today,
    )
    assert read.goal_ids == (plans[child.id],)


def test_figures_follow_create_update_and_archive(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    brother: Child,
    caregiver: Caregiver,
    today: date,
) -> None:
    first = _log(session, actor, _individual(staff, child, held_on=date(2026, 10, 5)), today)
    group = SessionInput(
        held_on=date(2026, 11, 2),
        kind=SessionKind.GROUP,
        staff_id=staff.id,
        children=(
            AttendeeInput(child.id),
            AttendeeInput(brother.id, AttendanceStatus.ABSENT, "ill"),
        ),
    )
    group_id = _log(session, actor, group, today)
    _log(
        session,
        actor,
        _individual(staff, child, held_on=date(2026, 11, 16), status=SessionStatus.CANCELLED),
        today,
    )
    assert (child.last_session_on, child.sessions_attended) == (date(2026, 11, 2), 2)
    assert (brother.last_session_on, brother.sessions_attended) == (None, 0)

    # the brother came after all; the date moves
    came = replace(
        group,
        held_on=date(2026, 11, 3),
        children=(AttendeeInput(child.id), AttendeeInput(brother.id)),
    )
    update_session(session, actor=actor, session_id=group_id, data=came, today=today)
    assert (child.last_session_on, child.sessions_attended) == (date(2026, 11, 3), 2)
    assert (brother.last_session_on, brother.sessions_attended) == (date(2026, 11, 3), 1)

    # Aigerim is taken off the group session: her figures drop, the attendance is archived
    update_session(
        session,
        actor=actor,
        session_id=group_id,
        data=replace(came, children=(AttendeeInput(brother.id),)),
        today=today,
    )
    assert (child.last_session_on, child.sessions_attended) == (date(2026, 10, 5), 1)
    names = [a.first_name for a in get_session(session, actor=actor, session_id=group_id).attendees]
    assert names == ["Nurlan"]
    # ...and put back: the archived attendance row is reused (one row per person)
    update_session(session, actor=actor, session_id=group_id, data=came, today=today)
    assert child.sessions_attended == 2
    rows = session.execute(
        select(func.count()).where(
            Attendance.session_id == group_id, Attendance.child_id == child.id
        )
    ).scalar_one()
    assert rows == 1

    archive_session(session, actor=actor, session_id=group_id)
    assert (child.last_session_on, child.sessions_attended) == (date(2026, 10, 5), 1)
    assert (brother.last_session_on, brother.sessions_attended) == (None, 0)
    archive_session(session, actor=actor, session_id=first)
    assert (child.last_session_on, child.sessions_attended) == (None, 0)
    actions = session.execute(select(AuditEvent.action).where(AuditEvent.entity == "session"))
    assert sorted(row[0] for row in actions) == ["archive"] * 2 + ["create"] * 3 + ["update"] * 3


def test_update_validation_keeps_the_stored_session(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    session_id = _log(session, actor, _individual(staff, child), today)
    with pytest.raises(ValidationError) as error:
        update_session(
            session,
            actor=actor,
            session_id=session_id,
            data=_individual(staff, child, held_on=date(2026, 8, 1), minutes=700),
            today=today,
        )
    assert set(error.value.problems) == {"held_on", "minutes"}
    stored = get_session(session, actor=actor, session_id=session_id)
    assert (stored.held_on, stored.minutes) == (DAY, 40)
    assert (child.last_session_on, child.sessions_attended) == (DAY, 1)


def test_journal_of_a_day_and_a_range(
    session: Session,
    actor: Actor,
    room: Room,
    staff: Staff,
    child: Child,
    brother: Child,
    caregiver: Caregiver,
    today: date,
) -> None:
    other = Staff(
        room_id=room.id, last_name="Iskakova", first_name="Aliya", role="speech_therapist"
    )
    session.add(other)
    session.flush()
    joint = SessionInput(
        held_on=DAY,
        kind=SessionKind.JOINT,
        staff_id=staff.id,
        starts_at=time(9, 0),
        children=(AttendeeInput(child.id),),
        caregivers=(AttendeeInput(caregiver.id),),
    )
    _log(session, actor, joint, today)
    _log(session, actor, _individual(staff, brother, starts_at=time(11, 0)), today)
    _log(session, actor, _individual(other, child, starts_at=time(10, 0)), today)
    _log(session, actor, _individual(staff, child, held_on=date(2026, 11, 19)), today)
    archived = _log(session, actor, _individual(staff, child, starts_at=time(12, 0)), today)
    archive_session(session, actor=actor, session_id=archived)

    day = sessions_on_day(session, actor=actor, day=DAY)
    assert [(r.starts_at, r.kind, r.staff_last_name) for r in day] == [
        (time(9, 0), "joint", "Omarova"),
        (time(10, 0), "individual", "Iskakova"),
        (time(11, 0), "individual", "Omarova"),
    ]
    assert [(a.is_child, a.first_name) for a in day[0].attendees] == [
        (True, "Aigerim"),
        (False, "Gulnara"),
    ]
    mine = sessions_on_day(session, actor=actor, day=DAY, staff_id=other.id)
    assert [r.staff_id for r in mine] == [other.id]
    hers = sessions_between(
        session, actor=actor, start=date(2026, 11, 19), end=DAY, child_id=child.id
    )
    assert [(r.held_on, r.starts_at) for r in hers] == [
        (date(2026, 11, 19), time(10, 30)),
        (DAY, time(9, 0)),
        (DAY, time(10, 0)),
    ]
    page = sessions_between(
        session, actor=actor, start=date(2026, 11, 19), end=DAY, limit=2, offset=1
    )
    assert [r.starts_at for r in page] == [time(9, 0), time(10, 0)]


def test_search_notes_finds_cyrillic_in_any_case(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    found_id = _log(session, actor, _individual(staff, child), today)
    _log(session, actor, _individual(staff, child, topic="Memory", notes="Память: 5 слов."), today)
    hits = search_notes(session, actor=actor, text="внимание")
    assert [(h.session_id, h.held_on, h.kind, h.child_names) for h in hits] == [
        (found_id, DAY, "individual", ("Aigerim Seitkali",))
    ]
    assert hits[0].snippet == "Attention Внимание держит 10 минут."
    assert [h.session_id for h in search_notes(session, actor=actor, text="ВНИМ")] == [found_id]
    assert search_notes(session, actor=actor, text="тишина") == []


def test_search_follows_updates_and_archive(
    session: Session, actor: Actor, staff: Staff, child: Child, today: date
) -> None:
    session_id = _log(session, actor, _individual(staff, child), today)
    update_session(
        session,
        actor=actor,
        session_id=session_id,
        data=_individual(staff, child, notes="Мама: режим сна", agreed="Ложиться в 21:00"),
        today=today,
    )
    assert search_notes(session, actor=actor, text="внимание") == []
    assert [h.session_id for h in search_notes(session, actor=actor, text="ложиться")] == [
        session_id
    ]
    archive_session(session, actor=actor, session_id=session_id)
    assert search_notes(session, actor=actor, text="ложиться") == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('"', False),
        ("*", False),
        ("-", False),
        ("(", False),
        ("", False),
        ("AND", True),  # quoted, an operator is a plain word: the notes hold "AND"
        ('нет" AND (', True),
        ("ушла -нет", True),  # "-" does not negate
        ("дважды*", True),
        ('"нет"', True),
        ("NEAR(a b)", False),  # no word "a" in the notes
    ],
)
def test_search_survives_fts_syntax(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    today: date,
    text: str,
    found: bool,
) -> None:
    notes = 'Сказала "нет" (дважды) - AND ушла * NEAR'
    session_id = _log(session, actor, _individual(staff, child, notes=notes), today)
    hits = search_notes(session, actor=actor, text=text)
    assert [h.session_id for h in hits] == ([session_id] if found else [])
