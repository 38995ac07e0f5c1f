"""Automatic backups to a folder the user chooses (a USB drive, say), kept in rotation.

caseroom copies the database when it closes and once a day while it runs. Each copy is
written beside its final name, flushed, checked and only then renamed into place
(`backup.backup_database`), then read back: a copy that does not verify is removed and
reported. Old automatic copies are thinned out like a photographer's archive: the newest
copy of each of the last 7 days, 4 weeks and 12 months is kept (`choose_kept`, a pure
function). Copies made by hand or before an upgrade or restore are listed but never
removed by rotation.

Names carry the UTC time: `caseroom-auto-20261123-091405Z-close.sqlite3`. Days, weeks and
months are counted in the computer's time zone (or the `zone` a caller passes).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Literal

from caseroom.db.backup import BACKUP_FOLDER, backup_database, remove_backup_files
from caseroom.db.backup_files import (
    AUTO_NAME,
    AUTO_PREFIX,
    QUICK_CHECK_FROM_BYTES,
    SUFFIX,
    BackupCounts,
    BackupInfo,
    automatic_name,
    list_backups,
    parse_name,
    verify_backup,
)
from caseroom.errors import UserError
from caseroom.i18n import _

BackupReason = Literal["close", "daily", "manual"]
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12

__all__ = [
    "AUTO_PREFIX",
    "KEEP_DAILY",
    "KEEP_MONTHLY",
    "KEEP_WEEKLY",
    "QUICK_CHECK_FROM_BYTES",
    "SUFFIX",
    "BackupCounts",
    "BackupInfo",
    "BackupReason",
    "automatic_name",
    "choose_kept",
    "default_backup_folder",
    "due_for_daily",
    "list_backups",
    "make_automatic_backup",
    "parse_name",
    "rotate",
    "verify_backup",
]


def default_backup_folder(db_path: Path) -> Path:
    """`<db dir>/backups`: where copies go until the user chooses a folder."""
    return Path(os.path.abspath(db_path)).parent / BACKUP_FOLDER


# --- making a copy -------------------------------------------------------------------------


def make_automatic_backup(
    db_path: Path,
    folder: Path,
    *,
    now: datetime,
    reason: BackupReason = "close",
    key: bytes | None = None,
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep_monthly: int = KEEP_MONTHLY,
    zone: tzinfo | None = None,
) -> BackupInfo:
    """Copy the database into `folder`, verify the copy, then thin out old automatic ones.

    `now` must be timezone-aware; `zone` decides what a day is (None: the computer's
    time zone). `key`: the master key
    of an encrypted database (the copy is encrypted with it too). Raises `UserError` when
    the folder is missing (a USB drive not plugged in), full or read-only, or when the
    copy does not verify; the database itself is never changed.
    """
    _require_aware(now)
    folder = Path(os.path.abspath(folder))
    if not folder.is_dir():
        if folder != default_backup_folder(db_path):
            raise UserError(
                _(
                    "The backup folder {folder} is not available. If it is on a USB drive, "
                    "plug the drive in and try again."
                ).format(folder=folder)
            )
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
    target = _free_target(folder, automatic_name(now, reason))
    # The copy is checked below (quick_check on large files), which also catches a damaged
    # source: checking the source first as well would double the time on a large file.
    backup_database(db_path, target, check=False, key=key)
    info = verify_backup(target, key=key, full=True)
    if not info.verified:
        with contextlib.suppress(OSError):
            remove_backup_files(target)
        raise UserError(
            _("The backup {path} did not verify and was removed: {problem}").format(
                path=target, problem=" ".join(info.problems)
            )
        )
    rotate(
        folder,
        now,
        keep_daily=keep_daily,
        keep_weekly=keep_weekly,
        keep_monthly=keep_monthly,
        zone=zone,
    )
    return info


def _free_target(folder: Path, name: str) -> Path:
    candidate, number = folder / name, 2
    while candidate.exists():
        candidate = folder / name.replace(SUFFIX, f"-{number}{SUFFIX}")
        number += 1
    return candidate


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("`now` must be timezone-aware")


# --- rotation ------------------------------------------------------------------------------


def choose_kept(
    stamps: Iterable[datetime],
    now: datetime,
    *,
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep_monthly: int = KEEP_MONTHLY,
    zone: tzinfo | None = None,
) -> set[datetime]:
    """Which of the backups taken at `stamps` to keep (pure; every stamp timezone-aware).

    For each of the last `keep_daily` days that have a backup, the newest of that day is
    kept; likewise for ISO weeks and calendar months. The newest backup is always kept,
    and so is any stamp later than `now` (a clock set wrong must not delete copies).
    Periods are local to `zone` (None: the computer's time zone).
    """
    _require_aware(now)
    ordered = sorted(set(stamps), reverse=True)
    kept = {stamp for stamp in ordered if stamp > now}
    past = [stamp for stamp in ordered if stamp <= now]
    if past:
        kept.add(past[0])
    for count, period in ((keep_daily, _day), (keep_weekly, _week), (keep_monthly, _month)):
        seen: set[tuple[int, int, int]] = set()
        for stamp in past:
            bucket = period(stamp, zone)
            if bucket in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(bucket)
            kept.add(stamp)
    return kept


def _local(stamp: datetime, zone: tzinfo | None) -> datetime:
    return stamp.astimezone(zone) if zone is not None else stamp.astimezone()


def _day(stamp: datetime, zone: tzinfo | None) -> tuple[int, int, int]:
    local = _local(stamp, zone)
    return local.year, local.month, local.day


def _week(stamp: datetime, zone: tzinfo | None) -> tuple[int, int, int]:
    year, week, _weekday = _local(stamp, zone).isocalendar()
    return year, week, 0


def _month(stamp: datetime, zone: tzinfo | None) -> tuple[int, int, int]:
    local = _local(stamp, zone)
    return local.year, local.month, 0


def rotate(
    folder: Path,
    now: datetime,
    *,
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep_monthly: int = KEEP_MONTHLY,
    zone: tzinfo | None = None,
) -> list[Path]:
    """Remove the automatic backups in `folder` that `choose_kept` does not keep.

    Other files (copies made by hand, before an upgrade or a restore) are never touched.
    Returns the removed files.
    """
    automatic: dict[datetime, list[Path]] = {}
    for path, (taken_at, _reason, is_automatic) in _named_files(folder):
        if is_automatic:
            automatic.setdefault(taken_at, []).append(path)
    kept = choose_kept(
        automatic,
        now,
        keep_daily=keep_daily,
        keep_weekly=keep_weekly,
        keep_monthly=keep_monthly,
        zone=zone,
    )
    removed: list[Path] = []
    for taken_at, paths in sorted(automatic.items()):
        # Two copies in one second: keep the last written (highest suffix) of a kept second.
        doomed = paths if taken_at not in kept else sorted(paths, key=_write_order)[:-1]
        for path in doomed:
            with contextlib.suppress(FileNotFoundError):
                remove_backup_files(path)  # with its key file, if encrypted
                removed.append(path)
    return removed


def _write_order(path: Path) -> tuple[int, int]:
    """Which of the copies taken in one second was written last: by modification time,
    then 1 for `...-close.sqlite3`, N for `...-close-N.sqlite3`."""
    found = AUTO_NAME.match(path.name)
    try:
        written = path.stat().st_mtime_ns
    except OSError:
        written = 0
    return written, int(found[4]) if found is not None and found[4] else 1


def _named_files(folder: Path) -> list[tuple[Path, tuple[datetime, str, bool]]]:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    named = []
    for path in entries:
        parsed = parse_name(path.name)
        if parsed is not None and path.is_file():
            named.append((path, parsed))
    return named


def due_for_daily(folder: Path, now: datetime, *, zone: tzinfo | None = None) -> bool:
    """Whether no automatic backup in `folder` was taken on `now`'s local day yet."""
    _require_aware(now)
    today: date = _local(now, zone).date()
    for _path, (taken_at, _reason, is_automatic) in _named_files(folder):
        if is_automatic and _local(taken_at, zone).date() == today:
            return False
    return True
