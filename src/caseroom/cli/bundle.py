"""`caseroom bundle`: a room's keys and its bundles for the centre."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add the `bundle` subcommand (not built yet: adds nothing)."""
