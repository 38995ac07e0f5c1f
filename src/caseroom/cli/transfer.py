"""`caseroom transfer`: a child's file that moves with the child."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add the `transfer` subcommand (not built yet: adds nothing)."""
