"""Setting up a new room database: its room, the first staff member and her account, and
the current school year. The app's first run and `caseroom init` both call this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.accounts.accounts import accounts_exist, actor_of_staff, create_account
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.rooms import create_room, get_room
from caseroom.services.people.staff import StaffInput, StaffRead, create_staff
from caseroom.services.plans.calendar import school_year_of


@dataclass(frozen=True, slots=True)
class RoomSetup:
    """What a person gives to set up a room."""

    school_name: str
    room_name: str
    locality: str | None
    language: str
    first_staff: StaffInput
    username: str
    password: str


def set_up_room(session: Session, setup: RoomSetup, *, today: date) -> tuple[StaffRead, Actor]:
    """Make the room, its first staff member with her account, and today's school year.

    Acts as the system, which only a database without a room allows; returns the staff
    member and the actor she acts as from now on. Nothing is committed here.
    """
    if get_room(session) is not None or accounts_exist(session):
        raise UserError(_("This database already has a room; edit it instead"))
    room = create_room(
        session,
        actor=SYSTEM,
        school_name=setup.school_name,
        room_name=setup.room_name,
        locality=setup.locality or None,
        default_language=setup.language,
    )
    member = create_staff(session, actor=SYSTEM, room_id=room.id, data=setup.first_staff)
    create_account(
        session,
        actor=SYSTEM,
        staff_id=member.id,
        username=setup.username,
        password=setup.password,
    )
    actor = actor_of_staff(session, member.id)
    school_year_of(session, today, actor=actor, ensure=True)
    return member, actor
