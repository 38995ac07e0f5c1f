"""Backing up and restoring the whole database as a person (no Qt, no command line).

Both need `Permission.BACKUP` (specialists and administrators, never assistants: a copy
holds every record of the room) and both are written to the audit trail, with no path or
record content in the details (a folder name can name a person).

A backup's event goes into the database that was copied, after the copy (so it is in
the live trail, not in the copy). A restore's event goes into the *restored* database,
after restoring: that is the trail the room goes on using, and an event written into the
replaced database beforehand would survive only in its safety copy, so the trail in use
would never show that it was replaced. The person signed in to the replaced database;
when the restored one (an older copy) has no staff record of them, the event names no
actor and keeps their staff id in its details.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlmodel import Session

from caseroom.db.backup import RestoreResult, backup_database
from caseroom.db.crypto import looks_encrypted
from caseroom.db.models import Staff
from caseroom.db.restore import restore_database
from caseroom.services.common import Actor, audit
from caseroom.services.permissions import Permission, require


def back_up_database(
    session: Session, *, actor: Actor, db_path: Path, target: Path, key: bytes | None = None
) -> Path:
    """Write a consistent copy of the database at `db_path` (which `session` is on) to
    `target`; returns the file written. The caller commits (the audit event)."""
    require(actor, Permission.BACKUP)
    written = backup_database(db_path, target, key=key)
    audit(
        session, actor=actor, action="backup", entity="database", details={"encrypted": bool(key)}
    )
    return written


def require_restore(actor: Actor) -> None:
    """Raise `PermissionDeniedError` unless `actor` may restore a backup (checked before
    anything is read or replaced)."""
    require(actor, Permission.BACKUP)


def restore_backup(
    *,
    actor: Actor,
    db_path: Path,
    source: Path,
    key: bytes | None = None,
    source_key: bytes | None = None,
) -> RestoreResult:
    """Replace the database at `db_path` with the backup `source` (`db.restore`), then
    write the "restore" event into the restored database (see the module docstring).

    No engine may be open on `db_path` while it is replaced.
    """
    require_restore(actor)
    result = restore_database(db_path, source, key=key, source_key=source_key)
    restored_key = key if key is not None else (source_key if looks_encrypted(db_path) else None)
    _audit_restore(db_path, restored_key, actor, result)
    return result


def _audit_restore(db_path: Path, key: bytes | None, actor: Actor, result: RestoreResult) -> None:
    from caseroom.db.engine import engine_for_path

    details: dict[str, object] = {"safety_copy": result.safety_copy is not None}
    engine = engine_for_path(db_path, key=key)
    try:
        with Session(engine) as session:
            if actor.staff_id is not None and session.get(Staff, actor.staff_id) is None:
                details["staff_id"] = str(actor.staff_id)
                actor = dataclasses.replace(actor, staff_id=None)
            audit(session, actor=actor, action="restore", entity="database", details=details)
            session.commit()
    finally:
        engine.dispose()
