"""`caseroom centre`: the centre database: keys, rooms, imports, conflicts, the summary.

    caseroom centre init --db URL --name NAME
    caseroom centre key --db URL --out centre.pub
    caseroom centre add-room --db URL room.pub
    caseroom centre import --db URL FILE...
    caseroom centre summary --db URL --period P --format pdf|xlsx|csv --out FILE
    caseroom centre conflicts --db URL [--period P]
    caseroom centre resolve --db URL NUMBER (--keep kept|other | --value VALUE) [--by NAME]

URL is a PostgreSQL URL (`postgresql+psycopg://user@/db?host=/socket/dir`) or a SQLite
file path. The centre's passphrase (for `init` and `import`) comes from
CASEROOM_CENTRE_PASSPHRASE or is typed on a terminal; never from the command line.
`import` takes each bundle in its own transaction, oldest first: a refused bundle (exit 2
at the end) writes nothing; the same bundle again changes nothing (exit 0). `resolve`
decides one conflict (its number is in the `conflicts` list): keep the value kept, take
the other value, or give a value (JSON: `3`, `"m"`, `["f70"]`, `null`); who decides is
`--by` or the login name; see `caseroom.centre.decisions`.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from caseroom.cli.bundle import read_file, write_whole
from caseroom.cli.common import print_error
from caseroom.errors import UserError
from caseroom.i18n import _, ngettext

PASSPHRASE_VARIABLE = "CASEROOM_CENTRE_PASSPHRASE"
FORMATS = ("pdf", "xlsx", "csv")


def register(subparsers: Any) -> None:
    """Add the `centre` subcommand and its actions."""
    centre = subparsers.add_parser(
        "centre",
        help=_("the centre database: rooms, bundles, the regional summary"),
        description=_("Keep the centre's database: its key, its rooms, their bundles."),
    )
    kinds = centre.add_subparsers(dest="centre_kind", metavar="ACTION", required=True)

    def action(name: str, text: str, handler: Any) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = kinds.add_parser(name, help=text, description=text)
        parser.add_argument(
            "--db",
            metavar="URL",
            required=True,
            help=_("the centre database: a PostgreSQL URL or a SQLite file"),
        )
        parser.set_defaults(handler=handler)
        return parser

    init = action("init", _("make the centre database and its key pair"), run_init)
    init.add_argument("--name", required=True, help=_("the centre's name"))
    key = action("key", _("write the centre's public key for rooms to trust"), run_key)
    key.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    add = action("add-room", _("register a room by its public key file"), run_add_room)
    add.add_argument("key_file", metavar="ROOM.pub", help=_("the room's public key file"))
    imp = action("import", _("import room bundles"), run_import)
    imp.add_argument("files", metavar="FILE", nargs="+", help=_("the bundles to import"))
    summary = action("summary", _("write the regional summary of a period"), run_summary)
    summary.add_argument(
        "--period", metavar="P", required=True, help=_("the school year, e.g. 2026-2027")
    )
    summary.add_argument("--format", choices=FORMATS, required=True, help=_("the file format"))
    summary.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    summary.add_argument(
        "--lang",
        dest="report_lang",
        choices=("kk", "ru", "en"),
        help=_("the summary's language (default: the interface's)"),
    )
    conflicts = action("conflicts", _("list the conflicts waiting for a decision"), run_conflicts)
    conflicts.add_argument("--period", metavar="P", help=_("only this school year"))
    resolve = action("resolve", _("decide one conflict"), run_resolve)
    resolve.add_argument(
        "number", metavar="NUMBER", type=int, help=_("the conflict's number, as listed")
    )
    choice = resolve.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--keep",
        choices=("kept", "other"),
        help=_("keep the value kept, or take the other value"),
    )
    choice.add_argument("--value", metavar="VALUE", help=_("a value of your own, as JSON (e.g. 3)"))
    resolve.add_argument("--by", metavar="NAME", help=_("who decides (default: the login name)"))


def centre_passphrase(*, twice: bool = False) -> str:
    """The centre's passphrase from CASEROOM_CENTRE_PASSPHRASE, or typed on a terminal."""
    value = os.environ.get(PASSPHRASE_VARIABLE)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            _(
                "Set {variable}, or run the command on a terminal to type the centre's passphrase"
            ).format(variable=PASSPHRASE_VARIABLE)
        )
    value = getpass.getpass(_("The centre's passphrase: "))
    if twice and getpass.getpass(_("The same passphrase again: ")) != value:
        raise UserError(_("The two entries differ; nothing was made"))
    return value


def _engine(args: argparse.Namespace) -> Any:
    from caseroom.centre.database import centre_engine

    return centre_engine(args.db)


def _opened(args: argparse.Namespace) -> Any:
    """A context manager: a transaction on an initialised centre database."""
    from contextlib import contextmanager

    from caseroom.centre.database import connected, require_initialised

    @contextmanager
    def opened() -> Any:
        if "://" not in args.db and not Path(args.db).is_file():
            raise UserError(
                _("There is no centre database at {url}: run caseroom centre init first.").format(
                    url=args.db
                )
            )
        engine = _engine(args)
        try:
            with connected(engine) as connection:
                require_initialised(connection, args.db)
                yield connection
        finally:
            engine.dispose()

    return opened()


def run_init(args: argparse.Namespace) -> int:
    """`caseroom centre init`."""
    from caseroom.centre.database import connected
    from caseroom.centre.setup import init_centre

    passphrase = centre_passphrase(twice=True)
    engine = _engine(args)
    try:
        with connected(engine) as connection:
            centre = init_centre(connection, name=args.name, passphrase=passphrase)
    finally:
        engine.dispose()
    print(
        _("The centre {name} was made (key {fingerprint}).").format(
            name=centre.name, fingerprint=centre.fingerprint
        )
    )
    return 0


def run_key(args: argparse.Namespace) -> int:
    """`caseroom centre key`."""
    from caseroom.centre.setup import centre_public_key

    out = Path(args.out)
    with _opened(args) as connection:
        key = centre_public_key(connection)
    write_whole(out, key.to_bytes())
    print(
        _("The centre's public key (fingerprint {fingerprint}) was written to {path}").format(
            fingerprint=key.fingerprint, path=out
        )
    )
    return 0


def run_add_room(args: argparse.Namespace) -> int:
    """`caseroom centre add-room`."""
    from caseroom.centre.setup import add_room

    data = read_file(args.key_file)
    with _opened(args) as connection:
        added = add_room(connection, data)
    school = added.room.extra.get("school_name") or added.room.name
    if added.already:
        print(_("The room {school} was registered already.").format(school=school))
    else:
        print(
            _("The room {school} (key {fingerprint}) is registered.").format(
                school=school, fingerprint=added.room.fingerprint
            )
        )
    return 0


def run_import(args: argparse.Namespace) -> int:
    """`caseroom centre import`."""
    from caseroom.bundles.room_bundle import BundleError, read_envelope
    from caseroom.centre.database import connected
    from caseroom.centre.imports import import_bundle
    from caseroom.centre.setup import centre_private_key

    with _opened(args) as connection:
        pass  # the database is there and up to date
    passphrase = centre_passphrase()
    envelopes = []
    refused = 0
    for name in args.files:
        try:
            envelopes.append((name, read_envelope(read_file(name))))
        except BundleError as error:
            print_error(_("{file}: {problem}").format(file=name, problem=error))
            refused += 1
    envelopes.sort(key=lambda item: item[1].manifest.made_at)
    engine = _engine(args)
    try:
        with connected(engine) as connection:
            private = centre_private_key(connection, passphrase)
        for name, envelope in envelopes:
            try:
                with connected(engine) as connection:
                    outcome = import_bundle(connection, envelope, centre_private=private)
            except BundleError as error:
                print_error(_("{file}: {problem}").format(file=name, problem=error))
                refused += 1
                continue
            print(_describe(name, outcome))
    finally:
        engine.dispose()
    if refused:
        raise UserError(
            ngettext(
                "{count} bundle was refused.", "{count} bundles were refused.", refused
            ).format(count=refused)
        )
    return 0


def _describe(name: str, outcome: Any) -> str:
    if outcome.already:
        return _("{file}: already imported ({school}, {period}); nothing changed.").format(
            file=name, school=outcome.school_name, period=outcome.period
        )
    return _(
        "{file}: imported ({school}, {period}): {added} records added, {updated} updated, "
        "{conflicts} conflicts kept."
    ).format(
        file=name,
        school=outcome.school_name,
        period=outcome.period,
        added=outcome.added,
        updated=outcome.updated,
        conflicts=outcome.conflicts,
    )


def run_summary(args: argparse.Namespace) -> int:
    """`caseroom centre summary`."""
    from caseroom.centre.summary import centre_summary
    from caseroom.i18n import current_language, set_language
    from caseroom.reports import centre_summary as files
    from caseroom.services.plans.periods import PeriodKind, parse_period

    spec = parse_period(args.period)
    if spec.kind is not PeriodKind.SCHOOL_YEAR:
        raise UserError(_("A bundle covers one school year: give the period as 2026-2027."))
    out = Path(args.out)
    if out.is_dir() or not out.parent.is_dir():
        raise UserError(_("Cannot write {path}").format(path=out))
    language = args.report_lang or current_language()
    set_language(language)
    with _opened(args) as connection:
        summary = centre_summary(connection, period=spec.text())
    if args.format == "csv":
        files.write_csv(summary, out, language=language)
    elif args.format == "xlsx":
        files.write_xlsx(summary, out)
    else:
        files.write_pdf(summary, out, language=language, page_text=_("Page {page} of {total}"))
    print(_("Summary written to {path}").format(path=out))
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    """`caseroom centre conflicts`."""
    from caseroom.centre.conflicts import open_conflicts

    with _opened(args) as connection:
        conflicts = open_conflicts(connection, period=args.period)
    if not conflicts:
        print(_("No conflicts wait for a decision."))
        return 0
    for item in conflicts:
        print(
            _(
                "No. {number}: {period} record {record}, {field}: kept {kept} "
                "({kept_source}); other {other} ({other_source})"
            ).format(
                number=item.id,
                period=item.period,
                record=item.record_id,
                field=item.field,
                kept=json.dumps(item.kept_value, ensure_ascii=False),
                kept_source=item.kept_source,
                other=json.dumps(item.other_value, ensure_ascii=False),
                other_source=item.other_source,
            )
        )
    print(
        ngettext(
            "{count} conflict waits for a decision.",
            "{count} conflicts wait for a decision.",
            len(conflicts),
        ).format(count=len(conflicts))
    )
    print(
        _(
            "Decide one with: caseroom centre resolve --db URL NUMBER --keep kept|other "
            "(or --value VALUE)"
        )
    )
    return 0


def run_resolve(args: argparse.Namespace) -> int:
    """`caseroom centre resolve`."""
    from caseroom.centre.decisions import Keep, login_name, parse_value, resolve_conflict

    by = args.by if args.by is not None else login_name()
    keep = Keep(args.keep) if args.keep else Keep.VALUE
    value = None if args.value is None else parse_value(args.value)
    with _opened(args) as connection:
        decision = resolve_conflict(connection, args.number, keep=keep, by=by, value=value)
    shown = json.dumps(decision.value, ensure_ascii=False)
    if decision.changed:
        text = _("Conflict No. {number} decided: {field} is now {value}.")
    else:
        text = _("Conflict No. {number} decided: {field} stays {value}.")
    print(text.format(number=decision.conflict_id, field=decision.field, value=shown))
    return 0
