"""What the account services share: the `AccountRead` value and the look-ups both the
sign-in side (`accounts.py`) and the administration side (`admin.py`) use.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from caseroom.db.models import Staff
from caseroom.db.models_accounts import Account
from caseroom.services.common import Actor
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require


@dataclass(frozen=True, slots=True)
class AccountRead:
    """An account as the accounts screen shows it (no hash, ever)."""

    id: uuid.UUID
    staff_id: uuid.UUID
    username: str
    staff_name: str
    role: str
    must_change_password: bool
    identified_access: bool
    failed_attempts: int
    locked_until: datetime | None
    last_login_at: datetime | None
    password_changed_at: datetime
    archived: bool


def read_account(account: Account, staff: Staff) -> AccountRead:
    """The account as the screens show it."""
    return AccountRead(
        id=account.id,
        staff_id=account.staff_id,
        username=account.username,
        staff_name=full_name(staff.last_name, staff.first_name, staff.patronymic),
        role=staff.role,
        must_change_password=account.must_change_password,
        identified_access=account.identified_access,
        failed_attempts=account.failed_attempts,
        locked_until=account.locked_until,
        last_login_at=account.last_login_at,
        password_changed_at=account.password_changed_at,
        archived=account.archived_at is not None,
    )


def staff_of(session: Session, account: Account) -> Staff:
    """The staff member who holds `account`."""
    staff = session.get(Staff, account.staff_id)
    assert staff is not None  # a foreign key holds it
    return staff


def engine_of(session: Session) -> Engine:
    """The engine of the open database (whose key file holds the account key slots)."""
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def account_of_staff_id(session: Session, staff_id: uuid.UUID) -> Account | None:
    """The account of a staff member, archived or not (None when she has none)."""
    found = session.execute(select(Account).where(col(Account.staff_id) == staff_id))
    return found.scalars().first()


def require_admin_or_self(actor: Actor, account: Account) -> None:
    """Refuse unless `actor` holds `account` or manages accounts."""
    if account.staff_id != actor.staff_id:
        require(actor, Permission.MANAGE_ACCOUNTS)
