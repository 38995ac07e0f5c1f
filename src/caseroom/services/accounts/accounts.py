"""Staff accounts: create them, sign in with lock-out, change and reset passwords.

Passwords are kept only as argon2id hashes (`services.passwords`) and never written to
the audit trail or a log. Signing in records its outcome (failures count towards a
lock-out), so `authenticate` returns a `LoginResult` instead of raising: the caller
commits in both cases, then acts on the result.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, select
from sqlmodel import Session, col

from caseroom.db.account_keys import set_account_slot
from caseroom.db.attempts import MAX_FAILURES, lock_minutes, locked_message, take_pending
from caseroom.db.models import Staff
from caseroom.db.models_accounts import Account
from caseroom.db.types import utcnow
from caseroom.errors import LoginFailedError, NotFoundError, PermissionDeniedError
from caseroom.i18n import _
from caseroom.services.accounts.admin import (
    account_of_staff,
    archive_account,
    archive_staff_member,
    get_account,
    list_accounts,
    reset_password,
    set_identified_access,
    unlock_account,
)
from caseroom.services.accounts.passwords import (
    fold_username,
    hash_password,
    needs_rehash,
    password_problems,
    username_problem,
    verify_password,
)
from caseroom.services.accounts.records import (
    AccountRead,
    account_of_staff_id,
    engine_of,
    read_account,
    staff_of,
)
from caseroom.services.accounts.restricted import own_restricted_key, sign_in_keys, slot_access
from caseroom.services.common import Actor, Problems, audit, replaced_control_characters
from caseroom.services.permissions import (
    IDENTIFIED_ACCESS,
    SPECIALIST_ROLES,
    Permission,
    allowed,
    reads_restricted,
    require,
)
from caseroom.vocab import StaffRole

__all__ = [
    "FIRST_ACCOUNT_ROLES",
    "MAX_FAILURES",
    "AccountRead",
    "LoginResult",
    "account_of_staff",
    "accounts_exist",
    "actor_of_staff",
    "archive_account",
    "archive_staff_member",
    "authenticate",
    "change_password",
    "check_own_password",
    "create_account",
    "get_account",
    "list_accounts",
    "lock_minutes",
    "password_problems",
    "reset_password",
    "set_identified_access",
    "unlock_account",
]

FIRST_ACCOUNT_ROLES: frozenset[str] = frozenset(SPECIALIST_ROLES | {StaffRole.ADMINISTRATOR})
"""Who may hold the very first account of a database (someone who can then act)."""


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of a sign-in: the actor to act as, or a translated reason why not."""

    ok: bool
    actor: Actor | None = None
    account: AccountRead | None = None
    message: str | None = None
    locked_until: datetime | None = None
    restricted_access: str = "none"
    """On an encrypted file, the person's access to the key to notes ("held", "pending",
    "none", or "damaged" when its box in the key file was changed)."""

    @property
    def must_change_password(self) -> bool:
        """Whether the person must choose a new password before going on."""
        return self.account is not None and self.account.must_change_password

    def actor_or_raise(self) -> Actor:
        """The signed-in actor, or `LoginFailedError` with the reason."""
        if not self.ok or self.actor is None:
            raise LoginFailedError(self.message or "", locked_until=self.locked_until)
        return self.actor


def actor_of(account: Account, staff: Staff) -> Actor:
    """The actor a signed-in account acts as (role from the staff record, plus grants)."""
    grants: set[str] = set()
    if account.identified_access and staff.role == StaffRole.ADMINISTRATOR:
        grants.update(str(permission) for permission in IDENTIFIED_ACCESS)
    if account.manages_accounts:
        grants.update((Permission.MANAGE_ACCOUNTS.value, Permission.VIEW_AUDIT.value))
    return Actor(staff.id, staff.role, frozenset(grants))


def actor_of_staff(session: Session, staff_id: uuid.UUID) -> Actor:
    """The actor a staff member acts as, with their account's grants (none without one)."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise NotFoundError(_("This staff member is not in the database."))
    account = account_of_staff_id(session, staff_id)
    return actor_of(account, staff) if account is not None else Actor(staff.id, staff.role)


def accounts_exist(session: Session) -> bool:
    """Whether any account exists (then every use of the database needs signing in)."""
    return bool(session.execute(select(exists().where(col(Account.id).is_not(None)))).scalar())


def _by_username(session: Session, username: str) -> Account | None:
    key = fold_username(username)
    found = session.execute(select(Account).where(col(Account.username_key) == key))
    return found.scalars().first()


def create_account(
    session: Session,
    *,
    actor: Actor,
    staff_id: uuid.UUID,
    username: str,
    password: str,
    identified_access: bool = False,
    must_change_password: bool = False,
) -> AccountRead:
    """Give a staff member an account (administrators; anyone for the very first account).

    The first account of a database must belong to an administrator or a specialist, so
    that someone can go on working once accounts are required; it also manages accounts
    (and reads the audit trail), so a room without an administrator can add colleagues.
    """
    first = not accounts_exist(session)
    if not first:
        require(actor, Permission.MANAGE_ACCOUNTS)
    problems = Problems()
    staff = session.get(Staff, staff_id)
    if staff is None or staff.archived_at is not None:
        problems.add("staff_id", _("Choose a current staff member"))
    elif account_of_staff_id(session, staff_id) is not None:
        problems.add("staff_id", _("This staff member already has an account"))
    elif first and staff.role not in FIRST_ACCOUNT_ROLES:
        problems.add(
            "staff_id", _("The first account must belong to an administrator or a specialist")
        )
    if identified_access and staff is not None and staff.role != StaffRole.ADMINISTRATOR:
        problems.add(
            "identified_access", _("Only an administrator's account can get identified access")
        )
    name_problem = username_problem(username)
    if name_problem is not None:
        problems.add("username", name_problem)
    elif _by_username(session, username) is not None:
        problems.add("username", _("This user name is taken"))
    for problem in password_problems(username, password):
        problems.add("password", problem)
    problems.raise_if_any()
    assert staff is not None
    account = Account(
        staff_id=staff_id,
        username=username.strip(),
        username_key=fold_username(username),
        password_hash=hash_password(password),
        must_change_password=must_change_password,
        identified_access=identified_access,
        manages_accounts=first,
    )
    session.add(account)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity="account",
        entity_id=account.id,
        details={"staff_id": str(staff_id), "role": staff.role, "first": first},
    )
    restricted_key, pending = slot_access(session, actor, staff.role)
    set_account_slot(
        engine_of(session),
        account.username,
        password,
        restricted_key=restricted_key,
        pending=pending,
    )
    return read_account(account, staff)


_NOBODY = Actor(staff_id=None, role="nobody")
"""Who a failed sign-in is recorded as: nobody has proved who they are."""


def _locked_out(until: datetime, now: datetime) -> LoginResult:
    """A refused sign-in while the account is locked, saying for how long yet."""
    return LoginResult(ok=False, message=locked_message(until, now), locked_until=until)


def _audit_attempt(
    session: Session,
    action: str,
    account: Account | None,
    details: dict[str, object],
    actor: Actor = _NOBODY,
) -> None:
    """Record a sign-in attempt by user name (never the password)."""
    audit(
        session,
        actor=actor,
        action=action,
        entity="account",
        entity_id=account.id if account is not None else None,
        details=details,
    )


def _attempt(
    session: Session,
    account: Account | None,
    username: str,
    password: str,
    now: datetime,
    *,
    keys: bool = False,
) -> LoginResult:
    """Check `password` against `account`, counting failures and locking when due."""
    wrong = _("Wrong user name or password")
    staff = staff_of(session, account) if account is not None else None
    details: dict[str, object] = {"username": replaced_control_characters(username.strip()[:64])}
    if account is None or staff is None:
        verify_password(None, password)  # the same work as a known name, then fail
        _audit_attempt(session, "login_failed", None, details)
        return LoginResult(ok=False, message=wrong)
    if account.locked_until is not None and account.locked_until > now:
        _audit_attempt(session, "login_refused", account, details)
        return _locked_out(account.locked_until, now)
    right = verify_password(account.password_hash, password)
    retired = account.archived_at is not None or staff.archived_at is not None
    if not right or retired:
        if not retired:
            account.failed_attempts += 1
            if account.failed_attempts >= MAX_FAILURES:
                account.lockouts += 1
                account.failed_attempts = 0
                account.locked_until = now + timedelta(minutes=lock_minutes(account.lockouts))
                details["locked_minutes"] = lock_minutes(account.lockouts)
            account.updated_at = now
        _audit_attempt(session, "login_failed", account, details)
        session.flush()
        if account.locked_until is not None and account.locked_until > now:
            return _locked_out(account.locked_until, now)
        return LoginResult(ok=False, message=wrong)
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.failed_attempts = 0
    account.lockouts = 0
    account.locked_until = None
    account.last_login_at = now
    account.updated_at = now
    actor = actor_of(account, staff)
    _audit_attempt(session, "login", account, details, actor)
    session.flush()
    access = sign_in_keys(session, account.username, password, staff.role) if keys else "none"
    return LoginResult(
        ok=True, actor=actor, account=read_account(account, staff), restricted_access=access
    )


def authenticate(
    session: Session, *, username: str, password: str, now: datetime | None = None
) -> LoginResult:
    """Sign in with a user name and password; never raises for a wrong password.

    Five wrong passwords in a row lock the account for 5 minutes, then 15, 30 and 60 for
    each further lock-out in a row; a successful sign-in clears the count. The audit
    trail records the attempt by user name (never the password). Commit afterwards
    whatever the outcome, so failures are counted.
    """
    _audit_key_attempts(session)
    account = _by_username(session, username)
    return _attempt(session, account, username, password, now or utcnow(), keys=True)


def _audit_key_attempts(session: Session) -> None:
    """Write to the audit trail the attempts counted while the encrypted file was shut."""
    database = engine_of(session).url.database
    if not database or database == ":memory:":
        return
    for attempt in take_pending(Path(database)):
        _audit_attempt(
            session,
            f"login_{attempt.outcome}",
            None,
            {
                "username": attempt.username,
                "slot": attempt.kind,
                "attempted_at": attempt.at.isoformat(timespec="seconds"),
            },
        )


def check_own_password(
    session: Session, *, actor: Actor, password: str, now: datetime | None = None
) -> LoginResult:
    """Check the signed-in person's password again (the window lock screen); counts failures."""
    account = account_of_staff_id(session, actor.staff_id) if actor.staff_id is not None else None
    username = account.username if account is not None else ""
    return _attempt(session, account, username, password, now or utcnow())


def own_account(session: Session, actor: Actor) -> Account:
    """The acting person's account (`PermissionDeniedError` when they have none)."""
    account = account_of_staff_id(session, actor.staff_id) if actor.staff_id is not None else None
    if account is None or account.archived_at is not None:
        raise PermissionDeniedError(_("You are not signed in with an account"))
    return account


def change_password(
    session: Session, *, actor: Actor, old_password: str, new_password: str
) -> AccountRead:
    """Change the signed-in person's own password (the current one is required)."""
    account = own_account(session, actor)
    problems = Problems()
    if not verify_password(account.password_hash, old_password):
        problems.add("old_password", _("The current password is wrong"))
    for problem in password_problems(account.username, new_password):
        problems.add("new_password", problem)
    if new_password == old_password:
        problems.add("new_password", _("Choose a password different from the current one"))
    problems.raise_if_any()
    restricted_key = own_restricted_key(session, actor, account.username, old_password)
    now = utcnow()
    account.password_hash = hash_password(new_password)
    account.password_changed_at = now
    account.must_change_password = False
    account.updated_at = now
    audit(session, actor=actor, action="change_password", entity="account", entity_id=account.id)
    session.flush()
    set_account_slot(
        engine_of(session),
        account.username,
        new_password,
        restricted_key=restricted_key,
        pending=restricted_key is None and reads_restricted(actor.role),
    )
    return read_account(account, staff_of(session, account))


def may_manage_accounts(actor: Actor) -> bool:
    """Whether `actor` sees the accounts screen."""
    return allowed(actor, Permission.MANAGE_ACCOUNTS)
