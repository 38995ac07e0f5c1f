"""SEN categories: the ten of the order in each language, a centre's own, archiving."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent
from caseroom.errors import NotFoundError, PermissionDeniedError, ValidationError
from caseroom.i18n import set_language
from caseroom.services.common import Actor
from caseroom.services.people.sen_categories import (
    CUSTOM_PREFIX,
    SenCategoryInput,
    add_sen_category,
    archive_sen_category,
    label_ranks,
    list_sen_categories,
    sen_labels,
)


def test_the_ten_builtin_categories_in_the_order_and_in_each_language(
    session: Session, actor: Actor
) -> None:
    categories = list_sen_categories(session, actor=actor)
    assert len(categories) == 10
    assert all(category.builtin for category in categories)
    assert categories[0].code == "hearing"
    assert categories[0].label == "Hearing impairment"
    set_language("ru")
    russian = list_sen_categories(session, actor=actor)
    assert [category.code for category in russian] == [category.code for category in categories]
    assert russian[0].label != "Hearing impairment"
    assert any("а" <= letter <= "я" for letter in russian[0].label.lower())


def test_a_centres_own_category_is_listed_after_the_builtins_in_its_language(
    session: Session, actor: Actor
) -> None:
    made = add_sen_category(
        session,
        actor=actor,
        data=SenCategoryInput(
            label_kk="  Зейін тапшылығы ", label_ru="Дефицит внимания", label_en=None
        ),
    )
    assert made.code.startswith(CUSTOM_PREFIX)
    assert not made.builtin
    assert made.label_kk == "Зейін тапшылығы"
    listed = list_sen_categories(session, actor=actor)
    assert listed[-1].code == made.code
    assert listed[-1].sort_order > listed[-2].sort_order
    # No English label: the Russian one stands in.
    assert listed[-1].label == "Дефицит внимания"
    set_language("kk")
    assert list_sen_categories(session, actor=actor)[-1].label == "Зейін тапшылығы"
    event = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity) == "sen_category")
    ).scalar_one()
    assert (event.action, event.details) == ("create", {"code": made.code})


def test_a_category_needs_a_name_that_is_not_taken(session: Session, actor: Actor) -> None:
    with pytest.raises(ValidationError) as caught:
        add_sen_category(session, actor=actor, data=SenCategoryInput(label_ru="   "))
    assert set(caught.value.problems) == {"label_ru"}
    with pytest.raises(ValidationError) as caught:
        add_sen_category(
            session,
            actor=actor,
            data=SenCategoryInput(label_en="speech DISORDERS", label_kk="x" * 201),
        )
    assert set(caught.value.problems) == {"label_en", "label_kk"}
    add_sen_category(session, actor=actor, data=SenCategoryInput(label_ru="Дефицит внимания"))
    with pytest.raises(ValidationError) as caught:
        add_sen_category(session, actor=actor, data=SenCategoryInput(label_kk="дефицит ВНИМАНИЯ"))
    assert set(caught.value.problems) == {"label_kk"}


def test_archiving_hides_a_category_from_pickers_but_keeps_its_label(
    session: Session, actor: Actor
) -> None:
    made = add_sen_category(session, actor=actor, data=SenCategoryInput(label_en="Dyspraxia"))
    archived = archive_sen_category(session, actor=actor, code=made.code)
    assert archived.archived
    assert made.code not in {c.code for c in list_sen_categories(session, actor=actor)}
    everything = list_sen_categories(session, actor=actor, include_archived=True)
    assert made.code in {c.code for c in everything}
    assert sen_labels(session, actor=actor)[made.code] == "Dyspraxia"
    # The name is free again once archived.
    add_sen_category(session, actor=actor, data=SenCategoryInput(label_en="Dyspraxia"))


def test_builtins_cannot_be_archived_and_unknown_codes_are_reported(
    session: Session, actor: Actor
) -> None:
    with pytest.raises(ValidationError):
        archive_sen_category(session, actor=actor, code="speech")
    with pytest.raises(NotFoundError):
        archive_sen_category(session, actor=actor, code="custom_nothing")


def test_only_those_who_manage_the_room_add_categories(session: Session) -> None:
    assistant = Actor(staff_id=uuid.uuid4(), role="assistant")
    with pytest.raises(PermissionDeniedError):
        add_sen_category(session, actor=assistant, data=SenCategoryInput(label_en="Other"))
    assert len(list_sen_categories(session, actor=assistant)) == 10


def test_label_ranks_follow_the_alphabet() -> None:
    ranks = label_ranks({"b": "Әлия", "a": "Бота", "c": "Асель", "d": "Zeta"})
    assert sorted(ranks, key=ranks.__getitem__) == ["c", "b", "a", "d"]
