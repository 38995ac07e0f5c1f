"""Helpers shared by the command-line subcommands."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from caseroom import logfile
from caseroom.cli.language import speak_the_language_at, speak_the_rooms_language
from caseroom.errors import (
    DatabaseUnavailableError,
    UserError,
    translating_storage_errors,
)
from caseroom.i18n import _
from caseroom.paths import resolve_db_path

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from caseroom.db.lock import WriterLock


class ArgumentParser(argparse.ArgumentParser):
    """An argparse parser whose errors are one translated line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        print_error(_("{program}: {problem}").format(program=self.prog, problem=message))
        raise SystemExit(2)


def print_error(message: str) -> None:
    """One clear line (or a few) on stderr."""
    print(message, file=sys.stderr, flush=True)


def log_exception() -> Path:
    """Write where the current exception happened to the log file; returns its path.

    Only exception types and module/line/function frames (see `caseroom.logfile`):
    never the exception's message, source lines or locals, which can hold a child's name."""
    return logfile.log_exception(sys.exc_info()[1])


def existing_db_path(value: str | None) -> Path:
    """The `--db` path of a command that needs an existing database."""
    path = resolve_db_path(value)
    if not path.is_file():
        raise UserError(_("No database at {path}").format(path=path))
    return path


PASSPHRASE_VARIABLE = "CASEROOM_PASSPHRASE"
_USER_VARIABLE = "CASEROOM_USER"
_PASSWORD_VARIABLE = "CASEROOM_PASSWORD"


def database_key(
    path: Path,
    *,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] = input,
    ask_secret: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> bytes | None:
    """The key of the encrypted database at `path` (None for a plain one).

    From `CASEROOM_PASSPHRASE`, or `CASEROOM_USER` and `CASEROOM_PASSWORD` for an account's
    key, or asked on a terminal; never from the command line. Raises `UserError` (exit 2)
    when none is available or the secret is wrong. Once the key opens the file, the
    command speaks the room's language (`speak_the_language_at`)."""
    key = _database_key(
        path, environ=environ, ask=ask, ask_secret=ask_secret, interactive=interactive
    )
    if key is not None:
        speak_the_language_at(path, key)
    return key


def _database_key(
    path: Path,
    *,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] = input,
    ask_secret: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
) -> bytes | None:
    """The key of the database at `path`, as `database_key` describes."""
    from caseroom.db.attempts import unlock_guarded
    from caseroom.db.crypto import SlotKind, is_encrypted, key_file_path, read_key_file

    if not is_encrypted(path):
        return None
    environ = os.environ if environ is None else environ
    keys = read_key_file(key_file_path(path))
    has_passphrase = bool(keys.slot_names(SlotKind.PASSPHRASE))
    has_accounts = bool(keys.slot_names(SlotKind.ACCOUNT))
    passphrase = environ.get(PASSPHRASE_VARIABLE)
    username, password = environ.get(_USER_VARIABLE), environ.get(_PASSWORD_VARIABLE)
    if passphrase is not None and (has_passphrase or not has_accounts):
        return unlock_guarded(path, passphrase, kind=SlotKind.PASSPHRASE, keys=keys)
    if username is not None and password is not None and has_accounts:
        return unlock_guarded(path, password, kind=SlotKind.ACCOUNT, name=username, keys=keys)
    if interactive is None:
        interactive = sys.stdin.isatty()
    if not interactive:
        raise UserError(
            _(
                "The database {path} is encrypted: set {variable}, or run the command "
                "on a terminal to type the passphrase"
            ).format(path=path, variable=PASSPHRASE_VARIABLE)
        )
    if has_passphrase:
        secret = ask_secret(_("Passphrase for {path}: ").format(path=path))
        return unlock_guarded(path, secret, kind=SlotKind.PASSPHRASE, keys=keys)
    username = username or ask(_("User name: "))
    password = password or ask_secret(_("Password: "))
    return unlock_guarded(path, password, kind=SlotKind.ACCOUNT, name=username, keys=keys)


def damage_found(path: Path, key: bytes | None) -> str | None:
    """The first problem that makes the file at `path` unsafe to use, or None (a missing
    file is fine: it will be created). Reads the file only."""
    from caseroom.db.health import StartupStatus, startup_check

    check = startup_check(path, key=key)
    if check.status is StartupStatus.DAMAGED:
        return check.problems[0] if check.problems else str(path)
    return None


def refuse_damaged(path: Path, key: bytes | None) -> None:
    """Raise `DatabaseDamagedError` (nothing written) when the file at `path` is damaged
    or empty, so no command writes into a file that fails its integrity check.

    What SQLite's integrity check said (several raw English lines, page numbers) goes to
    the private log only; the terminal gets one translated message naming the log."""
    from caseroom.db.crypto import DatabaseDamagedError

    problem = damage_found(path, key)
    if problem is None:
        return
    raw = (  # the start of the problems that quote SQLite's own words
        _("Integrity check: {detail}").split("{detail}")[0],
        _("The file {path} is damaged: {error}").split("{error}")[0].format(path=path),
    )
    if problem.startswith(raw) or "\n" in problem:
        log_file = logfile.write_log(f"damaged database: {problem}")
        raise DatabaseDamagedError(
            _(
                "The database {path} is damaged: it fails its integrity check. Nothing was "
                "written. Run caseroom check, or put a backup back with caseroom restore. "
                "Details were written to {log}."
            ).format(path=path, log=log_file)
        )
    raise DatabaseDamagedError(
        _(
            "The database cannot be used: {problem} Nothing was written. Run caseroom "
            "check, or put a backup back with caseroom restore."
        ).format(problem=problem)
    )


_held_locks: list[WriterLock] = []


def hold_writer(path: Path) -> None:
    """Take the database's one-writer lock for the rest of the command (`release_writers`
    lets it go), or raise `DatabaseUnavailableError` naming who holds it: a command never
    writes while the app, or another command, has the file open for writing."""
    from caseroom.db.lock import HeldBy, acquire_writer

    absolute = Path(os.path.abspath(path))
    if any(lock.db_path == absolute for lock in _held_locks):
        return
    claimed = acquire_writer(absolute)
    if isinstance(claimed, HeldBy):
        if claimed.info is None:
            raise DatabaseUnavailableError(
                _(
                    "The database {path} is open in another copy of caseroom; close it there "
                    "and try again. Nothing was written."
                ).format(path=path)
            )
        raise DatabaseUnavailableError(
            _("{holder}: close caseroom there and try again. Nothing was written.").format(
                holder=claimed.info.describe()
            )
        )
    _held_locks.append(claimed)


def release_writers() -> None:
    """Let go of every writer lock this command took."""
    while _held_locks:
        _held_locks.pop().release()


def open_engine(path: Path, *, migrate: bool = True, key: bytes | None = None) -> Engine:
    """An engine on `path`, upgraded to the current schema (after a backup) if needed.

    An encrypted database is opened with `key`, or else with `database_key(path)`.
    """
    from caseroom.db.open import open_database

    if key is None:
        key = database_key(path)
    refuse_damaged(path, key)
    hold_writer(path)
    engine = open_database(path, migrate=migrate, key=key)
    speak_the_rooms_language(engine)
    return engine


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One session, committed once at the end, rolled back whole on any error.

    SQLite storage failures (full disk, I/O error, locked, read-only, damaged) leave as
    translated `UserError`s."""
    from sqlmodel import Session

    with translating_storage_errors(), Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def value_or_typed(
    environ: Mapping[str, str],
    variable: str,
    prompt: str,
    *,
    interactive: bool,
    ask: Callable[[str], str],
    repeat: str | None = None,
) -> str:
    """`variable` from the environment, else typed (twice when `repeat` is given)."""
    value = environ.get(variable)
    if value is not None:
        return value
    if not interactive:
        raise UserError(
            _("Set {variable}, or run the command on a terminal to type it").format(
                variable=variable
            )
        )
    value = ask(prompt)
    if repeat is not None and ask(repeat) != value:
        raise UserError(_("The two entries differ; nothing was made"))
    return value
