"""Sign-in attempts on an encrypted database, counted before the file can be opened.

An encrypted database is opened through its key file, so a wrong password is known before
any table can be read: the failures are counted in a small file beside the database
(`<db>.attempts`, JSON) and lock the name out as the accounts table does for a plain file
(five wrong secrets in a row lock it for 5, then 15, 30 and 60 minutes). The attempts are
also kept as a short list of pending audit events, which the next sign-in that opens the
file writes into the audit trail (`take_pending`): the trail then shows the failures even
though they happened while the file was shut.

The file holds user names and times, never a secret. Someone who can delete files beside
the database can reset the count; what protects the file from an offline guesser is the
slow argon2id derivation of every key slot, not this count.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from caseroom.db.files import write_atomically
from caseroom.db.keyfile import KeyFile, SlotKind, WrongPassphraseError, _slot_name
from caseroom.errors import LoginFailedError
from caseroom.i18n import ngettext

ATTEMPTS_SUFFIX = ".attempts"
MAX_FAILURES = 5
"""Wrong secrets in a row that lock a name."""
LOCK_MINUTES = (5, 15, 30, 60)
"""How long the first, second, third... lock-out in a row lasts (the last one repeats)."""
MAX_PENDING = 500
"""Pending audit events kept at most (the oldest go first)."""
_VERSION = 1


def lock_minutes(lockouts: int) -> int:
    """How many minutes the `lockouts`-th lock-out in a row lasts (1 = the first)."""
    return LOCK_MINUTES[min(max(lockouts, 1), len(LOCK_MINUTES)) - 1]


def locked_message(until: datetime, now: datetime) -> str:
    """The translated refusal while a name is locked, saying for how long yet."""
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return ngettext(
        "Too many attempts: try again in {count} minute",
        "Too many attempts: try again in {count} minutes",
        minutes,
    ).format(count=minutes)


@dataclass(frozen=True, slots=True)
class PendingAttempt:
    """One sign-in attempt on the shut file, waiting to be written to the audit trail."""

    at: datetime
    kind: str
    username: str
    outcome: str
    """`key_failed` (wrong secret), `key_refused` (while locked) or `key_locked`."""


def attempts_path(db_path: Path) -> Path:
    """Where the attempts of the database at `db_path` are counted."""
    return db_path.with_name(db_path.name + ATTEMPTS_SUFFIX)


def _slot_key(kind: str, name: str | None) -> str:
    return f"{kind}:{_slot_name(name or '')}"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"version": _VERSION, "names": {}, "pending": []}
    if not isinstance(data, dict):
        return {"version": _VERSION, "names": {}, "pending": []}
    names = data.get("names") if isinstance(data.get("names"), dict) else {}
    pending = data.get("pending") if isinstance(data.get("pending"), list) else []
    return {"version": _VERSION, "names": names, "pending": pending}


def _write(path: Path, data: dict[str, Any]) -> None:
    data["pending"] = data["pending"][-MAX_PENDING:]
    # a read-only folder must not stop a right secret from opening the file
    with contextlib.suppress(OSError):
        write_atomically(path, json.dumps(data, ensure_ascii=True, indent=1) + "\n")


def _parse_time(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _note(data: dict[str, Any], now: datetime, kind: str, name: str | None, outcome: str) -> None:
    data["pending"].append(
        {
            "at": now.isoformat(timespec="seconds"),
            "kind": kind,
            "username": (name or "")[:64],
            "outcome": outcome,
        }
    )


def guarded_unlock(
    db_path: Path,
    unlock: Callable[[], bytes],
    *,
    kind: str,
    name: str | None,
    now: datetime | None = None,
) -> bytes:
    """Run `unlock` (which unwraps the key for slot `kind`/`name`) unless the name is locked.

    A wrong secret (`WrongPassphraseError`) counts towards the lock-out; the fifth in a row
    raises `LoginFailedError` saying how long the lock lasts, and so does every attempt
    while it lasts, right or wrong. A right secret clears the count.
    """
    now = now or datetime.now(UTC)
    path = attempts_path(db_path)
    data = _read(path)
    slot = _slot_key(kind, name)
    entry = data["names"].get(slot) if isinstance(data["names"].get(slot), dict) else {}
    until = _parse_time(entry.get("locked_until")) if entry.get("locked_until") else None
    if until is not None and until > now:
        _note(data, now, kind, name, "key_refused")
        _write(path, data)
        raise LoginFailedError(locked_message(until, now), locked_until=until)
    try:
        key = unlock()
    except WrongPassphraseError:
        failures = int(entry.get("failures", 0)) + 1
        lockouts = int(entry.get("lockouts", 0))
        locked: datetime | None = None
        if failures >= MAX_FAILURES:
            lockouts, failures = lockouts + 1, 0
            locked = now + timedelta(minutes=lock_minutes(lockouts))
        data["names"][slot] = {
            "failures": failures,
            "lockouts": lockouts,
            "locked_until": locked.isoformat(timespec="seconds") if locked else None,
        }
        _note(data, now, kind, name, "key_locked" if locked else "key_failed")
        _write(path, data)
        if locked is not None:
            raise LoginFailedError(locked_message(locked, now), locked_until=locked) from None
        raise
    if slot in data["names"]:
        del data["names"][slot]
        _write(path, data)
    return key


def unlock_guarded(
    db_path: Path,
    secret: str,
    *,
    kind: str,
    name: str | None = None,
    keys: KeyFile | None = None,
    now: datetime | None = None,
) -> bytes:
    """The master key of `db_path` for `secret` (from `keys` when already read), counting
    failures against a lock-out."""
    from caseroom.db.crypto import key_file_path, read_key_file, unlock_keys

    if keys is None:
        keys = read_key_file(key_file_path(db_path))
    keys_read = keys
    label = name if kind == SlotKind.ACCOUNT else None
    return guarded_unlock(
        db_path,
        lambda: unlock_keys(keys_read, secret, kind=kind, name=name),
        kind=kind,
        name=label,
        now=now,
    )


def take_pending(db_path: Path) -> list[PendingAttempt]:
    """The attempts made while the file was shut, removed from the attempts file.

    Call it once the file is open, and write what it returns to the audit trail in the
    same transaction as other work (a failure to write them loses only these notes)."""
    path = attempts_path(db_path)
    if not path.exists():
        return []
    data = _read(path)
    taken: list[PendingAttempt] = []
    for item in data["pending"]:
        if not isinstance(item, dict):
            continue
        moment = _parse_time(item.get("at"))
        if moment is None:
            continue
        taken.append(
            PendingAttempt(
                moment,
                str(item.get("kind", "")),
                str(item.get("username", ""))[:64],
                str(item.get("outcome", "")),
            )
        )
    if data["pending"]:
        data["pending"] = []
        _write(path, data)
    return taken
