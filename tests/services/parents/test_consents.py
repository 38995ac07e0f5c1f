"""Consents: record, withdraw, archive, ask whether one holds, list."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Child, Consent, Family, Room
from caseroom.errors import NotFoundError, ValidationError
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.parents.consents import (
    ConsentInput,
    archive_consent,
    has_consent,
    list_consents,
    record_consent,
    withdraw_consent,
)

TODAY = date(2026, 11, 23)


def _count(session: Session, model: type[Consent] | type[AuditEvent]) -> int:
    return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _consent(child: Child, caregiver: Caregiver, **changes: object) -> ConsentInput:
    values: dict[str, object] = {
        "scope": "psych_diagnostics",
        "given_on": date(2026, 9, 10),
        "child_id": child.id,
        "signer_caregiver_id": caregiver.id,
        "form": "written",
        "operator": " School-lyceum No. 12 ",
        "data_collected": "Test results, observation notes",
        "third_parties": "PMPK",
        "valid_until": date(2027, 5, 31),
    }
    values.update(changes)
    return ConsentInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def stranger(session: Session, room: Room) -> Caregiver:
    """A caregiver of another family."""
    other = Family(room_id=room.id, display_name="Ivanov")
    session.add(other)
    session.flush()
    record = Caregiver(
        family_id=other.id, last_name="Ivanova", first_name="Olga", relation="mother"
    )
    session.add(record)
    session.flush()
    return record


def test_record_consent_for_a_child(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    made = record_consent(session, actor=actor, data=_consent(child, caregiver), today=TODAY)
    assert made.signer_name == "Seitkali Gulnara"
    assert (made.scope, made.form, made.operator) == (
        "psych_diagnostics",
        "written",
        "School-lyceum No. 12",
    )
    assert (made.recorded_by_id, made.withdrawn, made.cross_border) == (
        actor.staff_id,
        False,
        False,
    )
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity_id) == made.id)
    ).scalar_one()
    assert (event.action, event.entity, event.details) == (
        "create",
        "consent",
        {"scope": "psych_diagnostics", "form": "written"},
    )


def test_typed_signer_and_caregiver_own_consent(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    typed = record_consent(
        session,
        actor=actor,
        data=_consent(child, caregiver, signer_caregiver_id=None, signer_name=" Seitkali Nurlan "),
        today=TODAY,
    )
    assert (typed.signer_name, typed.signer_caregiver_id) == ("Seitkali Nurlan", None)
    own = record_consent(
        session,
        actor=actor,
        data=_consent(
            child,
            caregiver,
            scope="parent_screening",
            child_id=None,
            caregiver_id=caregiver.id,
            form="oral",
        ),
        today=TODAY,
    )
    assert (own.caregiver_id, own.child_id, own.form) == (caregiver.id, None, "oral")


def test_system_needs_a_staff_member(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    with pytest.raises(ValidationError) as raised:
        record_consent(session, actor=SYSTEM, data=_consent(child, caregiver), today=TODAY)
    assert raised.value.problems == {
        "recorded_by": "Choose the staff member who recorded the consent"
    }
    assert _count(session, Consent) == 0
    assert actor.staff_id is not None
    made = record_consent(
        session,
        actor=SYSTEM,
        data=_consent(child, caregiver),
        today=TODAY,
        recorded_by=actor.staff_id,
    )
    assert made.recorded_by_id == actor.staff_id


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("scope", "scope", "Choose what the consent is for from the list"),
        ("both", "subject", "Choose whose consent this is: a child's or a caregiver's"),
        ("neither", "subject", "Choose whose consent this is: a child's or a caregiver's"),
        ("no_child", "subject", "The child was not found or is archived"),
        ("no_caregiver", "subject", "The caregiver was not found or is archived"),
        ("no_signer", "signer", "Choose the caregiver who signed, or type the signer's name"),
        ("long_signer", "signer", "The name is too long (at most 300 characters)"),
        ("unknown_signer", "signer", "The caregiver who signed was not found or is archived"),
        ("other_family", "signer", "The signer is not the child's legal representative"),
        ("not_legal", "signer", "The signer is not the child's legal representative"),
        ("other_signs_own", "signer", "A caregiver's own consent is signed by that caregiver"),
        ("future", "given_on", "The consent date 24.11.2026 is in the future"),
        ("form", "form", "Choose how the consent was given from the list"),
        ("oral_diag", "form", "Consent to psychological diagnostics must be given in writing"),
        (
            "until",
            "valid_until",
            "The consent cannot end on 09.09.2026, before it was given on 10.09.2026",
        ),
        ("operator", "operator", "The text is too long (at most 300 characters)"),
        ("data", "data_collected", "The text is too long (at most 2\u00a0000 characters)"),
        ("third", "third_parties", "The text is too long (at most 2\u00a0000 characters)"),
    ],
)
def test_consent_rules(
    session: Session,
    actor: Actor,
    child: Child,
    caregiver: Caregiver,
    stranger: Caregiver,
    case: str,
    field: str,
    message: str,
) -> None:
    if case == "not_legal":
        caregiver.is_legal_representative = False
        session.add(caregiver)
        session.flush()
    changes: dict[str, object] = {
        "scope": {"scope": "everything"},
        "both": {"caregiver_id": caregiver.id},
        "neither": {"child_id": None},
        "no_child": {"child_id": uuid.uuid4()},
        "no_caregiver": {"child_id": None, "caregiver_id": uuid.uuid4()},
        "no_signer": {"signer_caregiver_id": None, "signer_name": "  "},
        "long_signer": {"signer_caregiver_id": None, "signer_name": "x" * 301},
        "unknown_signer": {"signer_caregiver_id": uuid.uuid4()},
        "other_family": {"signer_caregiver_id": stranger.id},
        "not_legal": {},
        "other_signs_own": {
            "scope": "parent_screening",
            "child_id": None,
            "caregiver_id": caregiver.id,
            "signer_caregiver_id": stranger.id,
        },
        "future": {"given_on": date(2026, 11, 24), "valid_until": None},
        "form": {"form": "telepathy"},
        "oral_diag": {"form": "oral"},
        "until": {"valid_until": date(2026, 9, 9)},
        "operator": {"operator": "x" * 301},
        "data": {"data_collected": "x" * 2001},
        "third": {"third_parties": "x" * 2001},
    }[case]
    before = _count(session, Consent), _count(session, AuditEvent)
    with pytest.raises(ValidationError) as raised:
        record_consent(
            session, actor=actor, data=_consent(child, caregiver, **changes), today=TODAY
        )
    assert raised.value.problems == {field: message}
    assert (_count(session, Consent), _count(session, AuditEvent)) == before


def test_withdraw_keeps_the_record(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    made = record_consent(session, actor=actor, data=_consent(child, caregiver), today=TODAY)
    for when, message in [
        (
            date(2026, 9, 9),
            "The withdrawal date 09.09.2026 is before the consent was given on 10.09.2026",
        ),
        (date(2026, 11, 24), "The withdrawal date 24.11.2026 is in the future"),
    ]:
        with pytest.raises(ValidationError) as raised:
            withdraw_consent(
                session, actor=actor, consent_id=made.id, withdrawn_on=when, today=TODAY
            )
        assert raised.value.problems == {"withdrawn_on": message}
    gone = withdraw_consent(
        session,
        actor=actor,
        consent_id=made.id,
        withdrawn_on=date(2026, 11, 1),
        today=TODAY,
        note=" Mother asked by phone ",
    )
    assert (gone.withdrawn, gone.withdrawn_on, gone.withdrawal_note) == (
        True,
        date(2026, 11, 1),
        "Mother asked by phone",
    )
    with pytest.raises(ValidationError) as raised:
        withdraw_consent(
            session, actor=actor, consent_id=made.id, withdrawn_on=date(2026, 11, 2), today=TODAY
        )
    assert raised.value.problems == {
        "withdrawn_on": "The consent was already withdrawn on 01.11.2026"
    }
    assert [c.id for c in list_consents(session, actor=actor, child_id=child.id)] == [made.id]
    actions = session.execute(
        select(col(AuditEvent.action)).where(col(AuditEvent.entity_id) == made.id)
    ).scalars()
    assert sorted(actions) == ["create", "withdraw"]
    with pytest.raises(NotFoundError, match="This consent was not found"):
        withdraw_consent(
            session, actor=actor, consent_id=uuid.uuid4(), withdrawn_on=TODAY, today=TODAY
        )


def test_has_consent_on_a_day(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    made = record_consent(session, actor=actor, data=_consent(child, caregiver), today=TODAY)
    scope = "psych_diagnostics"

    def holds(on: date, scope: str = scope) -> bool:
        return has_consent(session, child_id=child.id, scope=scope, on=on)

    assert not holds(date(2026, 9, 9))
    assert holds(date(2026, 9, 10))
    assert holds(date(2027, 5, 31))
    assert not holds(date(2027, 6, 1))
    assert not holds(date(2026, 10, 1), "special_support")
    assert not has_consent(session, caregiver_id=caregiver.id, scope=scope, on=date(2026, 10, 1))
    withdraw_consent(
        session, actor=actor, consent_id=made.id, withdrawn_on=date(2026, 11, 1), today=TODAY
    )
    assert holds(date(2026, 10, 31))
    assert not holds(date(2026, 11, 1))
    with pytest.raises(ValueError):
        has_consent(session, scope=scope, on=TODAY)


def test_archived_consent_does_not_hold_or_list(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    made = record_consent(session, actor=actor, data=_consent(child, caregiver), today=TODAY)
    archive_consent(session, actor=actor, consent_id=made.id)
    assert not has_consent(session, child_id=child.id, scope="psych_diagnostics", on=TODAY)
    assert list_consents(session, actor=actor, child_id=child.id) == []
    assert len(list_consents(session, actor=actor, child_id=child.id, include_archived=True)) == 1
