"""Adding a colleague: a staff member of the room, with an account when she needs one.

The account starts with a temporary password that she must change at her first sign-in;
both the app's accounts screen and `caseroom staff add` call this.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.accounts.accounts import create_account
from caseroom.services.accounts.records import AccountRead
from caseroom.services.common import Actor
from caseroom.services.people.rooms import get_room
from caseroom.services.people.staff import StaffInput, StaffRead, create_staff
from caseroom.services.permissions import Permission, require


@dataclass(frozen=True, slots=True)
class NewColleague:
    """The staff member made, and her account (None when none was asked for)."""

    staff: StaffRead
    account: AccountRead | None


def add_colleague(
    session: Session,
    *,
    actor: Actor,
    data: StaffInput,
    username: str | None = None,
    temporary_password: str | None = None,
) -> NewColleague:
    """Add a staff member to the room; with `username`, also an account whose
    `temporary_password` must be changed at the first sign-in.

    Adding the person needs the room's management; the account also needs the management
    of accounts, checked before anything is written.
    """
    require(actor, Permission.MANAGE_ROOM)
    if username is not None:
        require(actor, Permission.MANAGE_ACCOUNTS)
        if not temporary_password:
            raise UserError(_("A new account needs a temporary password"))
    room = get_room(session)
    if room is None:
        raise UserError(_("Set up the room first: the school and the room's name"))
    member = create_staff(session, actor=actor, room_id=room.id, data=data)
    account = None
    if username is not None and temporary_password is not None:
        account = create_account(
            session,
            actor=actor,
            staff_id=member.id,
            username=username,
            password=temporary_password,
            must_change_password=True,
        )
    return NewColleague(member, account)
