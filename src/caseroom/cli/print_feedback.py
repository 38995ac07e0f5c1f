"""`caseroom print feedback`: the paper slip with a support group's feedback questions."""

from __future__ import annotations

from typing import Any


def register_kind(kinds: Any) -> None:
    """Add this module's kinds of paper to `caseroom print`."""
