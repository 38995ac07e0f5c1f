"""`caseroom print`: a specialist's or the room's week (A4 landscape)."""

from __future__ import annotations

from typing import Any


def register_kind(kinds: Any) -> None:
    """Add this module's kinds of paper to `caseroom print`."""
