"""The PMPK's structured recommendations reach the consilium's progress report and the
PMPK presentation, in the report's language."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select
from tests.services.reporting.test_reporting import MADE_ON, PLAN_NOTE, build_world

from caseroom.db.models import PmpkConclusion, Room, Staff
from caseroom.services.common import Actor
from caseroom.services.plans.pmpk import ConclusionInput, conclusions_of_child, update_conclusion
from caseroom.services.reporting import report_data as reporting
from caseroom.services.reporting.forms import pmpk_form_data


def test_conditions_specialists_and_programme_print_before_the_rest(
    session: Session, room: Room, staff: Staff, actor: Actor
) -> None:
    world = build_world(session, room, staff, actor)
    (current, *_rest) = conclusions_of_child(session, actor=actor, child_id=world.aigerim)
    update_conclusion(
        session,
        actor=actor,
        conclusion_id=current.id,
        data=ConclusionInput(
            issued_on=current.issued_on,
            number=current.number,
            recommendations=current.recommendations,
            valid_until=current.valid_until,
            conditions="Инклюзивный класс с ассистентом",
            specialists=("логопед", "психолог"),
            programme="Адаптированная программа",
        ),
        today=MADE_ON,
    )

    for language, conditions, specialists, programme in (
        ("en", "Conditions of education: ", "Specialists: ", "Programme: "),
        ("ru", "Условия обучения: ", "Специалисты: ", "Программа: "),
    ):
        data = reporting.progress_report_data(
            session,
            actor=actor,
            child_id=world.aigerim,
            period=world.period,
            audience="consilium",
            made_on=MADE_ON,
            language=language,
        )
        assert data.recommendations == (
            conditions + "Инклюзивный класс с ассистентом",
            specialists + "логопед, психолог",
            programme + "Адаптированная программа",
            "Speech therapy twice a week",
            PLAN_NOTE,
        )

    form = pmpk_form_data(session, actor=actor, child_id=world.aigerim, made_on=MADE_ON)
    assert form.earlier_conditions == "Инклюзивный класс с ассистентом"
    assert form.earlier_specialists == ("логопед", "психолог")
    assert form.earlier_programme == "Адаптированная программа"
    stored = session.execute(
        select(PmpkConclusion).where(col(PmpkConclusion.id) == current.id)
    ).scalar_one()
    assert stored.specialists == ["логопед", "психолог"]
    assert date(2026, 6, 10) == stored.issued_on
