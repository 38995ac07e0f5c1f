"""Send a child's file to another room: seal it under a passphrase, mark the child transferred.

The sending room keeps the child's record: its status becomes `transferred`, the day it
left is set and the record is archived (it leaves the lists, stays for reports and the
audit trail). Two audit events are written: `export` of the `transfer` (with the child's
id and whether notes went) and `transfer` of the `child`. The caller commits only once
the file is safely written (`write_transfer_file`), so a failed write marks nothing.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import or_, select
from sqlmodel import Session, col

from caseroom.bundles.transfer_format import DEFAULT_KDF, TransferKdf, passphrase_problem, seal
from caseroom.db.models import Child
from caseroom.errors import NotFoundError, UserError, ValidationError
from caseroom.i18n import _
from caseroom.services.common import Actor, archive, audit, load, touch
from caseroom.services.exchange.transfer_payload import build_payload
from caseroom.services.parents.consents import has_consent
from caseroom.services.permissions import Permission, require
from caseroom.vocab import ChildStatus, ConsentScope


@dataclass(frozen=True, slots=True)
class TransferExport:
    """A sealed transfer file and what it holds (counts only: no names)."""

    transfer_id: uuid.UUID
    child_id: uuid.UUID
    case_number: str
    notes_included: bool
    plans: int
    pmpk: int
    consents: int
    sessions: int
    data: bytes


def notes_may_go(session: Session, child_id: uuid.UUID, on: date) -> bool:
    """Whether the parent's consent to share session notes on transfer holds on `on`."""
    return has_consent(session, child_id=child_id, scope=ConsentScope.SHARE_NOTES, on=on)


def child_by_case(session: Session, *, actor: Actor, case: str) -> uuid.UUID:
    """The id of the child whose case number (or record id) is `case`; `NotFoundError`."""
    require(actor, Permission.VIEW_RECORDS)
    text = case.strip()
    condition = col(Child.case_number) == text.upper()
    with contextlib.suppress(ValueError):
        condition = or_(condition, col(Child.id) == uuid.UUID(text))
    found = session.execute(select(col(Child.id)).where(condition).limit(1)).scalar()
    if found is None:
        raise NotFoundError(_("No child with case number or id “{case}”").format(case=text))
    return found


def export_child(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    passphrase: str,
    today: date,
    kdf: TransferKdf = DEFAULT_KDF,
) -> TransferExport:
    """Seal the child's file under `passphrase` and mark the child transferred (flushed,
    not committed). A child archived for another reason is refused."""
    require(actor, Permission.TRANSFER_CHILD)
    require(actor, Permission.VIEW_RECORDS)
    problem = passphrase_problem(passphrase)
    if problem is not None:
        raise ValidationError({"passphrase": problem})
    child = load(session, Child, child_id, _("This child was not found"))
    again = child.status == ChildStatus.TRANSFERRED.value
    if child.archived_at is not None and not again:
        raise UserError(
            _(
                "The child with case number {case} is archived; bring the record back "
                "before transferring it."
            ).format(case=child.case_number)
        )
    notes = notes_may_go(session, child.id, today)
    transfer_id = uuid.uuid4()
    payload = build_payload(session, child, transfer_id=transfer_id, notes=notes, made_on=today)
    data = seal(payload, passphrase, kdf=kdf)
    audit(
        session,
        actor=actor,
        action="export",
        entity="transfer",
        entity_id=transfer_id,
        details={"child_id": str(child.id), "notes": notes, "again": again},
    )
    if not again:
        child.status = ChildStatus.TRANSFERRED.value
        if child.left_on is None:
            child.left_on = today
        archive(child)
        touch(child)
        session.add(child)
        session.flush()
        audit(
            session,
            actor=actor,
            action="transfer",
            entity="child",
            entity_id=child.id,
            details={"transfer_id": str(transfer_id), "left_on": child.left_on.isoformat()},
        )
    session.flush()
    return TransferExport(
        transfer_id=transfer_id,
        child_id=child.id,
        case_number=child.case_number,
        notes_included=notes,
        plans=len(payload["plans"]),
        pmpk=len(payload["pmpk"]),
        consents=len(payload["consents"]),
        sessions=len(payload["sessions"]),
        data=data,
    )


def write_transfer_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one step (a temporary file renamed over it), owner-only."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            _("The transfer file {path} could not be written: {reason}").format(
                path=path, reason=error.strerror or type(error).__name__
            )
        ) from error
