"""The one rule for stored text holds for the parents' and wellbeing services too: a control
character is refused (in notes a newline and a tab are kept), and every text is bounded.

Each case calls a service that stores text with ESC in one field and expects the refusal
under that field, with nothing written.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import Caregiver, Child, Room, Staff
from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentInput, record_consent, withdraw_consent
from caseroom.services.parents.goals import (
    ParentGoalInput,
    add_goal_progress,
    create_parent_goal,
)
from caseroom.services.parents.groups import GroupInput, create_group
from caseroom.services.parents.practice import PracticeInput, give_practice, record_outcome
from caseroom.services.parents.referrals import (
    ReferralInput,
    create_referral,
    set_referral_status,
)
from caseroom.services.wellbeing.checkins import give_checkin, record_followup
from caseroom.vocab import (
    CheckinMode,
    ConsentScope,
    FollowupAction,
    PracticeOutcome,
    ReferralStatus,
)
from wellbeing_samples import consent_to_screening

TODAY = date(2026, 11, 23)
ESC = "\x1b"


@pytest.fixture
def people(
    session: Session, actor: Actor, room: Room, staff: Staff, child: Child, caregiver: Caregiver
) -> dict[str, uuid.UUID]:
    """The ids the cases need: the room, the psychologist, a child and her mother."""
    return {"room": room.id, "staff": staff.id, "child": child.id, "caregiver": caregiver.id}


Case = Callable[[Session, Actor, dict[str, uuid.UUID], str], object]


def _referral(to_whom: str = "PMPK", reason: str | None = None) -> Case:
    def case(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
        data = ReferralInput(
            to_whom=to_whom.format(bad=bad),
            reason=None if reason is None else reason.format(bad=bad),
            referred_on=TODAY,
            caregiver_id=ids["caregiver"],
        )
        return create_referral(session, actor=actor, data=data)

    return case


def _referral_outcome(
    session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str
) -> object:
    made = create_referral(
        session,
        actor=actor,
        data=ReferralInput(to_whom="Clinic", referred_on=TODAY, caregiver_id=ids["caregiver"]),
    )
    set_referral_status(session, actor=actor, referral_id=made.id, status=ReferralStatus.SENT)
    return set_referral_status(
        session,
        actor=actor,
        referral_id=made.id,
        status=ReferralStatus.COMPLETED,
        outcome=f"Seen{bad}x",
    )


def _consent(field: str) -> Case:
    def case(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
        values: dict[str, object] = {"signer_name": "Seitkali Gulnara"}
        values[field] = f"Some{bad}text"
        data = ConsentInput(
            scope=ConsentScope.PSYCH_DIAGNOSTICS,
            given_on=date(2026, 9, 1),
            child_id=ids["child"],
            **values,  # type: ignore[arg-type]
        )
        return record_consent(session, actor=actor, data=data, today=TODAY)

    return case


def _withdrawal(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
    made = record_consent(
        session,
        actor=actor,
        data=ConsentInput(
            scope=ConsentScope.PSYCH_DIAGNOSTICS,
            given_on=date(2026, 9, 1),
            child_id=ids["child"],
            signer_name="Seitkali Gulnara",
        ),
        today=TODAY,
    )
    return withdraw_consent(
        session,
        actor=actor,
        consent_id=made.id,
        withdrawn_on=TODAY,
        today=TODAY,
        note=f"Asked{bad}x",
    )


def _goal(field: str) -> Case:
    def case(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
        values = {"description": "Calm evenings", "note": None}
        values[field] = f"Calm{bad}evenings"
        data = ParentGoalInput(set_on=date(2026, 10, 1), **values)  # type: ignore[arg-type]
        return create_parent_goal(session, actor=actor, caregiver_id=ids["caregiver"], data=data)

    return case


def _goal_progress(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
    made = create_parent_goal(
        session,
        actor=actor,
        caregiver_id=ids["caregiver"],
        data=ParentGoalInput(description="Calm evenings", set_on=date(2026, 10, 1)),
    )
    return add_goal_progress(session, actor=actor, goal_id=made.id, on=TODAY, text=f"Ok{bad}x")


def _group(field: str) -> Case:
    def case(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
        values = {"name": "Mothers' circle", "ground_rules": None}
        values[field] = f"Circle{bad}x"
        data = GroupInput(
            started_on=date(2026, 10, 1),
            facilitator_id=ids["staff"],
            **values,  # type: ignore[arg-type]
        )
        return create_group(session, actor=actor, room_id=ids["room"], data=data)

    return case


def _meeting(field: str) -> Case:
    def case(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
        # Imported here: the meeting notes are moving to the restricted store.
        from caseroom.services.parents.meetings import MeetingInput, create_meeting

        group = create_group(
            session,
            actor=actor,
            room_id=ids["room"],
            data=GroupInput(
                name="Circle", started_on=date(2026, 10, 1), facilitator_id=ids["staff"]
            ),
        )
        values: dict[str, object] = {field: f"Routines{bad}x"}
        data = MeetingInput(held_on=TODAY, **values)  # type: ignore[arg-type]
        return create_meeting(session, actor=actor, group_id=group.id, data=data)

    return case


def _practice(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
    data = PracticeInput(
        caregiver_id=ids["caregiver"], child_id=ids["child"], task=f"Read{bad}x", given_on=TODAY
    )
    return give_practice(session, actor=actor, data=data)


def _practice_outcome(
    session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str
) -> object:
    made = give_practice(
        session,
        actor=actor,
        data=PracticeInput(
            caregiver_id=ids["caregiver"],
            child_id=ids["child"],
            task="Read",
            given_on=date(2026, 11, 16),
        ),
    )
    return record_outcome(
        session,
        actor=actor,
        practice_id=made.id,
        outcome=PracticeOutcome.DONE,
        checked_on=TODAY,
        follow_up=f"Again{bad}x",
    )


def _checkin(
    session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str, item9: int = 0
) -> object:
    consent_to_screening(session, actor, ids["caregiver"], today=TODAY)
    answers: dict[int, int | None] = {n: 1 for n in range(1, 9)}
    answers[9] = item9
    return give_checkin(
        session,
        actor=actor,
        caregiver_id=ids["caregiver"],
        instrument="phq9",
        answers=answers,
        given_on=date(2026, 11, 1),
        mode=CheckinMode.IN_PERSON,
        note=f"Tired{bad}x" if not item9 else None,
        today=TODAY,
    )


def _followup(field: str) -> Case:
    def case(session: Session, actor: Actor, ids: dict[str, uuid.UUID], bad: str) -> object:
        flagged = _checkin(session, actor, ids, "", item9=3)
        flag_id = getattr(flagged, "flag_id", None)
        assert flag_id is not None
        texts = {"to_whom": "her sister", "note": None}
        texts[field] = f"Sister{bad}x"
        return record_followup(
            session,
            actor=actor,
            flag_id=flag_id,
            actions=[FollowupAction.CONTACTED],
            done_on=date(2026, 11, 2),
            today=TODAY,
            **texts,  # type: ignore[arg-type]
        )

    return case


CASES: dict[str, tuple[Case, str]] = {
    "referral: to whom": (_referral(to_whom="PMPK{bad}x"), "to_whom"),
    "referral: reason": (_referral(reason="Sad{bad}x"), "reason"),
    "referral: outcome": (_referral_outcome, "outcome"),
    "consent: signer": (_consent("signer_name"), "signer"),
    "consent: operator": (_consent("operator"), "operator"),
    "consent: data collected": (_consent("data_collected"), "data_collected"),
    "consent: third parties": (_consent("third_parties"), "third_parties"),
    "consent: withdrawal note": (_withdrawal, "note"),
    "parent goal: description": (_goal("description"), "description"),
    "parent goal: note": (_goal("note"), "note"),
    "parent goal: progress": (_goal_progress, "text"),
    "group: name": (_group("name"), "name"),
    "group: ground rules": (_group("ground_rules"), "ground_rules"),
    "meeting: theme": (_meeting("theme"), "theme"),
    "meeting: notes": (_meeting("notes"), "notes"),
    "meeting: follow-ups": (_meeting("follow_ups"), "follow_ups"),
    "home practice: task": (_practice, "task"),
    "home practice: follow-up": (_practice_outcome, "follow_up"),
    "check-in: note": (_checkin, "note"),
    "safety follow-up: to whom": (_followup("to_whom"), "to_whom"),
    "safety follow-up: note": (_followup("note"), "note"),
}


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("char", ["\x1b", "\x00", "\u2028"])
def test_a_control_character_is_refused_under_its_field(
    session: Session, actor: Actor, people: dict[str, uuid.UUID], name: str, char: str
) -> None:
    case, field = CASES[name]
    with pytest.raises(ValidationError) as raised:
        case(session, actor, people, char)
    assert field in raised.value.problems, raised.value.problems
    assert "control character" in raised.value.problems[field]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_same_call_with_plain_text_is_stored(
    session: Session, actor: Actor, people: dict[str, uuid.UUID], name: str
) -> None:
    case, _field = CASES[name]
    assert case(session, actor, people, "") is not None


NOTES = ["referral: reason", "meeting: notes", "check-in: note", "parent goal: note"]


@pytest.mark.parametrize("name", NOTES)
def test_a_note_keeps_its_newlines_and_tabs(
    session: Session, actor: Actor, people: dict[str, uuid.UUID], name: str
) -> None:
    case, _field = CASES[name]
    assert case(session, actor, people, "\n\tmore") is not None


@pytest.mark.parametrize("name", ["referral: to whom", "group: name", "meeting: theme"])
def test_a_line_break_in_a_one_line_field_is_refused(
    session: Session, actor: Actor, people: dict[str, uuid.UUID], name: str
) -> None:
    case, field = CASES[name]
    with pytest.raises(ValidationError) as raised:
        case(session, actor, people, "\nmore")
    assert field in raised.value.problems
