"""The `caseroom` command line (see docs/command-line.md): the app, demo data, reports, maintenance.

Exit status: 0 success; 2 a user error (one clear line on stderr, nothing written);
1 a check that found problems, or an unexpected failure (with a pointer to the log file).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence

from caseroom import __version__
from caseroom.cli import common, language
from caseroom.cli.argparse_text import translate_argparse
from caseroom.errors import UserError, translating_storage_errors
from caseroom.i18n import LANGUAGES, _

Handler = Callable[[argparse.Namespace], int]


COMMANDS = (
    "init",
    "staff",
    "demo",
    "backup",
    "restore",
    "check",
    "import",
    "report",
    "print",
    "directory",
    "goals",
    "bundle",
    "transfer",
    "centre",
)
"""Every subcommand's name: without one, `caseroom` opens the app without importing them."""


def _app_parser() -> argparse.ArgumentParser:
    parser = common.ArgumentParser(
        prog="caseroom",
        description=_("Records for school inclusion support rooms."),
    )
    parser.add_argument("--version", action="version", version=f"caseroom {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("the database file to open"))
    parser.add_argument(
        "--centre",
        metavar="URL",
        help=_("open the centre's window on its database (a SQLite file or a PostgreSQL URL)"),
    )
    parser.add_argument("--lang", choices=LANGUAGES, help=_("the language of the interface"))
    # For the installed bundle's smoke test and start-up benchmark only.
    parser.add_argument("--quit-after-paint", action="store_true", help=argparse.SUPPRESS)
    return parser


def _opens_the_app(argv: Sequence[str]) -> bool:
    """Whether `argv` names no subcommand (and asks for no help): the app opens."""
    return not any(arg in COMMANDS or arg in ("-h", "--help") for arg in argv)


def _build_parser() -> argparse.ArgumentParser:
    parser = _app_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from caseroom.cli import (
        bundle,
        centre,
        demo,
        directory,
        goals,
        import_roster,
        maintenance,
        printing,
        report,
        setup,
        staff,
        transfer,
    )

    for module in (
        setup,
        staff,
        demo,
        maintenance,
        import_roster,
        report,
        printing,
        directory,
        goals,
        bundle,
        transfer,
        centre,
    ):
        module.register(subparsers)
    language.accept_lang_everywhere(parser)
    return parser


def _open_app(args: argparse.Namespace) -> int:
    if args.centre:
        from caseroom.ui.centre.app import run_centre_app

        return run_centre_app(args.centre, args.lang)
    from caseroom.app import run_app

    return run_app(db=args.db, lang=args.lang, quit_after_paint=args.quit_after_paint)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `caseroom` console script; returns the exit status."""
    if getattr(sys, "frozen", False):
        import multiprocessing  # (tens of ms to import: only where it is needed)

        # In a frozen bundle a report worker process starts this same executable: let
        # multiprocessing take over there instead of parsing its arguments.
        multiprocessing.freeze_support()
    argv = list(sys.argv[1:] if argv is None else argv)
    language.set_language_from_argv(argv)
    translate_argparse()
    # The window paints before the data stack loads; the subcommands import it at once.
    opens_the_app = _opens_the_app(argv)
    if not opens_the_app:
        language.speak_the_language_of_db_argument(argv)
    parser = _app_parser() if opens_the_app else _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    handler: Handler = getattr(args, "handler", _open_app)
    try:
        with translating_storage_errors():  # a locked, full or damaged file: exit 2, one line
            return handler(args)
    except UserError as error:
        common.print_error(str(error))
        return 2
    except KeyboardInterrupt:
        common.print_error(_("Interrupted."))
        return 2
    except BrokenPipeError:
        # The reader went away (`caseroom ... | head`): nothing is wrong with the database.
        _silence_stdout()
        return 0
    except Exception:
        log_file = common.log_exception()
        common.print_error(
            _("Unexpected error; details were written to {path}").format(path=log_file)
        )
        return 1
    finally:
        common.release_writers()


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's flush at exit raises nothing more."""
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
