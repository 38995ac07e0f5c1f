"""`caseroom transfer`: a child's file that moves with the child.

As docs/command-line.md says:

    caseroom transfer export --db ROOM --child CASE --out FILE
    caseroom transfer import --db ROOM FILE [--merge CASE | --as-new]

The file is sealed under a passphrase the receiving room is told by phone: from
`CASEROOM_TRANSFER_PASSPHRASE`, or typed on a terminal (twice on export); never from the
command line. Export marks the child transferred here once the file is written. Import
is all or nothing; a child who may already be here (the same IIN, or the same name and
birth date) is refused with exit 2, naming the child, until `--merge CASE` or
`--as-new` says what to do.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from caseroom.cli.common import existing_db_path, open_engine, unit_of_work, value_or_typed
from caseroom.errors import UserError
from caseroom.i18n import _

PASSPHRASE_VARIABLE = "CASEROOM_TRANSFER_PASSPHRASE"


def register(subparsers: Any) -> None:
    """Add the `transfer` subcommand with `export` and `import`."""
    transfer = subparsers.add_parser(
        "transfer",
        help=_("send a child's file to another room, or take one in"),
        description=_(
            "Send a child's file to the room the child moves to, sealed under a passphrase "
            "told by phone, or take such a file in."
        ),
    )
    kinds = transfer.add_subparsers(dest="transfer_kind", metavar="ACTION", required=True)
    export = kinds.add_parser(
        "export",
        help=_("write a child's transfer file and mark the child transferred"),
        description=_(
            "Write the child's transfer file (passphrase from {variable} or typed twice); "
            "the record stays here, marked transferred."
        ).format(variable=PASSPHRASE_VARIABLE),
    )
    export.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    export.add_argument(
        "--child", metavar="CASE", required=True, help=_("the child's case number or record id")
    )
    export.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    export.set_defaults(handler=run_export)
    take = kinds.add_parser(
        "import",
        help=_("take in a child's transfer file from another room"),
        description=_(
            "Take in a child's transfer file (passphrase from {variable} or typed): all of "
            "it or, on any problem, nothing."
        ).format(variable=PASSPHRASE_VARIABLE),
    )
    take.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    take.add_argument("file", metavar="FILE", help=_("the transfer file"))
    choice = take.add_mutually_exclusive_group()
    choice.add_argument(
        "--merge", metavar="CASE", help=_("merge the file into this child of the room")
    )
    choice.add_argument(
        "--as-new",
        action="store_true",
        help=_("add a new child even though one with the same name and birth date is here"),
    )
    take.set_defaults(handler=run_import)


def _passphrase(*, twice: bool) -> str:
    return value_or_typed(
        os.environ,
        PASSPHRASE_VARIABLE,
        _("Transfer passphrase: "),
        interactive=sys.stdin.isatty(),
        ask=getpass.getpass,
        repeat=_("The same passphrase again: ") if twice else None,
    )


def run_export(args: argparse.Namespace) -> int:
    """Write the transfer file of `--child` to `--out` and mark the child transferred."""
    from caseroom.bundles.transfer_format import passphrase_problem
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.exchange.transfer_export import (
        child_by_case,
        export_child,
        write_transfer_file,
    )
    from caseroom.services.permissions import Permission

    out = Path(args.out)
    if out.exists():
        raise UserError(
            _("{path} already exists; choose another file name. Nothing was written.").format(
                path=out
            )
        )
    if not out.parent.is_dir():
        raise UserError(_("No folder {path}").format(path=out.parent))
    path = existing_db_path(args.db)
    engine = open_engine(path)
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_cli(session, permission=Permission.TRANSFER_CHILD)
            child_id = child_by_case(session, actor=actor, case=args.child)
            passphrase = _passphrase(twice=True)
            problem = passphrase_problem(passphrase)
            if problem is not None:
                raise UserError(problem)
            made = export_child(
                session, actor=actor, child_id=child_id, passphrase=passphrase, today=date.today()
            )
            write_transfer_file(out, made.data)
            try:
                session.commit()
            except BaseException:
                out.unlink(missing_ok=True)
                raise
    finally:
        engine.dispose()
    print(
        _(
            "Wrote {path} for the child {case}: plans {plans}, PMPK conclusions {pmpk}, "
            "consents {consents}, sessions {sessions}. The child is marked transferred here."
        ).format(
            path=out,
            case=made.case_number,
            plans=made.plans,
            pmpk=made.pmpk,
            consents=made.consents,
            sessions=made.sessions,
        )
    )
    print(
        _("Session notes are in the file: the parent's consent to share them is recorded.")
        if made.notes_included
        else _("Session notes are not in the file: no consent of the parent to share them.")
    )
    print(_("Tell the receiving room the passphrase by phone, not with the file."))
    return 0


def _duplicates_message(error: Any) -> str:
    lines = [
        (
            _("{case}: {name}, born {birth}, the same IIN")
            if item.same_iin
            else _("{case}: {name}, born {birth}")
        ).format(
            case=item.case_number,
            name=item.full_name,
            birth=item.birth_date.strftime("%d.%m.%Y"),
        )
        for item in error.duplicates
    ]
    advice = (
        _("Run again with --merge CASE to merge the file into that child; nothing was written.")
        if any(item.same_iin for item in error.duplicates)
        else _(
            "Run again with --merge CASE to merge the file into that child, or with --as-new "
            "to add a new child; nothing was written."
        )
    )
    heading = _("The child may already be in this room:")
    return "\n".join([heading, *("  " + line for line in lines), advice])


def run_import(args: argparse.Namespace) -> int:
    """Take in a transfer file: as a new child, or merged into `--merge`."""
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.exchange.transfer_export import child_by_case
    from caseroom.services.exchange.transfer_import import DuplicateChildError, open_transfer
    from caseroom.services.exchange.transfer_write import import_transfer
    from caseroom.services.permissions import Permission

    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as error:
        raise UserError(_("The file {path} cannot be read").format(path=source)) from error
    path = existing_db_path(args.db)
    opened = open_transfer(data, _passphrase(twice=False))
    engine = open_engine(path)
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_cli(session, permission=Permission.TRANSFER_CHILD)
            merge = child_by_case(session, actor=actor, case=args.merge) if args.merge else None
            try:
                done = import_transfer(
                    session,
                    actor=actor,
                    opened=opened,
                    today=date.today(),
                    merge_into=merge,
                    as_new=args.as_new,
                )
            except DuplicateChildError as error:
                raise UserError(_duplicates_message(error)) from error
    finally:
        engine.dispose()
    template = (
        _(
            "Merged the file into the child {case}: plans {plans}, PMPK conclusions {pmpk}, "
            "consents {consents}, sessions {sessions}, caregivers {caregivers}."
        )
        if done.merged
        else _(
            "Took the child in as {case}: plans {plans}, PMPK conclusions {pmpk}, "
            "consents {consents}, sessions {sessions}, caregivers {caregivers}."
        )
    )
    print(
        template.format(
            case=done.case_number,
            plans=done.plans,
            pmpk=done.pmpk,
            consents=done.consents,
            sessions=done.sessions,
            caregivers=done.caregivers,
        )
    )
    return 0
