"""Helpers shared by the command-line subcommands."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from sqlalchemy import Engine
from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _, set_language
from caseroom.paths import resolve_db_path, user_log_dir


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one translated line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        print_error(_("{program}: {problem}").format(program=self.prog, problem=message))
        raise SystemExit(2)


def print_error(message: str) -> None:
    """One clear line (or a few) on stderr."""
    print(message, file=sys.stderr, flush=True)


def set_language_from_argv(argv: Sequence[str]) -> None:
    """Pick the language before argparse runs, so its messages are translated too."""
    language = os.environ.get("CASEROOM_LANG")
    for position, item in enumerate(argv):
        if item == "--lang" and position + 1 < len(argv):
            language = argv[position + 1]
        elif item.startswith("--lang="):
            language = item.split("=", 1)[1]
    if language in LANGUAGES:
        set_language(language)


def log_exception() -> Path:
    """Write the current exception's traceback to the log file; returns its path."""
    path = user_log_dir() / "caseroom.log"
    logging.basicConfig(filename=path, level=logging.INFO, encoding="utf-8")
    logging.getLogger("caseroom").error("unexpected failure\n%s", traceback.format_exc())
    return path


def existing_db_path(value: str | None) -> Path:
    """The `--db` path of a command that needs an existing database."""
    path = resolve_db_path(value)
    if not path.is_file():
        raise UserError(_("No database at {path}").format(path=path))
    return path


def open_engine(path: Path, *, migrate: bool = True) -> Engine:
    """An engine on `path`, upgraded to the current schema (after a backup) if needed."""
    from caseroom.db.open import open_database

    return open_database(path, migrate=migrate)


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One session, committed once at the end, rolled back whole on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
