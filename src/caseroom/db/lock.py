"""One writer per database: a lock file beside it, held with an OS file lock.

`<db>.lock` is held with `flock` (POSIX) or `msvcrt.locking` (Windows) for as long as the
app runs, and holds JSON naming who holds it: user, computer, process and since when. A
second copy of caseroom cannot take the OS lock, reads the JSON and says "Open on
DESKTOP-12 by Aigerim since 09:14", then opens the database read-only or not at all.

The OS releases the lock when the holding process ends, however it ends. A lock file left
by a crash therefore has a free OS lock: it is simply taken over and rewritten. The file's
content is only ever shown to people, never trusted to decide who holds the database.

On Windows the lock covers one byte far past the end of the file, so the JSON at its start
stays readable by the second copy (Windows byte locks are mandatory).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType

from caseroom.dates import format_date_time, format_time
from caseroom.db.files import remove_stale_staging
from caseroom.db.network import is_network_path
from caseroom.errors import UserError
from caseroom.i18n import _

LOCK_SUFFIX = ".lock"
_WINDOWS_LOCK_OFFSET = 1 << 30  # one byte at 1 GiB: past any lock file's content
_MAX_INFO_BYTES = 4096
_READ_ATTEMPTS = 5
_READ_PAUSE_S = 0.05
_OPEN_ATTEMPTS = 5


@dataclass(frozen=True, slots=True)
class LockInfo:
    """Who holds a database: shown to the second copy."""

    user: str
    host: str
    pid: int
    started_at: datetime
    """UTC, timezone-aware."""

    def describe(self, *, now: datetime | None = None) -> str:
        """ "Open on DESKTOP-12 by Aigerim since 09:14" (the date is added when not today)."""
        local = self.started_at.astimezone()
        today = (now or datetime.now(UTC)).astimezone().date()
        since = format_time(local) if local.date() == today else format_date_time(local)
        return _("Open on {host} by {user} since {since}").format(
            host=self.host, user=self.user, since=since
        )

    def to_json(self) -> str:
        """The lock file's content."""
        return json.dumps(
            {
                "user": self.user,
                "host": self.host,
                "pid": self.pid,
                "started_at": self.started_at.astimezone(UTC).isoformat(),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> LockInfo | None:
        """The info in a lock file, or None when it is empty or unreadable."""
        try:
            data = json.loads(text)
            started = datetime.fromisoformat(str(data["started_at"]))
            if started.tzinfo is None:
                started = started.replace(tzinfo=UTC)
            return cls(
                user=str(data["user"]), host=str(data["host"]), pid=int(data["pid"]),
                started_at=started,
            )  # fmt: skip
        except (ValueError, TypeError, KeyError):
            return None


@dataclass(frozen=True, slots=True)
class HeldBy:
    """Another running copy of caseroom writes this database."""

    db_path: Path
    info: LockInfo | None
    """None when the holder's details could not be read."""

    def message(self) -> str:
        """A full sentence for the dialog that offers to open read-only."""
        if self.info is None:
            return _(
                "This database is open in another copy of caseroom. "
                "It can be opened read-only until that copy is closed."
            )
        return _("{holder}. It can be opened read-only until caseroom is closed there.").format(
            holder=self.info.describe()
        )


class WriterLock:
    """The held writer lock of one database; keep it for the app's lifetime."""

    def __init__(self, db_path: Path, descriptor: int, info: LockInfo) -> None:
        self.db_path = db_path
        self.info = info
        self._descriptor: int | None = descriptor

    @property
    def held(self) -> bool:
        """Whether this lock is still held (not yet released)."""
        return self._descriptor is not None

    def update_user(self, user: str) -> None:
        """Name the signed-in person (instead of the computer's user name) in the lock file."""
        if self._descriptor is None:
            return
        self.info = LockInfo(user, self.info.host, self.info.pid, self.info.started_at)
        with contextlib.suppress(OSError):
            _write_info(self._descriptor, self.info)

    def release(self) -> None:
        """Give the database up: clear and remove the lock file, free the OS lock."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None:
            return
        path = lock_path(self.db_path)
        try:
            with contextlib.suppress(OSError):
                os.ftruncate(descriptor, 0)
            if os.name == "posix" and _same_file(descriptor, path):
                # Removed while still locked: a copy that opened the old file sees it is
                # no longer the lock file and opens the path again.
                with contextlib.suppress(OSError):
                    path.unlink()
            _unlock(descriptor)
        finally:
            os.close(descriptor)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"WriterLock({self.db_path!s}, held={self.held})"


def lock_path(db_path: Path) -> Path:
    """The lock file of a database: `<db>.lock` beside it."""
    db_path = Path(os.path.abspath(db_path))
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def current_info(*, user: str | None = None, now: datetime | None = None) -> LockInfo:
    """This process's details for the lock file."""
    if user is None:
        try:
            user = getpass.getuser()
        except (OSError, KeyError, ImportError):
            user = "?"
    return LockInfo(
        user=user,
        host=socket.gethostname() or "?",
        pid=os.getpid(),
        started_at=(now or datetime.now(UTC)).astimezone(UTC),
    )


def acquire_writer(
    db_path: Path, *, user: str | None = None, now: datetime | None = None
) -> WriterLock | HeldBy:
    """Take the writer lock of `db_path`, or say who holds it.

    A lock file left by a copy that crashed is taken over. Raises `UserError` when the
    lock file cannot be created (a read-only folder or disk).
    """
    db_path = Path(os.path.abspath(db_path))
    path = lock_path(db_path)
    with contextlib.suppress(OSError):  # a first run: the database's folder may be new
        path.parent.mkdir(parents=True, exist_ok=True)
    for _attempt in range(_OPEN_ATTEMPTS):
        descriptor = _open(path)
        try:
            locked = _try_lock(descriptor)
        except OSError as error:  # no locks on this file system at all
            os.close(descriptor)
            raise _cannot_lock(path, error) from error
        if not locked:
            os.close(descriptor)
            return HeldBy(db_path, read_holder(db_path))
        if os.name == "posix" and not _same_file(descriptor, path):
            _unlock(descriptor)  # the holder removed it as we locked it: open afresh
            os.close(descriptor)
            continue
        info = current_info(user=user, now=now)
        try:
            _write_info(descriptor, info)
        except OSError as error:
            _unlock(descriptor)
            os.close(descriptor)
            raise _cannot_lock(path, error) from error
        remove_stale_staging(db_path)  # what a killed run left: nobody else stages now
        return WriterLock(db_path, descriptor, info)
    return HeldBy(db_path, read_holder(db_path))


def read_holder(db_path: Path) -> LockInfo | None:
    """The details in the lock file of `db_path` (None when missing or unreadable).

    The holder writes them just after locking, so an empty file is read again briefly.
    """
    path = lock_path(db_path)
    for attempt in range(_READ_ATTEMPTS):
        try:
            with path.open("rb") as stream:
                text = stream.read(_MAX_INFO_BYTES).decode("utf-8", errors="replace")
        except OSError:
            return None
        info = LockInfo.from_json(text)
        if info is not None or attempt == _READ_ATTEMPTS - 1:
            return info
        time.sleep(_READ_PAUSE_S)
    return None


# --- how the app opens a database ---------------------------------------------------------


class AccessMode(StrEnum):
    """How this copy of caseroom may use the database."""

    WRITE = "write"
    READ_ONLY = "read_only"


@dataclass(frozen=True, slots=True)
class Access:
    """What `claim_database` decided: write (with the lock held) or read-only, and why."""

    mode: AccessMode
    lock: WriterLock | None = None
    """Set when `mode` is WRITE: keep it, and `release()` it when the app quits."""
    held_by: HeldBy | None = None
    """Set when another copy of caseroom writes the database."""
    on_network: bool = False
    """The database is on a network share, where SQLite's locks and WAL are unsafe."""
    reason: str | None = None
    """Why the database is read-only, as a translated sentence (None when writable)."""


def claim_database(db_path: Path, *, user: str | None = None) -> Access:
    """Decide how to open `db_path`: take the writer lock, or open read-only and say why.

    Read-only when another copy holds the lock, when the file is on a network share
    (two computers writing it through SQLite's WAL could corrupt it) and when the file
    or its folder cannot be written.
    """
    db_path = Path(os.path.abspath(db_path))
    if is_network_path(db_path):
        reason = _(
            "The database is on a network share, where two computers writing it could "
            "damage it, so it is opened read-only. Copy it to this computer's disk to work in it."
        )
        return Access(AccessMode.READ_ONLY, on_network=True, reason=reason)
    if db_path.exists() and not os.access(db_path, os.W_OK):
        return Access(AccessMode.READ_ONLY, reason=_read_only_file(db_path))
    try:
        claimed = acquire_writer(db_path, user=user)
    except UserError as error:
        return Access(AccessMode.READ_ONLY, reason=str(error))
    if isinstance(claimed, HeldBy):
        return Access(AccessMode.READ_ONLY, held_by=claimed, reason=claimed.message())
    return Access(AccessMode.WRITE, lock=claimed)


def _read_only_file(db_path: Path) -> str:
    message = _("The file {path} cannot be changed (it is read-only), so it is opened read-only.")
    return message.format(path=db_path)


def _cannot_lock(path: Path, error: OSError) -> UserError:
    return UserError(
        _("caseroom cannot write beside the database ({path}): {error}").format(
            path=path, error=error.strerror or error
        )
    )


# --- the OS lock ---------------------------------------------------------------------------


def _open(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    try:
        return os.open(path, flags, 0o644)
    except OSError as error:
        raise _cannot_lock(path, error) from error


def _same_file(descriptor: int, path: Path) -> bool:
    """Whether the open lock file is still the one at `path` (not removed or replaced)."""
    try:
        opened, current = os.fstat(descriptor), os.stat(path)
    except OSError:
        return False
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


def _write_info(descriptor: int, info: LockInfo) -> None:
    data = info.to_json().encode("utf-8")
    os.ftruncate(descriptor, 0)
    os.lseek(descriptor, 0, os.SEEK_SET)
    os.write(descriptor, data)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        # flock, not fcntl/lockf: POSIX record locks vanish when the process closes ANY
        # descriptor of the file (reading the lock file would release our own lock).
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(descriptor: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_UN)
