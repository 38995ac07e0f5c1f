"""The `caseroom print` command: the papers a room prints (forms, sheets, the week's timetable).

Each kind of paper lives in its own module with a `register_kind(kinds)` function that adds
its subcommand to `kinds`; this module only gathers them under `print`.
"""

from __future__ import annotations

from typing import Any

from caseroom.i18n import _


def register(subparsers: Any) -> None:
    """Add the `print` subcommand and every kind of paper under it."""
    printing = subparsers.add_parser(
        "print",
        help=_("print the forms, sheets and timetables a room hands out"),
        description=_("Write a printable PDF: a form to sign, blank sheets or a week's timetable."),
    )
    kinds = printing.add_subparsers(dest="print_kind", metavar="KIND", required=True)
    from caseroom.cli import print_feedback, print_forms, print_timetable

    for module in (print_forms, print_timetable, print_feedback):
        module.register_kind(kinds)
