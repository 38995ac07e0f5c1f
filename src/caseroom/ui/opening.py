"""What opening a database in the app does off the GUI thread, and the keys under which
the app remembers per-database choices (who acts, where backups go).

The `Launcher` (`ui/launcher.py`) runs these steps on the worker in order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from caseroom.services.common import Actor
    from caseroom.services.people.rooms import RoomRead
    from caseroom.services.people.staff import StaffRead


def _path_digest(path: Path) -> str:
    return hashlib.sha256(str(path.expanduser().resolve()).encode()).hexdigest()[:16]


def backup_folder_key(path: Path) -> str:
    """The local settings key mirroring the backup folder of the database at `path` (a
    damaged database cannot tell where its backups are)."""
    return f"backups/folder/{_path_digest(path)}"


def actor_key(path: Path) -> str:
    """The settings key remembering who acts in the database at `path`."""
    return f"actors/{_path_digest(path)}"


@dataclass(frozen=True, slots=True)
class Opened:
    """A database just opened: its engine, its room (None before set-up) and its staff."""

    engine: Engine
    room: RoomRead | None
    staff: tuple[StaffRead, ...]
    accounts: bool = False
    idle_minutes: int = 0
    backup_folder: Path | None = None


def open_and_read(path: Path, *, key: bytes | None = None, read_only: bool = False) -> Opened:
    """Open (create or upgrade) the database and read what the window needs; on the worker.

    Read-only, the file is neither created nor upgraded."""
    from sqlmodel import Session

    from caseroom.db.engine import engine_for_path
    from caseroom.db.open import open_database
    from caseroom.services.accounts.accounts import accounts_exist
    from caseroom.services.accounts.settings_store import (
        BACKUP_FOLDER,
        IDLE_LOCK_MINUTES,
        get_setting,
    )
    from caseroom.services.common import SYSTEM
    from caseroom.services.people.rooms import get_room
    from caseroom.services.people.staff import list_staff

    if read_only:
        engine = engine_for_path(path, read_only=True, key=key)
    else:
        engine = open_database(path, key=key)
    try:
        with Session(engine) as session:
            room = get_room(session)
            staff = tuple(list_staff(session, actor=SYSTEM))
            accounts = accounts_exist(session)
            idle = get_setting(session, IDLE_LOCK_MINUTES)
            folder = get_setting(session, BACKUP_FOLDER)
    except BaseException:
        engine.dispose()
        raise
    return Opened(engine, room, staff, accounts, idle, Path(folder) if folder else None)


def pick_actor(staff: tuple[StaffRead, ...], remembered: object) -> Actor:
    """The remembered staff member if still there, else the psychologist, else the first."""
    from caseroom.services.common import SYSTEM, Actor

    if not staff:
        return SYSTEM
    chosen = next((member for member in staff if str(member.id) == remembered), None)
    if chosen is None:
        chosen = next((m for m in staff if m.role == "psychologist"), staff[0])
    return Actor(chosen.id, chosen.role)


def enrol_account_key(path: Path, key: bytes | None, username: str, password: str) -> None:
    """Let this user name and password open the encrypted database from now on (their own
    key slot, replaced when the password changed); nothing for a plain database."""
    from caseroom.db.crypto import SlotKind, add_slot, is_encrypted

    if key is not None and is_encrypted(path):
        add_slot(path, key, kind=SlotKind.ACCOUNT, name=username, secret=password, replace=True)
