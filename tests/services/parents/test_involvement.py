"""Involvement figures: exact counts on a small hand-built database with edge dates."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Family,
    GroupAttendance,
    GroupMeeting,
    GroupMember,
    HomePractice,
    ParentGroup,
    Room,
    SessionRecord,
    Staff,
)
from caseroom.db.types import utcnow
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.involvement import family_involvement, involvement_trend

START, END = date(2026, 9, 1), date(2026, 10, 31)


class World:
    """Builds records directly with the models (no other services)."""

    def __init__(self, session: Session, room: Room, staff: Staff) -> None:
        self.session, self.room, self.staff = session, room, staff

    def person(self, family: Family, first: str, relation: str = "mother") -> Caregiver:
        record = Caregiver(
            family_id=family.id, last_name=family.display_name, first_name=first, relation=relation
        )
        self.session.add(record)
        self.session.flush()
        return record

    def meet(
        self,
        kind: str,
        day: date,
        people: list[tuple[Caregiver | Child, str]],
        status: str = "held",
        archived: bool = False,
    ) -> SessionRecord:
        record = SessionRecord(
            room_id=self.room.id, held_on=day, kind=kind, status=status, staff_id=self.staff.id
        )
        if archived:
            record.archived_at = utcnow()
        self.session.add(record)
        self.session.flush()
        for person, came in people:
            row = Attendance(session_id=record.id, status=came)
            if isinstance(person, Child):
                row.child_id = person.id
            else:
                row.caregiver_id = person.id
            self.session.add(row)
        self.session.flush()
        return record

    def practice(
        self, who: Caregiver, child: Child, given: date, outcome: str, archived: bool = False
    ) -> None:
        record = HomePractice(
            caregiver_id=who.id, child_id=child.id, task="Task", given_on=given, outcome=outcome
        )
        if archived:
            record.archived_at = utcnow()
        self.session.add(record)
        self.session.flush()

    def group(
        self, members: list[tuple[Caregiver, date, date | None]], archived: bool = False
    ) -> ParentGroup:
        record = ParentGroup(room_id=self.room.id, name="Circle", started_on=date(2026, 8, 1))
        if archived:
            record.archived_at = utcnow()
        self.session.add(record)
        self.session.flush()
        for who, registered, left in members:
            self.session.add(
                GroupMember(
                    group_id=record.id, caregiver_id=who.id, registered_on=registered, left_on=left
                )
            )
        self.session.flush()
        return record

    def gather(
        self,
        group: ParentGroup,
        day: date,
        marks: list[tuple[Caregiver, bool]],
        archived: bool = False,
    ) -> None:
        meeting = GroupMeeting(group_id=group.id, held_on=day)
        if archived:
            meeting.archived_at = utcnow()
        self.session.add(meeting)
        self.session.flush()
        for who, present in marks:
            self.session.add(
                GroupAttendance(meeting_id=meeting.id, caregiver_id=who.id, present=present)
            )
        self.session.flush()


@pytest.fixture
def world(
    session: Session, room: Room, staff: Staff, family: Family, caregiver: Caregiver, child: Child
) -> World:
    """The family's mother (`caregiver`) and father, and another family's mother, Olga."""
    w = World(session, room, staff)
    mother = caregiver
    father = w.person(family, "Arman", "father")
    others = Family(room_id=room.id, display_name="Ivanova")
    session.add(others)
    session.flush()
    olga = w.person(others, "Olga")

    # Consultations: offered S1-S5 (S3, S4 joint), attended S1 and S3.
    w.meet("parent_consultation", date(2026, 9, 1), [(mother, "present")])  # S1, first day
    w.meet("remote_consultation", date(2026, 10, 31), [(mother, "absent")])  # S2, last day
    w.meet(
        "joint", date(2026, 9, 15), [(mother, "present"), (father, "present"), (child, "present")]
    )  # S3: both parents count once
    w.meet("joint", date(2026, 10, 1), [(father, "absent")])  # S4
    w.meet("home_visit", date(2026, 10, 10), [(mother, "cancelled")], status="planned")  # S5
    w.meet("parent_consultation", date(2026, 10, 20), [(mother, "present")], status="planned")
    w.meet("parent_consultation", date(2026, 8, 31), [(mother, "present")])  # before
    w.meet("parent_consultation", date(2026, 11, 1), [(mother, "present")])  # after
    w.meet("parent_consultation", date(2026, 9, 20), [(mother, "present")], archived=True)
    w.meet("individual", date(2026, 9, 10), [(child, "present"), (mother, "present")])
    w.meet("parent_consultation", date(2026, 9, 22), [(olga, "present")])  # other family
    gone = w.meet("parent_consultation", date(2026, 9, 25), [])
    session.add(
        Attendance(
            session_id=gone.id, caregiver_id=mother.id, status="present", archived_at=utcnow()
        )
    )

    # Home practice: given 5 (done 2, partly 1, not done 1, pending 1).
    w.practice(mother, child, date(2026, 9, 1), "done")
    w.practice(father, child, date(2026, 10, 31), "partly")
    w.practice(mother, child, date(2026, 9, 10), "not_done")
    w.practice(mother, child, date(2026, 10, 5), "pending")
    w.practice(mother, child, date(2026, 9, 12), "done")
    w.practice(mother, child, date(2026, 8, 31), "done")  # before
    w.practice(mother, child, date(2026, 9, 20), "done", archived=True)
    w.practice(olga, child, date(2026, 9, 20), "done")  # not this family's caregiver

    # Groups: held 5 while registered, attended 3.
    circle = w.group(
        [(mother, date(2026, 9, 1), None), (father, date(2026, 9, 15), date(2026, 10, 5))]
    )
    w.gather(circle, date(2026, 9, 1), [(mother, True)])  # held, attended
    w.gather(circle, date(2026, 9, 15), [(mother, False), (father, True)])  # held, attended
    w.gather(circle, date(2026, 10, 6), [])  # held (mother registered), not attended
    w.gather(circle, date(2026, 10, 31), [(mother, True)])  # held, attended, last day
    w.gather(circle, date(2026, 11, 2), [])  # after the period
    w.gather(circle, date(2026, 9, 20), [(mother, True)], archived=True)
    closed = w.group([(mother, date(2026, 9, 1), None)], archived=True)
    w.gather(closed, date(2026, 9, 10), [(mother, True)])
    theirs = w.group([(olga, date(2026, 9, 1), None)])
    w.gather(theirs, date(2026, 9, 10), [(olga, True)])
    late = w.group([(mother, date(2026, 10, 15), None)])
    w.gather(late, date(2026, 10, 1), [])  # before she registered
    w.gather(late, date(2026, 10, 20), [(mother, False)])  # held, not attended
    return w


def test_family_involvement_exact(
    session: Session, actor: Actor, family: Family, world: World
) -> None:
    figures = family_involvement(session, actor=actor, family_id=family.id, start=START, end=END)
    assert (figures.consultations_offered, figures.consultations_attended) == (5, 2)
    assert (figures.joint_offered, figures.joint_attended) == (2, 1)
    assert (
        figures.practice_given,
        figures.practice_done,
        figures.practice_partly,
        figures.practice_not_done,
        figures.practice_pending,
    ) == (5, 2, 1, 1, 1)
    assert (figures.group_meetings_held, figures.group_meetings_attended) == (5, 3)
    assert figures.consultation_rate == pytest.approx(0.4)
    assert figures.joint_rate == pytest.approx(0.5)
    assert figures.practice_rate == pytest.approx(0.4)
    assert figures.group_rate == pytest.approx(0.6)
    assert (figures.family_id, figures.start, figures.end) == (family.id, START, END)


def test_one_day_periods_include_both_ends(
    session: Session, actor: Actor, family: Family, world: World
) -> None:
    first = family_involvement(session, actor=actor, family_id=family.id, start=START, end=START)
    assert (first.consultations_offered, first.consultations_attended) == (1, 1)
    assert (first.practice_given, first.practice_done) == (1, 1)
    assert (first.group_meetings_held, first.group_meetings_attended) == (1, 1)
    last = family_involvement(session, actor=actor, family_id=family.id, start=END, end=END)
    assert (last.consultations_offered, last.consultations_attended) == (1, 0)
    assert (last.practice_given, last.practice_partly, last.practice_done) == (1, 1, 0)
    assert (last.group_meetings_held, last.group_meetings_attended) == (1, 1)


def test_trend_and_empty_period(
    session: Session, actor: Actor, family: Family, world: World
) -> None:
    periods = [
        (START, END),
        (date(2026, 11, 1), date(2026, 12, 31)),
        (date(2027, 1, 10), date(2027, 3, 20)),
    ]
    trend = involvement_trend(session, actor=actor, family_id=family.id, periods=periods)
    assert [(f.start, f.end) for f in trend] == periods
    assert [f.consultations_offered for f in trend] == [5, 1, 0]
    assert [f.consultations_attended for f in trend] == [2, 1, 0]
    assert [f.group_meetings_held for f in trend] == [5, 1, 0]
    assert [f.group_meetings_attended for f in trend] == [3, 0, 0]
    assert [f.practice_given for f in trend] == [5, 0, 0]
    empty = trend[2]
    assert (empty.consultation_rate, empty.practice_rate, empty.group_rate) == (None, None, None)
    assert trend[1].practice_rate is None
    assert trend[1].group_rate == 0.0


def test_period_and_family_are_checked(session: Session, actor: Actor, family: Family) -> None:
    with pytest.raises(ValidationError) as raised:
        family_involvement(session, actor=actor, family_id=family.id, start=END, end=START)
    assert raised.value.problems == {
        "end": "The period ends on 01.09.2026, before it starts on 31.10.2026"
    }
    with pytest.raises(ValidationError):
        involvement_trend(
            session, actor=actor, family_id=family.id, periods=[(START, END), (END, START)]
        )
    with pytest.raises(NotFoundError, match="This family was not found"):
        family_involvement(session, actor=actor, family_id=uuid.uuid4(), start=START, end=END)
