"""`caseroom backup | restore | check`: keeping the database safe (see docs/command-line.md).

On a database with accounts, `backup` and `restore` sign in (`cli.login`) and need the
permission to back up (`services.accounts.backups`, which writes them to the audit
trail). `check` only reads: it exits 1 for a damaged file, plain or encrypted, and 2 for
what the person can put right (a wrong passphrase or password, a missing key file).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sqlmodel import Session

from caseroom.cli.common import (
    damage_found,
    database_key,
    existing_db_path,
    hold_writer,
    open_engine,
)
from caseroom.cli.login import actor_for_cli
from caseroom.db.crypto import key_file_path
from caseroom.i18n import N_, _, ngettext
from caseroom.paths import resolve_db_path
from caseroom.services.common import SYSTEM
from caseroom.services.permissions import Permission

_COUNT_LABELS: dict[str, str] = {
    "child": N_("Children: {count}"),
    "family": N_("Families: {count}"),
    "caregiver": N_("Caregivers: {count}"),
    "session_record": N_("Sessions: {count}"),
}


def register(subparsers: Any) -> None:
    """Add the `backup`, `restore` and `check` subcommands."""
    backup = subparsers.add_parser(
        "backup",
        help=_("write a consistent copy of a database, even while it is in use"),
        description=_("Write a consistent copy of a database, even while it is in use."),
    )
    _add_db_option(backup)
    backup.add_argument("--out", metavar="FILE", required=True, help=_("the copy to write"))
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help=_("replace a database with a backup, keeping a safety copy first"),
        description=_(
            "Check a backup file, keep a safety copy of the current database, then restore."
        ),
    )
    _add_db_option(restore)
    restore.add_argument("file", metavar="FILE", help=_("the backup file to restore"))
    restore.set_defaults(handler=run_restore)

    check = subparsers.add_parser(
        "check",
        help=_("check a database's integrity and schema version"),
        description=_("Check a database's integrity and schema version; exit 1 on problems."),
    )
    _add_db_option(check)
    check.set_defaults(handler=run_check)


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", required=True, help=_("the database file"))


def run_backup(args: argparse.Namespace) -> int:
    """`caseroom backup --db PATH --out FILE`: as the signed-in person, audited."""
    from caseroom.db.backup import verify_database_file
    from caseroom.services.accounts.backups import back_up_database

    source = existing_db_path(args.db)
    key = _checked_key(source)
    engine = open_engine(source, migrate=False, key=key)
    try:
        with Session(engine) as session:
            actor = actor_for_cli(session, permission=Permission.BACKUP)
            target = back_up_database(
                session, actor=actor, db_path=source, target=Path(args.out).expanduser(), key=key
            )
            session.commit()
    finally:
        engine.dispose()
    print(
        _("Backup written to {path} ({size}).").format(
            path=target, size=_format_size(target.stat().st_size)
        )
    )
    _print_counts(verify_database_file(target, key=key).counts)
    if key is not None:
        print(
            _("The copy is encrypted; its key file is {path}.").format(path=key_file_path(target))
        )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """`caseroom restore --db PATH FILE`: as the signed-in person, audited."""
    from caseroom.services.accounts.backups import require_restore, restore_backup

    db_path = resolve_db_path(args.db)
    source = Path(args.file).expanduser()
    key = _checked_key(db_path) if db_path.exists() else None
    if db_path.exists():
        hold_writer(db_path)  # before anything is read: nobody writes while it is replaced
    actor = SYSTEM  # no database yet: nothing to sign in to, nothing is replaced
    # A damaged or empty file cannot be signed in to; it is kept as the safety copy.
    if db_path.exists() and damage_found(db_path, key) is None:
        # Sign in to the database being replaced (who may replace it), then close it.
        engine = open_engine(db_path, migrate=False, key=key)
        try:
            with Session(engine) as session:
                actor = actor_for_cli(session, permission=Permission.BACKUP)
        finally:
            engine.dispose()
    require_restore(actor)
    result = restore_backup(
        actor=actor, db_path=db_path, source=source, key=key, source_key=_backup_key(source, key)
    )
    print(_("Restored {source} into {path}.").format(source=source, path=db_path))
    if result.safety_copy is None:
        print(_("There was no database at {path} before.").format(path=db_path))
    else:
        print(_("The previous database was kept at {path}.").format(path=result.safety_copy))
    _print_counts(result.counts)
    return 0


def run_check(args: argparse.Namespace) -> int:
    """`caseroom check --db PATH`: exit 0 when healthy, 1 when problems were found."""
    from caseroom.db.crypto import DatabaseDamagedError, KeyFileDamagedError
    from caseroom.db.health import check_database

    path = existing_db_path(args.db)
    try:
        report = check_database(path, key=_checked_key(path))
    except (DatabaseDamagedError, KeyFileDamagedError) as damaged:
        # The key is proven by the key file (AES-GCM), so a key that does not read the
        # file means damage: a finding of the check (1), not a secret to put right (2).
        print(_("Checking {path}").format(path=path))
        print(_("Problem: {problem}").format(problem=damaged))
        print(ngettext("{count} problem found.", "{count} problems found.", 1).format(count=1))
        return 1
    print(_("Checking {path}").format(path=report.path))
    for line in report.findings:
        print(line)
    _print_counts(report.counts)
    for problem in report.problems:
        print(_("Problem: {problem}").format(problem=problem))
    if report.healthy:
        print(_("The database is healthy."))
        return 0
    count = len(report.problems)
    print(ngettext("{count} problem found.", "{count} problems found.", count).format(count=count))
    return 1


def _checked_key(path: Path) -> bytes | None:
    """The key of the database at `path` (None when plain); refuses an encrypted-looking
    file without its key file, or an empty or missing encrypted one."""
    from caseroom.db.cipher import check_can_open

    key = database_key(path)
    check_can_open(path, key)
    return key


def _backup_key(source: Path, key: bytes | None) -> bytes | None:
    """The key that reads the backup `source`: the database's own when the backup's key
    file says it is the same key (or has none), else the backup's key file opened with
    the passphrase (or account) from the environment or the terminal."""
    from caseroom.db.crypto import key_id, looks_encrypted, read_key_file

    if not looks_encrypted(source) or not key_file_path(source).is_file():
        return key
    if key is not None and read_key_file(key_file_path(source)).key_id == key_id(key):
        return key
    return database_key(source)


def _print_counts(counts: dict[str, int]) -> None:
    for table, label in _COUNT_LABELS.items():
        if table in counts:
            print(_(label).format(count=counts[table]))


def _format_size(size: int) -> str:
    if size < 1024:
        return ngettext("{count} byte", "{count} bytes", size).format(count=size)
    if size < 1024 * 1024:
        return _("{size:.1f} KB").format(size=size / 1024)
    return _("{size:.1f} MB").format(size=size / (1024 * 1024))
