"""Keeping the help directory: add, edit, archive, restore and read its entries.

The directory is public information about services (it names no child), so anyone who
works in the room may read it; changing it needs `Permission.KEEP_DIRECTORY` (specialists
and the administrator). Every change is audited (ids and codes only, never names).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select

from caseroom.db.models_directory import DirectoryEntry
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import Actor, load, touch
from caseroom.services.directory.fields import (
    EntryInput,
    EntryRead,
    checked_entry,
    new_code,
    read_entry,
)
from caseroom.services.permissions import Permission, allowed, require

ENTITY = "directory_entry"
"""The audit trail's name for a directory entry."""


def require_reader(actor: Actor) -> None:
    """Anyone who works in the room may read the directory (an administrator too)."""
    if not allowed(actor, Permission.KEEP_DIRECTORY):
        require(actor, Permission.VIEW_RECORDS)


def _missing() -> str:
    return _("This directory entry was not found")


def code_taken(session: Session, code: str, but: uuid.UUID | None = None) -> bool:
    """Whether another entry already has the stable id `code`."""
    query = select(DirectoryEntry.id).where(col(DirectoryEntry.code) == code)
    if but is not None:
        query = query.where(col(DirectoryEntry.id) != but)
    return session.exec(query).first() is not None


def _checked(session: Session, data: EntryInput, but: uuid.UUID | None) -> dict[str, Any]:
    values, problems = checked_entry(data)
    if values["code"] is not None and code_taken(session, str(values["code"]), but):
        problems.add("code", _("Another entry already has this id"))
    problems.raise_if_any()
    return values


def add_entry(session: Session, *, actor: Actor, data: EntryInput) -> EntryRead:
    """Add an entry to the directory (an id is made when `data.code` is None)."""
    require(actor, Permission.KEEP_DIRECTORY)
    values = _checked(session, data, None)
    if values["code"] is None:
        values["code"] = new_code()
    record = DirectoryEntry(**values)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity=ENTITY,
        details={"kind": record.kind},
    )
    return read_entry(record)


def edit_entry(
    session: Session, *, actor: Actor, entry_id: uuid.UUID, data: EntryInput
) -> EntryRead:
    """Change an entry (its id is kept when `data.code` is None)."""
    require(actor, Permission.KEEP_DIRECTORY)
    record = load(session, DirectoryEntry, entry_id, _missing())
    values = _checked(session, data, record.id)
    if values["code"] is None:
        values["code"] = record.code
    for name, value in values.items():
        setattr(record, name, value)
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="update",
        entity=ENTITY,
        details={"kind": record.kind},
    )
    return read_entry(record)


def archive_entry(session: Session, *, actor: Actor, entry_id: uuid.UUID) -> EntryRead:
    """Archive an entry that no longer works (referrals to it keep pointing at it)."""
    require(actor, Permission.KEEP_DIRECTORY)
    record = load(session, DirectoryEntry, entry_id, _missing())
    archive_and_audit(session, actor, record, ENTITY)
    return read_entry(record)


def restore_entry(session: Session, *, actor: Actor, entry_id: uuid.UUID) -> EntryRead:
    """Bring an archived entry back into the directory."""
    require(actor, Permission.KEEP_DIRECTORY)
    record = load(session, DirectoryEntry, entry_id, _missing())
    if record.archived_at is not None:
        record.archived_at = None
        touch(record)
        save_and_audit(session, actor=actor, record=record, action="restore", entity=ENTITY)
    return read_entry(record)


def get_entry(session: Session, entry_id: uuid.UUID, actor: Actor) -> EntryRead:
    """One entry (archived ones too: an old referral may point at it).

    Raises `NotFoundError` when there is none, `PermissionDeniedError` for a role that may
    see nothing in the room.
    """
    require_reader(actor)
    record = session.get(DirectoryEntry, entry_id)
    if record is None:
        raise NotFoundError(_missing())
    return read_entry(record)


def get_entries(session: Session, *, actor: Actor, entry_ids: list[uuid.UUID]) -> list[EntryRead]:
    """The entries with these ids, in the order given (ids not found are left out)."""
    require_reader(actor)
    found: list[EntryRead] = []
    for entry_id in entry_ids:
        record = session.get(DirectoryEntry, entry_id)
        if record is not None:
            found.append(read_entry(record))
    return found


def all_entries(
    session: Session, *, actor: Actor, include_archived: bool = False
) -> list[EntryRead]:
    """Every entry, by town then name."""
    require_reader(actor)
    query = select(DirectoryEntry)
    if not include_archived:
        query = query.where(col(DirectoryEntry.archived_at).is_(None))
    records = session.exec(query).all()
    reads = [read_entry(record) for record in records]
    return sorted(reads, key=lambda entry: ((entry.town or "").casefold(), entry.name.casefold()))
