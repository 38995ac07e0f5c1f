"""Report data from the database: exact figures on a small room built with the services.

The room (period 01.09.2026–31.10.2026, made on 23.11.2026):
- Aigerim (SR-2026-0001, grade 3, speech), a large, low-income family; her mother Gulnara
  takes part. A plan in effect with four goals (one archived goal and a draft plan
  besides), sessions of every kind, home practice, a parent group and two referrals;
- Timur (SR-2026-0002, no grade, autism), whose father takes no part;
- Daniyar, who left before the period, and Ruslan, enrolled after it: not on roll.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Room, Staff
from caseroom.errors import NotFoundError
from caseroom.reports.data import (
    Audience,
    BandCount,
    CategoryCount,
    ChildInfo,
    ExpiringConclusion,
    ExtraRole,
    FamiliesReached,
    FamilyGroup,
    GoalOutcomes,
    GradeCount,
    InstrumentGiven,
    InvolvementMeasure,
    InvolvementRate,
    KindCount,
    ParentGoalLine,
    ParentSection,
    PmpkInfo,
    ProgressReportData,
    RatingPoint,
    Ratio,
    ReferralCount,
    ReportPeriod,
    SessionCount,
    Signatory,
    SpecialistCount,
    SpecialistNote,
    TermSummaryData,
    WellbeingCounts,
)
from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentInput, record_consent
from caseroom.services.parents.goals import ParentGoalInput, create_parent_goal
from caseroom.services.parents.groups import (
    GroupInput,
    create_group,
    register_member,
)
from caseroom.services.parents.meetings import (
    AttendanceMark,
    MeetingInput,
    create_meeting,
    record_meeting_attendance,
)
from caseroom.services.parents.practice import PracticeInput, give_practice, record_outcome
from caseroom.services.parents.referrals import ReferralInput, create_referral, set_referral_status
from caseroom.services.people.children import ChildInput, create_child
from caseroom.services.people.families import (
    CaregiverInput,
    FamilyInput,
    create_caregiver,
    create_family,
)
from caseroom.services.people.staff import StaffInput, create_staff
from caseroom.services.plans.goals import (
    add_goal,
    archive_goal,
    rate_goal,
)
from caseroom.services.plans.periods import Period, resolve_period
from caseroom.services.plans.plans import (
    GoalInput,
    PlanInput,
    add_review,
    create_plan,
)
from caseroom.services.plans.pmpk import ConclusionInput, add_conclusion
from caseroom.services.reporting import report_data as reporting
from caseroom.services.sessions.archive import archive_session_for as archive_session
from caseroom.services.sessions.writing import (
    AttendeeInput,
    SessionInput,
    log_session,
)
from caseroom.services.wellbeing.checkins import CheckinRead, give_checkin, record_followup
from caseroom.vocab import (
    Checkpoint,
    Domain,
    GoalStatus,
    ParentGoalStatus,
    Rating,
    ReferralStatus,
    SessionKind,
    StaffRole,
)

MADE_ON = date(2026, 11, 23)
PLAN_NOTE = "Keep the visual timetable & praise <b>effort</b>"


@dataclass
class Room1:
    """Ids of the hand-built room."""

    aigerim: uuid.UUID
    timur: uuid.UUID
    period: Period


def d(month: int, day: int) -> date:
    """A day of autumn 2026."""
    return date(2026, month, day)


def _meet(
    session: Session,
    actor: Actor,
    staff_id: uuid.UUID,
    kind: str,
    day: date,
    *,
    children: tuple[tuple[uuid.UUID, str], ...] = (),
    caregivers: tuple[tuple[uuid.UUID, str], ...] = (),
    minutes: int = 30,
    status: str = "held",
    notes: str | None = None,
    confidentiality: str = "specialist",
) -> uuid.UUID:
    data = SessionInput(
        held_on=day,
        kind=kind,
        staff_id=staff_id,
        minutes=minutes,
        status=status,
        notes=notes,
        confidentiality=confidentiality,
        children=tuple(AttendeeInput(person, came) for person, came in children),
        caregivers=tuple(AttendeeInput(person, came) for person, came in caregivers),
    )
    return log_session(session, actor=actor, data=data, today=MADE_ON).id


def _child(
    session: Session, actor: Actor, family_id: uuid.UUID, first: str, case: str, **extra: object
) -> uuid.UUID:
    data = ChildInput(
        family_id=family_id,
        last_name="Seitkali",
        first_name=first,
        birth_date=date(2017, 3, 14),
        case_number=case,
        **extra,  # type: ignore[arg-type]
    )
    return create_child(session, actor=actor, data=data, today=MADE_ON).id


@pytest.fixture
def world(session: Session, room: Room, staff: Staff, actor: Actor) -> Room1:
    """The room described in the module docstring."""
    return build_world(session, room, staff, actor)


def build_world(session: Session, room: Room, staff: Staff, actor: Actor) -> Room1:
    """Fill the room described in the module docstring (other modules' fixtures too)."""
    therapist = create_staff(
        session,
        actor=actor,
        room_id=room.id,
        data=StaffInput(last_name="Abenova", first_name="Saule", role="speech_therapist"),
    ).id
    large = create_family(
        session,
        actor=actor,
        room_id=room.id,
        data=FamilyInput(display_name="Seitkali", children_count=5, vulnerability=("low_income",)),
    ).id
    small = create_family(
        session,
        actor=actor,
        room_id=room.id,
        data=FamilyInput(display_name="Nurlanov", children_count=1),
    ).id
    mother = create_caregiver(
        session,
        actor=actor,
        family_id=large,
        data=CaregiverInput(last_name="Seitkali", first_name="Gulnara", relation="mother"),
    ).id
    create_caregiver(
        session,
        actor=actor,
        family_id=small,
        data=CaregiverInput(last_name="Nurlanov", first_name="Marat", relation="father"),
    )
    aigerim = _child(
        session,
        actor,
        large,
        "Aigerim",
        "SR-2026-0001",
        grade=3,
        class_letter="Ә",
        enrolled_on=d(9, 1),
        sen_categories=("speech",),
        specialist_ids=(staff.id,),
        lead_specialist_id=staff.id,
    )
    timur = _child(
        session,
        actor,
        small,
        "Timur",
        "SR-2026-0002",
        enrolled_on=d(9, 1),
        sen_categories=("autism",),
    )
    _child(
        session,
        actor,
        small,
        "Daniyar",
        "SR-2026-0003",
        enrolled_on=date(2026, 2, 1),
        left_on=date(2026, 8, 20),
        status="left",
        sen_categories=("speech",),
    )
    _child(
        session,
        actor,
        small,
        "Ruslan",
        "SR-2026-0004",
        enrolled_on=d(11, 5),
        sen_categories=("speech",),
    )

    # The plan, its goals and ratings.
    plan = create_plan(
        session,
        actor=actor,
        child_id=aigerim,
        data=PlanInput(
            starts_on=d(9, 5),
            ends_on=date(2027, 5, 25),
            status="active",
            author_id=staff.id,
            notes=PLAN_NOTE,
        ),
    ).id
    draft = create_plan(
        session,
        actor=actor,
        child_id=aigerim,
        data=PlanInput(starts_on=d(9, 5), ends_on=date(2027, 5, 25)),
    ).id
    add_goal(session, actor=actor, plan_id=draft, data=GoalInput("speech", "Draft goal"))

    def goal(domain: str, text: str, **extra: str) -> uuid.UUID:
        return add_goal(
            session, actor=actor, plan_id=plan, data=GoalInput(domain, text, **extra)
        ).id

    def rate(goal_id: uuid.UUID, checkpoint: str, rating: str, day: date) -> None:
        rate_goal(
            session,
            actor=actor,
            child_id=aigerim,
            goal_id=goal_id,
            checkpoint=checkpoint,
            rating=rating,
            rated_on=day,
            today=MADE_ON,
        )

    sounds = goal(
        "speech",
        "Pronounce Ң and Қ in words",
        baseline="Mixes ң and н",
        target="Says them right in talk",
        criterion="8 of 10 words",
    )
    sorting = goal("cognitive", "Sort objects by two features")
    retell = goal("speech", "Retell a short story", status="achieved")
    goal("fine_motor", "Hold a pencil correctly")
    gone = goal("speech", "An archived goal")
    rate(sounds, "q1", "moderate", d(10, 24))
    rate(sounds, "start", "minimal", d(9, 10))
    rate(sounds, "q2", "high", d(11, 20))  # after the period
    rate(sorting, "start", "none", d(9, 10))
    rate(retell, "start", "moderate", d(9, 10))
    rate(retell, "q1", "high", d(10, 24))
    rate(gone, "start", "high", d(9, 10))
    archive_goal(session, actor=actor, goal_id=gone)
    add_review(
        session,
        actor=actor,
        plan_id=plan,
        reviewed_on=d(10, 25),
        summary="More joint sessions with the mother",
        next_review_on=d(12, 20),
        today=MADE_ON,
    )
    add_conclusion(
        session,
        actor=actor,
        child_id=aigerim,
        data=ConclusionInput(
            issued_on=date(2026, 6, 10),
            number="ПМПК-7/26",
            recommendations="Speech therapy twice a week",
            valid_until=d(12, 10),
        ),
        today=MADE_ON,
    )
    add_conclusion(
        session,
        actor=actor,
        child_id=timur,
        data=ConclusionInput(
            issued_on=date(2026, 6, 1), number="ПМПК-8/26", valid_until=date(2027, 6, 1)
        ),
        today=MADE_ON,
    )

    # Sessions.
    psych = staff.id
    _meet(session, actor, psych, "individual", d(9, 8), children=((aigerim, "present"),),
          minutes=40, notes="Worked well < than & before")  # fmt: skip
    _meet(session, actor, psych, "individual", d(9, 15), children=((aigerim, "absent"),),
          minutes=40)  # fmt: skip
    _meet(session, actor, therapist, "individual", d(9, 22), children=((aigerim, "present"),),
          notes="Restricted note", confidentiality="safeguarding")  # fmt: skip
    archived = _meet(session, actor, psych, "individual", d(9, 29),
                     children=((aigerim, "present"),), notes="Archived session note")  # fmt: skip
    archive_session(session, actor=actor, session_id=archived)
    _meet(session, actor, psych, "group", d(10, 1),
          children=((aigerim, "present"), (timur, "absent")), minutes=45,
          notes="Group note", confidentiality="shareable")  # fmt: skip
    _meet(session, actor, psych, "joint", d(10, 5), children=((aigerim, "present"),),
          caregivers=((mother, "present"),), confidentiality="shareable")  # fmt: skip
    _meet(session, actor, psych, "parent_consultation", d(10, 12),
          caregivers=((mother, "present"),), notes="Mother is tired")  # fmt: skip
    _meet(session, actor, psych, "remote_consultation", d(10, 19),
          caregivers=((mother, "absent"),), minutes=15)  # fmt: skip
    _meet(session, actor, psych, "individual", d(10, 20), children=((aigerim, "present"),),
          status="cancelled")  # fmt: skip
    _meet(session, actor, psych, "individual", d(11, 2), children=((aigerim, "present"),),
          notes="November note")  # fmt: skip

    # Home practice, the parent group and the mother's goals.
    tasks = [
        give_practice(
            session,
            actor=actor,
            data=PracticeInput(caregiver_id=mother, child_id=aigerim, task="Task", given_on=day),
        ).id
        for day in (d(9, 8), d(9, 22), d(10, 5), d(11, 2))
    ]
    record_outcome(session, actor=actor, practice_id=tasks[0], outcome="done", checked_on=d(9, 15))
    record_outcome(
        session, actor=actor, practice_id=tasks[1], outcome="partly", checked_on=d(9, 29)
    )
    group = create_group(
        session, actor=actor, room_id=room.id, data=GroupInput("Mothers", started_on=d(9, 1))
    ).id
    register_member(
        session, actor=actor, group_id=group, caregiver_id=mother, registered_on=d(9, 1)
    )
    for day, came in ((d(9, 20), True), (d(10, 18), False), (d(11, 15), True)):
        meeting = create_meeting(
            session, actor=actor, group_id=group, data=MeetingInput(held_on=day)
        ).id
        record_meeting_attendance(
            session, actor=actor, meeting_id=meeting, marks=[AttendanceMark(mother, came)]
        )
    create_parent_goal(
        session,
        actor=actor,
        caregiver_id=mother,
        data=ParentGoalInput("Learn a calming routine", set_on=d(9, 10)),
    )
    create_parent_goal(
        session,
        actor=actor,
        caregiver_id=mother,
        data=ParentGoalInput("Join the group", set_on=d(11, 10)),
    )

    # Referrals.
    create_referral(
        session,
        actor=actor,
        data=ReferralInput("Neurologist", referred_on=d(9, 30), child_id=aigerim),
    )
    sent = create_referral(
        session,
        actor=actor,
        data=ReferralInput("Clinic", referred_on=d(10, 10), caregiver_id=mother),
    ).id
    set_referral_status(session, actor=actor, referral_id=sent, status="sent")
    create_referral(
        session,
        actor=actor,
        data=ReferralInput("Audiologist", referred_on=d(11, 5), child_id=timur),
    )
    _mothers_checkins(session, actor, mother)
    session.flush()
    period = resolve_period(session, "2026-09-01..2026-10-31", today=MADE_ON)
    return Room1(aigerim=aigerim, timur=timur, period=period)


def _mothers_checkins(session: Session, actor: Actor, mother: uuid.UUID) -> None:
    """Gulnara's own check-ins: counted in the summary, never in Aigerim's report."""
    record_consent(
        session,
        actor=actor,
        data=ConsentInput(
            scope="parent_screening",
            given_on=d(9, 1),
            caregiver_id=mother,
            signer_caregiver_id=mother,
        ),
        today=MADE_ON,
    )

    def give(instrument: str, answers: dict[int, int | None], day: date) -> CheckinRead:
        return give_checkin(
            session,
            actor=actor,
            caregiver_id=mother,
            instrument=instrument,
            answers=answers,
            given_on=day,
            mode="in_person",
            today=MADE_ON,
        )

    flagged = give("phq9", dict.fromkeys(range(1, 10), 1), d(9, 20))  # 9 mild, item 9: a flag
    assert flagged.flag_id is not None
    record_followup(
        session,
        actor=actor,
        flag_id=flagged.flag_id,
        actions=["talked_today"],
        done_on=d(9, 20),
        today=MADE_ON,
    )
    give("phq9", {**dict.fromkeys(range(1, 10), 0), 1: 1, 2: 1, 3: 1}, d(10, 20))  # 3 minimal
    give("who5", {1: 3, 2: 3, 3: 3, 4: 2, 5: 2}, d(10, 20))  # 52 adequate
    give("phq9", {**dict.fromkeys(range(1, 10), 2), 9: 1}, d(11, 15))  # 17, after the period


# --- the progress report ----------------------------------------------------------------


def _progress(
    session: Session, actor: Actor, world: Room1, audience: str, child: uuid.UUID | None = None
) -> ProgressReportData:
    return reporting.progress_report_data(
        session,
        actor=actor,
        child_id=child or world.aigerim,
        period=world.period,
        audience=audience,
        made_on=MADE_ON,
        language="en",
    )


def test_progress_header_and_goals(session: Session, actor: Actor, world: Room1) -> None:
    data = _progress(session, actor, world, "parent")
    assert (data.school, data.room) == ("School-lyceum No. 12", "Support room")
    assert data.period == ReportPeriod(d(9, 1), d(10, 31), "2026-09-01..2026-10-31")
    assert data.child == ChildInfo(
        "Seitkali Aigerim", date(2017, 3, 14), "SR-2026-0001", grade=3, class_letter="Ә"
    )
    assert data.audience is Audience.PARENT
    assert [group.domain for group in data.goals] == [
        Domain.COGNITIVE,
        Domain.SPEECH,
        Domain.FINE_MOTOR,
    ]
    speech = data.goals[1].goals
    assert [goal.description for goal in speech] == [
        "Pronounce Ң and Қ in words",
        "Retell a short story",
    ]
    sounds = speech[0]
    assert (sounds.baseline, sounds.target, sounds.criterion) == (
        "Mixes ң and н",
        "Says them right in talk",
        "8 of 10 words",
    )
    assert sounds.status is GoalStatus.ACTIVE
    assert sounds.ratings == (
        RatingPoint(Checkpoint.START, Rating.MINIMAL, d(9, 10)),
        RatingPoint(Checkpoint.Q1, Rating.MODERATE, d(10, 24)),
    )
    assert speech[1].status is GoalStatus.ACHIEVED
    assert data.goals[2].goals[0].ratings == ()


def test_a_mothers_presence_counts_at_any_session_of_her_child_never_a_siblings(
    session: Session, actor: Actor, world: Room1
) -> None:
    from caseroom.db.models import Caregiver, Child

    family_id = session.get(Child, world.aigerim).family_id  # type: ignore[union-attr]
    mother = session.execute(
        select(Caregiver.id).where(col(Caregiver.family_id) == family_id).limit(1)
    ).scalar_one()
    staff_id = session.execute(select(Staff.id).limit(1)).scalar_one()
    brother = _child(session, actor, family_id, "Arman", "SR-2026-0077", enrolled_on=d(9, 1))
    before = _progress(session, actor, world, "parent").parent
    _meet(  # the mother sits in on an individual session of Aigerim
        session, actor, staff_id, "individual", d(10, 20),
        children=((world.aigerim, "present"),), caregivers=((mother, "present"),),
    )  # fmt: skip
    _meet(  # and comes to a joint session of her son
        session, actor, staff_id, "joint", d(10, 21),
        children=((brother, "present"),), caregivers=((mother, "present"),),
    )  # fmt: skip
    _meet(  # a session she missed counts nowhere
        session, actor, staff_id, "joint", d(10, 22),
        children=((world.aigerim, "present"),), caregivers=((mother, "absent"),),
    )  # fmt: skip
    after = _progress(session, actor, world, "parent").parent
    assert after.present_at_sessions == before.present_at_sessions + 1
    assert after.joint_sessions_attended == before.joint_sessions_attended
    son = _progress(session, actor, world, "parent", child=brother).parent
    assert (son.present_at_sessions, son.joint_sessions_attended) == (1, 1)


def test_the_child_cards_involvement_counts_her_presence_at_any_session_of_this_child(
    session: Session, actor: Actor, world: Room1
) -> None:
    """The parents tab's figure agrees with the report: present at an individual session of
    this child counts, present at a sibling's joint session does not."""
    from caseroom.db.models import Caregiver, Child
    from caseroom.services.parents.involvement import involvement_trend

    family_id = session.get(Child, world.aigerim).family_id  # type: ignore[union-attr]
    mother = session.execute(
        select(Caregiver.id).where(col(Caregiver.family_id) == family_id).limit(1)
    ).scalar_one()
    staff_id = session.execute(select(Staff.id).limit(1)).scalar_one()
    brother = _child(session, actor, family_id, "Arman", "SR-2026-0077", enrolled_on=d(9, 1))
    autumn = [(d(9, 1), d(12, 31))]

    def figures(child_id: object) -> tuple[int, int]:
        (found,) = involvement_trend(
            session, actor=actor, family_id=family_id, periods=autumn, child_id=child_id
        )
        return found.caregiver_present, found.child_sessions_held

    present, held = figures(world.aigerim)
    assert held > 0
    _meet(
        session, actor, staff_id, "individual", d(10, 20),
        children=((world.aigerim, "present"),), caregivers=((mother, "present"),),
    )  # fmt: skip
    _meet(
        session, actor, staff_id, "joint", d(10, 21),
        children=((brother, "present"),), caregivers=((mother, "present"),),
    )  # fmt: skip
    assert figures(world.aigerim) == (present + 1, held + 1)
    assert figures(brother) == (1, 1)


def test_progress_sessions_and_parent(session: Session, actor: Actor, world: Room1) -> None:
    data = _progress(session, actor, world, "parent")
    assert data.sessions == (
        SessionCount(SessionKind.INDIVIDUAL, held=3, attended=2, missed=1),
        SessionCount(SessionKind.GROUP, held=1, attended=1, missed=0),
        SessionCount(SessionKind.JOINT, held=1, attended=1, missed=0),
    )
    assert data.parent == ParentSection(
        consultations_offered=2,
        consultations_attended=1,
        joint_sessions_attended=1,
        present_at_sessions=1,
        practice_given=3,
        practice_done=1,
        practice_partly=1,
        practice_not_done=0,
        group_meetings_attended=1,
        goals=(ParentGoalLine("Learn a calming routine", ParentGoalStatus.ACTIVE),),
    )
    # The plan's notes are specialists' working notes: the consilium's report only.
    assert data.recommendations == ("Speech therapy twice a week",)
    assert data.next_steps == (
        "More joint sessions with the mother",
        "The support plan will next be reviewed on 20.12.2026.",
    )


def test_parent_version_holds_nothing_for_specialists_only(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = _progress(session, actor, world, "parent")
    assert data.specialist_notes == ()
    assert data.sen_categories == ()
    assert data.pmpk is None
    assert data.signatories == (
        Signatory(StaffRole.PSYCHOLOGIST, "Omarova Dana"),
        Signatory(ExtraRole.CAREGIVER, "Seitkali Gulnara"),
    )


def test_consilium_version_adds_notes_categories_and_pmpk(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = _progress(session, actor, world, "consilium")
    # Only the specialists-only note of a held, live session the child was listed at in
    # the period: not the safeguarding one, the shareable ones, the caregiver's
    # consultation, the archived session or November's.
    assert data.specialist_notes == (
        SpecialistNote("Worked well < than & before", d(9, 8), "Omarova Dana"),
    )
    assert data.recommendations == ("Speech therapy twice a week", PLAN_NOTE)
    assert data.sen_categories == (("speech", None),)
    assert data.pmpk == PmpkInfo("ПМПК-7/26", date(2026, 6, 10), d(12, 10))
    assert data.signatories[-1] == Signatory(ExtraRole.CONSILIUM_CHAIR)


def test_child_who_took_no_part(session: Session, actor: Actor, world: Room1) -> None:
    data = _progress(session, actor, world, "consilium", world.timur)
    assert data.goals == ()
    assert data.sessions == (SessionCount(SessionKind.GROUP, held=1, attended=0, missed=1),)
    assert data.parent == ParentSection()
    assert data.recommendations == ()
    assert data.next_steps == ()
    assert data.specialist_notes == ()
    assert data.signatories == (
        Signatory(ExtraRole.CAREGIVER, "Nurlanov Marat"),
        Signatory(ExtraRole.CONSILIUM_CHAIR),
    )


def test_unknown_child_is_not_found(session: Session, actor: Actor, world: Room1) -> None:
    with pytest.raises(NotFoundError):
        _progress(session, actor, world, "parent", uuid.uuid4())
    with pytest.raises(NotFoundError):
        reporting.find_child(session, actor=actor, case="SR-1999-0001")


def test_find_child_and_children_to_report(session: Session, actor: Actor, world: Room1) -> None:
    assert reporting.find_child(session, actor=actor, case=" SR-2026-0002 ").id == world.timur
    found = reporting.find_child(session, actor=actor, case=str(world.aigerim))
    assert found.case_number == "SR-2026-0001"
    assert [child.case_number for child in reporting.children_to_report(session, actor=actor)] == [
        "SR-2026-0001",
        "SR-2026-0002",
        "SR-2026-0004",
    ]


def test_period_text_is_language_neutral(session: Session) -> None:
    quarter = resolve_period(session, "2026-2027:q2", today=MADE_ON)
    year = resolve_period(session, "2026-2027", today=MADE_ON)
    assert reporting.period_text(quarter) == "2026-2027:q2"
    assert reporting.period_text(year) == "2026-2027"
    assert reporting.report_period(year).start == year.start


# --- the term summary -------------------------------------------------------------------


def _summary(
    session: Session, actor: Actor, world: Room1, identified: bool = False
) -> TermSummaryData:
    return reporting.term_summary_data(
        session,
        actor=actor,
        period=world.period,
        identified=identified,
        made_on=MADE_ON,
        file_format="xlsx",
    )


def test_summary_children(session: Session, actor: Actor, world: Room1) -> None:
    data = _summary(session, actor, world)
    assert data.children_total == 2
    assert data.children_by_category == (CategoryCount("speech", 1), CategoryCount("autism", 1))
    assert data.children_by_grade == (GradeCount(3, 1), GradeCount(None, 1))


def test_summary_sessions(session: Session, actor: Actor, world: Room1) -> None:
    data = _summary(session, actor, world)
    assert data.sessions_by_kind == (
        KindCount(SessionKind.INDIVIDUAL, held=3, attended=2, missed=1),
        KindCount(SessionKind.GROUP, held=1, attended=1, missed=1),
        KindCount(SessionKind.PARENT_CONSULTATION, held=1, attended=1, missed=0),
        KindCount(SessionKind.JOINT, held=1, attended=2, missed=0),
        KindCount(SessionKind.REMOTE_CONSULTATION, held=1, attended=0, missed=1),
    )
    # De-identified: a psychologist and a speech therapist, one each, go together.
    assert data.sessions_by_specialist == (SpecialistCount(None, held=7, minutes=230, people=2),)


def test_summary_goals_involvement_referrals(session: Session, actor: Actor, world: Room1) -> None:
    data = _summary(session, actor, world)
    assert data.goals == GoalOutcomes(achieved=1, progressing=1, no_change=1, not_assessed=1)
    assert data.involvement == (
        InvolvementRate(InvolvementMeasure.CONSULTATIONS, Ratio(1, 2)),
        InvolvementRate(InvolvementMeasure.HOME_PRACTICE, Ratio(1, 3)),
        InvolvementRate(InvolvementMeasure.GROUP_MEETINGS, Ratio(1, 2)),
        InvolvementRate(InvolvementMeasure.FAMILIES_INVOLVED, Ratio(1, 2)),
    )
    assert data.families == (
        FamiliesReached(FamilyGroup.LARGE, Ratio(1, 1)),
        FamiliesReached(FamilyGroup.VULNERABLE, Ratio(1, 1)),
    )
    assert data.referrals == (
        ReferralCount(ReferralStatus.PLANNED, 1),
        ReferralCount(ReferralStatus.SENT, 1),
    )
    assert data.expiring == (ExpiringConclusion(None, None, d(12, 10)),)  # no numbers
    assert data.expired == ()


def test_summary_counts_wellbeing_without_naming_anyone(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = _summary(session, actor, world)
    assert data.wellbeing == WellbeingCounts(
        given=(InstrumentGiven("PHQ-9", 2, 1), InstrumentGiven("WHO-5", 1, 1)),
        bands=(
            # Band labels come in the room's language (Russian) from the instrument files.
            BandCount("PHQ-9", "minimal", "минимальные симптомы", 1),
            BandCount("PHQ-9", "mild", "лёгкие симптомы", 1),
            BandCount("WHO-5", "adequate", "признаков сниженного благополучия нет", 1),
        ),
        flags_raised=1,
        flags_followed_up=1,
    )
    whole_year = reporting.term_summary_data(
        session,
        actor=actor,
        period=resolve_period(session, "2026-09-01..2026-11-30", today=MADE_ON),
        identified=False,
        made_on=MADE_ON,
        language="en",
    )
    assert whole_year.wellbeing.given[0] == InstrumentGiven("PHQ-9", 3, 1)
    assert whole_year.wellbeing.bands[2] == BandCount(
        "PHQ-9", "moderately_severe", "moderately severe symptoms", 1
    )
    assert (whole_year.wellbeing.flags_raised, whole_year.wellbeing.flags_followed_up) == (2, 1)


def _exports(session: Session) -> list[tuple[str, dict[str, object]]]:
    rows = session.execute(
        select(col(AuditEvent.entity), col(AuditEvent.details)).where(
            col(AuditEvent.action) == "export"
        )
    )
    return [(entity, details) for entity, details in rows]


def test_deidentified_summary_has_no_names_and_no_audit(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = _summary(session, actor, world)
    assert not data.identified
    assert all(row.name is None for row in data.sessions_by_specialist)
    assert all(row.child_name is None for row in data.expiring)
    assert _exports(session) == []


def test_identified_summary_names_people_and_is_audited(
    session: Session, actor: Actor, world: Room1
) -> None:
    data = _summary(session, actor, world, identified=True)
    session.flush()
    assert [row.name for row in data.sessions_by_specialist] == ["Omarova Dana", "Abenova Saule"]
    assert [row.child_name for row in data.expiring] == ["Seitkali Aigerim"]
    assert _exports(session) == [
        (
            "term_summary",
            {"period": "2026-09-01..2026-10-31", "identified": True, "format": "xlsx"},
        )
    ]
