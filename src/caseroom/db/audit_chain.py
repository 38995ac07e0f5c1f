"""The audit trail's hash chain: each event carries a digest of itself and of the one before.

Every audit event has a place (`seq`, 1, 2, 3...) and a `chain` digest: SHA-256 over the
previous event's digest and this event's own fields. Deleting, changing or inserting an
event with the sqlite3 shell breaks the chain at that place, and `caseroom check` names
the first broken event. What the chain cannot show: someone who knows this algorithm and
rewrites every later digest, or who deletes only the newest events; README says so.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

GENESIS = "0" * 64
"""The digest before the first event."""
_STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=True, separators=(",", ":"))
"""The canonical form digested (what `json.dumps` with these options writes)."""


def _time_text(at: datetime | str) -> str:
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime(_STORED_TIME)


def _id_text(value: uuid.UUID | str | bytes | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, bytes):
        return uuid.UUID(bytes=value).hex if len(value) == 16 else value.decode("ascii")
    return uuid.UUID(value).hex


def event_digest(
    previous: str,
    *,
    seq: int,
    at: datetime | str,
    actor_id: uuid.UUID | str | None,
    action: str,
    entity: str,
    entity_id: uuid.UUID | str | None,
    details: dict[str, Any] | str | None,
) -> str:
    """The chain digest of one event given the digest of the event before it."""
    decoded = json.loads(details) if isinstance(details, str) else details
    return digest_of(
        previous,
        seq,
        _time_text(at),
        _id_text(actor_id),
        action,
        entity,
        _id_text(entity_id),
        decoded,
    )


def digest_of(
    previous: str,
    seq: int,
    at_text: str,
    actor_text: str | None,
    action: str,
    entity: str,
    entity_text: str | None,
    details: dict[str, Any] | None,
) -> str:
    """`event_digest` of fields already in their digested form (the time as stored, ids
    as hex, details decoded): for writing many events of one time and actor at once."""
    canonical = _CANONICAL.encode(
        [previous, seq, at_text, actor_text, action, entity, entity_text, details or {}]
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def time_text(at: datetime | str) -> str:
    """A time as the digest reads it (UTC, as stored)."""
    return _time_text(at)


def id_text(value: uuid.UUID | str | bytes | None) -> str | None:
    """An id as the digest reads it (hex, or None)."""
    return _id_text(value)


def chain_head(session: Session) -> tuple[int, str]:
    """The place and digest of the newest event, counting events added but not yet flushed
    in `session` (so several events in one transaction chain in the order they were added)."""
    from caseroom.db.models import AuditEvent

    pending = [
        (item.seq, item.chain)
        for item in session.new
        if isinstance(item, AuditEvent) and item.seq is not None and item.chain is not None
    ]
    with session.no_autoflush:
        stored = session.execute(
            select(col(AuditEvent.seq), col(AuditEvent.chain))
            .where(col(AuditEvent.seq).is_not(None))
            .order_by(col(AuditEvent.seq).desc())
            .limit(1)
        ).first()
    candidates = [(int(seq), str(chain)) for seq, chain in pending]
    if stored is not None and stored[0] is not None:
        candidates.append((int(stored[0]), str(stored[1])))
    return max(candidates, default=(0, GENESIS))


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """Where the chain first fails: the event's place (None when it has none), its time
    and action, and why (`missing`, `changed` or `unplaced`)."""

    seq: int | None
    at: str
    action: str
    reason: str


@dataclass(frozen=True, slots=True)
class ChainReport:
    """How many events were checked and the first break (None when the chain holds)."""

    events: int
    broken: ChainBreak | None


_COLUMNS = "seq, at, actor_id, action, entity, entity_id, details, chain"


def verify_rows(rows: Iterable[tuple[Any, ...]]) -> ChainReport:
    """Check rows of (`_COLUMNS`) in the order of their place."""
    previous, expected, count = GENESIS, 1, 0
    for seq, at, actor_id, action, entity, entity_id, details, chain in rows:
        count += 1
        if seq is None:
            return ChainReport(count, ChainBreak(None, str(at), str(action), "unplaced"))
        if int(seq) != expected:
            return ChainReport(count, ChainBreak(int(seq), str(at), str(action), "missing"))
        digest = event_digest(
            previous,
            seq=int(seq),
            at=at,
            actor_id=actor_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=details,
        )
        if digest != chain:
            return ChainReport(count, ChainBreak(int(seq), str(at), str(action), "changed"))
        previous, expected = digest, expected + 1
    return ChainReport(count, None)


def verify_with(run: Callable[[str], Iterable[Any]]) -> ChainReport:
    """Check the chain with `run`, which executes one SQL text and returns its rows."""
    unplaced = list(run(f"SELECT {_COLUMNS} FROM audit_event WHERE seq IS NULL LIMIT 1"))
    if unplaced:
        _seq, at, _actor, action, *_rest = unplaced[0]
        total = next(iter(run("SELECT count(*) FROM audit_event")))[0]
        return ChainReport(int(total), ChainBreak(None, str(at), str(action), "unplaced"))
    return verify_rows(run(f"SELECT {_COLUMNS} FROM audit_event ORDER BY seq"))


def verify_connection(connection: Any) -> ChainReport:
    """Check the chain through a DB-API connection (sqlite3 or SQLCipher) to the file."""
    return verify_with(connection.execute)


def verify_session(session: Session) -> ChainReport:
    """Check the chain of the database `session` is open on."""
    connection = session.connection()
    return verify_with(lambda sql: connection.exec_driver_sql(sql))


def has_chain(connection: Any) -> bool:
    """Whether the file's audit table has the chain's columns (older schemas do not)."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(audit_event)")}
    return {"seq", "chain"} <= columns


def break_message(broken: ChainBreak) -> str:
    """One translated sentence naming where the chain first fails."""
    from caseroom.i18n import _

    at = broken.at[:19]
    if broken.reason == "missing":
        return _(
            "The audit trail's chain is broken: events before event {seq} ({at}) are missing."
        ).format(seq=broken.seq, at=at)
    if broken.reason == "unplaced":
        return _(
            "The audit trail's chain is broken: an event of {at} ({action}) was added "
            "outside the chain."
        ).format(at=at, action=broken.action)
    return _(
        "The audit trail's chain is broken: event {seq} ({at}, {action}) was changed or replaced."
    ).format(seq=broken.seq, at=at, action=broken.action)


def holds_message(events: int) -> str:
    """One translated sentence saying the chain holds."""
    from caseroom.i18n import ngettext

    return ngettext(
        "Audit trail: {count} event, the chain holds.",
        "Audit trail: {count} events, the chain holds.",
        events,
    ).format(count=events)
