"""The referral letter's, the parent slip's and the blank sheets' data (see
`tests.services.forms_fixtures`)."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import select
from sqlmodel import Session, col
from tests.services.forms_fixtures import TODAY, World, build_world
from tests.services.reporting.test_forms_data import CHILD, HEADER, LEAD, MOTHER

from caseroom.db.models import AuditEvent, Caregiver, Child, Room, Staff
from caseroom.db.models_directory import DirectoryEntry
from caseroom.errors import NotFoundError
from caseroom.reports.forms.data import (
    HomeTask,
    PlannedSession,
    ReferralAddress,
    ReferralFormData,
    SheetsFormData,
    SlipFormData,
)
from caseroom.services.common import Actor
from caseroom.services.reporting.form_files import audit_form
from caseroom.services.reporting.forms_more import (
    referral_form_data,
    sheets_form_data,
    slip_form_data,
)
from caseroom.vocab import SessionKind


@pytest.fixture
def world(session: Session, room: Room, staff: Staff, caregiver: Caregiver, child: Child) -> World:
    return build_world(session, room, staff, caregiver, child)


def test_referral_letter_defaults_to_the_latest_open_referral(
    session: Session, actor: Actor, world: World
) -> None:
    data = referral_form_data(session, actor=actor, made_on=TODAY, child_id=world.child.id)
    assert data == ReferralFormData(
        header=HEADER,
        child=CHILD,
        caregiver=MOTHER,
        to=ReferralAddress("ENT clinic"),
        reason="Hearing check",
        referred_on=date(2026, 11, 2),
        specialist=LEAD,
    )


def test_referral_letter_is_addressed_from_its_directory_entry(
    session: Session, actor: Actor, world: World, room: Room
) -> None:
    entry = DirectoryEntry(
        code="ent-1",
        name="Regional ENT centre",
        kind="clinic",
        address="Abai 5",
        town="Kosshy",
        phone="+7 7172 000000",
        hours="Mon–Fri 9–18",
        directions="Bus 12 to the market",
    )
    session.add(entry)
    session.flush()
    world.referral.directory_entry_id = entry.id
    session.flush()
    data = referral_form_data(session, actor=actor, made_on=TODAY, child_id=world.child.id)
    assert data.to == ReferralAddress(
        "Regional ENT centre",
        "Abai 5",
        "Kosshy",
        "+7 7172 000000",
        "Mon–Fri 9–18",
        "Bus 12 to the market",
    )


def test_no_open_referral_is_refused(session: Session, actor: Actor, world: World) -> None:
    world.referral.status = "declined"
    session.flush()
    with pytest.raises(NotFoundError, match="no open referral"):
        referral_form_data(session, actor=actor, made_on=TODAY, child_id=world.child.id)


def test_a_referral_at_the_caregivers_level_is_audited_as_read(
    session: Session, actor: Actor, world: World
) -> None:
    world.referral.confidentiality = "parent"
    session.flush()
    referral_form_data(session, actor=actor, made_on=TODAY, referral_id=world.referral.id)
    events = session.execute(
        select(col(AuditEvent.action), col(AuditEvent.entity), col(AuditEvent.entity_id))
    ).all()
    assert ("view", "referral", world.referral.id) in events


def test_slip_lists_the_next_sessions_and_the_open_tasks(
    session: Session, actor: Actor, world: World
) -> None:
    data = slip_form_data(session, actor=actor, child_id=world.child.id, made_on=TODAY)
    assert data == SlipFormData(
        header=HEADER,
        child=CHILD,
        caregiver=MOTHER,
        sessions=(
            PlannedSession(date(2026, 11, 24), time(10, 30), 40, SessionKind.GROUP, "Omarova Dana"),
            PlannedSession(date(2026, 11, 26), time(9, 0), 40, SessionKind.INDIVIDUAL, "Kim Asel"),
            PlannedSession(date(2026, 12, 1), None, 40, SessionKind.INDIVIDUAL, "Omarova Dana"),
        ),
        tasks=(
            HomeTask("Name five toys at bath time", date(2026, 11, 20), date(2026, 11, 27)),
            HomeTask("Read a picture book together", date(2026, 11, 10)),
        ),
    )


def test_sheets_start_on_the_monday_and_name_the_child_only_if_given(
    session: Session, actor: Actor, world: World
) -> None:
    thursday = date(2026, 11, 26)
    blank = sheets_form_data(session, actor=actor, made_on=TODAY, week_of=thursday)
    assert blank == SheetsFormData(HEADER, date(2026, 11, 23))
    named = sheets_form_data(
        session, actor=actor, made_on=date(2026, 11, 29), child_id=world.child.id
    )
    assert named.week_start == date(2026, 11, 23)
    assert named.child_name == "Seitkali Aigerim"


def test_a_printed_form_is_noted_without_its_content(
    session: Session, actor: Actor, world: World
) -> None:
    audit_form(
        session, actor=actor, form="plan", child_id=world.child.id, language="kk", encrypted=True
    )
    details = session.execute(
        select(col(AuditEvent.details)).where(col(AuditEvent.entity) == "form")
    ).scalar_one()
    assert details == {"form": "plan", "language": "kk", "encrypted": True}
