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


@dataclass(frozen=True, slots=True)
class Encrypted:
    """A database just encrypted: its key, and its older plain backups encrypted or not."""

    key: bytes
    backups_encrypted: int
    backups_left_plain: tuple[Path, ...]


def encrypt_file(
    path: Path,
    passphrase: str,
    backup_folders: list[Path],
    credentials: tuple[str, str] | None = None,
) -> Encrypted:
    """Encrypt the closed database at `path` (with an account slot for `credentials`), then
    its older plain backups under the same key; runs on the worker."""
    from caseroom.db.backup_encryption import encrypt_plain_backups
    from caseroom.db.cipher import encrypt_database
    from caseroom.db.crypto import SlotKind, add_slot

    key = encrypt_database(path, passphrase)
    if credentials is not None:
        username, password = credentials
        add_slot(path, key, kind=SlotKind.ACCOUNT, name=username, secret=password)
    backups = encrypt_plain_backups(path, key, backup_folders)
    return Encrypted(key, len(backups.encrypted), tuple(backups.failed))


def encryption_message(encrypted: Encrypted) -> str:
    """What the person is told once the database is encrypted (and its older backups)."""
    from caseroom.i18n import _, ngettext

    if encrypted.backups_left_plain:
        count = len(encrypted.backups_left_plain)
        return ngettext(
            "The database is now encrypted, but {count} older backup could not be encrypted "
            "and can still be read without a key: {paths}. Delete it once a newer backup "
            "has been made.",
            "The database is now encrypted, but {count} older backups could not be encrypted "
            "and can still be read without a key: {paths}. Delete them once a newer backup "
            "has been made.",
            count,
        ).format(count=count, paths=", ".join(str(path) for path in encrypted.backups_left_plain))
    if encrypted.backups_encrypted:
        return ngettext(
            "The database is now encrypted, and so is its {count} older backup.",
            "The database is now encrypted, and so are its {count} older backups.",
            encrypted.backups_encrypted,
        ).format(count=encrypted.backups_encrypted)
    return _("The database is now encrypted.")
