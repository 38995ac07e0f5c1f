"""Consents (Law of RK No. 94-V on personal data): record, withdraw, ask whether one holds.

A consent is about one subject: a child (signed by a caregiver who is the child's legal
representative, or by a person whose name is typed) or a caregiver (her own data, signed by
herself). Consent to psychological diagnostics is given in writing. A withdrawn consent
stays on record with its date and note. Every consent names the staff member who recorded
it: the system never records one on its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child, Consent, Staff
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import Actor, Problems, checked_text, load, touch
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require
from caseroom.vocab import ConsentForm, ConsentScope

NAME_MAX = 300
TEXT_MAX = 2000


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class ConsentInput:
    """What is written on the consent form. Exactly one of `child_id` and `caregiver_id`.

    The signer is `signer_caregiver_id` (a caregiver on record) or, failing that,
    `signer_name` as typed.
    """

    scope: str
    given_on: date
    child_id: uuid.UUID | None = None
    caregiver_id: uuid.UUID | None = None
    signer_caregiver_id: uuid.UUID | None = None
    signer_name: str | None = None
    form: str = ConsentForm.WRITTEN
    operator: str | None = None
    data_collected: str | None = None
    third_parties: str | None = None
    cross_border: bool = False
    valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class ConsentRead:
    """A consent as screens see it (`withdrawn_on` set once withdrawn)."""

    id: uuid.UUID
    scope: str
    child_id: uuid.UUID | None
    caregiver_id: uuid.UUID | None
    signer_caregiver_id: uuid.UUID | None
    signer_name: str
    form: str
    operator: str | None
    data_collected: str | None
    third_parties: str | None
    cross_border: bool
    given_on: date
    valid_until: date | None
    withdrawn_on: date | None
    withdrawal_note: str | None
    recorded_by_id: uuid.UUID
    archived_at: datetime | None

    @property
    def withdrawn(self) -> bool:
        """Whether the consent was withdrawn."""
        return self.withdrawn_on is not None


_COLUMNS: list[Any] = [col(getattr(Consent, f.name)) for f in fields(ConsentRead)]


def _read(record: Consent) -> ConsentRead:
    return ConsentRead(*(getattr(record, f.name) for f in fields(ConsentRead)))


def _check_subject_and_signer(
    session: Session, problems: Problems, data: ConsentInput
) -> str | None:
    """The signer's name as stored; problems under `subject` and `signer`."""
    if (data.child_id is None) == (data.caregiver_id is None):
        problems.add("subject", _("Choose whose consent this is: a child's or a caregiver's"))
        return None
    family_id: uuid.UUID | None = None
    if data.child_id is not None:
        child = session.get(Child, data.child_id)
        if child is None or child.archived_at is not None:
            problems.add("subject", _("The child was not found or is archived"))
            return None
        family_id = child.family_id
    else:
        subject = session.get(Caregiver, data.caregiver_id)
        if subject is None or subject.archived_at is not None:
            problems.add("subject", _("The caregiver was not found or is archived"))
            return None
    if data.signer_caregiver_id is None:
        return checked_text(
            problems,
            "signer",
            data.signer_name,
            limit=NAME_MAX,
            too_long=_("The name is too long (at most {limit} characters)"),
            missing=_("Choose the caregiver who signed, or type the signer's name"),
        )
    signer = session.get(Caregiver, data.signer_caregiver_id)
    if signer is None or signer.archived_at is not None:
        problems.add("signer", _("The caregiver who signed was not found or is archived"))
        return None
    if family_id is not None and (
        signer.family_id != family_id or not signer.is_legal_representative
    ):
        problems.add("signer", _("The signer is not the child's legal representative"))
    if data.caregiver_id is not None and signer.id != data.caregiver_id:
        problems.add("signer", _("A caregiver's own consent is signed by that caregiver"))
    return full_name(signer.last_name, signer.first_name, signer.patronymic)


def _validate(
    session: Session, data: ConsentInput, today: date, recorded_by: uuid.UUID | None
) -> tuple[str, dict[str, str | None]]:
    problems = Problems()
    if data.scope not in set(ConsentScope):
        problems.add("scope", _("Choose what the consent is for from the list"))
    signer_name = _check_subject_and_signer(session, problems, data)
    if data.given_on > today:
        problems.add(
            "given_on",
            _("The consent date {date} is in the future").format(date=_d(data.given_on)),
        )
    if data.form not in set(ConsentForm):
        problems.add("form", _("Choose how the consent was given from the list"))
    elif data.scope == ConsentScope.PSYCH_DIAGNOSTICS and data.form != ConsentForm.WRITTEN:
        problems.add("form", _("Consent to psychological diagnostics must be given in writing"))
    if data.valid_until is not None and data.valid_until < data.given_on:
        problems.add(
            "valid_until",
            _("The consent cannot end on {until}, before it was given on {given}").format(
                until=_d(data.valid_until), given=_d(data.given_on)
            ),
        )
    texts = {
        "operator": checked_text(problems, "operator", data.operator, limit=NAME_MAX),
        "data_collected": checked_text(
            problems, "data_collected", data.data_collected, limit=TEXT_MAX, multiline=True
        ),
        "third_parties": checked_text(
            problems, "third_parties", data.third_parties, limit=TEXT_MAX, multiline=True
        ),
    }
    staff = session.get(Staff, recorded_by) if recorded_by is not None else None
    if staff is None or staff.archived_at is not None:
        problems.add("recorded_by", _("Choose the staff member who recorded the consent"))
    problems.raise_if_any()
    assert signer_name is not None
    return signer_name, texts


def record_consent(
    session: Session,
    *,
    actor: Actor,
    data: ConsentInput,
    today: date,
    recorded_by: uuid.UUID | None = None,
) -> ConsentRead:
    """Record a consent; `recorded_by` defaults to the acting staff member.

    The system actor (command line, import) must name the staff member explicitly.
    """
    require(actor, Permission.EDIT_RECORDS)
    recorder = recorded_by if recorded_by is not None else actor.staff_id
    signer_name, texts = _validate(session, data, today, recorder)
    assert recorder is not None
    record = Consent(
        scope=data.scope,
        child_id=data.child_id,
        caregiver_id=data.caregiver_id,
        signer_caregiver_id=data.signer_caregiver_id,
        signer_name=signer_name,
        form=data.form,
        operator=texts["operator"],
        data_collected=texts["data_collected"],
        third_parties=texts["third_parties"],
        cross_border=data.cross_border,
        given_on=data.given_on,
        valid_until=data.valid_until,
        recorded_by_id=recorder,
    )
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="consent",
        details={"scope": record.scope, "form": record.form},
    )
    return _read(record)


def withdraw_consent(
    session: Session,
    *,
    actor: Actor,
    consent_id: uuid.UUID,
    withdrawn_on: date,
    today: date,
    note: str | None = None,
) -> ConsentRead:
    """Record that a consent was withdrawn from `withdrawn_on` (it stays on record)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Consent, consent_id, _("This consent was not found"))
    problems = Problems()
    if record.withdrawn_on is not None:
        problems.add(
            "withdrawn_on",
            _("The consent was already withdrawn on {date}").format(date=_d(record.withdrawn_on)),
        )
    elif withdrawn_on < record.given_on:
        problems.add(
            "withdrawn_on",
            _("The withdrawal date {date} is before the consent was given on {given}").format(
                date=_d(withdrawn_on), given=_d(record.given_on)
            ),
        )
    elif withdrawn_on > today:
        problems.add(
            "withdrawn_on",
            _("The withdrawal date {date} is in the future").format(date=_d(withdrawn_on)),
        )
    text = checked_text(problems, "note", note, limit=TEXT_MAX, multiline=True)
    problems.raise_if_any()
    record.withdrawn_on = withdrawn_on
    record.withdrawal_note = text
    touch(record)
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="withdraw",
        entity="consent",
        details={"scope": record.scope},
    )
    return _read(record)


def archive_consent(
    session: Session, *, actor: Actor, consent_id: uuid.UUID, reason: str | None = None
) -> ConsentRead:
    """Archive a consent entered by mistake (a real withdrawal is `withdraw_consent`)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Consent, consent_id, _("This consent was not found"))
    archive_and_audit(session, actor, record, "consent", reason=reason)
    return _read(record)


def _subject(child_id: uuid.UUID | None, caregiver_id: uuid.UUID | None) -> ColumnElement[bool]:
    if (child_id is None) == (caregiver_id is None):
        raise ValueError("give exactly one of child_id and caregiver_id")
    if child_id is not None:
        return col(Consent.child_id) == child_id
    return col(Consent.caregiver_id) == caregiver_id


def has_consent(
    session: Session,
    *,
    child_id: uuid.UUID | None = None,
    caregiver_id: uuid.UUID | None = None,
    scope: str,
    on: date,
) -> bool:
    """Whether a consent of `scope` for the child (or caregiver) holds on the day `on`.

    It holds from `given_on` to `valid_until` (both included) unless archived or withdrawn
    on or before `on` (the day of withdrawal no longer counts).
    """
    query = (
        select(col(Consent.id))
        .where(
            _subject(child_id, caregiver_id),
            col(Consent.scope) == scope,
            col(Consent.archived_at).is_(None),
            col(Consent.given_on) <= on,
            or_(col(Consent.valid_until).is_(None), col(Consent.valid_until) >= on),
            or_(col(Consent.withdrawn_on).is_(None), col(Consent.withdrawn_on) > on),
        )
        .limit(1)
    )
    return session.execute(query).first() is not None


def list_consents(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID | None = None,
    caregiver_id: uuid.UUID | None = None,
    include_archived: bool = False,
) -> list[ConsentRead]:
    """The consents of a child (or of a caregiver), withdrawn ones included, newest first."""
    require(actor, Permission.VIEW_NOTES)
    query = select(*_COLUMNS).where(_subject(child_id, caregiver_id))
    if not include_archived:
        query = query.where(col(Consent.archived_at).is_(None))
    query = query.order_by(col(Consent.given_on).desc(), col(Consent.created_at).desc())
    return [ConsentRead(*row) for row in session.execute(query)]
