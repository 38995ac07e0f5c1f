"""A room's bundle for the centre: keys, de-identification, the chain, permissions, audit."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest
from sqlmodel import Session, col, select

from caseroom.bundles.keys import CENTRE, PublicKeyFile, new_encryption_key
from caseroom.bundles.room_bundle import open_payload, read_envelope, verify_signature
from caseroom.db.models import AuditEvent, Child, Family, Room, Staff
from caseroom.errors import PermissionDeniedError, UserError
from caseroom.services.common import Actor
from caseroom.services.exchange.bundle_export import export_bundle
from caseroom.services.exchange.bundle_keys import room_public_key, signing_key, trust_centre

NAMES = ("Zhanserikova", "Aruzhan", "Bolatovna")
IIN = "150304600123"
NOTE = "Mother worried about the move to Astana"


@pytest.fixture
def centre_keys() -> tuple[bytes, bytes]:
    """A centre's (private, public) key pair."""
    return new_encryption_key()


@pytest.fixture
def trusting(
    session: Session, room: Room, family: Family, actor: Actor, centre_keys: tuple[bytes, bytes]
) -> Room:
    """The room with one child, trusting a centre."""
    session.add(
        Child(
            room_id=room.id,
            family_id=family.id,
            case_number="SR-2026-0042",
            last_name=NAMES[0],
            first_name=NAMES[1],
            patronymic=NAMES[2],
            birth_date=date(2015, 3, 4),
            iin=IIN,
            grade=5,
            enrolled_on=date(2026, 9, 1),
            notes=NOTE,
        )
    )
    key_file = PublicKeyFile(CENTRE, uuid.uuid4(), "Centre", centre_keys[1]).to_bytes()
    trust_centre(session, actor=Actor(None), key_file=key_file)
    session.flush()
    return room


def _payload(data: bytes, private: bytes) -> dict[str, object]:
    return open_payload(read_envelope(data), centre_private=private)


def test_a_bundle_without_names(
    session: Session, trusting: Room, actor: Actor, centre_keys: tuple[bytes, bytes]
) -> None:
    made = export_bundle(session, actor=actor, period="2026-2027", today=date(2026, 12, 1))
    payload = _payload(made.data, centre_keys[0])
    text = json.dumps(payload, ensure_ascii=False)
    for secret in (*NAMES, IIN, NOTE, "SR-2026-0042", "2015-03-04", "Seitkali"):
        assert secret not in text
    (child,) = payload["children"]  # type: ignore[misc]
    assert child["birth_year"] == 2015 and "identity" not in child
    assert made.manifest.room_id == trusting.id and made.manifest.counts["children"] == 1


def test_the_signature_is_the_rooms_key(session: Session, trusting: Room, actor: Actor) -> None:
    made = export_bundle(session, actor=actor, period="2026-2027", today=date(2026, 12, 1))
    key = signing_key(session)
    assert key is not None
    verify_signature(read_envelope(made.data), key.public_key)
    assert room_public_key(session, actor=Actor(None)).key == key.public_key


def test_bundles_are_chained(session: Session, trusting: Room, actor: Actor) -> None:
    first = export_bundle(session, actor=actor, period="2026-2027", today=date(2026, 12, 1))
    second = export_bundle(session, actor=actor, period="2026-2027", today=date(2026, 12, 1))
    assert first.manifest.previous_bundle_id is None
    assert second.manifest.previous_bundle_id == first.manifest.bundle_id


def test_an_identified_bundle_needs_the_permission(
    session: Session, trusting: Room, staff: Staff, centre_keys: tuple[bytes, bytes]
) -> None:
    administrator = Actor(staff_id=staff.id, role="administrator")
    with pytest.raises(PermissionDeniedError):
        export_bundle(
            session,
            actor=administrator,
            period="2026-2027",
            identified=True,
            today=date(2026, 12, 1),
        )
    granted = Actor(
        staff_id=staff.id, role="administrator", grants=frozenset({"export_identified"})
    )
    made = export_bundle(
        session, actor=granted, period="2026-2027", identified=True, today=date(2026, 12, 1)
    )
    (child,) = _payload(made.data, centre_keys[0])["children"]  # type: ignore[misc]
    assert child["identity"]["iin"] == IIN
    event = session.exec(select(AuditEvent).where(col(AuditEvent.entity) == "bundle")).one()
    assert event.action == "export" and event.details["identified"] is True
    assert NAMES[0] not in json.dumps(event.details)


def test_no_bundle_without_a_trusted_centre(session: Session, room: Room, actor: Actor) -> None:
    with pytest.raises(UserError, match="trusts no centre"):
        export_bundle(session, actor=actor, period="2026-2027", today=date(2026, 12, 1))


def test_a_bundle_covers_a_school_year(session: Session, trusting: Room, actor: Actor) -> None:
    with pytest.raises(UserError, match="one school year"):
        export_bundle(session, actor=actor, period="2026-2027:q2", today=date(2026, 12, 1))


def test_the_bundle_counts_the_children_the_term_summary_counts(
    session: Session, trusting: Room, family: Family, actor: Actor, centre_keys: tuple[bytes, bytes]
) -> None:
    """A child archived as a duplicate or a mistake is not on the roll and never reaches the
    centre; a transferred one does, up to the day she left."""
    from caseroom.services.audited import archive_and_audit
    from caseroom.vocab import ArchiveReason, ChildStatus

    def add_child(case: str, **fields: Any) -> Child:
        made = Child(
            room_id=trusting.id,
            family_id=family.id,
            case_number=case,
            last_name="Test",
            first_name=case,
            birth_date=date(2016, 1, 1),
            grade=4,
            enrolled_on=date(2026, 9, 1),
            **fields,
        )
        session.add(made)
        session.flush()
        return made

    duplicate = add_child("SR-2026-0043")
    archive_and_audit(session, actor, duplicate, "child", reason=ArchiveReason.DUPLICATE)
    moved = add_child(
        "SR-2026-0044", status=ChildStatus.TRANSFERRED.value, left_on=date(2026, 11, 20)
    )
    archive_and_audit(session, actor, moved, "child", reason=ArchiveReason.MOVED)
    session.flush()
    made = export_bundle(session, actor=actor, period="2026-2027", today=date(2026, 12, 1))
    ids = {item["id"] for item in _payload(made.data, centre_keys[0])["children"]}  # type: ignore[union-attr]
    assert str(moved.id) in ids and str(duplicate.id) not in ids
    assert made.manifest.counts["children"] == 2
