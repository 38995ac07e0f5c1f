"""`caseroom directory`: the local help directory (import, export)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Add the `directory` subcommand (not built yet: adds nothing)."""
