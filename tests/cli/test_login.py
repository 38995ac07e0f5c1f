"""Commands on a database with accounts sign in from the environment or a terminal."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import alembic.config  # noqa: F401 - bind alembic's stdout at collection (see test_demo_cli)
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from caseroom.cli import main
from caseroom.cli.login import actor_for_cli
from caseroom.db.engine import engine_for_path
from caseroom.db.models import AuditEvent, Room, Staff
from caseroom.db.models_accounts import Account
from caseroom.errors import LoginFailedError, PermissionDeniedError, UserError
from caseroom.services.accounts import passwords
from caseroom.services.accounts.accounts import create_account
from caseroom.services.common import SYSTEM
from caseroom.services.permissions import Permission

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with tiny costs, so the tests stay fast."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    passwords._decoy_hash.cache_clear()


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing from the caller's own environment."""
    monkeypatch.delenv("CASEROOM_USER", raising=False)
    monkeypatch.delenv("CASEROOM_PASSWORD", raising=False)


def _accounts(engine: Engine) -> dict[str, uuid.UUID]:
    """An administrator and an assistant with accounts."""
    with Session(engine) as session:
        room = Room(school_name="School 7", room_name="Support room")
        session.add(room)
        session.flush()
        made = {}
        for username, role in (("admin", "administrator"), ("aide", "assistant")):
            member = Staff(room_id=room.id, last_name=username, first_name="A", role=role)
            session.add(member)
            session.flush()
            create_account(
                session, actor=SYSTEM, staff_id=member.id, username=username, password=PASSWORD
            )
            made[username] = member.id
        session.commit()
        return made


def test_without_accounts_commands_act_as_the_system(session: Session) -> None:
    assert actor_for_cli(session, interactive=False) == SYSTEM


def test_credentials_come_from_the_environment(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = _accounts(engine)
    monkeypatch.setenv("CASEROOM_USER", "Admin")
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    with Session(engine) as session:
        actor = actor_for_cli(session, permission=Permission.EXPORT_SUMMARY, interactive=False)
    assert (actor.staff_id, actor.role) == (staff["admin"], "administrator")


def test_or_are_asked_on_a_terminal(engine: Engine) -> None:
    _accounts(engine)
    asked: list[str] = []

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return "aide"

    def ask_secret(prompt: str) -> str:
        asked.append(prompt)
        return PASSWORD

    with Session(engine) as session:
        actor = actor_for_cli(session, ask=ask, ask_secret=ask_secret, interactive=True)
    assert actor.role == "assistant"
    assert asked == ["User name: ", "Password: "]


def test_no_terminal_and_no_environment_is_a_user_error(engine: Engine) -> None:
    _accounts(engine)
    with Session(engine) as session, pytest.raises(UserError, match="CASEROOM_USER"):
        actor_for_cli(session, interactive=False)


def test_a_failed_sign_in_is_counted_even_though_the_command_stops(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _accounts(engine)
    monkeypatch.setenv("CASEROOM_USER", "admin")
    monkeypatch.setenv("CASEROOM_PASSWORD", "wrong password")
    with Session(engine) as session, pytest.raises(LoginFailedError):
        actor_for_cli(session, interactive=False)
    with Session(engine) as session:
        account = session.execute(
            select(Account).where(col(Account.username_key) == "admin")
        ).scalar_one()
        assert account.failed_attempts == 1
        actions = session.execute(select(col(AuditEvent.action))).scalars().all()
        assert "login_failed" in actions


def test_a_role_without_the_permission_is_refused(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _accounts(engine)
    monkeypatch.setenv("CASEROOM_USER", "aide")
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    with Session(engine) as session, pytest.raises(PermissionDeniedError):
        actor_for_cli(session, permission=Permission.EXPORT_SUMMARY, interactive=False)


def test_the_summary_command_needs_a_login_and_exits_2(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    engine = engine_for_path(db_path)
    _accounts(engine)
    engine.dispose()
    out = tmp_path / "summary.csv"
    argv = ["report", "summary", "--db", str(db_path), "--format", "csv", "--out", str(out)]
    monkeypatch.setenv("CASEROOM_USER", "admin")
    monkeypatch.setenv("CASEROOM_PASSWORD", "not the password")
    assert main(argv) == 2
    assert "Wrong user name or password" in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv("CASEROOM_PASSWORD", PASSWORD)
    assert main([*argv, "--period", "2025-09-01..2026-05-25"]) == 0
    assert out.exists()
    monkeypatch.setenv("CASEROOM_USER", "aide")
    assert main([*argv, "--period", "2025-09-01..2026-05-25"]) == 2
    assert "role" in capsys.readouterr().err
