"""Drafts of half-typed forms, kept on disk so a crash or an accidental close loses nothing.

One JSON file per draft key (a new session for a child, or a session being corrected) in
`<user data folder>/drafts`. Every write goes to a temporary file in the same folder that
is flushed to disk and then moved over the old draft with `os.replace`, so a crash in the
middle of a write leaves either the old draft or the new one, never half of one.

Drafts hold session notes: they stay in the user's own data folder and are readable by
the user only (mode 0600). When the database is encrypted, the store is given a key
derived from its master key (`draft_seal_key`) and every draft is sealed with AES-256-GCM
(`db.sealing`) in `<key>.sealed` instead of `<key>.json`, bound to its draft key. A sealed
draft that does not open (another database's key, a damaged file) is not offered: the
log says so, without any of its content, and the next draft of the form replaces it. A
plain draft left from before the database was encrypted is still offered once, and is
removed when the sealed one is written.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from caseroom.db.sealing import SealBrokenError, derive_key, open_sealed, seal
from caseroom.paths import user_data_dir

log = logging.getLogger(__name__)

DRAFTS_FOLDER = "drafts"
FORMAT = 1
SEAL_PURPOSE = "drafts"
PLAIN_SUFFIX = ".json"
SEALED_SUFFIX = ".sealed"


def draft_seal_key(master_key: bytes | None) -> bytes | None:
    """The key drafts are sealed with for a database with this master key (None: plain)."""
    return derive_key(master_key, SEAL_PURPOSE) if master_key is not None else None


@dataclass(frozen=True, slots=True)
class Draft:
    """A stored draft: when it was last written (local time) and the form's values."""

    key: str
    saved_at: datetime
    values: dict[str, Any]


def session_draft_key(child_id: uuid.UUID | None, session_id: uuid.UUID | None) -> str:
    """The draft key of the session dialog: the session corrected, else the child, else new."""
    if session_id is not None:
        return f"session-{session_id}"
    if child_id is not None:
        return f"child-{child_id}"
    return "session-new"


class DraftStore:
    """Reads and writes drafts in one folder (by default the user's drafts folder), sealed
    under `seal_key` when one is given (the database is encrypted)."""

    def __init__(self, folder: Path | None = None, *, seal_key: bytes | None = None) -> None:
        self._folder = folder
        self._seal_key = seal_key

    @property
    def sealed(self) -> bool:
        """Whether drafts are written sealed (encrypted)."""
        return self._seal_key is not None

    @property
    def folder(self) -> Path:
        """The folder holding the drafts (created on first use)."""
        if self._folder is None:
            self._folder = user_data_dir() / DRAFTS_FOLDER
        self._folder.mkdir(parents=True, exist_ok=True)
        return self._folder

    def path(self, key: str) -> Path:
        """The file of the draft `key` (sealed or plain, as this store writes it)."""
        return self._file(key, SEALED_SUFFIX if self.sealed else PLAIN_SUFFIX)

    def _file(self, key: str, suffix: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in key)
        return self.folder / f"{safe}{suffix}"

    def save(self, key: str, values: dict[str, Any], *, now: datetime | None = None) -> None:
        """Write the draft atomically (temporary file, fsync, rename over the old one)."""
        stamp = (now or datetime.now()).isoformat(timespec="seconds")
        payload = json.dumps(
            {"format": FORMAT, "key": key, "saved_at": stamp, "values": values},
            ensure_ascii=False,
            indent=1,
        )
        data = payload.encode("utf-8")
        if self._seal_key is not None:
            data = seal(self._seal_key, data, associated=key.encode("utf-8"))
        target = self.path(key)
        handle, temporary = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        if self.sealed:  # a plain draft from before the database was encrypted
            with contextlib.suppress(FileNotFoundError):
                self._file(key, PLAIN_SUFFIX).unlink()

    def load(self, key: str) -> Draft | None:
        """The draft `key`, or None when there is none (or it cannot be read)."""
        raw = self._read(key)
        if raw is None:
            return None
        try:
            data = json.loads(raw.decode("utf-8"))
            values = data["values"]
            saved_at = datetime.fromisoformat(data["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(values, dict):
            return None
        return Draft(key=key, saved_at=saved_at, values=values)

    def _read(self, key: str) -> bytes | None:
        """The draft's JSON bytes (opened when sealed), or None."""
        if self._seal_key is not None:
            try:
                blob = self._file(key, SEALED_SUFFIX).read_bytes()
            except FileNotFoundError:
                blob = None
            except OSError:
                return None
            if blob is not None:
                try:
                    return open_sealed(self._seal_key, blob, associated=key.encode("utf-8"))
                except SealBrokenError:
                    # Never the content nor whose draft it is: only that one was ignored.
                    log.warning("A sealed draft does not open with this database's key; ignored")
                    return None
        try:
            return self._file(key, PLAIN_SUFFIX).read_bytes()
        except OSError:
            return None

    def delete(self, key: str) -> None:
        """Forget the draft `key` (after a successful save or an explicit discard)."""
        for suffix in (PLAIN_SUFFIX, SEALED_SUFFIX) if self.sealed else (PLAIN_SUFFIX,):
            with contextlib.suppress(FileNotFoundError):
                self._file(key, suffix).unlink()
