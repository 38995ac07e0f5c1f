"""Who holds the restricted key of an encrypted room, and confirming a colleague's access.

On an encrypted file restricted material (notes, safeguarding records, caregiver
check-ins) is meant for a second key, the restricted key (`db/restricted_keys.py`), sealed
only to the room's passphrase and to the accounts whose role reads it. An account written
by someone who does not hold it (an administrator adding a specialist, or resetting her
password) gets access *pending*: `confirm_restricted_access`, by someone who holds the key
(a specialist signed in, or anyone typing the room's passphrase), seals it to her.

A plain file has no second key: there nothing is pending and nothing can be confirmed.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.account_keys import encrypted_file
from caseroom.db.crypto import KeyFileDamagedError, SlotKind, WrongPassphraseError
from caseroom.db.models import Staff
from caseroom.db.models_accounts import Account
from caseroom.db.restricted_keys import (
    Access,
    Unlocked,
    access_of,
    grant,
    held,
    hold,
    unlock_restricted,
)
from caseroom.errors import PermissionDeniedError, UserError, ValidationError
from caseroom.i18n import _
from caseroom.services.accounts.records import (
    AccountRead,
    account_of_staff_id,
    engine_of,
    read_account,
    staff_of,
)
from caseroom.services.common import Actor, audit, load
from caseroom.services.permissions import Permission, allowed, reads_restricted

DAMAGED = "damaged"
"""The access of a sign-in whose box in the key file was changed on disk."""


def _same_name(left: str, right: str) -> bool:
    return left.strip().casefold() == right.strip().casefold()


def holder_key(session: Session, actor: Actor) -> bytes | None:
    """The restricted key if `actor` holds it in this session: the signed-in person whose
    own slot opened it, or the system when the passphrase did. None otherwise."""
    found = held(engine_of(session))
    if found is None:
        return None
    if found.username is None:
        return found.restricted_key if actor.is_system else None
    if not reads_restricted(actor.role) or actor.staff_id is None:
        return None
    account = account_of_staff_id(session, actor.staff_id)
    if account is None or not _same_name(account.username, found.username):
        return None
    return found.restricted_key


def slot_access(session: Session, actor: Actor, role: str) -> tuple[bytes | None, bool]:
    """For a slot `actor` writes now for someone of `role`: the restricted key to seal to
    it (when `actor` holds it) and whether its access is pending instead."""
    if not reads_restricted(role):
        return None, False
    key = holder_key(session, actor)
    return key, key is None


def own_restricted_key(
    session: Session, actor: Actor, username: str, password: str
) -> bytes | None:
    """The restricted key `actor` holds, opening her own slot with `password` when the
    session does not hold it already (a password change keeps her access)."""
    key = holder_key(session, actor)
    found = encrypted_file(engine_of(session))
    if key is not None or found is None or not reads_restricted(actor.role):
        return key
    try:
        unlocked = unlock_restricted(
            found[0], password, kind=SlotKind.ACCOUNT, name=username, may_read=True
        )
    except (WrongPassphraseError, KeyFileDamagedError):
        return None
    return unlocked.restricted_key


def sign_in_keys(session: Session, username: str, password: str, role: str) -> str:
    """At a sign-in: open the person's own slot for the restricted key and hold it for the
    session (`db.restricted_keys.hold`); returns her access (`Access`, or `DAMAGED`).

    A plain file, or a slot out of step with the password, gives `Access.NONE`."""
    engine = engine_of(session)
    found = encrypted_file(engine)
    if found is None:
        return Access.NONE
    try:
        unlocked = unlock_restricted(
            found[0],
            password,
            kind=SlotKind.ACCOUNT,
            name=username,
            may_read=reads_restricted(role),
        )
    except WrongPassphraseError:
        hold(engine, None, None)
        return Access.NONE
    except KeyFileDamagedError:
        hold(engine, None, None)
        return DAMAGED
    hold(engine, unlocked.restricted_key if reads_restricted(role) else None, username)
    return unlocked.access if reads_restricted(role) else Access.NONE


def _may_ask(actor: Actor) -> bool:
    return allowed(actor, Permission.MANAGE_ACCOUNTS) or reads_restricted(actor.role)


def restricted_access_of(session: Session, *, actor: Actor) -> dict[uuid.UUID, str]:
    """Every open account's access to the restricted key (`Access`), for the accounts
    screen; a role that does not read restricted material is `Access.NONE`. Empty for a
    plain file. Administrators and specialists only."""
    if not _may_ask(actor):
        raise PermissionDeniedError(_("Your role does not allow this action."))
    found = encrypted_file(engine_of(session))
    if found is None:
        return {}
    from caseroom.db.crypto import key_file_path, read_key_file

    keys = read_key_file(key_file_path(found[0]))
    rows = session.execute(
        select(Account, Staff)
        .join(Staff, col(Staff.id) == col(Account.staff_id))
        .where(col(Account.archived_at).is_(None), col(Staff.archived_at).is_(None))
    ).all()
    states: dict[uuid.UUID, str] = {}
    for account, staff in rows:
        state = access_of(keys.slot(SlotKind.ACCOUNT, account.username))
        if not reads_restricted(staff.role):
            state = Access.NONE
        elif state == Access.NONE:
            state = Access.PENDING  # an old slot of someone who may read: not given yet
        states[account.id] = state
    return states


def holds_restricted_key(session: Session, *, actor: Actor) -> bool:
    """Whether `actor` holds the key to notes in this session, so that she can confirm a
    colleague's access without the room's passphrase."""
    return holder_key(session, actor) is not None


def own_restricted_access(session: Session, *, actor: Actor) -> str:
    """The signed-in person's own access to the key to notes (`Access`); `Access.NONE` on a
    plain file, for the system, and for a role that does not read notes."""
    found = encrypted_file(engine_of(session))
    if found is None or actor.staff_id is None or not reads_restricted(actor.role):
        return Access.NONE
    account = account_of_staff_id(session, actor.staff_id)
    if account is None:
        return Access.NONE
    from caseroom.db.crypto import key_file_path, read_key_file

    state = access_of(
        read_key_file(key_file_path(found[0])).slot(SlotKind.ACCOUNT, account.username)
    )
    return Access.PENDING if state == Access.NONE else state


def pending_restricted_access(session: Session, *, actor: Actor) -> list[AccountRead]:
    """The open accounts whose role reads restricted material but whose access to its key
    waits for confirmation (administrators and specialists; empty for a plain file)."""
    states = restricted_access_of(session, actor=actor)
    pending = [
        session.get(Account, account_id)
        for account_id, state in states.items()
        if state == Access.PENDING
    ]
    accounts = [account for account in pending if account is not None]
    return sorted(
        (read_account(account, staff_of(session, account)) for account in accounts),
        key=lambda read: read.username.casefold(),
    )


def _by_passphrase(session: Session, passphrase: str) -> Unlocked:
    from caseroom.db.attempts import guarded_unlock

    found = encrypted_file(engine_of(session))
    assert found is not None
    opened: list[Unlocked] = []

    def unlock() -> bytes:
        opened.append(unlock_restricted(found[0], passphrase, kind=SlotKind.PASSPHRASE))
        return opened[-1].master_key

    guarded_unlock(found[0], unlock, kind=SlotKind.PASSPHRASE, name=None)
    return opened[-1]


def confirm_restricted_access(
    session: Session, *, actor: Actor, account_id: uuid.UUID, passphrase: str | None = None
) -> AccountRead:
    """Give a colleague whose access is pending the restricted key (audited).

    Only someone who holds the key may: a specialist signed in whose own slot holds it, or,
    with `passphrase`, an administrator or specialist who knows the room's passphrase
    (`WrongPassphraseError` when it is wrong; counted towards the lock-out). The account
    must be open and its role must read restricted material. The caller commits.
    """
    if not _may_ask(actor):
        raise PermissionDeniedError(_("Your role does not allow this action."))
    engine = engine_of(session)
    found = encrypted_file(engine)
    if found is None:
        raise UserError(_("The database is not encrypted: there is no key to notes to give."))
    account = load(session, Account, account_id, _("This account was not found"))
    staff = staff_of(session, account)
    if account.archived_at is not None or staff.archived_at is not None:
        raise ValidationError({"account_id": _("This account is closed.")})
    if not reads_restricted(staff.role):
        raise ValidationError(
            {
                "account_id": _(
                    "This colleague's role does not read notes: there is nothing to confirm."
                )
            }
        )
    if passphrase is not None:
        restricted_key = _by_passphrase(session, passphrase).restricted_key
        by = "passphrase"
    else:
        restricted_key = holder_key(session, actor)
        by = "account"
    if restricted_key is None:
        raise PermissionDeniedError(
            _(
                "Only someone who holds the key to notes can confirm access: a specialist "
                "whose own access is confirmed, or the room's passphrase."
            )
        )
    grant(found[0], found[1], restricted_key, account.username)
    audit(
        session,
        actor=actor,
        action="confirm_restricted_access",
        entity="account",
        entity_id=account.id,
        details={"by": by},
    )
    session.flush()
    return read_account(account, staff)
