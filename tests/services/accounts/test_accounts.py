"""Accounts: the first account, signing in, lock-out, password changes and resets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session, col
from tests.services.account_fixtures import PASSWORD, add_account, add_staff, fast_hashing

from caseroom.db.models import AuditEvent, Room, Staff
from caseroom.db.models_accounts import Account
from caseroom.db.types import utcnow
from caseroom.errors import LoginFailedError, PermissionDeniedError, ValidationError
from caseroom.i18n import set_language
from caseroom.services.accounts.accounts import (
    MAX_FAILURES,
    accounts_exist,
    archive_account,
    authenticate,
    change_password,
    check_own_password,
    list_accounts,
    lock_minutes,
    reset_password,
    set_identified_access,
    unlock_account,
)
from caseroom.services.accounts.passwords import hash_password, password_problems, verify_password
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.permissions import Permission, allowed

pytestmark = pytest.mark.usefixtures("fast_hashing")
__all__ = ["fast_hashing"]


@pytest.fixture
def admin(session: Session, room: Room) -> Actor:
    """An administrator with the first account, signed in."""
    member = add_staff(session, room, "administrator", "Admin")
    add_account(session, member, "admin")
    return Actor(member.id, member.role)


def _events(session: Session, action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(col(AuditEvent.action) == action)
    return list(session.execute(query).scalars())


def test_the_first_account_needs_no_administrator_but_later_ones_do(
    session: Session, room: Room, staff: Staff
) -> None:
    assert not accounts_exist(session)
    made = add_account(session, staff, "Dana.O")
    assert accounts_exist(session)
    assert made.username == "Dana.O" and made.role == "psychologist"
    assistant = add_staff(session, room, "assistant")
    psychologist = Actor(staff.id, staff.role)
    with pytest.raises(PermissionDeniedError):
        add_account(session, assistant, "aliya", actor=psychologist)
    with pytest.raises(PermissionDeniedError):
        add_account(session, assistant, "aliya", actor=Actor(assistant.id, "assistant"))


def test_a_room_without_an_administrator_can_still_add_colleagues(
    session: Session, room: Room, staff: Staff
) -> None:
    add_account(session, staff, "dana")
    first = authenticate(session, username="dana", password=PASSWORD).actor_or_raise()
    colleague = add_staff(session, room, "speech_therapist", last_name="Kim")
    made = add_account(session, colleague, "irina", actor=first)
    assert made.staff_id == colleague.id
    second = authenticate(session, username="irina", password=PASSWORD).actor_or_raise()
    assistant = add_staff(session, room, "assistant", last_name="Nurova")
    with pytest.raises(PermissionDeniedError):
        add_account(session, assistant, "aliya", actor=second)
    assert allowed(first, Permission.VIEW_AUDIT) and not allowed(second, Permission.VIEW_AUDIT)


def test_an_assistant_cannot_hold_the_first_account(session: Session, room: Room) -> None:
    assistant = add_staff(session, room, "assistant")
    with pytest.raises(ValidationError) as caught:
        add_account(session, assistant, "aliya")
    assert "staff_id" in caught.value.problems
    assert not accounts_exist(session)


def test_user_names_are_unique_whatever_their_case(
    session: Session, room: Room, admin: Actor
) -> None:
    member = add_staff(session, room, "speech_therapist")
    with pytest.raises(ValidationError) as caught:
        add_account(session, member, "ADMIN", actor=admin)
    assert caught.value.problems["username"] == "This user name is taken"
    with pytest.raises(ValidationError) as caught:
        add_account(session, member, "a b", actor=admin)
    assert "username" in caught.value.problems


def test_password_rules() -> None:
    assert password_problems("dana", "short") == ["A password has at least 8 characters"]
    assert password_problems("dana.omarova", "Dana.Omarova") == [
        "The password must not be the user name"
    ]
    assert password_problems("dana", "a long enough one") == []


def test_the_hash_is_argon2id_and_the_password_is_nowhere(session: Session, staff: Staff) -> None:
    made = add_account(session, staff, "dana")
    stored = session.get(Account, made.id)
    assert stored is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    authenticate(session, username="dana", password=PASSWORD)
    authenticate(session, username="dana", password="not " + PASSWORD)
    for event in session.execute(select(AuditEvent)).scalars():
        assert PASSWORD not in repr(event.details)


def test_signing_in_gives_the_staff_members_actor_and_is_audited(
    session: Session, staff: Staff
) -> None:
    add_account(session, staff, "dana")
    result = authenticate(session, username="  DANA ", password=PASSWORD)
    assert result.ok and result.message is None
    first_account = frozenset({"manage_accounts", "view_audit"})
    assert result.actor_or_raise() == Actor(staff.id, "psychologist", first_account)
    assert result.account is not None and result.account.last_login_at is not None
    [event] = _events(session, "login")
    assert event.actor_id == staff.id and event.details == {"username": "DANA"}


def test_a_wrong_password_and_an_unknown_name_say_the_same(session: Session, staff: Staff) -> None:
    add_account(session, staff, "dana")
    wrong = authenticate(session, username="dana", password="guess guess")
    unknown = authenticate(session, username="nobody", password=PASSWORD)
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == "Wrong user name or password"
    with pytest.raises(LoginFailedError, match="Wrong user name or password"):
        wrong.actor_or_raise()
    assert [e.details["username"] for e in _events(session, "login_failed")] == ["dana", "nobody"]
    assert all(e.actor_id is None for e in _events(session, "login_failed"))


def test_five_failures_lock_the_account_for_a_growing_time(session: Session, staff: Staff) -> None:
    add_account(session, staff, "dana")
    now = utcnow()
    for _ in range(MAX_FAILURES - 1):
        assert (
            authenticate(session, username="dana", password="x" * 8, now=now).locked_until is None
        )
    locked = authenticate(session, username="dana", password="x" * 8, now=now)
    assert locked.locked_until == now + timedelta(minutes=lock_minutes(1))
    assert locked.message == "Too many attempts: try again in 5 minutes"
    # Even the right password is refused while locked.
    refused = authenticate(
        session, username="dana", password=PASSWORD, now=now + timedelta(minutes=4)
    )
    assert not refused.ok
    assert refused.message == "Too many attempts: try again in 1 minute"
    later = now + timedelta(minutes=6)
    for _ in range(MAX_FAILURES):
        second = authenticate(session, username="dana", password="x" * 8, now=later)
    assert second.locked_until == later + timedelta(minutes=lock_minutes(2))
    assert lock_minutes(2) > lock_minutes(1)
    after = later + timedelta(minutes=lock_minutes(2), seconds=1)
    assert authenticate(session, username="dana", password=PASSWORD, now=after).ok
    stored = session.execute(select(Account)).scalars().one()
    assert (stored.failed_attempts, stored.lockouts, stored.locked_until) == (0, 0, None)


def test_the_lock_message_is_translated_with_plurals(session: Session, staff: Staff) -> None:
    add_account(session, staff, "dana")
    now = utcnow()
    for _ in range(MAX_FAILURES):
        authenticate(session, username="dana", password="x" * 8, now=now)
    set_language("ru")
    refused = authenticate(session, username="dana", password="x" * 8, now=now)
    assert refused.message is not None and "5" in refused.message


def test_archived_accounts_and_staff_cannot_sign_in(
    session: Session, room: Room, admin: Actor
) -> None:
    member = add_staff(session, room, "psychologist")
    made = add_account(session, member, "aliya", actor=admin)
    archive_account(session, actor=admin, account_id=made.id)
    assert not authenticate(session, username="aliya", password=PASSWORD).ok


def test_change_own_password_needs_the_old_one(session: Session, staff: Staff) -> None:
    add_account(session, staff, "dana")
    me = Actor(staff.id, staff.role)
    with pytest.raises(ValidationError) as caught:
        change_password(session, actor=me, old_password="wrong one", new_password="new secret 1")
    assert "old_password" in caught.value.problems
    change_password(session, actor=me, old_password=PASSWORD, new_password="new secret 1")
    assert not authenticate(session, username="dana", password=PASSWORD).ok
    assert authenticate(session, username="dana", password="new secret 1").ok
    assert check_own_password(session, actor=me, password="new secret 1").ok
    assert not check_own_password(session, actor=me, password=PASSWORD).ok


def test_an_administrator_resets_a_password_that_must_then_be_changed(
    session: Session, room: Room, admin: Actor
) -> None:
    member = add_staff(session, room, "speech_therapist")
    made = add_account(session, member, "aliya", actor=admin)
    for _ in range(MAX_FAILURES):
        authenticate(session, username="aliya", password="x" * 8)
    specialist = Actor(member.id, member.role)
    with pytest.raises(PermissionDeniedError):
        reset_password(session, actor=specialist, account_id=made.id, new_password="fresh one 1")
    reset = reset_password(session, actor=admin, account_id=made.id, new_password="fresh one 1")
    assert reset.must_change_password and reset.locked_until is None
    result = authenticate(session, username="aliya", password="fresh one 1")
    assert result.ok and result.must_change_password
    change_password(
        session, actor=specialist, old_password="fresh one 1", new_password="mine now 1"
    )
    assert not authenticate(session, username="aliya", password="mine now 1").must_change_password


def test_identified_access_is_an_administrators_grant(
    session: Session, room: Room, admin: Actor
) -> None:
    member = add_staff(session, room, "administrator", "Second")
    made = add_account(session, member, "centre", actor=admin)
    plain = authenticate(session, username="centre", password=PASSWORD).actor_or_raise()
    assert not allowed(plain, Permission.EXPORT_IDENTIFIED)
    set_identified_access(session, actor=admin, account_id=made.id, granted=True)
    granted = authenticate(session, username="centre", password=PASSWORD).actor_or_raise()
    assert allowed(granted, Permission.EXPORT_IDENTIFIED)
    assert allowed(granted, Permission.VIEW_RECORDS)
    specialist = add_staff(session, room, "psychologist", "Third")
    other = add_account(session, specialist, "third", actor=admin)
    with pytest.raises(ValidationError):
        set_identified_access(session, actor=admin, account_id=other.id, granted=True)
    assert _events(session, "grant")[0].details == {"identified_access": True}


def test_the_last_administrator_and_oneself_cannot_be_closed(
    session: Session, room: Room, admin: Actor
) -> None:
    [own] = list_accounts(session, actor=admin)
    with pytest.raises(ValidationError):
        archive_account(session, actor=admin, account_id=own.id)
    member = add_staff(session, room, "administrator", "Second")
    second = add_account(session, member, "second", actor=admin)
    other_admin = Actor(member.id, member.role)
    archive_account(session, actor=other_admin, account_id=own.id)
    with pytest.raises(ValidationError):
        archive_account(session, actor=admin, account_id=second.id)
    assert [a.username for a in list_accounts(session, actor=other_admin)] == ["second"]
    assert len(list_accounts(session, actor=other_admin, include_archived=True)) == 2


def test_unlock_and_listing_are_for_administrators(
    session: Session, room: Room, admin: Actor, staff: Staff
) -> None:
    made = add_account(session, staff, "dana", actor=admin)
    for _ in range(MAX_FAILURES):
        authenticate(session, username="dana", password="x" * 8)
    with pytest.raises(PermissionDeniedError):
        list_accounts(session, actor=Actor(staff.id, staff.role))
    with pytest.raises(PermissionDeniedError):
        unlock_account(session, actor=SYSTEM.__class__(staff.id, "assistant"), account_id=made.id)
    assert unlock_account(session, actor=admin, account_id=made.id).locked_until is None
    assert authenticate(session, username="dana", password=PASSWORD).ok


def test_verify_spends_the_same_work_without_a_hash() -> None:
    assert verify_password(hash_password("something 1"), "something 1")
    assert not verify_password(None, "something 1")
    assert not verify_password("not a hash", "something 1")
    assert not verify_password(hash_password("a"), "a" * 5000)
