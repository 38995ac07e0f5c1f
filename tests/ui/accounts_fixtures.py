"""Helpers for the accounts and audit-viewer tests: an administrator with an account.

`signed_in` adds an administrator to the demo database with the services, gives them the
first account (and the psychologist a second one), and returns an `AppContext` acting as
whoever is asked for. Password hashing is made cheap for the test (argon2id, tiny costs).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.services.accounts import passwords
from caseroom.services.accounts.accounts import AccountRead, authenticate, create_account
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.rooms import get_room
from caseroom.services.people.staff import StaffInput, create_staff, list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.tasks import TaskRunner

ADMIN_PASSWORD = "steppe-wind-42"
PSYCHOLOGIST_PASSWORD = "blue yurt 2026"


@pytest.fixture
def fast_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """argon2id with tiny costs, so the tests hash quickly."""
    monkeypatch.setattr(
        passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )
    passwords._decoy_hash.cache_clear()
    yield
    passwords._decoy_hash.cache_clear()


@dataclass
class SignedIn:
    """The demo database with accounts, and the people in it."""

    engine: Engine
    admin: Actor
    admin_account: AccountRead
    psychologist: Actor
    psychologist_account: AccountRead
    runner: TaskRunner

    def context(self, actor: Actor) -> AppContext:
        """An AppContext acting as `actor`."""
        return AppContext(self.engine, actor, self.runner)

    def login_works(self, username: str, password: str) -> bool:
        """Whether signing in with these succeeds (the attempt is committed, as the app does)."""
        with Session(self.engine) as session:
            result = authenticate(session, username=username, password=password)
            session.commit()
        return result.ok


@pytest.fixture
def signed_in(demo_engine: Engine, fast_hashing: None) -> Iterator[SignedIn]:
    """An administrator (first account) and the psychologist (second account)."""
    with Session(demo_engine) as session:
        room = get_room(session)
        assert room is not None
        admin = create_staff(
            session,
            actor=SYSTEM,
            room_id=room.id,
            data=StaffInput(last_name="Bekova", first_name="Aigul", role="administrator"),
        )
        psychologist = list_staff(session, actor=SYSTEM, role="psychologist")[0]
        admin_account = create_account(
            session, actor=SYSTEM, staff_id=admin.id, username="aigul", password=ADMIN_PASSWORD
        )
        admin_actor = Actor(admin.id, admin.role)
        psychologist_account = create_account(
            session,
            actor=admin_actor,
            staff_id=psychologist.id,
            username="dana",
            password=PSYCHOLOGIST_PASSWORD,
        )
        session.commit()
    runner = TaskRunner()
    yield SignedIn(
        demo_engine,
        admin_actor,
        admin_account,
        Actor(psychologist.id, psychologist.role),
        psychologist_account,
        runner,
    )
    runner.shutdown()


def modal(qtbot: QtBot, kind: type) -> QWidget:
    """The modal dialog of `kind` once it is shown and active."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=3000)
    found = QApplication.activeModalWidget()
    assert found is not None
    qtbot.waitUntil(found.isActiveWindow, timeout=3000)
    return found


def staff_id_named(engine: Engine, last_name: str) -> uuid.UUID:
    """The id of the staff member with this last name."""
    with Session(engine) as session:
        return next(m.id for m in list_staff(session, actor=SYSTEM) if m.last_name == last_name)
