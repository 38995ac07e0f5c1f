"""`caseroom demo`: fills a new database with realistic demo data (being built)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `demo` subcommand."""
    del subparsers


def run(args: argparse.Namespace) -> int:
    """Run `caseroom demo`."""
    raise NotImplementedError
