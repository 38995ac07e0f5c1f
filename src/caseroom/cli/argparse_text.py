"""argparse's own messages ("usage:", "the following arguments are required: …") in the
user's language.

argparse looks its messages up with the module-level `gettext` functions it imported, so
`translate_argparse` points those at caseroom's catalogue; the messages are listed here so
that they are extracted into it and translated like every other.
"""

from __future__ import annotations

import argparse

from caseroom.i18n import N_, _, ngettext

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
"""The messages of argparse a person can meet (its errors for programmers are left out)."""


def translate_argparse() -> None:
    """Make argparse speak the language caseroom is set to (`caseroom.i18n.set_language`)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
