"""`caseroom` with no subcommand opens the window before the data stack is imported."""

from __future__ import annotations

import subprocess
import sys

from caseroom import cli


def test_every_subcommand_is_named_in_commands() -> None:
    parser = cli._build_parser()
    choices = next(
        action.choices for action in parser._actions if action.dest == "command" and action.choices
    )
    assert set(choices) == set(cli.COMMANDS)


def test_opening_the_app_parses_without_importing_the_data_stack() -> None:
    probe = (
        "import sys\n"
        "from caseroom import cli\n"
        "assert cli._opens_the_app(['--db', 'x.sqlite3', '--lang', 'kk'])\n"
        "args = cli._app_parser().parse_args(['--db', 'x.sqlite3', '--lang', 'kk'])\n"
        "assert args.db == 'x.sqlite3' and args.lang == 'kk'\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'alembic') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_subcommand_or_help_takes_the_full_parser() -> None:
    assert not cli._opens_the_app(["demo", "--db", "x.sqlite3"])
    assert not cli._opens_the_app(["--help"])
    assert cli.main(["demp"]) == 2  # a mistyped command is refused, not opened as the app
