"""`caseroom print`: the forms a room prints and has signed, and blank sheets."""

from __future__ import annotations

from typing import Any


def register_kind(kinds: Any) -> None:
    """Add this module's kinds of paper to `caseroom print`."""
