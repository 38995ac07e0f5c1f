"""Every public service called as each role: allowed, or refused with PermissionDeniedError.

The expected roles are written out per case (not derived from the permission table), so
a change of the table that lets a role do more or less than intended fails here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Family, Room, Staff
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.accounts import audit_log
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.parents import consents, groups, involvement, practice, referrals
from caseroom.services.parents import goals as parent_goals
from caseroom.services.parents import meetings as group_meetings
from caseroom.services.people import children, families, search
from caseroom.services.permissions import IDENTIFIED_ACCESS
from caseroom.services.plans import due, plans, pmpk
from caseroom.services.plans import goals as plan_goals
from caseroom.services.reporting import report_data as reporting
from caseroom.services.sessions import archive as session_archive
from caseroom.services.sessions import timeline
from caseroom.services.sessions import writing as sessions
from caseroom.services.wellbeing import checkins as wellbeing
from caseroom.services.wellbeing import flags as wellbeing_flags

SPECIALISTS = {"psychologist", "speech_therapist"}
ASSISTANT = {"assistant"}
ADMIN = {"administrator"}
GRANTED = {"administrator+identified"}
EVERYONE = SPECIALISTS | ASSISTANT | ADMIN | GRANTED
ROLES = sorted(EVERYONE)


@dataclass
class World:
    """Records every case can refer to."""

    staff: Staff
    child: Child
    family: Family
    caregiver: Caregiver
    plan_id: uuid.UUID
    session_id: uuid.UUID
    restricted_id: uuid.UUID


def _actor(role: str, staff: Staff) -> Actor:
    if role == "administrator+identified":
        return Actor(staff.id, "administrator", frozenset(IDENTIFIED_ACCESS))
    return Actor(staff.id, role)


def _session_input(w: World, **changes: Any) -> sessions.SessionInput:
    values: dict[str, Any] = {
        "held_on": date(2026, 10, 5),
        "kind": "individual",
        "staff_id": w.staff.id,
        "children": (sessions.AttendeeInput(w.child.id),),
    }
    values.update(changes)
    return sessions.SessionInput(**values)


@pytest.fixture
def world(session: Session, room: Room, staff: Staff, child: Child, caregiver: Caregiver) -> World:
    """A child with a plan, a specialists-only session and a safeguarding one."""
    family = session.get(Family, child.family_id)
    assert family is not None
    plan = plans.create_plan(
        session,
        actor=SYSTEM,
        child_id=child.id,
        data=plans.PlanInput(starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 25)),
    )
    w = World(staff, child, family, caregiver, plan.id, uuid.uuid4(), uuid.uuid4())
    note = _session_input(w, topic="Attention", notes="Worked on attention")
    w.session_id = sessions.log_session(session, actor=SYSTEM, data=note).id
    restricted = _session_input(w, notes="Bruises noticed", confidentiality="safeguarding")
    w.restricted_id = sessions.log_session(session, actor=SYSTEM, data=restricted).id
    return w


def _meeting(s: Session, w: World, notes: str | None = None) -> uuid.UUID:
    """A support group with one meeting (made by the system); the meeting's id."""
    group = groups.create_group(
        s, actor=SYSTEM, room_id=w.staff.room_id, data=groups.GroupInput("Mothers", D)
    )
    data = group_meetings.MeetingInput(D, theme="Routines", notes=notes, follow_ups=notes)
    return group_meetings.create_meeting(s, actor=SYSTEM, group_id=group.id, data=data).id


def _referral(w: World, level: str | None) -> referrals.ReferralInput:
    return referrals.ReferralInput(
        "Regional PMPK", date(2026, 10, 5), child_id=w.child.id, confidentiality=level
    )


Call = Callable[[Session, Actor, World], object]
D = date(2026, 10, 5)

CASES: list[tuple[str, set[str], Call]] = [
    ("get_child", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: children.get_child(s, actor=a, child_id=w.child.id)),
    ("archive_child", SPECIALISTS,
     lambda s, a, w: children.archive_child(s, actor=a, child_id=w.child.id)),
    ("get_family", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: families.get_family(s, actor=a, family_id=w.family.id)),
    ("list_barriers", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: families.list_barriers(s, actor=a, family_id=w.family.id)),
    ("create_family", SPECIALISTS,
     lambda s, a, w: families.create_family(
         s, actor=a, room_id=w.staff.room_id, data=families.FamilyInput(display_name="Abai"))),
    ("get_plan", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: plans.get_plan(s, actor=a, plan_id=w.plan_id)),
    ("add_goal", SPECIALISTS,
     lambda s, a, w: plan_goals.add_goal(
         s, actor=a, plan_id=w.plan_id,
         data=plans.GoalInput(domain="speech", description="Says two-word phrases"))),
    ("conclusions_of_child", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: pmpk.conclusions_of_child(s, actor=a, child_id=w.child.id)),
    ("list_practice", SPECIALISTS,
     lambda s, a, w: practice.list_practice(s, actor=a, child_id=w.child.id)),
    ("list_referrals", SPECIALISTS,
     lambda s, a, w: referrals.list_referrals(s, actor=a, child_id=w.child.id)),
    ("create_referral", SPECIALISTS,
     lambda s, a, w: referrals.create_referral(s, actor=a, data=_referral(w, "safeguarding"))),
    ("get_referral", SPECIALISTS,
     lambda s, a, w: referrals.get_referral(
         s, actor=a,
         referral_id=referrals.create_referral(s, actor=SYSTEM, data=_referral(w, None)).id)),
    ("get_caregiver", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: families.get_caregiver(s, actor=a, caregiver_id=w.caregiver.id)),
    ("list_parent_goals", SPECIALISTS,
     lambda s, a, w: parent_goals.list_parent_goals(s, actor=a, caregiver_id=w.caregiver.id)),
    ("list_consents", SPECIALISTS,
     lambda s, a, w: consents.list_consents(s, actor=a, child_id=w.child.id)),
    ("list_groups", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: groups.list_groups(s, actor=a)),
    ("list_meetings", SPECIALISTS,
     lambda s, a, w: group_meetings.list_meetings(
         s, actor=a, group_id=group_meetings.meeting_summary(
             s, actor=SYSTEM, meeting_id=_meeting(s, w)).group_id)),
    ("meeting_summary", SPECIALISTS,
     lambda s, a, w: group_meetings.meeting_summary(s, actor=a, meeting_id=_meeting(s, w))),
    ("create_meeting", SPECIALISTS,
     lambda s, a, w: group_meetings.create_meeting(
         s, actor=a, group_id=groups.create_group(
             s, actor=SYSTEM, room_id=w.staff.room_id, data=groups.GroupInput("Dads", D)).id,
         data=group_meetings.MeetingInput(D))),
    ("family_involvement", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: involvement.family_involvement(
         s, actor=a, family_id=w.family.id, start=D, end=D)),
    ("what_is_due", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: due.what_is_due(s, actor=a, today=D)),
    ("get_session", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: sessions.get_session(s, actor=a, session_id=w.session_id)),
    ("sessions_between", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: sessions.sessions_between(s, actor=a, start=D, end=D)),
    ("search_notes", SPECIALISTS,
     lambda s, a, w: sessions.search_notes(s, actor=a, text="attention")),
    ("schedule_session", SPECIALISTS | ASSISTANT,
     lambda s, a, w: sessions.log_session(
         s, actor=a, data=_session_input(w, held_on=date(2030, 1, 9), status="planned"))),
    ("log_session_with_notes", SPECIALISTS,
     lambda s, a, w: sessions.log_session(s, actor=a, data=_session_input(w, notes="Calm"))),
    ("archive_session", SPECIALISTS | ASSISTANT,
     lambda s, a, w: session_archive.archive_session_for(s, actor=a, session_id=w.session_id)),
    ("child_timeline", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: timeline.child_timeline(s, actor=a, child_id=w.child.id)),
    ("global_search", SPECIALISTS | ASSISTANT | GRANTED,
     lambda s, a, w: search.global_search(s, actor=a, text="Seitkali")),
    ("children_to_report", SPECIALISTS | GRANTED,
     lambda s, a, w: reporting.children_to_report(s, actor=a)),
    ("list_audit_events", ADMIN | GRANTED,
     lambda s, a, w: audit_log.list_audit_events(s, actor=a)),
    ("give_checkin", SPECIALISTS,
     lambda s, a, w: wellbeing.give_checkin(
         s, actor=a, caregiver_id=w.caregiver.id, instrument="gad7",
         answers=dict.fromkeys(range(1, 8), 0), given_on=D, mode="in_person")),
    ("list_checkins", SPECIALISTS,
     lambda s, a, w: wellbeing.list_checkins(s, actor=a, caregiver_id=w.caregiver.id)),
    ("trend_series", SPECIALISTS,
     lambda s, a, w: wellbeing.trend_series(s, actor=a, caregiver_id=w.caregiver.id)),
    ("list_flags", SPECIALISTS,
     lambda s, a, w: wellbeing_flags.list_flags(s, actor=a, caregiver_id=w.caregiver.id)),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed_roles", "call"), CASES, ids=[c[0] for c in CASES])
def test_each_service_as_each_role(
    session: Session,
    world: World,
    role: str,
    name: str,
    allowed_roles: set[str],
    call: Call,
) -> None:
    actor = _actor(role, world.staff)
    if role in allowed_roles:
        try:
            call(session, actor, world)
        except PermissionDeniedError as error:  # pragma: no cover - the failure message
            pytest.fail(f"{role} was refused {name}: {error}")
        except UserError:
            pass  # refused for another reason (e.g. validation), not for the role
    else:
        with pytest.raises(PermissionDeniedError) as caught:
            call(session, actor, world)
        assert str(caught.value)  # a translated message, never empty


def test_the_system_may_do_everything(session: Session, world: World) -> None:
    for name, _roles, call in CASES:
        try:
            call(session, SYSTEM, world)
        except PermissionDeniedError:  # pragma: no cover - the failure message
            pytest.fail(f"the system was refused {name}")
        except UserError:
            pass  # e.g. the child was archived by an earlier case


def _views(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(col(AuditEvent.action) == "view")
    return list(session.execute(query).scalars())


def test_an_assistant_sees_the_schedule_but_no_notes(session: Session, world: World) -> None:
    assistant = Actor(world.staff.id, "assistant")
    read = sessions.get_session(session, actor=assistant, session_id=world.session_id)
    assert (read.held_on, read.kind) == (D, "individual")
    assert [person.person_id for person in read.attendees] == [world.child.id]
    assert (read.topic, read.notes, read.agreed) == (None, None, None)
    journal = sessions.sessions_between(session, actor=assistant, start=D, end=D)
    assert len(journal) == 2 and all(row.topic is None for row in journal)
    entries = timeline.child_timeline(session, actor=assistant, child_id=world.child.id)
    assert entries and all(entry.detail is None for entry in entries if entry.kind == "session")
    specialist = Actor(world.staff.id, "psychologist")
    full = sessions.get_session(session, actor=specialist, session_id=world.session_id)
    assert full.notes == "Worked on attention" and full.topic == "Attention"


def test_an_assistants_correction_keeps_the_notes(session: Session, world: World) -> None:
    assistant = Actor(world.staff.id, "assistant")
    moved = _session_input(world, held_on=date(2026, 10, 6))
    sessions.update_session(session, actor=assistant, session_id=world.session_id, data=moved)
    stored = sessions.get_session(session, actor=SYSTEM, session_id=world.session_id)
    assert stored.held_on == date(2026, 10, 6)
    assert (stored.topic, stored.notes) == ("Attention", "Worked on attention")


def test_reading_a_safeguarding_record_is_audited(session: Session, world: World) -> None:
    specialist = Actor(world.staff.id, "psychologist")
    assert _views(session) == []
    sessions.get_session(session, actor=specialist, session_id=world.session_id)
    assert _views(session) == []  # specialists-only notes: not an audited level
    read = sessions.get_session(session, actor=specialist, session_id=world.restricted_id)
    assert read.notes == "Bruises noticed"
    [view] = _views(session)
    assert (view.actor_id, view.entity, view.entity_id) == (
        world.staff.id,
        "session",
        world.restricted_id,
    )
    assert view.details == {"level": "safeguarding"}
    assert view.at <= datetime.now(UTC)
    sessions.search_notes(session, actor=specialist, text="bruises")
    assert len(_views(session)) == 2


def test_parent_goals_reads_are_audited(session: Session, world: World) -> None:
    specialist = Actor(world.staff.id, "speech_therapist")
    parent_goals.list_parent_goals(session, actor=specialist, caregiver_id=world.caregiver.id)
    [view] = _views(session)
    assert view.details == {"level": "parent"} and view.entity_id == world.caregiver.id


def test_today_lists_safety_flags_only_to_those_who_may_see_them(
    session: Session, world: World
) -> None:
    consents.record_consent(
        session,
        actor=_actor("psychologist", world.staff),
        data=consents.ConsentInput(
            scope="parent_screening",
            given_on=date(2026, 9, 1),
            caregiver_id=world.caregiver.id,
            signer_caregiver_id=world.caregiver.id,
        ),
        today=D,
    )
    answers: dict[int, int | None] = dict.fromkeys(range(1, 10), 0)
    answers[9] = 1  # thoughts of self-harm: a safety flag whatever the total
    wellbeing.give_checkin(
        session,
        actor=SYSTEM,
        caregiver_id=world.caregiver.id,
        instrument="phq9",
        answers=answers,
        given_on=D,
        mode="in_person",
        today=D,
    )
    views_before = len(_views(session))
    assistant = _actor("assistant", world.staff)
    assert wellbeing_flags.open_flags(session, actor=assistant) == []
    assert len(_views(session)) == views_before  # nothing read, nothing noted as viewed
    psychologist = _actor("psychologist", world.staff)
    assert len(wellbeing_flags.open_flags(session, actor=psychologist)) == 1


def test_caregivers_referrals_are_her_data_and_reads_are_audited(
    session: Session, world: World
) -> None:
    made = referrals.create_referral(
        session,
        actor=SYSTEM,
        data=referrals.ReferralInput(
            "Polyclinic", date(2026, 10, 5), caregiver_id=world.caregiver.id
        ),
    )
    assert made.confidentiality == "parent" and _views(session) == []
    specialist = _actor("psychologist", world.staff)
    listed = referrals.list_referrals(session, actor=specialist, caregiver_id=world.caregiver.id)
    assert [r.id for r in listed] == [made.id]
    [view] = _views(session)
    assert (view.entity, view.entity_id, view.details) == ("referral", made.id, {"level": "parent"})


@pytest.mark.parametrize("role", ["assistant", "administrator+identified"])
def test_working_notes_come_back_empty_without_the_right_to_read_notes(
    session: Session, world: World, role: str
) -> None:
    world.child.notes = "Afraid of the dark"
    session.add(world.child)
    session.flush()
    actor = _actor(role, world.staff)
    assert children.get_child(session, actor=actor, child_id=world.child.id).notes is None
    specialist = _actor("psychologist", world.staff)
    read = children.get_child(session, actor=specialist, child_id=world.child.id)
    assert read.notes == "Afraid of the dark"


def test_group_meeting_notes_are_working_notes(session: Session, world: World) -> None:
    meeting_id = _meeting(session, world, notes="Tired mothers, short meeting")
    group_id = group_meetings.meeting_summary(session, actor=SYSTEM, meeting_id=meeting_id).group_id
    # Parent data (the meetings) without the right to read notes: an unusual grant.
    reader = Actor(world.staff.id, "assistant", frozenset({"view_parent_data", "edit_records"}))
    [seen] = group_meetings.list_meetings(session, actor=reader, group_id=group_id)
    assert (seen.theme, seen.notes, seen.follow_ups) == ("Routines", None, None)
    moved = group_meetings.MeetingInput(date(2026, 10, 6), theme="Routines")
    back = group_meetings.update_meeting(session, actor=reader, meeting_id=meeting_id, data=moved)
    assert (back.held_on, back.notes) == (date(2026, 10, 6), None)
    specialist = _actor("psychologist", world.staff)
    [full] = group_meetings.list_meetings(session, actor=specialist, group_id=group_id)
    assert full.notes == full.follow_ups == "Tired mothers, short meeting"
    assert full.held_on == date(2026, 10, 6)
