"""On an encrypted database each account's own password opens the file, and keeps doing
so as the password changes; a closed account's password no longer does."""

# ruff: noqa: F811  (pytest fixtures imported from crypto_fixtures are parameters here)

from __future__ import annotations

from pathlib import Path

import pytest
from crypto_fixtures import (  # noqa: F401
    encrypted_db,
    encrypted_engine,
    encrypted_template,
    master_key,
)
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from caseroom.db.crypto import SlotKind, WrongPassphraseError, unlock
from caseroom.db.models import Staff
from caseroom.db.models_accounts import Account
from caseroom.services.accounts.accounts import authenticate, change_password, create_account
from caseroom.services.accounts.admin import archive_account, reset_password
from caseroom.services.common import SYSTEM

FIRST, SECOND = "first steppe 1", "second steppe 2"


def _opens(path: Path, username: str, password: str) -> bool:
    try:
        unlock(path, password, kind=SlotKind.ACCOUNT, name=username)
    except WrongPassphraseError:
        return False
    return True


@pytest.mark.usefixtures("master_key")
def test_account_passwords_open_the_encrypted_file_as_they_change(
    encrypted_db: Path, encrypted_engine: Engine
) -> None:
    with Session(encrypted_engine) as session:
        staff = list(
            session.execute(
                select(Staff).where(col(Staff.role).in_(("psychologist", "speech_therapist")))
            ).scalars()
        )
        first = create_account(
            session, actor=SYSTEM, staff_id=staff[0].id, username="dana", password=FIRST
        )
        dana = authenticate(session, username="dana", password=FIRST).actor_or_raise()
        colleague = create_account(
            session, actor=dana, staff_id=staff[1].id, username="irina", password=FIRST
        )
        session.commit()
        assert _opens(encrypted_db, "Dana", FIRST)  # user names match whatever their case
        assert _opens(encrypted_db, "irina", FIRST)

        change_password(session, actor=dana, old_password=FIRST, new_password=SECOND)
        session.commit()
        assert _opens(encrypted_db, "dana", SECOND) and not _opens(encrypted_db, "dana", FIRST)

        reset_password(session, actor=dana, account_id=colleague.id, new_password=SECOND)
        session.commit()
        assert _opens(encrypted_db, "irina", SECOND) and not _opens(encrypted_db, "irina", FIRST)

        archive_account(session, actor=dana, account_id=colleague.id)
        session.commit()
        assert not _opens(encrypted_db, "irina", SECOND)
        assert first.username == "dana"


@pytest.mark.usefixtures("master_key")
def test_an_archived_staff_member_loses_her_account_and_key_slot(
    encrypted_db: Path, encrypted_engine: Engine
) -> None:
    from caseroom.services.accounts.accounts import archive_staff_member
    from caseroom.services.people.staff import get_staff

    with Session(encrypted_engine) as session:
        psychologist = (
            session.execute(select(Staff).where(col(Staff.role) == "psychologist"))
            .scalars()
            .first()
        )
        assert psychologist is not None
        account = create_account(
            session, actor=SYSTEM, staff_id=psychologist.id, username="aigul", password=FIRST
        )
        session.commit()
        assert _opens(encrypted_db, "aigul", FIRST)
        assert authenticate(session, username="aigul", password=FIRST).ok

        archive_staff_member(session, actor=SYSTEM, staff_id=psychologist.id)
        session.commit()

        assert get_staff(session, actor=SYSTEM, staff_id=psychologist.id).archived_at
        assert not _opens(encrypted_db, "aigul", FIRST)
        assert not authenticate(session, username="aigul", password=FIRST).ok
        closed = session.get(Account, account.id)
        assert closed is not None and closed.archived_at is not None
