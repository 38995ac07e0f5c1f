"""Who was on the room's roll: the one rule the term summary and the centre's bundle share."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import col

from caseroom.db.models import Child
from caseroom.vocab import ChildStatus


def on_roll_between(start: date, end: date) -> ColumnElement[bool]:
    """A child who was on the room's roll for some of `start`..`end`: not archived, or
    archived because she was transferred to another room (then up to the day she left).

    A child archived for any other reason (a duplicate, entered by mistake) never was."""
    transferred = and_(
        col(Child.status) == ChildStatus.TRANSFERRED.value, col(Child.left_on).is_not(None)
    )
    return and_(
        or_(col(Child.archived_at).is_(None), transferred),
        col(Child.enrolled_on) <= end,
        or_(col(Child.left_on).is_(None), col(Child.left_on) >= start),
        or_(col(Child.status) != ChildStatus.LEFT.value, col(Child.left_on).is_not(None)),
    )
