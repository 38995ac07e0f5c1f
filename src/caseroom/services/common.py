"""What every service shares: the acting person, validation, audit, loading records.

Conventions (follow them in every service module):
- signature `(session: Session, *, actor: Actor, ...)`; the caller owns the transaction
  (services may `flush()`, never `commit()`);
- input arrives as a frozen `*Input` dataclass or keyword arguments; output leaves as a
  frozen `*Read` dataclass (never a live ORM row);
- every problem with input is collected in `Problems` and raised as one `ValidationError`
  whose messages are already translated and never built from translated fragments;
- every text that is stored passes `checked_text` (no control characters, a bounded
  length; line breaks and tabs only in notes and other multi-line fields);
- every create / update / archive writes an audit event.
"""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from caseroom.db.audit_chain import chain_head, event_digest
from caseroom.db.models import AuditEvent
from caseroom.db.types import utcnow
from caseroom.errors import NotFoundError, ValidationError
from caseroom.i18n import _

M = TypeVar("M", bound=SQLModel)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a staff member, or the system itself (command line, demo, import)."""

    staff_id: uuid.UUID | None
    role: str = "system"
    grants: frozenset[str] = frozenset()
    """Permissions given beyond the role (e.g. an administrator's identified access)."""

    @property
    def is_system(self) -> bool:
        """Whether this is the system acting rather than a person."""
        return self.staff_id is None


SYSTEM = Actor(staff_id=None, role="system")
"""The actor for command-line tools and bulk jobs run without a login."""


@dataclass
class Problems:
    """Collects validation problems, field by field, then raises them together."""

    found: dict[str, str] = field(default_factory=dict)

    def add(self, field_name: str, message: str) -> None:
        """Record a problem with `field_name` (the first one per field is kept)."""
        self.found.setdefault(field_name, message)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_if_any(self) -> None:
        """Raise `ValidationError` if anything was recorded."""
        if self.found:
            raise ValidationError(self.found)


def clean_text(value: str | None) -> str | None:
    """Strip surrounding whitespace; an empty string becomes None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


NOTE_MAX = 100_000
"""The longest note (or other multi-line text) a service stores, in characters."""
LINE_MAX = 200
"""The longest one-line text (a name, a title) unless a field says otherwise."""

_LINE_SEPARATORS = frozenset("\u2028\u2029")


def _refused_character(text: str, *, multiline: bool) -> bool:
    """Whether `text` holds a character no stored text may hold.

    Control characters (C0, DEL, C1), lone surrogates and the Unicode line and paragraph
    separators are refused; in a multi-line text a newline, a tab and a carriage return
    just before a newline are allowed.
    """
    for index, char in enumerate(text):
        if multiline and (char in "\n\t" or (char == "\r" and text[index + 1 : index + 2] == "\n")):
            continue
        if char in _LINE_SEPARATORS or unicodedata.category(char) in ("Cc", "Cs"):
            return True
    return False


def replaced_control_characters(text: str) -> str:
    """`text` with each character a one-line text may not hold replaced by U+FFFD.

    For what is recorded though not stored as a record's text, such as the user name a
    failed sign-in typed (kept in the audit trail so the attempt can be told apart).
    """
    return "".join("\ufffd" if _refused_character(char, multiline=False) else char for char in text)


def checked_text(
    problems: Problems,
    field_name: str,
    value: str | None,
    *,
    limit: int = LINE_MAX,
    multiline: bool = False,
    too_long: str | None = None,
    missing: str | None = None,
) -> str | None:
    """`value` as it is stored (`clean_text`), or None with a problem under `field_name`.

    The one rule for stored text: no control characters (a newline and a tab only when
    `multiline`, for notes and the like), at most `limit` characters (`NOTE_MAX` for a
    note). `too_long` is the field's own translated message (it may hold `{limit}`);
    with `missing`, an empty value is a problem too.
    """
    text = clean_text(value)
    if text is None:
        if missing is not None:
            problems.add(field_name, missing)
        return None
    if _refused_character(text, multiline=multiline):
        problems.add(
            field_name,
            _("This text holds a control character, which cannot be stored; remove it")
            if not multiline
            else _("This note holds a control character, which cannot be stored; remove it"),
        )
        return None
    if len(text) > limit:
        message = too_long or _("The text is too long (at most {limit} characters)")
        problems.add(field_name, message.format(limit=f"{limit:,}".replace(",", "\u00a0")))
        return None
    return text


def checked_short_list(
    problems: Problems,
    field_name: str,
    values: Sequence[str],
    *,
    limit: int,
    most: int,
) -> list[str]:
    """`values` as a stored list of short texts: each stripped and checked as one line of
    at most `limit` characters (`checked_text`), empty ones dropped, a repeat (ignoring
    case) kept once, at most `most` of them; problems go under `field_name`."""
    kept: list[str] = []
    seen: set[str] = set()
    for value in values:
        text = checked_text(
            problems,
            field_name,
            value,
            limit=limit,
            too_long=_("Each entry is at most {limit} characters long"),
        )
        if text is not None and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    if len(kept) > most:
        problems.add(field_name, _("At most {count} entries can be stored").format(count=most))
    return kept


def load(session: Session, model: type[M], record_id: uuid.UUID, missing_message: str) -> M:
    """The record with `record_id`, or `NotFoundError(missing_message)`."""
    record = session.get(model, record_id)
    if record is None:
        raise NotFoundError(missing_message)
    return record


def touch(record: Any) -> None:
    """Mark a record as changed now."""
    record.updated_at = utcnow()


def archive(record: Any) -> None:
    """Archive a record (nothing is hard-deleted in normal work)."""
    now = utcnow()
    record.archived_at = now
    record.updated_at = now


def audit(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append an audit event. `details` must hold no personal data (ids and codes only)."""
    event = AuditEvent(
        actor_id=actor.staff_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=details or {},
    )
    seq, previous = chain_head(session)
    event.seq = seq + 1
    event.chain = event_digest(
        previous,
        seq=event.seq,
        at=event.at,
        actor_id=event.actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        details=event.details,
    )
    session.add(event)
