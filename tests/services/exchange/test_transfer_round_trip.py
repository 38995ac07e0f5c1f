"""A child's file moves between two demo rooms: what goes, what stays, what is noted."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from transfer_rooms import DEMO_TODAY, PASSPHRASE, RoomMaker, export_file, richest_child

from caseroom.db.models import (
    Attendance,
    AuditEvent,
    Child,
    Consent,
    Goal,
    GoalRating,
    PmpkConclusion,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.exchange.transfer_import import open_transfer
from caseroom.services.exchange.transfer_write import TransferImport, import_transfer
from caseroom.vocab import ChildStatus, Confidentiality, ConsentScope

ARRIVAL = date(2026, 12, 3)


def _import(engine: Engine, data: bytes, **choice: Any) -> TransferImport:
    opened = open_transfer(data, PASSPHRASE)
    with Session(engine) as session:
        done = import_transfer(session, actor=SYSTEM, opened=opened, today=ARRIVAL, **choice)
        session.commit()
    return done


def _picture(session: Session, child_id: uuid.UUID) -> dict[str, Any]:
    """What must survive the move, without ids."""
    plans = session.execute(
        select(SupportPlan).where(col(SupportPlan.child_id) == child_id)
    ).scalars()
    ratings = session.execute(
        select(col(Goal.description), col(GoalRating.checkpoint), col(GoalRating.rating))
        .join(Goal, col(Goal.id) == col(GoalRating.goal_id))
        .join(SupportPlan, col(SupportPlan.id) == col(Goal.plan_id))
        .where(col(SupportPlan.child_id) == child_id)
    ).all()
    pmpk = session.execute(
        select(
            col(PmpkConclusion.number),
            col(PmpkConclusion.issued_on),
            col(PmpkConclusion.recommendations),
            col(PmpkConclusion.valid_until),
        ).where(col(PmpkConclusion.child_id) == child_id)
    ).all()
    consents = session.execute(
        select(
            col(Consent.scope),
            col(Consent.given_on),
            col(Consent.signer_name),
            col(Consent.withdrawn_on),
        ).where(col(Consent.child_id) == child_id)
    ).all()
    return {
        "plans": sorted((p.starts_on, p.ends_on, p.status) for p in plans),
        "ratings": sorted(tuple(row) for row in ratings),
        "pmpk": sorted(tuple(row) for row in pmpk),
        "consents": sorted(tuple(row) for row in consents),
    }


def _session_notes(session: Session, child_id: uuid.UUID) -> list[tuple[str, str | None]]:
    return list(
        session.execute(
            select(col(SessionRecord.confidentiality), col(SessionRecord.notes))
            .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
            .where(col(Attendance.child_id) == child_id)
        ).all()
    )


def _share_notes(engine: Engine, child_id: uuid.UUID) -> None:
    with Session(engine) as session:
        staff_id = session.execute(select(col(Staff.id)).limit(1)).scalar_one()
        session.add(
            Consent(
                scope=ConsentScope.SHARE_NOTES.value,
                child_id=child_id,
                signer_name="Мать",
                given_on=date(2026, 11, 20),
                recorded_by_id=staff_id,
            )
        )
        session.commit()


def test_round_trip_keeps_plan_ratings_pmpk_and_consents(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
        before = _picture(session, child_id)
        sender_child = session.get(Child, child_id)
        assert sender_child is not None
        name = (sender_child.last_name, sender_child.first_name, sender_child.birth_date)
    assert before["ratings"] and before["pmpk"] and before["consents"]
    made = export_file(sender, child_id)
    done = _import(receiver, made.data)
    assert not done.merged and done.plans == len(before["plans"])
    with Session(receiver) as session:
        child = session.get(Child, done.child_id)
        assert child is not None
        assert child.id == child_id  # the centre knows her as the same child in both rooms
        assert (child.last_name, child.first_name, child.birth_date) == name
        assert child.status == ChildStatus.ACTIVE.value and child.enrolled_on == ARRIVAL
        assert _picture(session, child.id) == before
        assert child.notes is not None and "Transferred from" in child.notes
        assert made.case_number in child.notes
        sources = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(col(AuditEvent.action) == "import", col(AuditEvent.entity) == "goal_rating")
        ).scalar_one()
        assert sources == len(before["ratings"])
        event = session.execute(
            select(AuditEvent).where(
                col(AuditEvent.entity) == "transfer", col(AuditEvent.action) == "import"
            )
        ).scalar_one()
        assert event.entity_id == made.transfer_id and event.details["child_id"] == str(child.id)


def test_a_child_whose_record_id_is_taken_here_gets_a_new_one(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
        values = session.get(Child, child_id).model_dump()  # type: ignore[union-attr]
    made = export_file(sender, child_id)
    with Session(receiver) as session:
        here = session.execute(select(Child).limit(1)).scalar_one()
        values.update(
            room_id=here.room_id, family_id=here.family_id, case_number="HERE-1", iin=None
        )
        values.update(last_name="Другая", search_key="другая", sort_name="другая")
        session.add(Child(**values))
        session.commit()
    done = _import(receiver, made.data)
    assert done.child_id != child_id
    with Session(receiver) as session:
        assert session.get(Child, child_id).case_number == "HERE-1"  # type: ignore[union-attr]


def test_the_sender_keeps_the_record_marked_transferred(make_room: RoomMaker) -> None:
    sender = make_room("sender", 1)
    with Session(sender) as session:
        child_id = richest_child(session)
        before = _picture(session, child_id)
    made = export_file(sender, child_id)
    with Session(sender) as session:
        child = session.get(Child, child_id)
        assert child is not None
        assert child.status == ChildStatus.TRANSFERRED.value
        assert child.left_on == DEMO_TODAY and child.archived_at is not None
        assert _picture(session, child_id) == before
        actions = set(
            session.execute(
                select(col(AuditEvent.action), col(AuditEvent.entity)).where(
                    col(AuditEvent.entity_id).in_([child_id, made.transfer_id])
                )
            ).all()
        )
        assert {("transfer", "child"), ("export", "transfer")} <= actions


def test_session_notes_go_only_with_the_parents_consent(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
        sent_notes = [text for _, text in _session_notes(session, child_id) if text]
    assert sent_notes, "the demo writes notes for the child's sessions"
    without = export_file(sender, child_id)
    assert not without.notes_included and without.sessions > 0
    done = _import(receiver, without.data)
    with Session(receiver) as session:
        carried = _session_notes(session, done.child_id)
    assert len(carried) == without.sessions and all(text is None for _, text in carried)

    other = make_room("other", 3)
    with Session(other) as session:
        second = richest_child(session)
    _share_notes(other, second)
    with_consent = export_file(other, second)
    assert with_consent.notes_included
    done = _import(receiver, with_consent.data)
    with Session(receiver) as session:
        carried = _session_notes(session, done.child_id)
    shareable = {Confidentiality.SHAREABLE.value, Confidentiality.SPECIALIST.value}
    assert any(text for level, text in carried if level in shareable)
    assert all(text is None for level, text in carried if level not in shareable)


def test_a_file_is_taken_in_once_and_only_by_a_specialist(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
    with pytest.raises(PermissionDeniedError):
        export_file(sender, child_id, actor=Actor(staff_id=None, role="assistant"))
    made = export_file(sender, child_id)
    _import(receiver, made.data)
    with pytest.raises(UserError, match="already taken in"):
        _import(receiver, made.data)
    with Session(receiver) as session:
        copies = session.execute(
            select(func.count())
            .select_from(AuditEvent)
            .where(col(AuditEvent.entity) == "transfer", col(AuditEvent.action) == "import")
        ).scalar_one()
    assert copies == 1


def test_a_conclusions_structured_recommendations_move_with_the_child(
    make_room: RoomMaker,
) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
        conclusion = session.execute(
            select(PmpkConclusion).where(col(PmpkConclusion.child_id) == child_id).limit(1)
        ).scalar_one()
        conclusion.conditions = "Ассистент на уроках; адаптированная программа"
        conclusion.specialists = ["педагог-психолог", "логопед"]
        conclusion.programme = "Адаптированная образовательная программа"
        number = conclusion.number
        session.commit()
    done = _import(receiver, export_file(sender, child_id).data)
    with Session(receiver) as session:
        moved = session.execute(
            select(PmpkConclusion).where(
                col(PmpkConclusion.child_id) == done.child_id,
                col(PmpkConclusion.number) == number,
            )
        ).scalar_one()
        assert moved.conditions == "Ассистент на уроках; адаптированная программа"
        assert moved.specialists == ["педагог-психолог", "логопед"]
        assert moved.programme == "Адаптированная образовательная программа"


def test_a_file_made_before_the_structured_recommendations_still_opens() -> None:
    from caseroom.services.exchange.transfer_read import PMPK, checked

    older = {"id": str(uuid.uuid4()), "issued_on": "2025-10-30", "number": "7/25"}
    read = checked(older, PMPK, "pmpk[0]")
    assert read["conditions"] is None and read["specialists"] == []
    assert read["programme"] is None and read["number"] == "7/25"
