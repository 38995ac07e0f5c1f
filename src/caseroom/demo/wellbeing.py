"""Demo data: a few mothers' own wellbeing check-ins over the year, with safety flags.

Up to four mothers give their consent to their own screening at the start of the year and
then one to three check-ins each. The first mother's latest PHQ-9 raises a safety flag that
is still waiting for a follow-up (it shows on Today); the second mother's first PHQ-9
raised one that was followed up the same day. Rows are written with Core inserts like the
rest of the demo (seed-determined ids, no audit events) and scored by the same
`services.instruments.score` the app uses.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col

from caseroom.db import models
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag, WellbeingFollowup
from caseroom.demo.world import Row, World, table_of
from caseroom.services.people.staff import full_name
from caseroom.services.wellbeing.instruments import Instrument, builtin_instruments, score

# Per mother: (instrument, raw target total, safety item answer or None) for each check-in.
PLANS: tuple[tuple[tuple[str, int, int | None], ...], ...] = (
    (("phq9", 15, 0), ("phq9", 11, 0), ("phq9", 7, 1)),
    (("phq9", 12, 1), ("who5", 11, None), ("phq9", 8, 0)),
    (("gad7", 11, None), ("who5", 10, None), ("who5", 15, None)),
    (("pss", 55, None),),
)

_CONTACTED = {
    "ru": ("Сестра матери, с её согласия", "Договорились, что сестра побудет с ней вечером."),
    "kk": ("Анасының әпкесі, өз келісімімен", "Әпкесі кешке онымен бірге болатын болды."),
    "en": ("Her sister, with her agreement", "Her sister will stay with her this evening."),
}


def _answers(
    world: World, instrument: Instrument, target: int, safety: int | None
) -> dict[int, int | None]:
    """Answers whose raw total is `target` (as near as the items allow)."""
    scored: dict[int, int] = {}
    low: dict[int, int] = {}
    high: dict[int, int] = {}
    for item in instrument.items:
        values = [option.value for option in instrument.options_for(item.number)]
        low[item.number], high[item.number] = min(values), max(values)
        scored[item.number] = low[item.number]
    fixed = set()
    for number in instrument.safety_items:
        if safety is not None:
            scored[number] = low[number] + safety
            fixed.add(number)
    free = [n for n in scored if n not in fixed]
    while sum(scored.values()) < target:
        room = [n for n in free if scored[n] < high[n]]
        if not room:
            break
        scored[world.pick(room)] += 1
    return {
        number: (low[number] + high[number] - value)
        if number in instrument.reversed_items
        else value
        for number, value in scored.items()
    }


def _days(first: date, last: date, count: int) -> list[date]:
    """`count` days spread from `first` to `last` (the last one on `last`)."""
    span = max((last - first).days, 0)
    return [first + timedelta(days=span * (index + 1) // count) for index in range(count)]


def add_wellbeing(session: Session, world: World, counts: dict[str, int]) -> None:
    """Write the mothers' consents, check-ins, safety flags and one follow-up."""
    mothers = session.execute(
        select(
            col(models.Caregiver.id),
            col(models.Caregiver.last_name),
            col(models.Caregiver.first_name),
            col(models.Caregiver.patronymic),
        )
        .where(col(models.Caregiver.relation) == "mother")
        .order_by(col(models.Caregiver.id))
        .limit(len(PLANS))
    ).all()
    catalog = builtin_instruments()
    psychologist = world.staff["psychologist"]
    start = world.year.starts_on
    rows: dict[type[Any], list[Row]] = {}

    def add(model: type[Any], **columns: Any) -> Row:
        row = world.record(**columns)
        rows.setdefault(model, []).append(row)
        return row

    for (mother_id, last, first, patronymic), plan in zip(mothers, PLANS, strict=False):
        add(
            models.Consent,
            scope="parent_screening",
            child_id=None,
            caregiver_id=mother_id,
            signer_caregiver_id=mother_id,
            signer_name=full_name(last, first, patronymic),
            form="written",
            operator=world.school_name,
            data_collected=None,
            third_parties=None,
            cross_border=False,
            given_on=start,
            valid_until=None,
            withdrawn_on=None,
            withdrawal_note=None,
            recorded_by_id=psychologist,
        )
        days = _days(start + timedelta(days=14), world.today - timedelta(days=2), len(plan))
        for day, (ident, target, safety) in zip(days, plan, strict=True):
            day = max(day, start)
            instrument = catalog[ident]
            answers = _answers(world, instrument, target, safety)
            result = score(instrument, answers)
            checkin = add(
                WellbeingCheckin,
                caregiver_id=mother_id,
                instrument_id=ident,
                instrument_version=instrument.version,
                given_on=day,
                mode="in_person",
                answers={str(n): v for n, v in answers.items()},
                total=result.total,
                scaled_total=result.scaled_total,
                band=result.band,
                note=None,
                staff_id=psychologist,
                confidentiality="parent",
            )
            if not result.safety_items:
                continue
            flag = add(
                WellbeingFlag,
                checkin_id=checkin["id"],
                caregiver_id=mother_id,
                items=list(result.safety_items),
                raised_on=day,
                closed_on=None,
                closed_by_id=None,
                confidentiality="safeguarding",
            )
            if mother_id != mothers[0][0]:  # the first mother's flag still waits on Today
                whom, note = _CONTACTED.get(world.lang, _CONTACTED["en"])
                add(
                    WellbeingFollowup,
                    flag_id=flag["id"],
                    actions=["talked_today", "contacted"],
                    to_whom=whom,
                    note=note,
                    done_on=day,
                    staff_id=psychologist,
                    referral_id=None,
                )
    for model in (models.Consent, WellbeingCheckin, WellbeingFlag, WellbeingFollowup):
        if model in rows:
            session.execute(insert(table_of(model)), rows[model])
            name = table_of(model).name
            counts[name] = counts.get(name, 0) + len(rows[model])
