"""The help directory: add, edit, archive and restore entries; who may; search; audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Caregiver, Referral
from caseroom.errors import NotFoundError, PermissionDeniedError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.directory.entries import (
    add_entry,
    all_entries,
    archive_entry,
    edit_entry,
    get_entry,
    restore_entry,
)
from caseroom.services.directory.fields import EntryInput
from caseroom.services.directory.search import search_entries, towns
from caseroom.services.parents.referrals import ReferralInput, create_referral

PMPK = EntryInput(
    name="Regional PMPK", kind="pmpk", needs=("assessment",), town="Esik", phone="111-22",
    age_from=0, age_to=18, languages=("kk", "ru"), code="pmpk-1",
)  # fmt: skip
AUTISM = EntryInput(
    name="Autism centre", kind="autism_centre", needs=("autism", "parent_support"),
    town="Алматы", offers="Groups for children, training for parents", age_from=2, age_to=14,
)  # fmt: skip
HOTLINE = EntryInput(name="Line 150", kind="hotline", needs=("crisis",), phone="150")


def test_add_makes_an_id_and_reads_back(session: Session, actor: Actor) -> None:
    made = add_entry(session, actor=actor, data=AUTISM)
    assert made.code.startswith("room-") and len(made.code) == 13
    again = get_entry(session, made.id, actor)
    assert again == made
    assert again.needs == ("autism", "parent_support")
    kept = add_entry(session, actor=actor, data=PMPK)
    assert kept.code == "pmpk-1"
    assert kept.languages == ("kk", "ru")


def test_rules_give_every_problem_at_once(session: Session, actor: Actor) -> None:
    bad = EntryInput(
        name=" ", kind="spa", needs=("autism", "flying"), age_from=12, age_to=3,
        languages=("de",), code="bad id!",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        add_entry(session, actor=actor, data=bad)
    assert set(caught.value.problems) == {"name", "kind", "needs", "age_to", "languages", "code"}
    assert "“flying”" in caught.value.problems["needs"]


def test_an_id_is_not_given_twice(session: Session, actor: Actor) -> None:
    add_entry(session, actor=actor, data=PMPK)
    other = add_entry(session, actor=actor, data=AUTISM)
    with pytest.raises(ValidationError) as caught:
        edit_entry(
            session, actor=actor, entry_id=other.id,
            data=EntryInput(name="Autism centre", code="pmpk-1"),
        )  # fmt: skip
    assert "code" in caught.value.problems


def test_edit_keeps_the_id_and_archive_hides(session: Session, actor: Actor) -> None:
    made = add_entry(session, actor=actor, data=PMPK)
    changed = edit_entry(
        session, actor=actor, entry_id=made.id,
        data=EntryInput(name="PMPK of the region", kind="pmpk", town="Esik"),
    )  # fmt: skip
    assert changed.code == "pmpk-1" and changed.name == "PMPK of the region"
    archive_entry(session, actor=actor, entry_id=made.id)
    assert all_entries(session, actor=actor) == []
    assert get_entry(session, made.id, actor).archived_at is not None
    restore_entry(session, actor=actor, entry_id=made.id)
    assert [entry.id for entry in all_entries(session, actor=actor)] == [made.id]
    actions = session.scalars(
        select(col(AuditEvent.action)).where(col(AuditEvent.entity) == "directory_entry")
    ).all()
    assert list(actions) == ["create", "update", "archive", "restore"]
    details = session.scalars(select(col(AuditEvent.details))).all()
    assert all("PMPK" not in str(detail) for detail in details)


def test_who_may_keep_and_read(session: Session, actor: Actor) -> None:
    made = add_entry(session, actor=actor, data=PMPK)
    assistant = Actor(staff_id=actor.staff_id, role="assistant")
    admin = Actor(staff_id=actor.staff_id, role="administrator")
    nobody = Actor(staff_id=actor.staff_id, role="visitor")
    with pytest.raises(PermissionDeniedError):
        add_entry(session, actor=assistant, data=AUTISM)
    with pytest.raises(PermissionDeniedError):
        archive_entry(session, actor=assistant, entry_id=made.id)
    assert get_entry(session, made.id, assistant).name == "Regional PMPK"
    assert add_entry(session, actor=admin, data=AUTISM).name == "Autism centre"
    with pytest.raises(PermissionDeniedError):
        get_entry(session, made.id, nobody)


def test_get_entry_of_nothing(session: Session, actor: Actor) -> None:
    import uuid

    with pytest.raises(NotFoundError):
        get_entry(session, uuid.uuid4(), actor)


def test_search_by_need_town_words_and_age(session: Session, actor: Actor) -> None:
    pmpk = add_entry(session, actor=actor, data=PMPK)
    autism = add_entry(session, actor=actor, data=AUTISM)
    line = add_entry(session, actor=actor, data=HOTLINE)

    def ids(**criteria: object) -> set[object]:
        return {entry.id for entry in search_entries(session, actor=actor, **criteria)}  # type: ignore[arg-type]

    assert ids(need="autism") == {autism.id}
    assert ids(town="almaty") == {autism.id, line.id}  # a line with no town serves every town
    assert ids(town="ESIK") == {pmpk.id, line.id}
    assert ids(text="parents") == {autism.id}
    assert ids(age=16) == {pmpk.id, line.id}
    assert ids(need="crisis", town="Esik") == {line.id}
    assert towns(session, actor=actor) == ["Esik", "Алматы"]


def test_a_referral_points_at_an_entry(
    session: Session, actor: Actor, caregiver: Caregiver, today: object
) -> None:
    entry = add_entry(session, actor=actor, data=AUTISM)
    made = create_referral(
        session, actor=actor,
        data=ReferralInput(
            to_whom=entry.name, referred_on=today, caregiver_id=caregiver.id,  # type: ignore[arg-type]
            directory_entry_id=entry.id,
        ),
    )  # fmt: skip
    assert made.directory_entry_id == entry.id
    assert session.get(Referral, made.id).directory_entry_id == entry.id  # type: ignore[union-attr]
    import uuid

    with pytest.raises(ValidationError) as caught:
        create_referral(
            session, actor=actor,
            data=ReferralInput(
                to_whom="x", referred_on=today, caregiver_id=caregiver.id,  # type: ignore[arg-type]
                directory_entry_id=uuid.uuid4(),
            ),
        )  # fmt: skip
    assert "directory_entry_id" in caught.value.problems
