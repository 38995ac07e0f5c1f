"""The launcher's work on files beside the database: its backup folders, automatic backups,
telling an empty file from a damaged one, the early integrity check. Plain functions, run
on the worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from caseroom.errors import UserError
from caseroom.ui.opening import backup_folder_key

if TYPE_CHECKING:
    from caseroom.db.early_check import Integrity

log = logging.getLogger(__name__)


def early_check_work(path: Path, answers: dict[str, Integrity | None]) -> Callable[[], None]:
    """The worker's early integrity check of `path` (`db.early_check`), run beside the data
    stack's import (SQLite leaves Python free); its answer goes in `answers["integrity"]`."""

    def work() -> None:
        from caseroom.db.early_check import early_integrity

        answers["integrity"] = early_integrity(path)

    return work


def backup_folders(path: Path, settings: QSettings) -> list[Path]:
    """The database's backup folders: the one it was told to use, then its default."""
    from caseroom.db.rotation import default_backup_folder

    folders = [default_backup_folder(path)]
    mirrored = settings.value(backup_folder_key(path))
    if isinstance(mirrored, str) and mirrored and Path(mirrored) != folders[0]:
        folders.insert(0, Path(mirrored))
    return folders


def is_empty_plain_file(path: Path) -> bool:
    """Whether `path` is a 0-byte file (nothing in it to lose), not an encrypted one."""
    try:
        from caseroom.db.crypto import is_encrypted

        return path.stat().st_size == 0 and not is_encrypted(path)
    except OSError:
        return False


def daily_backup_work(path: Path, folder: Path, key: bytes | None) -> Callable[[], bool]:
    """Work that makes today's automatic backup unless one is there; True when it made one."""

    def work() -> bool:
        from caseroom.db.rotation import due_for_daily, make_automatic_backup
        from caseroom.db.types import utcnow

        now = utcnow()
        if not due_for_daily(folder, now):
            return False
        make_automatic_backup(path, folder, now=now, reason="daily", key=key)
        return True

    return work


def close_backup_work(path: Path, folder: Path, key: bytes | None) -> Callable[[], None]:
    """Work that makes the backup on closing; a failure goes to the log (nobody left to tell)."""

    def work() -> None:
        from caseroom.db.rotation import make_automatic_backup
        from caseroom.db.types import utcnow

        try:
            make_automatic_backup(path, folder, now=utcnow(), reason="close", key=key)
        except UserError as error:
            log.warning("backup on close failed: %s", error)

    return work
