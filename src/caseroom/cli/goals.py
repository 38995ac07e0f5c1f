"""`caseroom goals`: the room's own goals in the goal bank (export, import).

- `caseroom goals export --db PATH --out FILE`: write the goals the room added to the bank
  to a goal bank file (UTF-8 JSON, docs/goal-bank.md).
- `caseroom goals import --db PATH FILE`: bring in a goal bank file (for example the one a
  centre shares with its rooms): all goals or none. Goals are matched by their id, so a file
  imported again updates the goals it brought. Exit 2 when the file is missing or has any
  fault (every fault named on stderr, nothing written).

The bank names no child, so its files are never password-protected.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caseroom.cli.common import existing_db_path, open_engine, unit_of_work
from caseroom.i18n import _, ngettext


def register(subparsers: Any) -> None:
    """Add the `goals` command group with `export` and `import`."""
    group = subparsers.add_parser(
        "goals",
        help=_("the goal bank: export or import the room's own goals"),
        description=_("The goal bank: export or import the goals the room added to it."),
    )
    actions = group.add_subparsers(dest="goals_action", metavar="ACTION", required=True)
    out = actions.add_parser(
        "export",
        help=_("write the room's own goals to a goal bank file"),
        description=_("Write the goals the room added to the bank to a goal bank file (JSON)."),
    )
    out.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    out.add_argument("--out", metavar="FILE", required=True, help=_("the file to write (.json)"))
    out.set_defaults(handler=run_export)
    bring = actions.add_parser(
        "import",
        help=_("import a goal bank file: all goals or none"),
        description=_(
            "Import a goal bank file: all goals or none. Goals are matched by their id: "
            "a file imported again updates the goals it brought."
        ),
    )
    bring.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    bring.add_argument("file", metavar="FILE", help=_("the goal bank file (.json)"))
    bring.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    """Run `caseroom goals import` (a faulty file raises `UserError`: exit 2)."""
    from sqlmodel import Session

    from caseroom.cli.login import actor_for_cli
    from caseroom.services.permissions import Permission
    from caseroom.services.plans.goal_bank import import_entries, read_bank_file

    db_path = existing_db_path(args.db)
    path = Path(args.file).expanduser()
    entries = read_bank_file(path)  # a faulty file is refused before the database opens
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.EDIT_RECORDS)
        with unit_of_work(engine) as session:
            result = import_entries(session, actor=actor, entries=entries)
    finally:
        engine.dispose()
    print(
        _("{path}: {created} goals added, {updated} updated.").format(
            path=path.name, created=result.created, updated=result.updated
        )
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Run `caseroom goals export`."""
    from sqlmodel import Session

    from caseroom.cli.login import actor_for_cli
    from caseroom.services.permissions import Permission
    from caseroom.services.plans.goal_bank import export_room_goals

    db_path = existing_db_path(args.db)
    out = Path(args.out).expanduser()
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.VIEW_RECORDS)
        with unit_of_work(engine) as session:
            count = export_room_goals(session, actor=actor, path=out)
    finally:
        engine.dispose()
    print(
        ngettext(
            "{count} goal written to {path}.", "{count} goals written to {path}.", count
        ).format(count=count, path=out)
    )
    return 0
