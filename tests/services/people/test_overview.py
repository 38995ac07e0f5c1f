"""The counts the main window shows first."""

from __future__ import annotations

from sqlmodel import Session

from caseroom.db.models import Child, Family, Room
from caseroom.db.types import utcnow
from caseroom.services.common import SYSTEM
from caseroom.services.people.overview import room_overview


def test_empty_database_has_no_room_and_zero_counts(session: Session) -> None:
    overview = room_overview(session, actor=SYSTEM)
    assert overview.room_name is None
    assert (overview.children, overview.families, overview.sessions) == (0, 0, 0)


def test_archived_records_are_not_counted(
    session: Session, room: Room, family: Family, child: Child
) -> None:
    second = Family(room_id=room.id, display_name="Archived family", archived_at=utcnow())
    session.add(second)
    session.flush()
    overview = room_overview(session, actor=SYSTEM)
    assert overview.room_name == "Support room"
    assert overview.school_name == "School-lyceum No. 12"
    assert (overview.children, overview.families) == (1, 1)
