"""Archiving a logged session with a reason, and restoring it.

Kept apart from `writing.py` (whose notes move to the restricted store). Archiving takes the
session out of the journal, the children's figures and the notes search; restoring puts it
back in all three as it was. The archive's audit event holds the reason code of
`ArchiveReason`.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from caseroom.db import search
from caseroom.db.models import Attendance, SessionRecord
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, restore_and_audit
from caseroom.services.common import Actor, load
from caseroom.services.permissions import Permission, require
from caseroom.services.sessions.writing import _refresh_children

ENTITY = "session"


def _children(session: Session, session_id: uuid.UUID) -> list[uuid.UUID]:
    rows = session.scalars(
        select(col(Attendance.child_id)).where(
            col(Attendance.session_id) == session_id, col(Attendance.child_id).is_not(None)
        )
    ).all()
    return [child_id for child_id in rows if child_id is not None]


def archive_session_for(
    session: Session, *, actor: Actor, session_id: uuid.UUID, reason: str | None = None
) -> None:
    """Archive a session (with the reason): it leaves the journal, figures and search."""
    require(actor, Permission.SCHEDULE_SESSIONS)
    record = load(session, SessionRecord, session_id, _("The session was not found."))
    if archive_and_audit(session, actor, record, ENTITY, reason=reason):
        _refresh_children(session, _children(session, record.id))
        search.remove_sessions(session, [record.id])


def restore_session(session: Session, *, actor: Actor, session_id: uuid.UUID) -> None:
    """Bring an archived session back to the journal, the figures and the notes search."""
    require(actor, Permission.SCHEDULE_SESSIONS)
    record = load(session, SessionRecord, session_id, _("The session was not found."))
    if restore_and_audit(session, actor, record, ENTITY):
        _refresh_children(session, _children(session, record.id))
        search.index_sessions(session, [record.id])
