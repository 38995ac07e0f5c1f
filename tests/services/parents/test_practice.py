"""Home practice: give, check, list and follow up, with every rule's message."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import (
    AuditEvent,
    Caregiver,
    Child,
    Family,
    Goal,
    HomePractice,
    Room,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.practice import (
    PracticeInput,
    archive_practice,
    give_practice,
    list_practice,
    practice_to_follow_up,
    record_outcome,
    update_practice,
)


def _count(session: Session, model: type[HomePractice] | type[AuditEvent]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _task(caregiver: Caregiver, child: Child, **changes: object) -> PracticeInput:
    values: dict[str, object] = {
        "caregiver_id": caregiver.id,
        "child_id": child.id,
        "task": "  Read a picture book together every evening ",
        "given_on": date(2026, 10, 5),
        "due_on": date(2026, 10, 12),
    }
    values.update(changes)
    return PracticeInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def other_family_child(session: Session, room: Room) -> Child:
    """A child of another family."""
    other = Family(room_id=room.id, display_name="Ivanov")
    session.add(other)
    session.flush()
    record = Child(
        room_id=room.id,
        family_id=other.id,
        case_number="SR-2026-0002",
        last_name="Ivanov",
        first_name="Petr",
        birth_date=date(2016, 5, 1),
        enrolled_on=date(2026, 9, 1),
    )
    session.add(record)
    session.flush()
    return record


@pytest.fixture
def held(session: Session, room: Room, staff: Staff) -> SessionRecord:
    """A parent consultation held on 05.10.2026."""
    record = SessionRecord(
        room_id=room.id, held_on=date(2026, 10, 5), kind="parent_consultation", staff_id=staff.id
    )
    session.add(record)
    session.flush()
    return record


def _goal(session: Session, child: Child) -> Goal:
    plan = SupportPlan(child_id=child.id, starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 25))
    session.add(plan)
    session.flush()
    goal = Goal(plan_id=plan.id, domain="speech", description="Names ten objects")
    session.add(goal)
    session.flush()
    return goal


def test_give_practice_cleans_links_and_audits(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child, held: SessionRecord
) -> None:
    goal = _goal(session, child)
    made = give_practice(
        session,
        actor=actor,
        data=_task(caregiver, child, session_id=held.id, goal_id=goal.id),
    )
    assert made.task == "Read a picture book together every evening"
    assert (made.session_id, made.goal_id) == (held.id, goal.id)
    assert (made.given_on, made.due_on) == (date(2026, 10, 5), date(2026, 10, 12))
    assert (made.outcome, made.checked_on, made.follow_up) == ("pending", None, None)
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert (event.action, event.entity, event.actor_id) == (
        "create",
        "home_practice",
        actor.staff_id,
    )
    assert event.details == {
        "caregiver_id": str(caregiver.id),
        "child_id": str(child.id),
        "outcome": "pending",
    }


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("no_task", "task", "Describe the task to do at home"),
        ("long_task", "task", "The task is too long (at most 2\u00a0000 characters)"),
        (
            "due_early",
            "due_on",
            "The due date 04.10.2026 is before the task was given on 05.10.2026",
        ),
        ("no_caregiver", "caregiver_id", "Choose the caregiver who takes the task home"),
        ("no_child", "child_id", "Choose the child the task is for"),
        ("other_family", "child_id", "The child is not of this caregiver's family"),
        ("no_session", "session_id", "The session was not found"),
        (
            "before_session",
            "given_on",
            "The task is given on 04.10.2026, before the session of 05.10.2026",
        ),
        ("no_goal", "goal_id", "The goal was not found"),
        ("other_goal", "goal_id", "The goal belongs to another child's plan"),
    ],
)
def test_give_practice_rules(
    session: Session,
    actor: Actor,
    caregiver: Caregiver,
    child: Child,
    other_family_child: Child,
    held: SessionRecord,
    case: str,
    field: str,
    message: str,
) -> None:
    changes: dict[str, object] = {
        "no_task": {"task": "   "},
        "long_task": {"task": "x" * 2001},
        "due_early": {"due_on": date(2026, 10, 4)},
        "no_caregiver": {"caregiver_id": uuid.uuid4()},
        "no_child": {"child_id": uuid.uuid4()},
        "other_family": {"child_id": other_family_child.id},
        "no_session": {"session_id": uuid.uuid4()},
        "before_session": {
            "session_id": held.id,
            "given_on": date(2026, 10, 4),
            "due_on": None,
        },
        "no_goal": {"goal_id": uuid.uuid4()},
        "other_goal": {"goal_id": _goal(session, other_family_child).id},
    }[case]
    before = _count(session, HomePractice), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        give_practice(session, actor=actor, data=_task(caregiver, child, **changes))
    assert raised.value.problems == {field: message}
    assert (_count(session, HomePractice), _count(session, AuditEvent)) == before


def test_archived_caregiver_cannot_take_practice(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child
) -> None:
    caregiver.archived_at = caregiver.created_at
    session.add(caregiver)
    session.flush()
    with pytest.raises(ValidationError) as raised:
        give_practice(session, actor=actor, data=_task(caregiver, child))
    assert raised.value.problems == {"caregiver_id": "Choose the caregiver who takes the task home"}


def test_record_outcome_and_its_rules(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child
) -> None:
    made = give_practice(session, actor=actor, data=_task(caregiver, child))
    checked = record_outcome(
        session,
        actor=actor,
        practice_id=made.id,
        outcome="partly",
        checked_on=date(2026, 10, 12),
        follow_up="  Shorter books next week ",
    )
    assert (checked.outcome, checked.checked_on, checked.follow_up) == (
        "partly",
        date(2026, 10, 12),
        "Shorter books next week",
    )
    audits = _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        record_outcome(
            session,
            actor=actor,
            practice_id=made.id,
            outcome="pending",
            checked_on=date(2026, 10, 4),
            follow_up="x" * 2001,
        )
    assert raised.value.problems == {
        "outcome": "Choose whether the task was done, partly done or not done",
        "checked_on": "The check date 04.10.2026 is before the task was given on 05.10.2026",
        "follow_up": "The follow-up is too long (at most 2\u00a0000 characters)",
    }
    stored = session.get(HomePractice, made.id)
    assert stored is not None
    assert (stored.outcome, stored.checked_on) == ("partly", date(2026, 10, 12))
    assert _count(session, AuditEvent) == audits


def test_update_keeps_outcome_and_refuses_given_after_check(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child
) -> None:
    made = give_practice(session, actor=actor, data=_task(caregiver, child))
    record_outcome(
        session, actor=actor, practice_id=made.id, outcome="done", checked_on=date(2026, 10, 10)
    )
    changed = update_practice(
        session,
        actor=actor,
        practice_id=made.id,
        data=_task(caregiver, child, task="Count stairs aloud", due_on=None),
    )
    assert (changed.task, changed.due_on, changed.outcome) == ("Count stairs aloud", None, "done")
    with pytest.raises(ValidationError) as raised:
        update_practice(
            session,
            actor=actor,
            practice_id=made.id,
            data=_task(caregiver, child, given_on=date(2026, 10, 11), due_on=None),
        )
    assert raised.value.problems == {
        "given_on": "The task was checked on 10.10.2026, before 11.10.2026"
    }
    stored = session.get(HomePractice, made.id)
    assert stored is not None and stored.given_on == date(2026, 10, 5)


def test_unknown_practice_is_not_found(session: Session, actor: Actor) -> None:
    with pytest.raises(NotFoundError, match="This home practice was not found"):
        record_outcome(
            session,
            actor=actor,
            practice_id=uuid.uuid4(),
            outcome="done",
            checked_on=date(2026, 10, 1),
        )


def test_list_practice_for_child_and_caregiver(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child, family: Family
) -> None:
    father = Caregiver(
        family_id=family.id, last_name="Seitkali", first_name="Arman", relation="father"
    )
    session.add(father)
    session.flush()
    first = give_practice(session, actor=actor, data=_task(caregiver, child))
    second = give_practice(
        session, actor=actor, data=_task(father, child, given_on=date(2026, 10, 20), due_on=None)
    )
    gone = give_practice(session, actor=actor, data=_task(caregiver, child, task="Mistake"))
    archive_practice(session, actor=actor, practice_id=gone.id)
    assert [p.id for p in list_practice(session, actor=actor, child_id=child.id)] == [
        second.id,
        first.id,
    ]
    assert [p.id for p in list_practice(session, actor=actor, caregiver_id=caregiver.id)] == [
        first.id
    ]
    with_archived = list_practice(
        session, actor=actor, caregiver_id=caregiver.id, include_archived=True
    )
    assert {p.id for p in with_archived} == {first.id, gone.id}
    with pytest.raises(ValueError):
        list_practice(session, actor=actor)


def test_follow_up_rule(session: Session, actor: Actor, caregiver: Caregiver, child: Child) -> None:
    today = date(2026, 11, 23)

    def give(given: date, due: date | None, task: str) -> uuid.UUID:
        data = _task(caregiver, child, given_on=given, due_on=due, task=task)
        return give_practice(session, actor=actor, data=data).id

    due_today = give(date(2026, 11, 16), date(2026, 11, 23), "due today")
    overdue = give(date(2026, 11, 1), date(2026, 11, 8), "overdue")
    give(date(2026, 11, 16), date(2026, 11, 24), "due tomorrow")
    undated_15_days = give(date(2026, 11, 8), None, "undated, 15 days old")
    give(date(2026, 11, 9), None, "undated, exactly 14 days old")
    checked = give(date(2026, 11, 1), date(2026, 11, 8), "checked")
    record_outcome(session, actor=actor, practice_id=checked, outcome="not_done", checked_on=today)
    archived = give(date(2026, 11, 1), date(2026, 11, 8), "archived")
    archive_practice(session, actor=actor, practice_id=archived)
    found = practice_to_follow_up(session, actor=actor, today=today)
    assert [p.id for p in found] == [overdue, due_today, undated_15_days]
