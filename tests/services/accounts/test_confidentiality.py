"""Confidentiality levels in the services: referrals by level, working notes by role.

- a referral's level defaults by the person referred, is validated, and can be changed;
  lists leave out levels the actor may not see, and reads at the caregiver's-data and
  safeguarding levels are audited as views;
- the free-text notes of a child, family, caregiver, barrier, plan and rating are
  specialists' working notes: None for an assistant and for an administrator, even with
  the identified-access grant.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Family, Referral, Staff
from caseroom.errors import PermissionDeniedError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.referrals import (
    ReferralInput,
    archive_referral,
    create_referral,
    get_referral,
    list_referrals,
    set_referral_status,
    update_referral,
)
from caseroom.services.people import children, families
from caseroom.services.permissions import IDENTIFIED_ACCESS, Permission
from caseroom.services.plans import goals as plan_goals
from caseroom.services.plans import plans

D = date(2026, 10, 15)


def _views(session: Session) -> list[tuple[uuid.UUID | None, str | None]]:
    query = (
        select(col(AuditEvent.entity_id), col(AuditEvent.details))
        .where(col(AuditEvent.action) == "view", col(AuditEvent.entity) == "referral")
        .order_by(col(AuditEvent.at))
    )
    return [(entity_id, details.get("level")) for entity_id, details in session.execute(query)]


def _make(session: Session, actor: Actor, level: str | None, **subject: uuid.UUID) -> uuid.UUID:
    data = ReferralInput(to_whom="Regional PMPK", referred_on=D, confidentiality=level, **subject)
    return create_referral(session, actor=actor, data=data).id


def test_default_level_follows_the_person_referred(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    childs = create_referral(session, actor=actor, data=ReferralInput("PMPK", D, child_id=child.id))
    mothers = create_referral(
        session, actor=actor, data=ReferralInput("Clinic", D, caregiver_id=caregiver.id)
    )
    assert (childs.confidentiality, mothers.confidentiality) == ("specialist", "parent")
    stored = session.get(Referral, mothers.id)
    assert stored is not None and stored.confidentiality == "parent"


def test_level_is_validated_and_can_be_changed(
    session: Session, actor: Actor, child: Child
) -> None:
    with pytest.raises(ValidationError) as raised:
        _make(session, actor, "secret", child_id=child.id)
    assert raised.value.problems == {
        "confidentiality": "Choose who may see the referral from the list."
    }
    made = _make(session, actor, "shareable", child_id=child.id)
    kept = update_referral(
        session,
        actor=actor,
        referral_id=made,
        data=ReferralInput("City PMPK", D, child_id=child.id),
    )
    assert (kept.to_whom, kept.confidentiality) == ("City PMPK", "shareable")
    changed = update_referral(
        session,
        actor=actor,
        referral_id=made,
        data=ReferralInput("City PMPK", D, child_id=child.id, confidentiality="safeguarding"),
    )
    assert changed.confidentiality == "safeguarding"
    with pytest.raises(ValidationError):
        update_referral(
            session,
            actor=actor,
            referral_id=made,
            data=ReferralInput("City PMPK", D, child_id=child.id, confidentiality="public"),
        )


@pytest.fixture
def four(session: Session, actor: Actor, child: Child) -> dict[str, uuid.UUID]:
    """A referral of the child at each level (the newest first in lists: safeguarding)."""
    made = {}
    for day, level in enumerate(("shareable", "specialist", "parent", "safeguarding"), 1):
        data = ReferralInput(
            "Clinic", date(2026, 10, day), child_id=child.id, confidentiality=level
        )
        made[level] = create_referral(session, actor=actor, data=data).id
    return made


def test_specialists_see_every_level_and_audited_ones_are_noted(
    session: Session, actor: Actor, child: Child, four: dict[str, uuid.UUID]
) -> None:
    assert _views(session) == []  # writing is not viewing
    listed = list_referrals(session, actor=actor, child_id=child.id)
    assert [r.confidentiality for r in listed] == [
        "safeguarding",
        "parent",
        "specialist",
        "shareable",
    ]
    assert _views(session) == [
        (four["safeguarding"], "safeguarding"),
        (four["parent"], "parent"),
    ]
    get_referral(session, actor=actor, referral_id=four["specialist"])
    assert len(_views(session)) == 2
    one = get_referral(session, actor=actor, referral_id=four["safeguarding"])
    assert one.id == four["safeguarding"]
    assert _views(session)[-1] == (four["safeguarding"], "safeguarding")


def test_a_reader_of_notes_without_restricted_access_sees_two_levels(
    session: Session, staff: Staff, child: Child, four: dict[str, uuid.UUID]
) -> None:
    reader = Actor(staff.id, "assistant", frozenset({Permission.VIEW_NOTES}))
    listed = list_referrals(session, actor=reader, child_id=child.id)
    assert {r.id for r in listed} == {four["shareable"], four["specialist"]}
    assert _views(session) == []
    for level in ("parent", "safeguarding"):
        with pytest.raises(PermissionDeniedError):
            get_referral(session, actor=reader, referral_id=four[level])
    assert get_referral(session, actor=reader, referral_id=four["shareable"]).status == "planned"
    editor = Actor(staff.id, "assistant", frozenset({Permission.VIEW_NOTES, "edit_records"}))
    for call in (
        lambda: set_referral_status(
            session, actor=editor, referral_id=four["parent"], status="sent"
        ),
        lambda: archive_referral(session, actor=editor, referral_id=four["safeguarding"]),
        lambda: _make(session, editor, "safeguarding", child_id=child.id),
        lambda: update_referral(
            session,
            actor=editor,
            referral_id=four["shareable"],
            data=ReferralInput("X", D, child_id=child.id, confidentiality="parent"),
        ),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    stored = session.get(Referral, four["shareable"])
    assert stored is not None and stored.confidentiality == "shareable"


@pytest.mark.parametrize("role", ["assistant", "administrator+identified"])
def test_others_may_not_read_referrals(
    session: Session, staff: Staff, four: dict[str, uuid.UUID], role: str
) -> None:
    other = (
        Actor(staff.id, "administrator", frozenset(IDENTIFIED_ACCESS))
        if role.endswith("identified")
        else Actor(staff.id, role)
    )
    with pytest.raises(PermissionDeniedError):
        list_referrals(session, actor=other)
    with pytest.raises(PermissionDeniedError):
        get_referral(session, actor=other, referral_id=four["shareable"])


# --- working notes ------------------------------------------------------------------------


def _noted(
    session: Session, actor: Actor, child: Child, family: Family, caregiver: Caregiver
) -> tuple[uuid.UUID, uuid.UUID]:
    child.notes, family.notes, caregiver.notes = "child note", "family note", "mother note"
    session.add_all([child, family, caregiver])
    families.add_barrier(
        session,
        actor=actor,
        family_id=family.id,
        kind="transport",
        noted_on=D,
        note="barrier note",
        today=D,
    )
    plan = plans.create_plan(
        session,
        actor=actor,
        child_id=child.id,
        data=plans.PlanInput(
            starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 25), notes="plan note"
        ),
    )
    goal = plan_goals.add_goal(
        session,
        actor=actor,
        plan_id=plan.id,
        data=plans.GoalInput(domain="speech", description="Says two-word phrases"),
    )
    plan_goals.rate_goal(
        session,
        actor=actor,
        child_id=child.id,
        goal_id=goal.id,
        checkpoint="start",
        rating="minimal",
        rated_on=D,
        note="rating note",
        today=D,
    )
    session.flush()
    return plan.id, goal.id


def _seen(
    session: Session, actor: Actor, child: Child, family: Family, caregiver: Caregiver,
    plan_id: uuid.UUID,
) -> list[str | None]:  # fmt: skip
    home = families.get_family(session, actor=actor, family_id=family.id)
    plan = plans.get_plan(session, actor=actor, plan_id=plan_id)
    return [
        children.get_child(session, actor=actor, child_id=child.id).notes,
        home.notes,
        home.caregivers[0].notes,
        home.open_barriers[0].note,
        families.list_barriers(session, actor=actor, family_id=family.id)[0].note,
        families.get_caregiver(session, actor=actor, caregiver_id=caregiver.id).notes,
        plan.notes,
        plan.goals[0].ratings[0].note,
    ]


NOTES = [
    "child note",
    "family note",
    "mother note",
    "barrier note",
    "barrier note",
    "mother note",
    "plan note",
    "rating note",
]


def test_specialists_read_working_notes(
    session: Session, actor: Actor, child: Child, family: Family, caregiver: Caregiver
) -> None:
    plan_id, _goal = _noted(session, actor, child, family, caregiver)
    assert _seen(session, actor, child, family, caregiver, plan_id) == NOTES


@pytest.mark.parametrize("role", ["assistant", "administrator+identified"])
def test_working_notes_are_hidden_from_others(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    family: Family,
    caregiver: Caregiver,
    role: str,
) -> None:
    plan_id, _goal = _noted(session, actor, child, family, caregiver)
    other = (
        Actor(staff.id, "administrator", frozenset(IDENTIFIED_ACCESS))
        if role.endswith("identified")
        else Actor(staff.id, role)
    )
    seen = _seen(session, other, child, family, caregiver, plan_id)
    assert seen == [None] * len(NOTES)
    # The rest of the records stays readable: the plan's goal, the family's name.
    plan = plans.get_plan(session, actor=other, plan_id=plan_id)
    assert plan.goals[0].description == "Says two-word phrases"
    assert plan.goals[0].ratings[0].rating == "minimal"
    assert families.get_family(session, actor=other, family_id=family.id).display_name == (
        "Seitkali"
    )
