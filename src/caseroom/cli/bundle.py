"""`caseroom bundle`: a room's keys and its bundles for the centre.

    caseroom bundle trust --db ROOM centre.pub
    caseroom bundle key --db ROOM --out room.pub
    caseroom bundle export --db ROOM --period 2026-2027 --out FILE.crbundle [--identified]

`trust` makes the room trust the centre's public key (and gives the room its signing key
the first time); `key` writes the room's public key for `caseroom centre add-room`;
`export` writes one bundle, sealed to the centre and signed by the room. A bundle is
de-identified unless `--identified` (which needs the identified-export permission and is
recorded in the audit log). The file is written whole or not at all.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from caseroom.cli.common import existing_db_path, open_engine, unit_of_work
from caseroom.errors import UserError
from caseroom.i18n import _, ngettext


def register(subparsers: Any) -> None:
    """Add the `bundle` subcommand with `trust`, `key` and `export`."""
    bundle = subparsers.add_parser(
        "bundle",
        help=_("the room's keys and its bundles for the centre"),
        description=_("Trust a centre, write the room's public key, make a bundle for the centre."),
    )
    kinds = bundle.add_subparsers(dest="bundle_kind", metavar="ACTION", required=True)

    trust = kinds.add_parser(
        "trust",
        help=_("trust the centre's public key"),
        description=_("Trust the centre's public key file (and make the room's signing key)."),
    )
    trust.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    trust.add_argument("key_file", metavar="CENTRE.pub", help=_("the centre's public key file"))
    trust.set_defaults(handler=run_trust)

    key = kinds.add_parser(
        "key",
        help=_("write the room's public key for the centre"),
        description=_("Write the room's public key file, for caseroom centre add-room."),
    )
    key.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    key.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    key.set_defaults(handler=run_key)

    export = kinds.add_parser(
        "export",
        help=_("make a bundle for the centre"),
        description=_(
            "Make one bundle of the room's figures for a school year, sealed to the centre "
            "and signed by the room; without names unless --identified is given."
        ),
    )
    export.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))
    export.add_argument(
        "--period", metavar="P", required=True, help=_("the school year, e.g. 2026-2027")
    )
    export.add_argument("--out", metavar="FILE", required=True, help=_("the file to write"))
    export.add_argument(
        "--identified", action="store_true", help=_("include names (recorded in the audit log)")
    )
    export.set_defaults(handler=run_export)


def write_whole(out: Path, data: bytes) -> None:
    """Write `data` to `out` whole or not at all (a temporary file renamed into place)."""
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=out.parent))
    temporary = out.with_name(f".{out.name}.partial")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            _("Could not write {path}: {reason}").format(path=out, reason=error.strerror)
        ) from None


def read_file(path: str) -> bytes:
    """The bytes of the file at `path`, or a `UserError` naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UserError(
            _("Could not read {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None


def run_trust(args: argparse.Namespace) -> int:
    """`caseroom bundle trust`."""
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.exchange.bundle_keys import trust_centre
    from caseroom.services.permissions import Permission

    data = read_file(args.key_file)
    engine = open_engine(existing_db_path(args.db))
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_cli(session, permission=Permission.MANAGE_ROOM)
            trusted = trust_centre(session, actor=actor, key_file=data)
            name, fingerprint = trusted.name, trusted.fingerprint
    finally:
        engine.dispose()
    print(
        _("This room now trusts the centre {name} (key {fingerprint}).").format(
            name=name, fingerprint=fingerprint
        )
    )
    return 0


def run_key(args: argparse.Namespace) -> int:
    """`caseroom bundle key`."""
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.exchange.bundle_keys import room_public_key
    from caseroom.services.permissions import Permission

    out = Path(args.out)
    engine = open_engine(existing_db_path(args.db))
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_cli(session, permission=Permission.MANAGE_ROOM)
            key = room_public_key(session, actor=actor)
            write_whole(out, key.to_bytes())
    finally:
        engine.dispose()
    print(
        _("The room's public key (fingerprint {fingerprint}) was written to {path}").format(
            fingerprint=key.fingerprint, path=out
        )
    )
    return 0


def run_export(args: argparse.Namespace) -> int:
    """`caseroom bundle export`."""
    from caseroom.cli.login import actor_for_cli
    from caseroom.services.exchange.bundle_export import export_bundle
    from caseroom.services.permissions import Permission
    from caseroom.services.plans.periods import parse_period

    parse_period(args.period)
    out = Path(args.out)
    engine = open_engine(existing_db_path(args.db))
    try:
        with unit_of_work(engine) as session:
            actor = actor_for_cli(session, permission=Permission.EXPORT_SUMMARY)
            made = export_bundle(
                session, actor=actor, period=args.period, identified=args.identified
            )
            write_whole(out, made.data)
    finally:
        engine.dispose()
    print(
        ngettext(
            "Bundle {bundle} for {period} ({count} child) was written to {path}",
            "Bundle {bundle} for {period} ({count} children) was written to {path}",
            made.manifest.counts["children"],
        ).format(
            bundle=made.manifest.bundle_id,
            period=made.manifest.period,
            count=made.manifest.counts["children"],
            path=out,
        )
    )
    return 0
