"""The demo's weekly timetable: each specialist's recurring sessions around this week.

Each specialist gets a few individual series and one group series with children they
work with, weekly from this week's Monday for four weeks. A slot is tried only if it
clashes with nothing (the demo's own planned sessions included): the timetable service
refuses clashes, and the next day or time is tried instead.
"""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.dates import week_start
from caseroom.db.models import Child, ChildSpecialist
from caseroom.demo.world import World
from caseroom.errors import ValidationError
from caseroom.services.common import SYSTEM
from caseroom.services.permissions import SPECIALIST_ROLES
from caseroom.services.sessions.timetable import SeriesInput, create_series
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
    sessions planned (0 when no slot is free)."""
    first = world.rng.randrange(5)
    for offset in range(5):
        for at in _TIMES:
            attempt = SeriesInput(
                **{
                    **{f: getattr(data, f) for f in data.__dataclass_fields__},
                    "weekday": (first + offset) % 5,
                    "starts_at": at,
                }
            )
            try:
                with session.begin_nested():
                    made = create_series(
                        session,
                        actor=SYSTEM,
                        data=attempt,
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
