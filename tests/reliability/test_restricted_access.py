"""Point 7, first slice: on an encrypted room a second key, the key to notes, is held only
by the passphrase and by accounts whose role reads notes; an account an administrator
makes waits ("pending") until someone who holds the key confirms it.

Tried as an administrator and an assistant would: their passwords open the file but never
the second key, an administrator cannot confirm a specialist without the passphrase, and
resetting a specialist's password takes her key away until a holder gives it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session, col
from tests.services.account_fixtures import (  # noqa: F401
    PASSWORD,
    encrypted_room,
    fast_hashing,
    second_key,
)

from caseroom.db.crypto import SlotKind, WrongPassphraseError
from caseroom.db.models import AuditEvent
from caseroom.db.restricted_keys import unlock_restricted
from caseroom.errors import PermissionDeniedError, ValidationError
from caseroom.services.accounts.accounts import authenticate, create_account
from caseroom.services.accounts.admin import reset_password
from caseroom.services.accounts.restricted import (
    confirm_restricted_access,
    pending_restricted_access,
    restricted_access_of,
)
from caseroom.services.common import Actor

PASSPHRASE = "Есік мектебі 2026 қыс"
pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def room_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Engine]]:
    """A new encrypted room with an administrator's, an assistant's and a specialist's staff."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = tmp_path / "room.sqlite3"
    engine = encrypted_room(
        path,
        PASSPHRASE,
        (
            ("administrator", "Admin"),
            ("assistant", "Assist"),
            ("psychologist", "Dana"),
            ("speech_therapist", "Irina"),
        ),
    )
    yield path, engine
    engine.dispose()


def _staff_id(session: Session, last_name: str) -> object:
    from caseroom.db.models import Staff

    return session.execute(select(Staff.id).where(col(Staff.last_name) == last_name)).scalar_one()


def _sign_in(session: Session, username: str, password: str = PASSWORD) -> Actor:
    result = authenticate(session, username=username, password=password)
    session.commit()
    return result.actor_or_raise()


def _add(session: Session, by: Actor, last_name: str, username: str) -> object:
    account = create_account(
        session,
        actor=by,
        staff_id=_staff_id(session, last_name),  # type: ignore[arg-type]
        username=username,
        password=PASSWORD,
    )
    session.commit()
    return account.id


def test_an_administrators_specialist_waits_until_the_passphrase_confirms_her(
    room_file: tuple[Path, Engine],
) -> None:
    path, engine = room_file
    with Session(engine) as session:
        admin = _sign_in(session, "admin")
        dana_id = _add(session, admin, "Dana", "dana")
        assistant_id = _add(session, admin, "Assist", "asel")
        assert [a.username for a in pending_restricted_access(session, actor=admin)] == ["dana"]
        states = restricted_access_of(session, actor=admin)
        assert states[dana_id] == "pending" and states[assistant_id] == "none"  # type: ignore[index]

        result = authenticate(session, username="dana", password=PASSWORD)
        session.commit()
        assert result.ok and result.restricted_access == "pending"
        assert second_key(path, "dana") is None
        assert second_key(path, "admin") is None and second_key(path, "asel") is None

        admin = _sign_in(session, "admin")
        with pytest.raises(PermissionDeniedError):
            confirm_restricted_access(session, actor=admin, account_id=dana_id)  # type: ignore[arg-type]
        with pytest.raises(WrongPassphraseError):
            confirm_restricted_access(
                session,
                actor=admin,
                account_id=dana_id,  # type: ignore[arg-type]
                passphrase="not the passphrase",
            )
        assert second_key(path, "dana") is None
        with pytest.raises(ValidationError):
            confirm_restricted_access(
                session,
                actor=admin,
                account_id=assistant_id,  # type: ignore[arg-type]
                passphrase=PASSPHRASE,
            )
        confirm_restricted_access(
            session,
            actor=admin,
            account_id=dana_id,  # type: ignore[arg-type]
            passphrase=PASSPHRASE,
        )
        session.commit()
        events = session.execute(
            select(AuditEvent).where(col(AuditEvent.action) == "confirm_restricted_access")
        ).scalars()
        assert [(e.entity_id, e.details["by"]) for e in events] == [(dana_id, "passphrase")]

        assert second_key(path, "dana") == unlock_restricted(path, PASSPHRASE).restricted_key
        result = authenticate(session, username="dana", password=PASSWORD)
        assert result.restricted_access == "held"
        assert pending_restricted_access(session, actor=admin) == []


def test_a_specialist_who_holds_the_key_confirms_a_colleague_and_a_reset_takes_it_away(
    room_file: tuple[Path, Engine],
) -> None:
    path, engine = room_file
    with Session(engine) as session:
        admin = _sign_in(session, "admin")
        dana_id = _add(session, admin, "Dana", "dana")
        irina_id = _add(session, admin, "Irina", "irina")
        assistant_id = _add(session, admin, "Assist", "asel")
        confirm_restricted_access(
            session,
            actor=admin,
            account_id=dana_id,  # type: ignore[arg-type]
            passphrase=PASSPHRASE,
        )
        session.commit()

        assistant = _sign_in(session, "asel")
        with pytest.raises(PermissionDeniedError):
            confirm_restricted_access(session, actor=assistant, account_id=irina_id)  # type: ignore[arg-type]
        with pytest.raises(PermissionDeniedError):
            pending_restricted_access(session, actor=assistant)

        irina = _sign_in(session, "irina")  # pending herself: she cannot confirm anyone
        with pytest.raises(PermissionDeniedError):
            confirm_restricted_access(session, actor=irina, account_id=irina_id)  # type: ignore[arg-type]

        dana = _sign_in(session, "dana")
        confirm_restricted_access(session, actor=dana, account_id=irina_id)  # type: ignore[arg-type]
        session.commit()
        assert second_key(path, "irina") == second_key(path, "dana") is not None

        admin = _sign_in(session, "admin")
        reset_password(session, actor=admin, account_id=irina_id, new_password="Жаңа-құпия-44")  # type: ignore[arg-type]
        session.commit()
        opened = unlock_restricted(path, "Жаңа-құпия-44", kind=SlotKind.ACCOUNT, name="irina")
        assert opened.restricted_key is None and opened.access == "pending"
        assert [a.id for a in pending_restricted_access(session, actor=admin)] == [irina_id]
        assert assistant_id not in [a.id for a in pending_restricted_access(session, actor=admin)]
