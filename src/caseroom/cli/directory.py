"""`caseroom directory`: the local help directory (import, export).

- `caseroom directory import --db PATH FILE`: bring in a directory file (.csv, .xlsx or
  .json, docs/directory-format.md), all entries or none; entries are matched by their id,
  so a file sent again updates what it brought. Exit 2 when the file is missing, of another
  kind or malformed (every row at fault named on stderr, nothing written).
- `caseroom directory export --db PATH --out FILE`: write the whole directory in the same
  format; the kind of file is taken from the extension.

The directory names no child, so its files are never password-protected.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from caseroom.cli.common import existing_db_path, open_engine, unit_of_work
from caseroom.i18n import _, ngettext


def register(subparsers: Any) -> None:
    """Add the `directory` command group with `import` and `export`."""
    group = subparsers.add_parser(
        "directory",
        help=_("the local help directory: import or export it"),
        description=_("The local help directory of services for parents: import or export it."),
    )
    actions = group.add_subparsers(dest="directory_action", metavar="ACTION", required=True)
    bring = actions.add_parser(
        "import",
        help=_("import a directory file (.csv, .xlsx or .json): all entries or none"),
        description=_(
            "Import a directory file (.csv, .xlsx or .json): all entries or none. Entries "
            "are matched by their id: a file sent again updates the entries it brought."
        ),
    )
    bring.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    bring.add_argument("file", metavar="FILE", help=_("the directory file"))
    bring.set_defaults(handler=run_import)
    out = actions.add_parser(
        "export",
        help=_("write the directory to a .csv, .xlsx or .json file"),
        description=_(
            "Write the whole directory to a file; its kind (.csv, .xlsx or .json) is "
            "taken from the extension."
        ),
    )
    out.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    out.add_argument(
        "--out", metavar="FILE", required=True, help=_("the file to write (.csv, .xlsx or .json)")
    )
    out.set_defaults(handler=run_export)


def run_import(args: argparse.Namespace) -> int:
    """Run `caseroom directory import` (a malformed file raises `UserError`: exit 2)."""
    from sqlmodel import Session

    from caseroom.cli.login import actor_for_cli
    from caseroom.services.directory.file_import import import_rows
    from caseroom.services.importing.directory_file import read_directory_file
    from caseroom.services.permissions import Permission

    db_path = existing_db_path(args.db)
    path = Path(args.file).expanduser()
    rows = read_directory_file(path)  # a malformed file is refused before the database opens
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.KEEP_DIRECTORY)
        with unit_of_work(engine) as session:
            result = import_rows(session, actor=actor, rows=rows, file_name=path.name)
    finally:
        engine.dispose()
    print(
        _("{path}: {created} added, {updated} updated, {unchanged} unchanged.").format(
            path=path.name,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
        )
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Run `caseroom directory export`."""
    from sqlmodel import Session

    from caseroom.cli.login import actor_for_cli
    from caseroom.services.directory.file_export import export_directory, file_kind
    from caseroom.services.permissions import Permission

    db_path = existing_db_path(args.db)
    out = Path(args.out).expanduser()
    file_kind(out)
    engine = open_engine(db_path)
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.KEEP_DIRECTORY)
        with unit_of_work(engine) as session:
            count = export_directory(session, actor=actor, path=out)
    finally:
        engine.dispose()
    print(
        ngettext(
            "{count} directory entry written to {path}.",
            "{count} directory entries written to {path}.",
            count,
        ).format(count=count, path=out)
    )
    return 0
