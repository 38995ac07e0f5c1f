"""Each audience's report prints only the confidentiality levels meant for it.

One child's records are planted at every level, each with its own marker word: session
notes (shareable, specialists only, the caregiver's data, safeguarding), referrals, the
mother's own goals (her level and a safeguarding one), a wellbeing check-in and a safety
flag with its follow-up, and the working notes of the child, family, caregiver and plan.
The PDFs are read back with pdftotext and the markers each one holds are compared with
what the rules allow (services/reporting/progress.py, services/reporting/summary.py).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from report_samples import pdf_text
from sqlmodel import Session

from caseroom.db.models import Caregiver, Child, Family, ParentGoal, Staff
from caseroom.reports.csv_export import write_term_summary_csv
from caseroom.reports.progress_report import write_progress_report
from caseroom.reports.term_summary import write_term_summary
from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentInput, record_consent
from caseroom.services.parents.goals import ParentGoalInput, create_parent_goal
from caseroom.services.parents.referrals import ReferralInput, create_referral
from caseroom.services.permissions import IDENTIFIED_ACCESS
from caseroom.services.plans import goals as plan_goals
from caseroom.services.plans import plans, pmpk
from caseroom.services.plans.periods import Period, resolve_period
from caseroom.services.reporting import report_data as reporting
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session
from caseroom.services.wellbeing.checkins import give_checkin
from caseroom.services.wellbeing.flags import record_followup

MADE_ON = date(2026, 11, 23)

SHAREABLE = {"Qgoalmark", "Qpmpkmark"}
"""Markers of shareable material a report prints (a plan goal, PMPK recommendations)."""
MOTHERS_GOAL = "Qmumgoalmark"
SPECIALIST_ONLY = {"Qspecnotemark", "Qplannotemark"}
NEVER = {
    "Qsharenotemark",  # a shareable session note: the reports quote no such note
    "Qparentnotemark",
    "Qsafenotemark",
    "Qrefsharemark",
    "Qrefspecmark",
    "Qrefmummark",
    "Qrefsafemark",
    "Qsafegoalmark",
    "Qcheckinmark",
    "Qflagnotemark",
    "Qflagwhommark",
    "Qchildnotemark",
    "Qfamilynotemark",
    "Qmumnotemark",
    "Qreviewmark",  # a rating's note
}
ALL = SHAREABLE | SPECIALIST_ONLY | NEVER | {MOTHERS_GOAL}


def _session_note(
    session: Session, actor: Actor, staff: Staff, child: Child, day: int, level: str, word: str
) -> None:
    log_session(
        session,
        actor=actor,
        data=SessionInput(
            held_on=date(2026, 10, day),
            kind="individual",
            staff_id=staff.id,
            minutes=30,
            status="held",
            topic=word,
            notes=f"{word} noted",
            agreed=word,
            confidentiality=level,
            children=(AttendeeInput(child.id, "present"),),
        ),
        today=MADE_ON,
    )


def _plan(session: Session, actor: Actor, child: Child) -> None:
    plan = plans.create_plan(
        session,
        actor=actor,
        child_id=child.id,
        data=plans.PlanInput(
            starts_on=date(2026, 9, 1),
            ends_on=date(2027, 5, 25),
            status="active",
            notes="Qplannotemark",
        ),
    )
    goal = plan_goals.add_goal(
        session,
        actor=actor,
        plan_id=plan.id,
        data=plans.GoalInput(domain="speech", description="Says Qgoalmark phrases"),
    )
    plan_goals.rate_goal(
        session,
        actor=actor,
        child_id=child.id,
        goal_id=goal.id,
        checkpoint="start",
        rating="minimal",
        rated_on=date(2026, 9, 15),
        note="Qreviewmark",
        today=MADE_ON,
    )
    pmpk.add_conclusion(
        session,
        actor=actor,
        child_id=child.id,
        data=pmpk.ConclusionInput(
            issued_on=date(2025, 12, 1),
            number="7/25",
            recommendations="Qpmpkmark twice a week",
            valid_until=date(2026, 12, 10),  # expiring soon: the summary lists it
        ),
        today=MADE_ON,
    )


def _referrals(session: Session, actor: Actor, child: Child, mother: Caregiver) -> None:
    for level, word, subject in (
        ("shareable", "Qrefsharemark", {"child_id": child.id}),
        ("specialist", "Qrefspecmark", {"child_id": child.id}),
        (None, "Qrefmummark", {"caregiver_id": mother.id}),
        ("safeguarding", "Qrefsafemark", {"child_id": child.id}),
    ):
        create_referral(
            session,
            actor=actor,
            data=ReferralInput(
                to_whom=f"{word} centre",
                reason=word,
                referred_on=date(2026, 10, 20),
                confidentiality=level,
                **subject,  # type: ignore[arg-type]
            ),
        )


def _mother(session: Session, actor: Actor, mother: Caregiver) -> None:
    create_parent_goal(
        session,
        actor=actor,
        caregiver_id=mother.id,
        data=ParentGoalInput(description="Learn a Qmumgoalmark routine", set_on=date(2026, 9, 20)),
    )
    hidden = create_parent_goal(
        session,
        actor=actor,
        caregiver_id=mother.id,
        data=ParentGoalInput(description="Qsafegoalmark", set_on=date(2026, 9, 21)),
    )
    record = session.get(ParentGoal, hidden.id)
    assert record is not None
    record.confidentiality = "safeguarding"
    session.add(record)
    record_consent(
        session,
        actor=actor,
        data=ConsentInput(
            scope="parent_screening",
            given_on=date(2026, 9, 1),
            caregiver_id=mother.id,
            signer_caregiver_id=mother.id,
        ),
        today=MADE_ON,
    )
    read = give_checkin(
        session,
        actor=actor,
        caregiver_id=mother.id,
        instrument="phq9",
        answers={**dict.fromkeys(range(1, 10), 1), 9: 1},
        given_on=date(2026, 10, 12),
        mode="in_person",
        note="Qcheckinmark",
        today=MADE_ON,
    )
    assert read.flag_id is not None
    record_followup(
        session,
        actor=actor,
        flag_id=read.flag_id,
        actions=["talked_today", "contacted"],
        to_whom="Qflagwhommark",
        note="Qflagnotemark",
        done_on=date(2026, 10, 12),
        today=MADE_ON,
    )


@pytest.fixture
def period(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    family: Family,
    caregiver: Caregiver,
) -> Period:
    """The child's records at every level, each with its marker; the autumn period."""
    child.notes, family.notes, caregiver.notes = "Qchildnotemark", "Qfamilynotemark", "Qmumnotemark"
    caregiver.is_legal_representative = True
    session.add_all([child, family, caregiver])
    for day, level, word in (
        (5, "shareable", "Qsharenotemark"),
        (6, "specialist", "Qspecnotemark"),
        (7, "parent", "Qparentnotemark"),
        (8, "safeguarding", "Qsafenotemark"),
    ):
        _session_note(session, actor, staff, child, day, level, word)
    _plan(session, actor, child)
    _referrals(session, actor, child, caregiver)
    _mother(session, actor, caregiver)
    session.flush()
    return resolve_period(session, "2026-09-01..2026-11-22", today=MADE_ON)


def _markers(path: Path) -> set[str]:
    text = " ".join(pdf_text(path).split())
    assert "Seitkali" in text  # the file was read
    return {word for word in ALL if word in text}


def _progress(
    session: Session, actor: Actor, child: Child, period: Period, audience: str, path: Path
) -> set[str]:
    data = reporting.progress_report_data(
        session,
        actor=actor,
        child_id=child.id,
        period=period,
        audience=audience,
        made_on=MADE_ON,
        language="en",
    )
    write_progress_report(data, path, language="en")
    return _markers(path)


def test_parents_report_prints_shareable_material_and_the_familys_own_goals(
    session: Session, actor: Actor, child: Child, period: Period, tmp_path: Path, pdftotext: str
) -> None:
    found = _progress(session, actor, child, period, "parent", tmp_path / "parent.pdf")
    assert found == SHAREABLE | {MOTHERS_GOAL}


def test_consilium_report_adds_specialists_notes_never_restricted_ones(
    session: Session, actor: Actor, child: Child, period: Period, tmp_path: Path, pdftotext: str
) -> None:
    found = _progress(session, actor, child, period, "consilium", tmp_path / "consilium.pdf")
    assert found == SHAREABLE | SPECIALIST_ONLY | {MOTHERS_GOAL}


def test_administrators_report_leaves_out_the_mothers_own_data(
    session: Session, staff: Staff, child: Child, period: Period, tmp_path: Path, pdftotext: str
) -> None:
    admin = Actor(staff.id, "administrator", frozenset(IDENTIFIED_ACCESS))
    found = _progress(session, admin, child, period, "parent", tmp_path / "admin.pdf")
    assert found == SHAREABLE


@pytest.mark.parametrize("identified", [False, True])
def test_term_summary_prints_counts_and_at_most_names(
    session: Session,
    actor: Actor,
    child: Child,
    period: Period,
    tmp_path: Path,
    pdftotext: str,
    identified: bool,
) -> None:
    data = reporting.term_summary_data(
        session, actor=actor, period=period, identified=identified, made_on=MADE_ON
    )
    path = tmp_path / "summary.pdf"
    write_term_summary(data, path, language="en")
    text = " ".join(pdf_text(path).split())
    assert "Support room" in text  # the file was read
    assert {word for word in ALL if word in text} == set()
    assert ("Seitkali" in text) is identified  # the child's name only when identified
    assert ("Aigerim" in text) is identified
    out = io.BytesIO()
    write_term_summary_csv(data, out, language="en")
    csv_text = out.getvalue().decode("utf-8-sig")
    assert {word for word in ALL if word in csv_text} == set()
    assert ("Seitkali" in csv_text) is identified
