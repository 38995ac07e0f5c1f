"""Helpers for tests that sign in: cheap hashing, staff of every role, accounts, encrypted rooms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.db.crypto import TEST_KDF, SlotKind
from caseroom.db.models import Room, Staff
from caseroom.db.open import create_encrypted_database
from caseroom.db.restricted_keys import unlock_restricted
from caseroom.services.accounts import passwords
from caseroom.services.accounts.accounts import AccountRead, create_account
from caseroom.services.common import SYSTEM, Actor

PASSWORD = "correct horse battery"
"""The password every test account gets."""

ROLES = (
    "psychologist",
    "special_educator",
    "speech_therapist",
    "social_pedagogue",
    "assistant",
    "administrator",
)


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2id with tiny costs, so tests that hash many passwords stay fast."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    passwords._decoy_hash.cache_clear()
    yield
    passwords._decoy_hash.cache_clear()


def add_staff(session: Session, room: Room, role: str, last_name: str = "Saparova") -> Staff:
    """A staff member with `role`."""
    member = Staff(room_id=room.id, last_name=last_name, first_name="Aliya", role=role)
    session.add(member)
    session.flush()
    return member


def add_account(
    session: Session,
    member: Staff,
    username: str,
    *,
    actor: Actor = SYSTEM,
    identified_access: bool = False,
) -> AccountRead:
    """An account for `member` with `PASSWORD`."""
    return create_account(
        session,
        actor=actor,
        staff_id=member.id,
        username=username,
        password=PASSWORD,
        identified_access=identified_access,
    )


def encrypted_room(path: Path, passphrase: str, staff: Sequence[tuple[str, str]]) -> Engine:
    """A new encrypted room at `path` with `staff` as (role, last name) pairs.

    The administrator among them gets the account "admin" with `PASSWORD`.
    """
    engine, _key = create_encrypted_database(path, passphrase, kdf=TEST_KDF)
    with Session(engine) as session:
        room = Room(school_name="Мектеп 7", room_name="Кабинет", locality="Есік")
        session.add(room)
        session.flush()
        for role, last_name in staff:
            member = add_staff(session, room, role, last_name=last_name)
            if role == "administrator":
                add_account(session, member, "admin")
        session.commit()
    return engine


def second_key(path: Path, username: str) -> bytes | None:
    """The key to notes that `username`'s password opens in the room at `path`, if any."""
    return unlock_restricted(path, PASSWORD, kind=SlotKind.ACCOUNT, name=username).restricted_key
