"""The week view of the timetable: every session of a week, per specialist or the room's.

One query gives the week (the sessions with their specialist, their series and the names
of the children expected, planned or held); the printable week and the Timetable page
both read it. `find_staff` resolves the name a person types (a user name, or a last name
matched without regard to case).
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlmodel import Session, col

from caseroom.db.models import Attendance, Child, SessionRecord, Staff
from caseroom.db.models_accounts import Account
from caseroom.db.models_timetable import TimetableOccurrence
from caseroom.db.sql import joined_text
from caseroom.errors import NotFoundError, UserError
from caseroom.i18n import _
from caseroom.services.common import Actor
from caseroom.services.permissions import Permission, require

NAME_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class WeekEntry:
    """One session in the week."""

    session_id: uuid.UUID
    series_id: uuid.UUID | None
    day: date
    starts_at: time | None
    minutes: int | None
    kind: str
    status: str
    staff_id: uuid.UUID
    staff_name: str
    children: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StaffChoice:
    """A staff member a timetable can be shown for."""

    id: uuid.UUID
    name: str
    username: str | None
    last_name: str


def _staff_name(last: str, first: str) -> str:
    return f"{last} {first[:1]}." if first else last


def _week_query(monday: date, staff_id: uuid.UUID | None) -> Any:
    children = (
        select(joined_text(col(Child.first_name) + " " + col(Child.last_name), NAME_SEPARATOR))
        .select_from(Attendance)
        .join(Child, col(Child.id) == col(Attendance.child_id))
        .where(
            col(Attendance.session_id) == col(SessionRecord.id),
            col(Attendance.archived_at).is_(None),
        )
        .scalar_subquery()
    )
    query = (
        select(
            col(SessionRecord.id),
            col(TimetableOccurrence.series_id),
            col(SessionRecord.held_on),
            col(SessionRecord.starts_at),
            col(SessionRecord.minutes),
            col(SessionRecord.kind),
            col(SessionRecord.status),
            col(SessionRecord.staff_id),
            col(Staff.last_name),
            col(Staff.first_name),
            type_coerce(children, String),
        )
        .join(Staff, col(Staff.id) == col(SessionRecord.staff_id))
        .outerjoin(
            TimetableOccurrence, col(TimetableOccurrence.session_id) == col(SessionRecord.id)
        )
        .where(
            col(SessionRecord.held_on) >= monday,
            col(SessionRecord.held_on) <= monday + timedelta(days=6),
            col(SessionRecord.archived_at).is_(None),
        )
        .order_by(col(SessionRecord.held_on), col(SessionRecord.starts_at), col(Staff.last_name))
    )
    if staff_id is not None:
        query = query.where(col(SessionRecord.staff_id) == staff_id)
    return query


def week_sessions(
    session: Session, *, actor: Actor, monday: date, staff_id: uuid.UUID | None = None
) -> list[WeekEntry]:
    """The sessions of the week starting on `monday`: one specialist's, or the room's."""
    require(actor, Permission.VIEW_RECORDS)
    rows = session.execute(_week_query(monday, staff_id))
    return [
        WeekEntry(
            sid,
            series,
            day,
            at,
            minutes,
            kind,
            status,
            staff,
            _staff_name(last, first),
            tuple(sorted(names.split(NAME_SEPARATOR))) if names else (),
        )
        for sid, series, day, at, minutes, kind, status, staff, last, first, names in rows
    ]


def staff_choices(session: Session, *, actor: Actor) -> list[StaffChoice]:
    """Staff members a timetable can be shown for, by last name."""
    require(actor, Permission.VIEW_RECORDS)
    rows = session.execute(
        select(col(Staff.id), col(Staff.last_name), col(Staff.first_name), col(Account.username))
        .outerjoin(Account, col(Account.staff_id) == col(Staff.id))
        .where(col(Staff.archived_at).is_(None))
        .order_by(col(Staff.last_name), col(Staff.first_name))
    )
    return [
        StaffChoice(staff_id, f"{last} {first}", username, last)
        for staff_id, last, first, username in rows
    ]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def find_staff(session: Session, *, actor: Actor, name: str) -> StaffChoice:
    """The staff member `name` means: a user name, else a last name (case ignored).

    `NotFoundError` when nobody matches; `UserError` listing the matches when several do.
    """
    wanted = _fold(name)
    choices = staff_choices(session, actor=actor)
    by_user = [c for c in choices if c.username is not None and _fold(c.username) == wanted]
    if by_user:
        return by_user[0]
    matches = [c for c in choices if _fold(c.last_name) == wanted]
    if not matches:
        raise NotFoundError(
            _("No staff member has the user name or last name “{name}”.").format(name=name.strip())
        )
    if len(matches) > 1:
        listed = "; ".join(f"{c.name} ({c.username})" if c.username else c.name for c in matches)
        raise UserError(
            _(
                "“{name}” is the last name of several staff members: {matches}. "
                "Give a user name instead."
            ).format(name=name.strip(), matches=listed)
        )
    return matches[0]
