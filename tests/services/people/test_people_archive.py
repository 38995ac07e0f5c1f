"""Archiving people with a reason and restoring them: refused without the right, audited,
hidden from the lists by default, and back exactly as they were."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from caseroom.db.models import AuditEvent, Caregiver, Child, Family
from caseroom.errors import PermissionDeniedError, UserError, ValidationError
from caseroom.services.audited import archive_reason
from caseroom.services.common import Actor
from caseroom.services.people.archive import restore_caregiver, restore_child, restore_family
from caseroom.services.people.caregivers import archive_caregiver
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.children import archive_child, get_child
from caseroom.services.people.families import archive_family, get_family
from caseroom.services.people.family_list import list_families
from caseroom.vocab import ArchiveReason

ASSISTANT = Actor(staff_id=None, role="assistant")


def _actions(session: Session, entity: str) -> list[tuple[str, dict[str, object]]]:
    rows = session.scalars(
        select(AuditEvent).where(col(AuditEvent.entity) == entity).order_by(col(AuditEvent.seq))
    )
    return [(row.action, row.details) for row in rows]


def test_a_child_is_archived_with_a_reason_hidden_and_restored_as_before(
    session: Session, actor: Actor, child: Child
) -> None:
    before = get_child(session, actor=actor, child_id=child.id)
    archive_child(session, actor=actor, child_id=child.id, reason=ArchiveReason.LEFT_SCHOOL)
    assert list_children(session, actor=actor, filters=ChildFilters()) == []
    shown = list_children(session, actor=actor, filters=ChildFilters(include_archived=True))
    assert [(row.id, row.archived) for row in shown] == [(child.id, True)]
    assert archive_reason(session, "child", child.id) == "left_school"

    restore_child(session, actor=actor, child_id=child.id)
    after = get_child(session, actor=actor, child_id=child.id)
    assert after.archived_at is None
    assert after == before
    assert [row.id for row in list_children(session, actor=actor, filters=ChildFilters())] == [
        child.id
    ]
    assert _actions(session, "child") == [
        ("archive", {"reason": "left_school"}),
        ("restore", {}),
    ]


def test_archive_and_restore_are_refused_without_the_right_to_edit(
    session: Session, actor: Actor, child: Child, caregiver: Caregiver
) -> None:
    with pytest.raises(PermissionDeniedError):
        archive_child(session, actor=ASSISTANT, child_id=child.id, reason="mistake")
    archive_child(session, actor=actor, child_id=child.id, reason="mistake")
    with pytest.raises(PermissionDeniedError):
        restore_child(session, actor=ASSISTANT, child_id=child.id)
    with pytest.raises(PermissionDeniedError):
        restore_caregiver(session, actor=ASSISTANT, caregiver_id=caregiver.id)
    assert session.get(Child, child.id).archived_at is not None  # type: ignore[union-attr]


def test_an_unknown_reason_is_refused_and_nothing_is_archived(
    session: Session, actor: Actor, child: Child
) -> None:
    with pytest.raises(ValidationError):
        archive_child(session, actor=actor, child_id=child.id, reason="bored")
    assert session.get(Child, child.id).archived_at is None  # type: ignore[union-attr]


def test_a_family_comes_back_before_its_child_and_caregiver(
    session: Session, actor: Actor, family: Family, child: Child, caregiver: Caregiver
) -> None:
    archive_child(session, actor=actor, child_id=child.id, reason="moved")
    archive_caregiver(session, actor=actor, caregiver_id=caregiver.id, reason="moved")
    archive_family(session, actor=actor, family_id=family.id, reason="moved")
    assert list_families(session, actor=actor) == []
    assert [row.id for row in list_families(session, actor=actor, include_archived=True)] == [
        family.id
    ]
    with pytest.raises(UserError, match="family first"):
        restore_child(session, actor=actor, child_id=child.id)
    with pytest.raises(UserError, match="family first"):
        restore_caregiver(session, actor=actor, caregiver_id=caregiver.id)

    restore_family(session, actor=actor, family_id=family.id)
    restore_caregiver(session, actor=actor, caregiver_id=caregiver.id)
    restore_child(session, actor=actor, child_id=child.id)
    read = get_family(session, actor=actor, family_id=family.id)
    assert read.archived_at is None
    assert [c.id for c in read.caregivers] == [caregiver.id]
    assert _actions(session, "family") == [("archive", {"reason": "moved"}), ("restore", {})]
    assert [a for a, _ in _actions(session, "caregiver")] == ["archive", "restore"]


def test_restoring_a_record_that_is_not_archived_changes_nothing(
    session: Session, actor: Actor, child: Child
) -> None:
    stamp = child.updated_at
    restore_child(session, actor=actor, child_id=child.id)
    assert child.updated_at == stamp
    assert _actions(session, "child") == []
