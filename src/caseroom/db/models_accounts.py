"""Tables: Staff accounts and access: logins, roles, confidentiality.

A staff member has at most one account. The role comes from the staff record
(`Staff.role`); the account holds what signing in needs: the user name, an argon2id
hash of the password (never the password itself), the lock-out counters and an
administrator's grant to see identified data.
"""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlmodel import Field

from caseroom.db.record import Record
from caseroom.db.types import UTCDateTime, utcnow

USERNAME = 64
"""The longest user name an account may have."""


class Account(Record, table=True):
    """A staff member's login: user name, password hash and lock-out state."""

    __tablename__ = "account"
    __table_args__ = (
        CheckConstraint("failed_attempts >= 0", name="failed_attempts"),
        CheckConstraint("lockouts >= 0", name="lockouts"),
    )

    staff_id: uuid.UUID = Field(foreign_key="staff.id", unique=True)
    username: str = Field(sa_type=String(USERNAME))
    # The user name folded for comparison: "Dana" and "dana" are one account.
    username_key: str = Field(sa_type=String(USERNAME), unique=True)
    password_hash: str = Field(sa_type=Text)
    failed_attempts: int = Field(default=0)
    # How many times in a row the account was locked: each lock-out lasts longer.
    lockouts: int = Field(default=0)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    last_login_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    password_changed_at: datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, nullable=False
    )
    must_change_password: bool = Field(default=False)
    # An administrator sees de-identified figures only, unless granted identified access.
    identified_access: bool = Field(default=False)
    # The room's first account also manages accounts and reads the audit trail, whatever
    # its role: a room run by a psychologist alone must still be able to add a colleague.
    manages_accounts: bool = Field(default=False)
