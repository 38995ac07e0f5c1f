"""A PMPK conclusion's recommendations: conditions, specialists and programme."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from caseroom.db.models import Child, PmpkConclusion
from caseroom.errors import ValidationError
from caseroom.services.common import NOTE_MAX, Actor
from caseroom.services.plans.pmpk import (
    SPECIALISTS_MAX,
    ConclusionInput,
    add_conclusion,
    conclusions_of_child,
    current_conclusion,
    update_conclusion,
)


def _conclusion(**changes: object) -> ConclusionInput:
    values: dict[str, object] = {
        "issued_on": date(2026, 5, 20),
        "number": "145",
        "conditions": " Обучение в общеобразовательном классе с ассистентом.\n",
        "specialists": (" учитель-логопед", "педагог-психолог", "Учитель-логопед", ""),
        "programme": "Адаптированная общеобразовательная программа",
        "recommendations": "Повторно через год",
    }
    values.update(changes)
    return ConclusionInput(**values)  # type: ignore[arg-type]


def test_the_three_fields_are_cleaned_stored_and_read(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    made = add_conclusion(session, actor=actor, child_id=child.id, data=_conclusion(), today=today)
    assert made.conditions == "Обучение в общеобразовательном классе с ассистентом."
    assert made.specialists == ("учитель-логопед", "педагог-психолог")
    assert made.programme == "Адаптированная общеобразовательная программа"
    assert made.recommendations == "Повторно через год"
    stored = session.get(PmpkConclusion, made.id)
    assert stored is not None and stored.specialists == ["учитель-логопед", "педагог-психолог"]
    (listed,) = conclusions_of_child(session, actor=actor, child_id=child.id)
    assert listed == made
    assert current_conclusion(session, actor=actor, child_id=child.id) == made


def test_an_update_changes_and_empties_them(
    session: Session, actor: Actor, child: Child, today: date
) -> None:
    made = add_conclusion(session, actor=actor, child_id=child.id, data=_conclusion(), today=today)
    changed = update_conclusion(
        session,
        actor=actor,
        conclusion_id=made.id,
        data=_conclusion(conditions="", specialists=("тьютор",), programme=None),
        today=today,
    )
    assert (changed.conditions, changed.specialists, changed.programme) == (None, ("тьютор",), None)
    (listed,) = conclusions_of_child(session, actor=actor, child_id=child.id)
    assert listed.specialists == ("тьютор",) and listed.conditions is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"conditions": "класс\x00"},
            "conditions",
            "This note holds a control character, which cannot be stored; remove it",
        ),
        (
            {"programme": "x" * (NOTE_MAX + 1)},
            "programme",
            "The text is too long (at most 100\u00a0000 characters)",
        ),
        (
            {"specialists": ("логопед\tпсихолог",)},
            "specialists",
            "This text holds a control character, which cannot be stored; remove it",
        ),
        (
            {"specialists": ("x" * 81,)},
            "specialists",
            "Each entry is at most 80 characters long",
        ),
        (
            {"specialists": tuple(f"специалист {n}" for n in range(SPECIALISTS_MAX + 1))},
            "specialists",
            "At most 12 entries can be stored",
        ),
    ],
)
def test_bad_recommendations_are_refused(
    session: Session,
    actor: Actor,
    child: Child,
    today: date,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError) as error:
        add_conclusion(
            session, actor=actor, child_id=child.id, data=_conclusion(**changes), today=today
        )
    assert error.value.problems == {field: message}
    assert conclusions_of_child(session, actor=actor, child_id=child.id) == []
