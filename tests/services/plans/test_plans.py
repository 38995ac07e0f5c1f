"""Support plans: one in effect per child, reviews, goals, ratings at checkpoints."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from caseroom.db.models import AuditEvent, Child, Family, Goal, GoalRating, Room, SupportPlan
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.plans.goals import (
    add_goal,
    archive_goal,
    rate_goal,
    reorder_goals,
    update_goal,
)
from caseroom.services.plans.plans import (
    GoalInput,
    PlanInput,
    add_review,
    archive_plan,
    create_plan,
    get_plan,
    plans_of_child,
    reviews_due,
    update_plan,
)
from caseroom.vocab import Checkpoint, Domain, PlanStatus, Rating

YEAR = PlanInput(starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 25))
ACTIVE = PlanInput(
    starts_on=date(2026, 9, 1),
    ends_on=date(2027, 5, 25),
    status=PlanStatus.ACTIVE,
    next_review_on=date(2026, 11, 20),
)


def _count(session: Session, model: type[SQLModel]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _second_child(session: Session, room: Room, family: Family) -> Child:
    record = Child(
        room_id=room.id,
        family_id=family.id,
        case_number="SR-2026-0002",
        last_name="Seitkali",
        first_name="Nurlan",
        birth_date=date(2015, 5, 2),
        enrolled_on=date(2026, 9, 1),
    )
    session.add(record)
    session.flush()
    return record


def test_create_plan_reads_back(session: Session, actor: Actor, child: Child) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    assert (plan.child_id, plan.status, plan.next_review_on) == (
        child.id,
        "active",
        date(2026, 11, 20),
    )
    assert (plan.goals, plan.reviews, plan.archived) == ((), (), False)
    audit = session.execute(select(AuditEvent.action, AuditEvent.entity, AuditEvent.details)).one()
    assert audit == ("create", "support_plan", {"child_id": str(child.id), "status": "active"})


def test_a_second_plan_in_effect_is_refused(session: Session, actor: Actor, child: Child) -> None:
    first = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    with pytest.raises(ValidationError) as error:
        create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    assert error.value.problems == {
        "status": "The plan for 01.09.2026 – 25.05.2027 is still in effect; close it before "
        "putting another plan into effect."
    }
    assert _count(session, SupportPlan) == 1
    draft = create_plan(session, actor=actor, child_id=child.id, data=YEAR)
    with pytest.raises(ValidationError):
        update_plan(session, actor=actor, plan_id=draft.id, data=ACTIVE)
    assert session.get(SupportPlan, draft.id).status == "draft"  # type: ignore[union-attr]
    # re-saving the plan in effect is not a conflict with itself
    update_plan(session, actor=actor, plan_id=first.id, data=ACTIVE)
    closed = PlanInput(YEAR.starts_on, YEAR.ends_on, status=PlanStatus.CLOSED)
    update_plan(session, actor=actor, plan_id=first.id, data=closed)
    assert update_plan(session, actor=actor, plan_id=draft.id, data=ACTIVE).status == "active"


def test_plan_validation(session: Session, actor: Actor, child: Child) -> None:
    bad = PlanInput(
        starts_on=date(2026, 9, 1),
        ends_on=date(2026, 8, 31),
        status="paused",
        next_review_on=date(2026, 8, 1),
        author_id=uuid.uuid4(),
    )
    with pytest.raises(ValidationError) as error:
        create_plan(session, actor=actor, child_id=child.id, data=bad)
    assert error.value.problems == {
        "ends_on": "The plan ends on 31.08.2026, before it starts on 01.09.2026.",
        "status": "Choose a plan status from the list.",
        "next_review_on": "The review date 01.08.2026 is before the plan starts on 01.09.2026.",
        "author_id": "Choose the plan's author from the staff list.",
    }
    assert _count(session, SupportPlan) == 0
    with pytest.raises(NotFoundError):
        create_plan(session, actor=actor, child_id=uuid.uuid4(), data=YEAR)


def test_review_moves_the_next_review_date(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    review = add_review(
        session,
        actor=actor,
        plan_id=plan.id,
        reviewed_on=date(2026, 11, 20),
        summary=" ok ",
        today=today,
    )
    assert (review.summary, review.reviewer_id) == ("ok", actor.staff_id)
    assert get_plan(session, actor=actor, plan_id=plan.id).next_review_on == date(2027, 2, 18)
    add_review(
        session,
        actor=actor,
        plan_id=plan.id,
        reviewed_on=today,
        next_review_on=date(2027, 1, 15),
        today=today,
    )
    read = get_plan(session, actor=actor, plan_id=plan.id)
    assert read.next_review_on == date(2027, 1, 15)
    assert [r.reviewed_on for r in read.reviews] == [date(2026, 11, 20), today]


def test_review_validation(session: Session, actor: Actor, child: Child, today: date) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    with pytest.raises(ValidationError) as error:
        add_review(
            session,
            actor=actor,
            plan_id=plan.id,
            reviewed_on=date(2026, 11, 24),
            next_review_on=date(2026, 11, 24),
            today=today,
        )
    assert error.value.problems == {
        "reviewed_on": "The review date 24.11.2026 is in the future.",
        "next_review_on": "The next review must come after this review on 24.11.2026.",
    }
    with pytest.raises(ValidationError) as error:
        add_review(
            session, actor=actor, plan_id=plan.id, reviewed_on=date(2026, 8, 31), today=today
        )
    assert error.value.problems == {
        "reviewed_on": "The review date 31.08.2026 is before the plan starts on 01.09.2026."
    }
    assert get_plan(session, actor=actor, plan_id=plan.id).reviews == ()
    assert get_plan(session, actor=actor, plan_id=plan.id).next_review_on == date(2026, 11, 20)


def test_goals_add_update_archive_reorder(session: Session, actor: Actor, child: Child) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    first = add_goal(
        session,
        actor=actor,
        plan_id=plan.id,
        data=GoalInput(Domain.SPEECH, " Names 10 pictures ", baseline="3", target="10"),
    )
    second = add_goal(
        session, actor=actor, plan_id=plan.id, data=GoalInput(Domain.FINE_MOTOR, "Cuts")
    )
    third = add_goal(
        session, actor=actor, plan_id=plan.id, data=GoalInput(Domain.SELF_CARE, "Buttons")
    )
    assert [first.sort_order, second.sort_order, third.sort_order] == [0, 1, 2]
    assert (first.description, first.baseline, first.target, first.criterion) == (
        "Names 10 pictures",
        "3",
        "10",
        None,
    )
    changed = update_goal(
        session,
        actor=actor,
        goal_id=second.id,
        data=GoalInput(Domain.GRAPHOMOTOR, "Traces lines", criterion="4 of 5", status="achieved"),
    )
    assert (changed.domain, changed.status, changed.criterion) == (
        "graphomotor",
        "achieved",
        "4 of 5",
    )
    archive_goal(session, actor=actor, goal_id=first.id)
    reorder_goals(session, actor=actor, plan_id=plan.id, goal_ids=[third.id, second.id])
    goals = get_plan(session, actor=actor, plan_id=plan.id).goals
    assert [(g.description, g.sort_order) for g in goals] == [("Buttons", 0), ("Traces lines", 1)]
    with pytest.raises(ValidationError) as error:
        reorder_goals(session, actor=actor, plan_id=plan.id, goal_ids=[third.id, third.id])
    assert error.value.problems == {"goal_ids": "List every goal of the plan exactly once."}


def test_goal_validation(session: Session, actor: Actor, child: Child) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    with pytest.raises(ValidationError) as error:
        add_goal(session, actor=actor, plan_id=plan.id, data=GoalInput("maths", "  ", status="won"))
    assert error.value.problems == {
        "domain": "Choose the goal's developmental domain from the list.",
        "description": "Describe the goal.",
        "status": "Choose a goal status from the list.",
    }
    assert _count(session, Goal) == 0


def test_ratings_are_set_replaced_and_ordered(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    goal = add_goal(session, actor=actor, plan_id=plan.id, data=GoalInput(Domain.SPEECH, "Talks"))

    def rate(checkpoint: Checkpoint, rating: Rating, on: date) -> None:
        rate_goal(
            session,
            actor=actor,
            child_id=child.id,
            goal_id=goal.id,
            checkpoint=checkpoint,
            rating=rating,
            rated_on=on,
            note=None,
            today=today,
        )

    rate(Checkpoint.Q2, Rating.MINIMAL, date(2026, 11, 1))
    rate(Checkpoint.START, Rating.NOT_ASSESSED, date(2026, 9, 5))
    rate(Checkpoint.Q1, Rating.NONE, date(2026, 10, 20))
    rate(Checkpoint.Q2, Rating.MODERATE, date(2026, 11, 20))  # replaces the first Q2 rating
    ratings = get_plan(session, actor=actor, plan_id=plan.id).goals[0].ratings
    assert [(r.checkpoint, r.rating, r.rated_on) for r in ratings] == [
        ("start", "not_assessed", date(2026, 9, 5)),
        ("q1", "none", date(2026, 10, 20)),
        ("q2", "moderate", date(2026, 11, 20)),
    ]
    assert _count(session, GoalRating) == 3


def test_rating_another_childs_goal_is_refused(
    session: Session, actor: Actor, room: Room, family: Family, child: Child, today: date
) -> None:
    other = _second_child(session, room, family)
    plan = create_plan(session, actor=actor, child_id=other.id, data=ACTIVE)
    goal = add_goal(session, actor=actor, plan_id=plan.id, data=GoalInput(Domain.SPEECH, "Talks"))
    with pytest.raises(ValidationError) as error:
        rate_goal(
            session,
            actor=actor,
            child_id=child.id,
            goal_id=goal.id,
            checkpoint="q1",
            rating="high",
            rated_on=date(2026, 10, 20),
            note="",
            today=today,
        )
    assert error.value.problems == {"goal_id": "This goal belongs to another child's plan."}
    assert _count(session, GoalRating) == 0


def test_rating_validation(session: Session, actor: Actor, child: Child, today: date) -> None:
    plan = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    goal = add_goal(session, actor=actor, plan_id=plan.id, data=GoalInput(Domain.SPEECH, "Talks"))
    with pytest.raises(ValidationError) as error:
        rate_goal(
            session,
            actor=actor,
            child_id=child.id,
            goal_id=goal.id,
            checkpoint="winter",
            rating="great",
            rated_on=date(2026, 11, 24),
            note=None,
            today=today,
        )
    assert error.value.problems == {
        "checkpoint": "Choose a checkpoint from the list.",
        "rating": "Choose a rating from the scale.",
        "rated_on": "The rating date 24.11.2026 is in the future.",
    }
    with pytest.raises(ValidationError) as error:
        rate_goal(
            session,
            actor=actor,
            child_id=child.id,
            goal_id=goal.id,
            checkpoint="start",
            rating="high",
            rated_on=date(2026, 8, 31),
            note=None,
            today=today,
        )
    assert error.value.problems == {
        "rated_on": "The rating date 31.08.2026 is outside the plan's period "
        "01.09.2026 – 25.05.2027."
    }
    assert _count(session, GoalRating) == 0


def test_plans_of_child_and_archive(session: Session, actor: Actor, child: Child) -> None:
    old = create_plan(
        session,
        actor=actor,
        child_id=child.id,
        data=PlanInput(date(2025, 9, 1), date(2026, 5, 25), status=PlanStatus.CLOSED),
    )
    current = create_plan(session, actor=actor, child_id=child.id, data=ACTIVE)
    add_goal(session, actor=actor, plan_id=current.id, data=GoalInput(Domain.SPEECH, "Talks"))
    add_goal(session, actor=actor, plan_id=current.id, data=GoalInput(Domain.ACADEMIC, "Reads"))
    listed = plans_of_child(session, actor=actor, child_id=child.id)
    assert [(p.id, p.status, p.goals) for p in listed] == [
        (current.id, "active", 2),
        (old.id, "closed", 0),
    ]
    archive_plan(session, actor=actor, plan_id=old.id)
    assert [p.id for p in plans_of_child(session, actor=actor, child_id=child.id)] == [current.id]
    assert get_plan(session, actor=actor, plan_id=old.id).archived is True


def test_reviews_due(
    session: Session, actor: Actor, room: Room, family: Family, child: Child, today: date
) -> None:
    other = _second_child(session, room, family)
    third = Child(
        room_id=room.id,
        family_id=family.id,
        case_number="SR-2026-0003",
        last_name="Abenov",
        first_name="Timur",
        birth_date=date(2016, 1, 1),
        enrolled_on=date(2026, 9, 1),
    )
    fourth = Child(
        room_id=room.id,
        family_id=family.id,
        case_number="SR-2026-0004",
        last_name="Abenova",
        first_name="Sara",
        birth_date=date(2016, 1, 1),
        enrolled_on=date(2026, 9, 1),
    )
    session.add_all([third, fourth])
    session.flush()

    def plan(owner: Child, review: date, status: str = PlanStatus.ACTIVE) -> None:
        data = PlanInput(date(2026, 9, 1), date(2027, 5, 25), status=status, next_review_on=review)
        create_plan(session, actor=actor, child_id=owner.id, data=data)

    plan(child, today)  # due today
    plan(other, today - timedelta(days=10))  # overdue
    plan(third, today + timedelta(days=1))  # not yet
    plan(fourth, today - timedelta(days=40), status=PlanStatus.DRAFT)  # not in effect
    due = reviews_due(session, actor=actor, today=today)
    assert [(d.case_number, d.next_review_on) for d in due] == [
        ("SR-2026-0002", date(2026, 11, 13)),
        ("SR-2026-0001", today),
    ]
    archive_plan(session, actor=actor, plan_id=due[0].plan_id)
    assert [d.child_id for d in reviews_due(session, actor=actor, today=today)] == [child.id]
