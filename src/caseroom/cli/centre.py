"""`caseroom centre`: the centre database: keys, rooms, imports, conflicts, the summary."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add the `centre` subcommand (not built yet: adds nothing)."""
