"""Undoing an edit: a record's stored values before a change, and writing them back.

The app's Undo (for as long as its window is open) keeps `snapshot()` of a record taken in
the same unit of work as the edit, and `revert()` writes those values back, permission
checked and audited as an "update" marked `undo`. Only the record's own columns are kept:
its id, creation time and archived time are never changed by a revert.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, SQLModel

from caseroom.i18n import _
from caseroom.services.audited import save_and_audit
from caseroom.services.common import Actor, load, touch
from caseroom.services.permissions import Permission, require

_KEPT = frozenset({"id", "created_at", "updated_at", "archived_at"})


def _columns(model: type[SQLModel]) -> list[str]:
    table = getattr(model, "__table__")  # noqa: B009 - a SQLModel table's Core table
    return [column.key for column in table.columns if column.key not in _KEPT]


def snapshot(
    session: Session,
    *,
    actor: Actor,
    model: type[SQLModel],
    record_id: uuid.UUID,
    permission: Permission = Permission.EDIT_RECORDS,
) -> dict[str, Any]:
    """The record's own stored values now (for `revert`; never shown, never logged)."""
    require(actor, permission)
    record = load(session, model, record_id, _("The record was not found"))
    return {name: getattr(record, name) for name in _columns(model)}


def revert(
    session: Session,
    *,
    actor: Actor,
    model: type[SQLModel],
    record_id: uuid.UUID,
    values: dict[str, Any],
    entity: str,
    permission: Permission = Permission.EDIT_RECORDS,
) -> None:
    """Write `values` (a `snapshot`) back to the record and audit it as an undone update."""
    require(actor, permission)
    record = load(session, model, record_id, _("The record was not found"))
    for name in _columns(model):
        if name in values:
            setattr(record, name, values[name])
    touch(record)
    save_and_audit(
        session, actor=actor, record=record, action="update", entity=entity, details={"undo": True}
    )
