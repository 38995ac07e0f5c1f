"""`caseroom goals`: the goal bank (export, import)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add the `goals` subcommand (not built yet: adds nothing)."""
