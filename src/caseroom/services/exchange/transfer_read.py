"""Check a transfer file's payload field by field before anything is written.

The file is sealed (a changed byte fails its tag), but it comes from another room and
maybe another caseroom version: every value is checked against the rules stored text
and codes follow here (`checked_text`, the vocabularies, the tables' constraints). The
first value that fails refuses the whole file (`TransferDamagedError`, nothing written).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, time
from enum import StrEnum
from typing import Any

from caseroom.bundles.transfer_format import TransferDamagedError
from caseroom.db.record import NAME
from caseroom.i18n import _
from caseroom.services.common import NOTE_MAX, Problems, checked_text
from caseroom.services.plans.pmpk import SPECIALIST_LIMIT, SPECIALISTS_MAX
from caseroom.vocab import (
    AttendanceStatus,
    CaregiverRelation,
    Checkpoint,
    Confidentiality,
    ConsentForm,
    ConsentScope,
    Domain,
    GoalStatus,
    HomeLanguage,
    PlanStatus,
    Rating,
    SessionKind,
    Sex,
    VulnerabilityMarker,
)

Rule = Callable[[Any, str], Any]
Spec = dict[str, Rule]


def _refuse(where: str) -> TransferDamagedError:
    return TransferDamagedError(
        _(
            "The transfer file holds a value caseroom cannot take in ({field}); "
            "nothing was written."
        ).format(field=where)
    )


def text(limit: int = 200, *, required: bool = False) -> Rule:
    """A one-line text of at most `limit` characters."""
    return _text(limit, multiline=False, required=required)


def note(*, required: bool = False) -> Rule:
    """A multi-line text (a note)."""
    return _text(NOTE_MAX, multiline=True, required=required)


def _text(limit: int, *, multiline: bool, required: bool) -> Rule:
    def rule(value: Any, where: str) -> str | None:
        if value is not None and not isinstance(value, str):
            raise _refuse(where)
        problems = Problems()
        cleaned = checked_text(problems, "value", value, limit=limit, multiline=multiline)
        if problems or (required and cleaned is None):
            raise _refuse(where)
        return cleaned

    return rule


def day(*, required: bool = False) -> Rule:
    """A calendar day in ISO form."""

    def rule(value: Any, where: str) -> date | None:
        if value is None and not required:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            raise _refuse(where) from error

    return rule


def clock(value: Any, where: str) -> time | None:
    """A time of day in ISO form, or None."""
    if value is None:
        return None
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError) as error:
        raise _refuse(where) from error


def number(low: int, high: int) -> Rule:
    """A whole number from `low` to `high`, or None."""

    def rule(value: Any, where: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _refuse(where)
        return value

    return rule


def flag(value: Any, where: str) -> bool:
    """True or false."""
    if not isinstance(value, bool):
        raise _refuse(where)
    return value


def code(vocabulary: type[StrEnum], *, required: bool = True) -> Rule:
    """A code of `vocabulary`."""
    codes = {str(member) for member in vocabulary}

    def rule(value: Any, where: str) -> str | None:
        if value is None and not required:
            return None
        if value not in codes:
            raise _refuse(where)
        return str(value)

    return rule


def record_id(value: Any, where: str) -> uuid.UUID:
    """A record id of the sending room."""
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError, AttributeError) as error:
        raise _refuse(where) from error


def maybe_id(value: Any, where: str) -> uuid.UUID | None:
    """A record id of the sending room, or None."""
    return None if value is None else record_id(value, where)


def short_texts(raw: Any, where: str) -> list[str]:
    """A conclusion's recommended specialists, within the services' bounds; a file made
    before the list existed has none."""
    if raw is None:
        return []
    if not isinstance(raw, list) or len(raw) > SPECIALISTS_MAX:
        raise _refuse(where)
    rule = text(SPECIALIST_LIMIT, required=True)
    return [str(rule(item, where)) for item in raw]


CHILD: Spec = {
    "id": record_id,
    "case_number": text(40, required=True),
    "last_name": text(NAME, required=True),
    "first_name": text(NAME, required=True),
    "patronymic": text(NAME),
    "birth_date": day(required=True),
    "sex": code(Sex, required=False),
    "iin": text(12),
    "school": text(200),
    "grade": number(0, 12),
    "class_letter": text(8),
    "home_language": code(HomeLanguage, required=False),
    "enrolled_on": day(required=True),
    "notes": note(),
}
FAMILY: Spec = {
    "id": record_id,
    "display_name": text(200, required=True),
    "address": note(),
    "locality": text(200),
    "home_language": code(HomeLanguage, required=False),
    "children_count": number(0, 99),
    "notes": note(),
}
CAREGIVER: Spec = {
    "id": record_id,
    "last_name": text(NAME, required=True),
    "first_name": text(NAME, required=True),
    "patronymic": text(NAME),
    "relation": code(CaregiverRelation),
    "phone": text(20),
    "is_legal_representative": flag,
    "language": code(HomeLanguage, required=False),
    "notes": note(),
}
PMPK: Spec = {
    "id": record_id,
    "issued_on": day(required=True),
    "number": text(60, required=True),
    "recommendations": note(),
    "valid_until": day(),
    "conditions": note(),
    "specialists": short_texts,
    "programme": note(),
}
PLAN: Spec = {
    "id": record_id,
    "starts_on": day(required=True),
    "ends_on": day(required=True),
    "status": code(PlanStatus),
    "next_review_on": day(),
    "notes": note(),
}
REVIEW: Spec = {"id": record_id, "reviewed_on": day(required=True), "summary": note()}
GOAL: Spec = {
    "id": record_id,
    "domain": code(Domain),
    "description": note(required=True),
    "baseline": note(),
    "target": note(),
    "criterion": note(),
    "status": code(GoalStatus),
    "sort_order": number(-1_000_000, 1_000_000),
}
RATING: Spec = {
    "id": record_id,
    "checkpoint": code(Checkpoint),
    "rated_on": day(required=True),
    "rating": code(Rating),
    "note": note(),
}
CONSENT: Spec = {
    "id": record_id,
    "scope": code(ConsentScope),
    "caregiver": maybe_id,
    "signer": maybe_id,
    "signer_name": text(300, required=True),
    "form": code(ConsentForm),
    "operator": text(300),
    "data_collected": note(),
    "third_parties": note(),
    "cross_border": flag,
    "given_on": day(required=True),
    "valid_until": day(),
    "withdrawn_on": day(),
    "withdrawal_note": note(),
}
SESSION: Spec = {
    "id": record_id,
    "held_on": day(required=True),
    "starts_at": clock,
    "minutes": number(1, 600),
    "kind": code(SessionKind),
    "confidentiality": code(Confidentiality),
    "topic": text(300),
    "notes": note(),
    "agreed": note(),
    "attendance": code(AttendanceStatus),
    "reason": text(300),
}


def checked(raw: Any, spec: Spec, where: str) -> dict[str, Any]:
    """The record `raw` with every field of `spec` checked (`TransferDamagedError` else)."""
    if not isinstance(raw, dict):
        raise _refuse(where)
    return {name: rule(raw.get(name), f"{where}.{name}") for name, rule in spec.items()}


def checked_list(raw: Any, spec: Spec, where: str) -> list[dict[str, Any]]:
    """A list of records, each checked against `spec`."""
    if not isinstance(raw, list):
        raise _refuse(where)
    return [checked(item, spec, f"{where}[{index}]") for index, item in enumerate(raw)]


def vulnerability(raw: Any, where: str) -> list[str]:
    """The family's vulnerability markers."""
    rule = code(VulnerabilityMarker)
    if not isinstance(raw, list):
        raise _refuse(where)
    return [rule(item, where) for item in raw]


def sen_codes(raw: Any, where: str) -> list[str]:
    """The child's SEN category codes (kept only where the room knows them)."""
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise _refuse(where)
    return [item for item in raw if 0 < len(item) <= 32]


def refuse(where: str) -> TransferDamagedError:
    """The error for a value (named by `where`) that breaks a rule across fields."""
    return _refuse(where)
