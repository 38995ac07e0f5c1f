"""A child who may already be in the room is offered for merging, never doubled silently."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from transfer_rooms import DEMO_TODAY, PASSPHRASE, RoomMaker, export_file, richest_child

from caseroom.db.models import Caregiver, Child, PmpkConclusion, SupportPlan
from caseroom.errors import UserError
from caseroom.services.common import SYSTEM
from caseroom.services.exchange.transfer_import import DuplicateChildError, open_transfer
from caseroom.services.exchange.transfer_write import import_transfer
from caseroom.vocab import ChildStatus


def _count(engine: Engine, model: type, *where: object) -> int:
    with Session(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(*where)).scalar_one()


def _file(engine: Engine, child_id: uuid.UUID) -> bytes:
    return export_file(engine, child_id).data


def _twin(engine: Engine, case: str) -> uuid.UUID:
    with Session(engine) as session:
        return session.execute(
            select(col(Child.id)).where(col(Child.case_number) == case)
        ).scalar_one()


def test_the_same_name_and_birth_date_is_offered_for_merging(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("twin", 1)  # the same demo children
    with Session(sender) as session:
        child_id = richest_child(session)
        case = session.get(Child, child_id).case_number  # type: ignore[union-attr]
    opened = open_transfer(_file(sender, child_id), PASSPHRASE)
    children = _count(receiver, Child)
    with Session(receiver) as session, pytest.raises(DuplicateChildError) as caught:
        import_transfer(session, actor=SYSTEM, opened=opened, today=DEMO_TODAY)
    assert [item.case_number for item in caught.value.duplicates] == [case]
    assert not caught.value.duplicates[0].same_iin
    assert _count(receiver, Child) == children
    with Session(receiver) as session:
        done = import_transfer(session, actor=SYSTEM, opened=opened, today=DEMO_TODAY, as_new=True)
        session.commit()
    assert done.case_number != case and _count(receiver, Child) == children + 1


def test_the_same_iin_may_only_be_merged(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("receiver", 2)
    with Session(sender) as session:
        child_id = richest_child(session)
        child = session.get(Child, child_id)
        assert child is not None
        iin = child.birth_date.strftime("%y%m%d") + "300123"
        child.iin = iin
        session.commit()
    with Session(receiver) as session:
        other = session.execute(select(Child).order_by(col(Child.case_number))).scalars().first()
        assert other is not None
        other.iin, other_id, other_case = iin, other.id, other.case_number
        session.commit()
    opened = open_transfer(_file(sender, child_id), PASSPHRASE)
    with Session(receiver) as session, pytest.raises(DuplicateChildError) as caught:
        import_transfer(session, actor=SYSTEM, opened=opened, today=DEMO_TODAY)
    assert caught.value.duplicates[0].same_iin
    assert caught.value.duplicates[0].child_id == other_id
    with Session(receiver) as session, pytest.raises(UserError, match=other_case):
        import_transfer(session, actor=SYSTEM, opened=opened, today=DEMO_TODAY, as_new=True)


def test_merging_adds_the_file_to_the_child_here(make_room: RoomMaker) -> None:
    sender, receiver = make_room("sender", 1), make_room("twin", 1)
    with Session(sender) as session:
        child_id = richest_child(session)
        case = session.get(Child, child_id).case_number  # type: ignore[union-attr]
        plans = _count(sender, SupportPlan, col(SupportPlan.child_id) == child_id)
    data = _file(sender, child_id)
    twin = _twin(receiver, case)
    with Session(receiver) as session:  # the child had left this room once
        record = session.get(Child, twin)
        assert record is not None
        record.status, family_id = ChildStatus.LEFT.value, record.family_id
        session.commit()
    children = _count(receiver, Child)
    caregivers = _count(receiver, Caregiver, col(Caregiver.family_id) == family_id)
    pmpk = _count(receiver, PmpkConclusion, col(PmpkConclusion.child_id) == twin)
    with Session(receiver) as session:
        done = import_transfer(
            session,
            actor=SYSTEM,
            opened=open_transfer(data, PASSPHRASE),
            today=DEMO_TODAY,
            merge_into=twin,
        )
        session.commit()
    assert done.merged and done.child_id == twin and done.case_number == case
    assert _count(receiver, Child) == children
    assert _count(receiver, SupportPlan, col(SupportPlan.child_id) == twin) == 2 * plans
    # the same caregivers (by name) and the same PMPK conclusions are not doubled
    assert _count(receiver, Caregiver, col(Caregiver.family_id) == family_id) == caregivers
    assert _count(receiver, PmpkConclusion, col(PmpkConclusion.child_id) == twin) == pmpk
    with Session(receiver) as session:
        merged = session.get(Child, twin)
        assert merged is not None
        assert merged.status == ChildStatus.ACTIVE.value
        assert merged.notes is not None and "Transferred from" in merged.notes
