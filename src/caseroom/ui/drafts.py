"""Drafts of half-typed forms, kept on disk so a crash or an accidental close loses nothing.

One JSON file per draft key (a new session for a child, or a session being corrected) in
`<user data folder>/drafts`. Every write goes to a temporary file in the same folder that
is flushed to disk and then moved over the old draft with `os.replace`, so a crash in the
middle of a write leaves either the old draft or the new one, never half of one.

Drafts hold session notes: they stay in the user's own data folder and are readable by
the user only (mode 0600). Encrypting them is part of the data-protection work.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from caseroom.paths import user_data_dir

DRAFTS_FOLDER = "drafts"
FORMAT = 1


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
    """Reads and writes drafts in one folder (by default the user's drafts folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder

    @property
    def folder(self) -> Path:
        """The folder holding the drafts (created on first use)."""
        if self._folder is None:
            self._folder = user_data_dir() / DRAFTS_FOLDER
        self._folder.mkdir(parents=True, exist_ok=True)
        return self._folder

    def path(self, key: str) -> Path:
        """The file of the draft `key`."""
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in key)
        return self.folder / f"{safe}.json"

    def save(self, key: str, values: dict[str, Any], *, now: datetime | None = None) -> None:
        """Write the draft atomically (temporary file, fsync, rename over the old one)."""
        stamp = (now or datetime.now()).isoformat(timespec="seconds")
        payload = json.dumps(
            {"format": FORMAT, "key": key, "saved_at": stamp, "values": values},
            ensure_ascii=False,
            indent=1,
        )
        target = self.path(key)
        handle, temporary = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def load(self, key: str) -> Draft | None:
        """The draft `key`, or None when there is none (or it cannot be read)."""
        try:
            data = json.loads(self.path(key).read_text(encoding="utf-8"))
            values = data["values"]
            saved_at = datetime.fromisoformat(data["saved_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not isinstance(values, dict):
            return None
        return Draft(key=key, saved_at=saved_at, values=values)

    def delete(self, key: str) -> None:
        """Forget the draft `key` (after a successful save or an explicit discard)."""
        with contextlib.suppress(FileNotFoundError):
            self.path(key).unlink()
