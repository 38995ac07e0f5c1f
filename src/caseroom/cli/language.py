"""The language a command speaks: `--lang` (accepted by every subcommand) or
`CASEROOM_LANG` when given, else the language set for the room in its database."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from caseroom.i18n import LANGUAGES, _, set_language
from caseroom.paths import resolve_db_path

if TYPE_CHECKING:
    from sqlalchemy import Engine

_language_chosen = False
"""Whether `--lang` or `CASEROOM_LANG` chose the language (else the room's language is used)."""


def set_language_from_argv(argv: Sequence[str]) -> None:
    """Pick the language before argparse runs, so its messages are translated too.

    Without `--lang` or `CASEROOM_LANG` a command starts in English, as a new process
    does, until the room's language is known (`speak_the_language_at`)."""
    global _language_chosen
    language = os.environ.get("CASEROOM_LANG")
    for position, item in enumerate(argv):
        if item == "--lang" and position + 1 < len(argv):
            language = argv[position + 1]
        elif item.startswith("--lang="):
            language = item.split("=", 1)[1]
    _language_chosen = language in LANGUAGES
    set_language(language if language in LANGUAGES else "en")


def speak_the_rooms_language(engine: Engine) -> None:
    """Without `--lang` or `CASEROOM_LANG`, speak the language set for the room."""
    if _language_chosen:
        return
    from sqlalchemy import select
    from sqlmodel import Session, col

    from caseroom.db.models import Room

    with Session(engine) as session:
        language = session.execute(select(col(Room.default_language)).limit(1)).scalar()
    if language in LANGUAGES:
        set_language(language)


def speak_the_language_at(path: Path, key: bytes | None = None) -> None:
    """Without `--lang` or `CASEROOM_LANG`, speak the language of the room whose database
    is at `path` (opened read-only, with `key` when encrypted), so a command's first
    messages, before it opens the database for its work, are in that language too.

    A missing, empty, damaged or encrypted-without-key file leaves the language as it
    is: the command itself then says what is wrong."""
    if _language_chosen or not path.is_file():
        return
    from caseroom.db.cipher import connect, dbapi_errors
    from caseroom.db.crypto import looks_encrypted

    if key is None and looks_encrypted(path):
        return
    try:
        uri = Path(os.path.abspath(path)).as_uri() + "?mode=ro"
        connection = connect(uri, key=key, uri=True, timeout=1.0)
        try:
            row = connection.execute("SELECT default_language FROM room LIMIT 1").fetchone()
        finally:
            connection.close()
    except dbapi_errors():
        return
    if row is not None and row[0] in LANGUAGES:
        set_language(row[0])


def speak_the_language_of_db_argument(argv: Sequence[str]) -> None:
    """Before argparse runs: speak the language of the room named by `--db` in `argv`, so
    even a mistyped option is explained in the room's language."""
    value = None
    for position, item in enumerate(argv):
        if item == "--db" and position + 1 < len(argv):
            value = argv[position + 1]
        elif item.startswith("--db="):
            value = item.split("=", 1)[1]
    if value and "://" not in value:
        speak_the_language_at(resolve_db_path(value))


def accept_lang_everywhere(parser: argparse.ArgumentParser) -> None:
    """Give every subcommand (and sub-subcommand) a `--lang` option of the interface
    language, unless it already has a `--lang` of its own."""
    for action in parser._actions:
        if not isinstance(action, argparse._SubParsersAction):
            continue
        for child in action.choices.values():
            if "--lang" not in child._option_string_actions and not child._subparsers:
                child.add_argument(
                    "--lang",
                    dest="interface_lang",
                    choices=LANGUAGES,
                    help=_("the language of messages (default: the room's)"),
                )
            accept_lang_everywhere(child)
