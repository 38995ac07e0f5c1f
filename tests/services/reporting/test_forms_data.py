"""The printed forms' data, built exactly from a small room (`tests.services.forms_fixtures`)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select
from sqlmodel import Session, col
from tests.services.forms_fixtures import TODAY, World, build_world

from caseroom.db.models import AuditEvent, Caregiver, Child, Room, Staff
from caseroom.errors import NotFoundError, PermissionDeniedError, ValidationError
from caseroom.reports.data import (
    ChildInfo,
    DomainGoals,
    ExtraRole,
    GoalLine,
    PmpkInfo,
    RatingPoint,
    SessionCount,
    Signatory,
)
from caseroom.reports.forms.data import (
    ConsentFormData,
    FormHeader,
    HomeTask,
    Person,
    PlanFormData,
    PlannedSession,
    PmpkFormData,
)
from caseroom.services.common import Actor
from caseroom.services.reporting.forms import (
    CHILD_WORK_SCOPES,
    consent_form_data,
    plan_form_data,
    pmpk_form_data,
)
from caseroom.vocab import (
    CaregiverRelation,
    Checkpoint,
    ConsentScope,
    Domain,
    GoalStatus,
    Rating,
    SessionKind,
    Sex,
    StaffRole,
)

HEADER = FormHeader("School-lyceum No. 12", "Support room", TODAY, "Kosshy")
CHILD = ChildInfo("Seitkali Aigerim", date(2017, 3, 14), "SR-2026-0001", 3, "А", Sex.FEMALE)
MOTHER = Person("Seitkali Gulnara", relation=CaregiverRelation.MOTHER, phone="+77011234567")
LEAD = Person("Omarova Dana", role=StaffRole.PSYCHOLOGIST, phone="+77770001122")
SPEECH = Person("Kim Asel", role=StaffRole.SPEECH_THERAPIST)
SIGNERS = (
    Signatory(StaffRole.PSYCHOLOGIST, "Omarova Dana"),
    Signatory(StaffRole.SPEECH_THERAPIST, "Kim Asel"),
    Signatory(ExtraRole.CAREGIVER, "Seitkali Gulnara"),
)


@pytest.fixture
def world(session: Session, room: Room, staff: Staff, caregiver: Caregiver, child: Child) -> World:
    return build_world(session, room, staff, caregiver, child)


def test_consent_defaults_to_the_scopes_a_childs_work_needs(
    session: Session, actor: Actor, world: World
) -> None:
    data = consent_form_data(session, actor=actor, child_id=world.child.id, made_on=TODAY)
    assert data == ConsentFormData(HEADER, CHILD, MOTHER, CHILD_WORK_SCOPES)
    assert ConsentScope.PARENT_SCREENING not in data.scopes


def test_consent_scopes_given_print_once_in_vocabulary_order(
    session: Session, actor: Actor, world: World
) -> None:
    data = consent_form_data(
        session,
        actor=actor,
        child_id=world.child.id,
        made_on=TODAY,
        scopes=["share_notes", "data_processing", "share_notes"],
    )
    assert data.scopes == (ConsentScope.DATA_PROCESSING, ConsentScope.SHARE_NOTES)
    with pytest.raises(ValidationError):
        consent_form_data(
            session, actor=actor, child_id=world.child.id, made_on=TODAY, scopes=["nope"]
        )


def test_plan_form_holds_the_active_programme(session: Session, actor: Actor, world: World) -> None:
    data = plan_form_data(session, actor=actor, child_id=world.child.id, made_on=TODAY)
    assert data == PlanFormData(
        header=HEADER,
        child=CHILD,
        starts_on=date(2026, 9, 1),
        ends_on=date(2027, 5, 31),
        goals=(
            DomainGoals(Domain.COGNITIVE, (GoalLine("Sorts by colour", GoalStatus.ACTIVE),)),
            DomainGoals(
                Domain.SPEECH,
                (
                    GoalLine(
                        "Says two-word phrases",
                        GoalStatus.ACTIVE,
                        "Single words",
                        "Two-word phrases daily",
                        "5 of 7 days",
                    ),
                ),
            ),
        ),
        specialists=(LEAD, SPEECH),
        schedule=(
            PlannedSession(date(2026, 11, 24), time(10, 30), 40, SessionKind.GROUP, "Omarova Dana"),
            PlannedSession(date(2026, 11, 26), time(9, 0), 40, SessionKind.INDIVIDUAL, "Kim Asel"),
            PlannedSession(date(2026, 12, 1), None, 40, SessionKind.INDIVIDUAL, "Omarova Dana"),
        ),
        parent_part=(
            HomeTask("Name five toys at bath time", date(2026, 11, 20), date(2026, 11, 27)),
        ),
        reviewed_on=(date(2026, 11, 20),),
        next_review_on=date(2027, 1, 15),
        signatories=SIGNERS,
    )


def test_a_child_without_a_programme_is_refused(
    session: Session, actor: Actor, child: Child, room: Room
) -> None:
    with pytest.raises(NotFoundError):
        plan_form_data(session, actor=actor, child_id=child.id, made_on=TODAY)


def test_pmpk_presentation_has_every_rating_and_the_support_given(
    session: Session, actor: Actor, world: World
) -> None:
    data = pmpk_form_data(session, actor=actor, child_id=world.child.id, made_on=TODAY)
    assert data == PmpkFormData(
        header=HEADER,
        child=CHILD,
        school_name="School-lyceum No. 12",
        since=date(2026, 9, 1),
        domains=(
            DomainGoals(Domain.COGNITIVE, (GoalLine("Sorts by colour", GoalStatus.ACTIVE),)),
            DomainGoals(
                Domain.SPEECH,
                (
                    GoalLine(
                        "Says two-word phrases",
                        GoalStatus.ACTIVE,
                        "Single words",
                        "Two-word phrases daily",
                        "5 of 7 days",
                        (
                            RatingPoint(Checkpoint.START, Rating.NONE, date(2026, 9, 20)),
                            RatingPoint(Checkpoint.Q1, Rating.MODERATE, date(2026, 10, 25)),
                        ),
                    ),
                ),
            ),
            DomainGoals(
                Domain.FINE_MOTOR,
                (
                    GoalLine(
                        "Holds a pencil",
                        GoalStatus.ACHIEVED,
                        ratings=(RatingPoint(Checkpoint.END, Rating.HIGH, date(2026, 5, 20)),),
                    ),
                ),
            ),
        ),
        sessions=(SessionCount(SessionKind.INDIVIDUAL, held=3, attended=2, missed=1),),
        specialists=(LEAD, SPEECH),
        conclusion=PmpkInfo("10/26", date(2026, 8, 9)),
        earlier_recommendations="Speech therapy twice a week",
        signatories=SIGNERS,
    )


def test_pmpk_presentation_needs_the_right_to_read_notes(
    session: Session, world: World, staff: Staff
) -> None:
    assistant = Actor(staff_id=staff.id, role=StaffRole.ASSISTANT)
    with pytest.raises(PermissionDeniedError):
        pmpk_form_data(session, actor=assistant, child_id=world.child.id, made_on=TODAY)
    with pytest.raises(PermissionDeniedError):
        consent_form_data(session, actor=assistant, child_id=world.child.id, made_on=TODAY)


def test_forms_read_without_writing_audit_events(
    session: Session, actor: Actor, world: World
) -> None:
    for build in (consent_form_data, plan_form_data, pmpk_form_data):
        build(session, actor=actor, child_id=world.child.id, made_on=TODAY)
    assert session.execute(select(col(AuditEvent.id))).first() is None
