"""What the main window shows first: which room this is and how much it holds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import Child, Family, Room, SessionRecord
from caseroom.services.common import Actor


@dataclass(frozen=True, slots=True)
class Overview:
    """The room's name and the number of active records of each main kind."""

    school_name: str | None
    room_name: str | None
    children: int
    families: int
    sessions: int


def room_overview(session: Session, *, actor: Actor) -> Overview:
    """Counts of non-archived children, families and sessions, and the room's names."""
    del actor  # every role may see the counts
    room = session.execute(
        select(col(Room.school_name), col(Room.room_name))
        .where(col(Room.archived_at).is_(None))
        .limit(1)
    ).first()

    def count(model: type[Child] | type[Family] | type[SessionRecord]) -> int:
        query = select(func.count()).select_from(model).where(col(model.archived_at).is_(None))
        return int(session.execute(query).scalar_one())

    return Overview(
        school_name=room[0] if room else None,
        room_name=room[1] if room else None,
        children=count(Child),
        families=count(Family),
        sessions=count(SessionRecord),
    )
