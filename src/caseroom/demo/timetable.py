"""The demo's weekly timetable: each specialist's recurring sessions around this week.

Each specialist gets a few individual series and one group series with children they
work with, weekly from this week's Monday for four weeks. A slot is tried only if it
clashes with nothing (the demo's own planned sessions included): the timetable service
finds a weekday's free times in one go, and the next day is tried when none is free.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.dates import week_start
from caseroom.db.models import Child, ChildSpecialist
from caseroom.demo.world import World
from caseroom.errors import ValidationError
from caseroom.services.common import SYSTEM
from caseroom.services.permissions import SPECIALIST_ROLES
from caseroom.services.sessions.timetable import SeriesInput, create_series, free_start_times
from caseroom.vocab import SessionKind

INDIVIDUAL_SERIES = 3
WEEKS = 4
_TIMES = tuple(time(hour, minute) for hour in range(8, 17) for minute in (0, 30))


def _children_of(session: Session, staff_id: uuid.UUID | None, today: date) -> list[uuid.UUID]:
    """Active children the specialist works with (with None: the room's, last first)."""
    query = select(col(Child.id))
    if staff_id is not None:
        query = query.join(ChildSpecialist, col(ChildSpecialist.child_id) == col(Child.id)).where(
            col(ChildSpecialist.staff_id) == staff_id
        )
    return list(
        session.scalars(
            query.where(
                col(Child.status) == "active",
                col(Child.enrolled_on) <= week_start(today),
                col(Child.archived_at).is_(None),
            ).order_by(
                col(Child.case_number).desc() if staff_id is None else col(Child.case_number)
            )
        )
    )


def _place(session: Session, world: World, data: SeriesInput) -> int:
    """Store `data` at the first weekday and time that clash with nothing; the number of
    sessions planned (0 when no slot is free).

    The free times of a weekday are found in one go (`free_start_times`), so a full
    timetable costs a few queries per weekday, not one series attempt per time.
    """
    first = world.rng.randrange(5)
    for offset in range(5):
        weekday = replace(data, weekday=(first + offset) % 5)
        for at in free_start_times(session, data=weekday, starts=list(_TIMES), today=world.today):
            try:
                with session.begin_nested():
                    made = create_series(
                        session,
                        actor=SYSTEM,
                        data=replace(weekday, starts_at=at),
                        today=world.today,
                        new_id=world.new_id,
                        audited=False,
                    )
                return made.planned
            except ValidationError:
                continue
    return 0


def add_timetable(session: Session, world: World, counts: dict[str, int]) -> None:
    """Give each specialist a weekly timetable covering the current week."""
    session.flush()
    monday = week_start(world.today)
    made = 0
    for role, staff_id in world.staff.items():
        if role not in SPECIALIST_ROLES:
            continue
        # (a social pedagogue leads no child's work: she sees some of the room's children)
        children = _children_of(session, staff_id, world.today) or _children_of(
            session, None, world.today
        )
        plans: list[tuple[str, tuple[uuid.UUID, ...]]] = [
            (SessionKind.INDIVIDUAL.value, (child,)) for child in children[:INDIVIDUAL_SERIES]
        ]
        group = tuple(children[INDIVIDUAL_SERIES : INDIVIDUAL_SERIES + 3])
        if len(group) >= 2:
            plans.append((SessionKind.GROUP.value, group))
        for kind, child_ids in plans:
            data = SeriesInput(
                staff_id=staff_id,
                kind=kind,
                child_ids=child_ids,
                weekday=0,
                starts_at=_TIMES[0],
                minutes=40 if kind == SessionKind.GROUP else 30,
                starts_on=monday,
                ends_on=monday + timedelta(weeks=WEEKS) - timedelta(days=1),
            )
            planned = _place(session, world, data)
            made += planned > 0
            counts["session_record"] = counts.get("session_record", 0) + planned
            counts["attendance"] = counts.get("attendance", 0) + planned * len(child_ids)
    counts["timetable_series"] = counts.get("timetable_series", 0) + made
