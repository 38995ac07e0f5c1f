"""`caseroom backup | restore | check`: keeping the database safe (being built)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `backup, restore and check subcommands."""
    del subparsers


def run(args: argparse.Namespace) -> int:
    """Run a maintenance subcommand."""
    raise NotImplementedError
