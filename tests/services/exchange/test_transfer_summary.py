"""A child transferred out stays in the sending room's term figures for the days she was on
its roll: counted up to the day she left, her family's involvement up to that day too."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from transfer_rooms import DEMO_TODAY, RoomMaker, export_file

from caseroom.db.models import Caregiver, Child, HomePractice
from caseroom.reports.data import InvolvementMeasure, TermSummaryData
from caseroom.services.common import SYSTEM
from caseroom.services.parents.involvement import family_involvement
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting.summary import term_summary_data
from caseroom.vocab import ChildStatus, PracticeOutcome

LATER = date(2027, 1, 25)
"""A day in the third quarter, after the transfer."""


def _summary(engine: Engine, period: str, made_on: date) -> TermSummaryData:
    with Session(engine) as session:
        found = resolve_period(session, period, today=made_on)
        return term_summary_data(
            session, actor=SYSTEM, period=found, identified=False, made_on=made_on
        )


def _only_child_with_involvement(session: Session, start: date) -> Child:
    """A child who is her family's only child, whose family took part before the transfer."""
    alone = (
        select(col(Child.family_id))
        .group_by(col(Child.family_id))
        .having(func.count() == 1)
        .scalar_subquery()
    )
    for child in session.execute(
        select(Child)
        .where(col(Child.family_id).in_(alone), col(Child.status) == ChildStatus.ACTIVE.value)
        .order_by(col(Child.case_number))
    ).scalars():
        figures = family_involvement(
            session, actor=SYSTEM, family_id=child.family_id, start=start, end=DEMO_TODAY
        )
        if figures.consultations_offered + figures.practice_given > 0:
            return child
    raise AssertionError("the demo gives some only child a family that took part")


def _rates(data: TermSummaryData) -> dict[InvolvementMeasure, Any]:
    return {rate.measure: rate.ratio for rate in data.involvement}


def _same_figures(before: TermSummaryData, after: TermSummaryData) -> None:
    assert after.children_total == before.children_total
    assert after.children_by_category == before.children_by_category
    assert after.children_by_grade == before.children_by_grade
    assert after.goals == before.goals
    assert _rates(after) == _rates(before)
    assert after.families == before.families


def test_a_transferred_child_stays_in_the_term_she_was_on_the_roll(
    make_room: RoomMaker,
) -> None:
    room = make_room("sending", 7)
    with Session(room) as session:
        year = resolve_period(session, "2026-2027", today=DEMO_TODAY)
        child = _only_child_with_involvement(session, year.start)
        child_id = child.id
    before = _summary(room, "2026-2027", DEMO_TODAY)
    quarter_before = _summary(room, "2026-2027:q2", DEMO_TODAY)
    export_file(room, child_id)
    with Session(room) as session:
        moved = session.get(Child, child_id)
        assert moved is not None and moved.archived_at is not None
        assert moved.status == ChildStatus.TRANSFERRED.value and moved.left_on == DEMO_TODAY
    _same_figures(before, _summary(room, "2026-2027", DEMO_TODAY))
    _same_figures(quarter_before, _summary(room, "2026-2027:q2", DEMO_TODAY))
    assert before.children_total > 0
    assert _rates(before)[InvolvementMeasure.FAMILIES_INVOLVED].whole > 0


def test_after_she_left_neither_she_nor_her_family_counts(make_room: RoomMaker) -> None:
    room = make_room("sending", 7)
    with Session(room) as session:
        year = resolve_period(session, "2026-2027", today=DEMO_TODAY)
        child = _only_child_with_involvement(session, year.start)
        child_id, family_id = child.id, child.family_id
    third_before = _summary(room, "2026-2027:q3", LATER)
    export_file(room, child_id)
    # The third quarter starts after the day she left: she is no longer on this roll.
    third = _summary(room, "2026-2027:q3", LATER)
    assert third.children_total == third_before.children_total - 1
    year_so_far = _summary(room, "2026-2027", LATER)
    with Session(room) as session:
        caregiver = session.execute(
            select(col(Caregiver.id)).where(col(Caregiver.family_id) == family_id).limit(1)
        ).scalar_one()
        # Practice given to her family after she left is not the sending room's figure.
        session.add(
            HomePractice(
                id=uuid.uuid4(),
                caregiver_id=caregiver,
                child_id=child_id,
                task="After the move",
                given_on=DEMO_TODAY + timedelta(days=10),
                outcome=PracticeOutcome.DONE.value,
            )
        )
        session.commit()
    later = _summary(room, "2026-2027", LATER)
    assert _rates(later) == _rates(year_so_far)
    assert _rates(later)[InvolvementMeasure.FAMILIES_INVOLVED].whole > 0
