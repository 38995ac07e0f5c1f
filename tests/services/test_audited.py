"""The shared write helpers: save and audit, archive and audit, a checked phone number."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Family, Room
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import Actor, Problems
from caseroom.services.people.staff import checked_phone


def _events(session: Session, entity: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(col(AuditEvent.entity) == entity).order_by(col(AuditEvent.at))
        )
    )


def test_save_and_audit_gives_the_record_an_id_and_writes_one_event(
    session: Session, room: Room, actor: Actor
) -> None:
    record = Family(room_id=room.id, display_name="Ахметовы")
    save_and_audit(
        session, actor=actor, record=record, action="create", entity="family", details={"n": 1}
    )
    events = _events(session, "family")
    assert session.get(Family, record.id) is record
    assert [(e.action, e.entity_id, e.actor_id, e.details) for e in events] == [
        ("create", record.id, actor.staff_id, {"n": 1})
    ]


def test_archive_and_audit_archives_once(session: Session, family: Family, actor: Actor) -> None:
    assert family.archived_at is None
    assert archive_and_audit(session, actor, family, "family", details={"why": "test"}) is True
    first = family.archived_at
    assert first is not None
    assert family.updated_at == first
    assert archive_and_audit(session, actor, family, "family") is False
    assert family.archived_at == first
    events = [e for e in _events(session, "family") if e.action == "archive"]
    assert [(e.entity_id, e.details) for e in events] == [(family.id, {"why": "test"})]


def test_checked_phone_normalises_or_records_a_problem() -> None:
    problems = Problems()
    assert checked_phone(problems, " 8 (701) 555-12-34 ") == "+77015551234"
    assert checked_phone(problems, "   ") is None
    assert not problems
    assert checked_phone(problems, "12345") is None
    assert list(problems.found) == ["phone"]
    assert "12345" in problems.found["phone"]
