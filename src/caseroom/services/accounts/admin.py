"""Accounts as an administrator keeps them: list, reset, unlock, grant, archive; and
archiving a staff member who left together with her account.

Re-exported by `caseroom.services.accounts.accounts`; import from there.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.account_keys import drop_account_slot, set_account_slot
from caseroom.db.models import Staff
from caseroom.db.models_accounts import Account
from caseroom.db.types import utcnow
from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.services.accounts.passwords import hash_password, password_problems
from caseroom.services.accounts.records import (
    AccountRead,
    account_of_staff_id,
    engine_of,
    read_account,
    require_admin_or_self,
    staff_of,
)
from caseroom.services.accounts.restricted import slot_access
from caseroom.services.common import Actor, Problems, audit, load
from caseroom.services.people.staff import StaffRead, archive_staff
from caseroom.services.permissions import Permission, require
from caseroom.vocab import StaffRole


def _load(session: Session, account_id: uuid.UUID) -> Account:
    return load(session, Account, account_id, _("This account was not found"))


def list_accounts(
    session: Session, *, actor: Actor, include_archived: bool = False
) -> list[AccountRead]:
    """Every account with its staff member, by user name (administrators only)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    query = select(Account, Staff).join(Staff, col(Staff.id) == col(Account.staff_id))
    if not include_archived:
        query = query.where(col(Account.archived_at).is_(None))
    rows = session.execute(query.order_by(col(Account.username_key))).all()
    return [read_account(account, staff) for account, staff in rows]


def get_account(session: Session, *, actor: Actor, account_id: uuid.UUID) -> AccountRead:
    """One account (administrators, or the account's own holder)."""
    account = _load(session, account_id)
    require_admin_or_self(actor, account)
    return read_account(account, staff_of(session, account))


def account_of_staff(session: Session, *, actor: Actor, staff_id: uuid.UUID) -> AccountRead | None:
    """The account of a staff member, if any (administrators, or the person themselves)."""
    if staff_id != actor.staff_id:
        require(actor, Permission.MANAGE_ACCOUNTS)
    account = account_of_staff_id(session, staff_id)
    return None if account is None else read_account(account, staff_of(session, account))


def _write(
    session: Session, actor: Actor, account: Account, action: str, details: dict[str, object]
) -> AccountRead:
    account.updated_at = utcnow()
    audit(
        session,
        actor=actor,
        action=action,
        entity="account",
        entity_id=account.id,
        details=details,
    )
    session.flush()
    return read_account(account, staff_of(session, account))


def reset_password(
    session: Session, *, actor: Actor, account_id: uuid.UUID, new_password: str
) -> AccountRead:
    """Give an account a new password that must be changed at the next sign-in; unlocks it."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = _load(session, account_id)
    problems = Problems()
    for problem in password_problems(account.username, new_password):
        problems.add("new_password", problem)
    problems.raise_if_any()
    account.password_hash = hash_password(new_password)
    account.password_changed_at = utcnow()
    account.must_change_password = True
    account.failed_attempts = 0
    account.lockouts = 0
    account.locked_until = None
    written = _write(session, actor, account, "reset_password", {})
    # a new slot: whoever resets without holding the key to notes leaves access pending
    restricted_key, pending = slot_access(session, actor, staff_of(session, account).role)
    set_account_slot(
        engine_of(session),
        account.username,
        new_password,
        restricted_key=restricted_key,
        pending=pending,
    )
    return written


def unlock_account(session: Session, *, actor: Actor, account_id: uuid.UUID) -> AccountRead:
    """Lift a lock-out before its time (administrators)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = _load(session, account_id)
    account.failed_attempts = 0
    account.lockouts = 0
    account.locked_until = None
    return _write(session, actor, account, "unlock", {})


def set_identified_access(
    session: Session, *, actor: Actor, account_id: uuid.UUID, granted: bool
) -> AccountRead:
    """Grant or withdraw an administrator's access to identified data (audited)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = _load(session, account_id)
    if granted and staff_of(session, account).role != StaffRole.ADMINISTRATOR:
        Problems(
            {"identified_access": _("Only an administrator's account can get identified access")}
        ).raise_if_any()
    account.identified_access = granted
    return _write(session, actor, account, "grant", {"identified_access": granted})


def _closing_problems(session: Session, actor: Actor, account: Account) -> Problems:
    """What stops `actor` closing `account`: your own, or the last administrator's."""
    problems = Problems()
    if account.staff_id == actor.staff_id:
        problems.add("account_id", _("You cannot close your own account"))
    elif staff_of(session, account).role == StaffRole.ADMINISTRATOR:
        others = session.execute(
            select(col(Account.id))
            .join(Staff, col(Staff.id) == col(Account.staff_id))
            .where(
                col(Account.archived_at).is_(None),
                col(Staff.archived_at).is_(None),
                col(Staff.role) == StaffRole.ADMINISTRATOR,
                col(Account.id) != account.id,
            )
        ).first()
        if others is None:
            problems.add("account_id", _("The last administrator's account cannot be closed"))
    return problems


def _close(session: Session, actor: Actor, account: Account) -> AccountRead:
    """Archive `account` (audited) and drop its key slot from an encrypted file."""
    if account.archived_at is None:
        account.archived_at = utcnow()
    written = _write(session, actor, account, "archive", {})
    drop_account_slot(engine_of(session), account.username)
    return written


def archive_account(session: Session, *, actor: Actor, account_id: uuid.UUID) -> AccountRead:
    """Close an account (it can no longer sign in); never your own or the last administrator's."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    account = _load(session, account_id)
    _closing_problems(session, actor, account).raise_if_any()
    return _close(session, actor, account)


def archive_staff_member(session: Session, *, actor: Actor, staff_id: uuid.UUID) -> StaffRead:
    """Archive a staff member who left, closing her account and dropping its key slot.

    Use this rather than `people.staff.archive_staff` (which refuses a staff member who
    still has an open account). Closing an account needs `Permission.MANAGE_ACCOUNTS` and
    keeps the rules of `archive_account` (not your own, not the last administrator's).
    """
    require(actor, Permission.MANAGE_ROOM)
    account = account_of_staff_id(session, staff_id)
    if account is not None and account.archived_at is None:
        require(actor, Permission.MANAGE_ACCOUNTS)
        problems = _closing_problems(session, actor, account)
        if problems:
            raise ValidationError({"staff_id": next(iter(problems.found.values()))})
        _close(session, actor, account)
    return archive_staff(session, actor=actor, staff_id=staff_id)
