"""The composition root: settings, database, translators, main window."""

from __future__ import annotations


def run_app(*, db: str | None, lang: str | None) -> int:
    """Open the desktop app on the database at `db` (default location when None)."""
    raise NotImplementedError
