"""Archiving a plan, a goal or a PMPK conclusion with a reason and restoring it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import AuditEvent, Child, Goal, PmpkConclusion, SupportPlan
from caseroom.db.models_plan_history import PlanRevision
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.audited import archive_reason
from caseroom.services.common import Actor
from caseroom.services.people.children import archive_child
from caseroom.services.plans.archive import restore_conclusion, restore_goal, restore_plan
from caseroom.services.plans.goals import archive_goal
from caseroom.services.plans.plans import archive_plan, get_plan, plans_of_child
from caseroom.services.plans.pmpk import archive_conclusion, conclusions_of_child

ASSISTANT = Actor(staff_id=None, role="assistant")


@pytest.fixture
def plan(session: Session, child: Child) -> SupportPlan:
    record = SupportPlan(child_id=child.id, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 31))
    session.add(record)
    session.flush()
    for order, text in enumerate(["Names five colours", "Counts to ten"]):
        session.add(Goal(plan_id=record.id, domain="cognitive", description=text, sort_order=order))
    session.flush()
    return record


def test_a_plan_is_hidden_when_archived_and_comes_back_with_its_goals(
    session: Session, actor: Actor, child: Child, plan: SupportPlan
) -> None:
    before = get_plan(session, actor=actor, plan_id=plan.id)
    archive_plan(session, actor=actor, plan_id=plan.id, reason="duplicate")
    assert plans_of_child(session, actor=actor, child_id=child.id) == []
    assert archive_reason(session, "support_plan", plan.id) == "duplicate"
    restore_plan(session, actor=actor, plan_id=plan.id)
    assert get_plan(session, actor=actor, plan_id=plan.id) == before
    assert [row.id for row in plans_of_child(session, actor=actor, child_id=child.id)] == [plan.id]
    revisions = session.scalars(
        select(col(PlanRevision.action))
        .where(col(PlanRevision.plan_id) == plan.id, col(PlanRevision.goal_id).is_(None))
        .order_by(col(PlanRevision.created_at))
    ).all()
    assert revisions[-2:] == ["archived", "restored"]


def test_a_goal_comes_back_in_its_old_place_after_its_plan(
    session: Session, actor: Actor, plan: SupportPlan
) -> None:
    first = get_plan(session, actor=actor, plan_id=plan.id).goals[0]
    archive_goal(session, actor=actor, goal_id=first.id, reason="mistake")
    assert [g.id for g in get_plan(session, actor=actor, plan_id=plan.id).goals] != [first.id]
    archive_plan(session, actor=actor, plan_id=plan.id, reason="mistake")
    with pytest.raises(UserError, match="plan first"):
        restore_goal(session, actor=actor, goal_id=first.id)
    restore_plan(session, actor=actor, plan_id=plan.id)
    restore_goal(session, actor=actor, goal_id=first.id)
    assert get_plan(session, actor=actor, plan_id=plan.id).goals[0] == first


def test_a_conclusion_is_restored_only_with_the_right_and_after_the_child(
    session: Session, actor: Actor, child: Child
) -> None:
    record = PmpkConclusion(child_id=child.id, issued_on=date(2026, 5, 4), number="PMPK-17")
    session.add(record)
    session.flush()
    archive_conclusion(session, actor=actor, conclusion_id=record.id, reason="mistake")
    assert conclusions_of_child(session, actor=actor, child_id=child.id) == []
    with pytest.raises(PermissionDeniedError):
        restore_conclusion(session, actor=ASSISTANT, conclusion_id=record.id)
    archive_child(session, actor=actor, child_id=child.id, reason="left_school")
    with pytest.raises(UserError, match="child's record first"):
        restore_conclusion(session, actor=actor, conclusion_id=record.id)
    child.archived_at = None
    restore_conclusion(session, actor=actor, conclusion_id=record.id)
    assert [c.number for c in conclusions_of_child(session, actor=actor, child_id=child.id)] == [
        "PMPK-17"
    ]
    events = session.scalars(
        select(AuditEvent)
        .where(col(AuditEvent.entity) == "pmpk_conclusion")
        .order_by(col(AuditEvent.seq))
    ).all()
    assert [(e.action, e.details.get("reason")) for e in events] == [
        ("archive", "mistake"),
        ("restore", None),
    ]
