"""Wellbeing check-ins: consent first, scores kept, change and trends, safety flags, audit."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Consent, Referral
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag, WellbeingFollowup
from caseroom.errors import NotFoundError, UserError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.consents import withdraw_consent
from caseroom.services.wellbeing.checkins import (
    CheckinRead,
    archive_checkin,
    close_flag,
    get_checkin,
    get_flag,
    give_checkin,
    list_checkins,
    list_flags,
    open_flags,
    record_followup,
    screening_consent_holds,
    trend_series,
)
from caseroom.vocab import CheckinMode, FollowupAction
from wellbeing_samples import consent_to_screening

TODAY = date(2026, 11, 23)


def _count(session: Session, model: type) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _views(session: Session, entity: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(
        col(AuditEvent.action) == "view", col(AuditEvent.entity) == entity
    )
    return list(session.execute(query).scalars())


@pytest.fixture
def consented(session: Session, actor: Actor, caregiver: Caregiver) -> Caregiver:
    """The mother, with her consent to her own screening from 1 September."""
    consent_to_screening(session, actor, caregiver.id, today=TODAY)
    return caregiver


def _phq9(
    session: Session, actor: Actor, who: Caregiver, on: date, item9: int = 0, rest: int = 1
) -> CheckinRead:
    answers: dict[int, int | None] = {n: rest for n in range(1, 9)}
    answers[9] = item9
    return give_checkin(
        session,
        actor=actor,
        caregiver_id=who.id,
        instrument="phq9",
        answers=answers,
        given_on=on,
        mode=CheckinMode.IN_PERSON,
        today=TODAY,
    )


def test_a_checkin_without_screening_consent_is_refused_and_writes_nothing(
    session: Session, actor: Actor, caregiver: Caregiver
) -> None:
    before = _count(session, AuditEvent)
    with pytest.raises(UserError, match="consent to screening of their own wellbeing") as caught:
        _phq9(session, actor, caregiver, date(2026, 10, 1))
    assert caught.value.field == "consent"
    assert _count(session, WellbeingCheckin) == 0
    assert _count(session, AuditEvent) == before


def test_consent_must_hold_on_the_day_and_withdrawal_ends_it(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    with pytest.raises(UserError, match=r"31\.08\.2026"):
        _phq9(session, actor, consented, date(2026, 8, 31))
    assert screening_consent_holds(session, caregiver_id=consented.id, on=date(2026, 10, 1))
    consent_id = session.execute(select(col(Consent.id))).scalar_one()
    withdraw_consent(
        session, actor=actor, consent_id=consent_id, withdrawn_on=date(2026, 11, 1), today=TODAY
    )
    _phq9(session, actor, consented, date(2026, 10, 31))
    with pytest.raises(UserError, match="consent"):
        _phq9(session, actor, consented, date(2026, 11, 2))
    assert _count(session, WellbeingCheckin) == 1


def test_a_checkin_keeps_its_answers_and_scores(
    session: Session, actor: Actor, consented: Caregiver, staff: object
) -> None:
    read = give_checkin(
        session,
        actor=actor,
        caregiver_id=consented.id,
        instrument="who5",
        answers={1: 3, 2: 3, 3: 3, 4: 2, 5: 2},
        given_on=date(2026, 10, 5),
        mode=CheckinMode.PHONE,
        note="  by phone, she was at work  ",
        today=TODAY,
    )
    assert (read.total, read.scaled_total, read.max_scaled, read.band) == (13, 52, 100, "adequate")
    assert read.band_label == "no sign of poor wellbeing"
    assert read.instrument_title == "WHO-5 Well-Being Index"
    assert read.answers == {1: 3, 2: 3, 3: 3, 4: 2, 5: 2}
    assert (read.change, read.previous_on, read.flag_id, read.safety_items) == (
        None,
        None,
        None,
        (),
    )
    assert read.note == "by phone, she was at work" and read.staff_id == actor.staff_id
    stored = session.get(WellbeingCheckin, read.id)
    assert stored is not None
    assert stored.answers == {"1": 3, "2": 3, "3": 3, "4": 2, "5": 2}
    assert stored.confidentiality == "parent"
    create = session.execute(
        select(AuditEvent).where(
            col(AuditEvent.entity_id) == read.id, col(AuditEvent.action) == "create"
        )
    ).scalar_one()
    assert create.details == {"instrument": "who5", "mode": "phone"}


def test_bad_input_is_refused_field_by_field(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    with pytest.raises(ValidationError) as caught:
        give_checkin(
            session,
            actor=actor,
            caregiver_id=consented.id,
            instrument="gad7",
            answers={1: 1},
            given_on=date(2026, 12, 1),
            mode="carrier pigeon",
            today=TODAY,
        )
    assert set(caught.value.problems) == {"mode", "given_on", "answers"}
    with pytest.raises(ValidationError, match="instrument from the list"):
        give_checkin(
            session,
            actor=actor,
            caregiver_id=consented.id,
            instrument="nope",
            answers={},
            given_on=TODAY,
            mode=CheckinMode.PHONE,
            today=TODAY,
        )
    with pytest.raises(NotFoundError):
        _phq9(session, actor, Caregiver(id=uuid.uuid4(), family_id=uuid.uuid4(), last_name="x",
                                        first_name="y", relation="mother"), TODAY)  # fmt: skip
    assert _count(session, WellbeingCheckin) == 0


def test_list_shows_change_since_last_time_per_instrument(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    first = _phq9(session, actor, consented, date(2026, 9, 15), rest=2)  # 16
    give_checkin(
        session,
        actor=actor,
        caregiver_id=consented.id,
        instrument="gad7",
        answers=dict.fromkeys(range(1, 8), 1),
        given_on=date(2026, 10, 1),
        mode=CheckinMode.SELF_COMPLETED,
        today=TODAY,
    )
    _phq9(session, actor, consented, date(2026, 11, 10), rest=1)  # 8
    reads = list_checkins(session, actor=actor, caregiver_id=consented.id)
    assert [(r.instrument_id, r.scaled_total, r.change, r.previous_on) for r in reads] == [
        ("phq9", 8, -8, date(2026, 9, 15)),
        ("gad7", 7, None, None),
        ("phq9", 16, None, None),
    ]
    assert [r.band for r in reads] == ["mild", "mild", "moderately_severe"]
    only = list_checkins(session, actor=actor, caregiver_id=consented.id, instrument_id="phq9")
    assert [r.given_on for r in only] == [date(2026, 11, 10), date(2026, 9, 15)]
    series = trend_series(session, actor=actor, caregiver_id=consented.id)
    assert [(s.instrument_id, s.max_scaled) for s in series] == [("phq9", 27), ("gad7", 21)]
    assert [(p.given_on, p.scaled_total, p.band) for p in series[0].points] == [
        (date(2026, 9, 15), 16, "moderately_severe"),
        (date(2026, 11, 10), 8, "mild"),
    ]
    archive_checkin(session, actor=actor, checkin_id=first.id)
    again = list_checkins(session, actor=actor, caregiver_id=consented.id, instrument_id="phq9")
    assert [(r.scaled_total, r.change) for r in again] == [(8, None)]


def test_every_read_of_a_checkin_is_audited(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    read = _phq9(session, actor, consented, date(2026, 10, 1))
    _phq9(session, actor, consented, date(2026, 11, 1))
    views_after_giving = len(_views(session, "wellbeing_checkin"))
    assert views_after_giving == 2  # each give returns a read
    list_checkins(session, actor=actor, caregiver_id=consented.id)
    get_checkin(session, actor=actor, checkin_id=read.id)
    trend_series(session, actor=actor, caregiver_id=consented.id)
    views = _views(session, "wellbeing_checkin")
    assert len(views) == views_after_giving + 2 + 1 + 2
    assert {v.details["level"] for v in views} == {"parent"}
    assert {v.actor_id for v in views} == {actor.staff_id}


def test_a_self_harm_answer_raises_a_flag_whatever_the_total(
    session: Session, actor: Actor, consented: Caregiver, child: Child
) -> None:
    read = _phq9(session, actor, consented, date(2026, 11, 20), item9=1, rest=0)
    assert (read.total, read.band, read.safety_items) == (1, "minimal", (9,))
    assert read.flag_id is not None
    flag = session.get(WellbeingFlag, read.flag_id)
    assert flag is not None and flag.confidentiality == "safeguarding"
    quiet = _phq9(session, actor, consented, date(2026, 11, 21), item9=0, rest=3)
    assert quiet.flag_id is None and quiet.band == "severe"
    flags = open_flags(session, actor=actor)
    assert len(flags) == 1
    only = flags[0]
    assert (only.caregiver_name, only.children, only.instrument_id) == (
        "Seitkali Gulnara",
        ("Seitkali Aigerim",),
        "phq9",
    )
    assert (only.items, only.raised_on, only.is_open, only.followed_up) == (
        (9,),
        date(2026, 11, 20),
        True,
        False,
    )
    views = _views(session, "wellbeing_flag")
    assert len(views) == 1 and views[0].details == {"level": "safeguarding"}


def test_epds_item_ten_raises_a_flag(session: Session, actor: Actor, consented: Caregiver) -> None:
    read = give_checkin(
        session,
        actor=actor,
        caregiver_id=consented.id,
        instrument="epds",
        answers={**dict.fromkeys(range(1, 11), 3), 10: 2},
        given_on=date(2026, 11, 2),
        mode=CheckinMode.IN_PERSON,
        today=TODAY,
    )
    assert (read.total, read.safety_items) == (10, (10,))
    assert [f.instrument_id for f in open_flags(session, actor=actor)] == ["epds"]


def test_open_flags_are_newest_first_and_leave_once_followed_up(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    older = _phq9(session, actor, consented, date(2026, 10, 1), item9=2)
    newer = _phq9(session, actor, consented, date(2026, 11, 1), item9=1)
    assert [f.checkin_id for f in open_flags(session, actor=actor)] == [newer.id, older.id]
    assert older.flag_id is not None
    with pytest.raises(UserError, match="before closing it"):
        close_flag(session, actor=actor, flag_id=older.flag_id, closed_on=TODAY)
    read = record_followup(
        session,
        actor=actor,
        flag_id=older.flag_id,
        actions=[FollowupAction.TALKED_TODAY, FollowupAction.REFERRED],
        to_whom=" Polyclinic No. 3, psychiatrist ",
        note="She agreed to go on Monday",
        done_on=date(2026, 10, 1),
        today=TODAY,
    )
    assert read.followed_up and not read.is_open
    followup = read.followups[0]
    assert followup.actions == ("talked_today", "referred")
    assert followup.to_whom == "Polyclinic No. 3, psychiatrist"
    referral = session.get(Referral, followup.referral_id)
    assert referral is not None
    assert (referral.caregiver_id, referral.to_whom, referral.reason) == (
        consented.id,
        "Polyclinic No. 3, psychiatrist",
        None,
    )
    assert [f.checkin_id for f in open_flags(session, actor=actor)] == [newer.id]
    with pytest.raises(ValidationError, match="is in the future"):
        close_flag(
            session,
            actor=actor,
            flag_id=older.flag_id,
            closed_on=TODAY + timedelta(days=1),
            today=TODAY,
        )
    closed = close_flag(session, actor=actor, flag_id=older.flag_id, closed_on=date(2026, 10, 2))
    assert closed.closed_on == date(2026, 10, 2)
    every = list_flags(session, actor=actor, caregiver_id=consented.id)
    still_open = list_flags(session, actor=actor, caregiver_id=consented.id, include_closed=False)
    assert older.flag_id in [f.id for f in every]
    assert older.flag_id not in [f.id for f in still_open]
    assert [f.id for f in still_open] == [f.id for f in every if f.closed_on is None]
    with pytest.raises(ValidationError, match="already closed"):
        close_flag(session, actor=actor, flag_id=older.flag_id, closed_on=TODAY)
    with pytest.raises(ValidationError, match="already closed"):
        record_followup(
            session,
            actor=actor,
            flag_id=older.flag_id,
            actions=["talked_today"],
            done_on=TODAY,
            today=TODAY,
        )
    every = list_flags(session, actor=actor, caregiver_id=consented.id)
    assert [(f.raised_on, f.closed_on) for f in every] == [
        (date(2026, 11, 1), None),
        (date(2026, 10, 1), date(2026, 10, 2)),
    ]


def test_a_followup_needs_actions_whom_and_sensible_dates(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    flagged = _phq9(session, actor, consented, date(2026, 11, 1), item9=3)
    assert flagged.flag_id is not None
    with pytest.raises(ValidationError) as caught:
        record_followup(
            session,
            actor=actor,
            flag_id=flagged.flag_id,
            actions=[],
            done_on=date(2026, 10, 30),
            today=TODAY,
        )
    assert set(caught.value.problems) == {"actions", "done_on"}
    with pytest.raises(ValidationError) as caught:
        record_followup(
            session,
            actor=actor,
            flag_id=flagged.flag_id,
            actions=[FollowupAction.CONTACTED, "shouted"],
            done_on=date(2026, 12, 1),
            today=TODAY,
        )
    assert set(caught.value.problems) == {"actions", "to_whom", "done_on"}
    with pytest.raises(NotFoundError):
        get_flag(session, actor=actor, flag_id=uuid.uuid4())
    assert _count(session, WellbeingFollowup) == 0
    assert _count(session, Referral) == 0
    contacted = record_followup(
        session,
        actor=actor,
        flag_id=flagged.flag_id,
        actions=[FollowupAction.CONTACTED],
        to_whom="her sister",
        done_on=date(2026, 11, 1),
        today=TODAY,
    )
    assert contacted.followups[0].referral_id is None
    assert _count(session, Referral) == 0


def test_archiving_a_checkin_archives_its_flag(
    session: Session, actor: Actor, consented: Caregiver
) -> None:
    flagged = _phq9(session, actor, consented, date(2026, 11, 1), item9=1)
    archived = archive_checkin(session, actor=actor, checkin_id=flagged.id)
    assert archived.archived_at is not None and archived.flag_id is None
    assert open_flags(session, actor=actor) == []
    assert flagged.flag_id is not None
    with pytest.raises(NotFoundError):
        get_flag(session, actor=actor, flag_id=flagged.flag_id)
