"""One entry point for every printed form: its data by name, its writer, and the note in
the audit trail (`forms.py` and `forms_more.py` hold the rules)."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlmodel import Session

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.reports.forms.consent import write_consent_form
from caseroom.reports.forms.data import (
    ConsentFormData,
    PlanFormData,
    PmpkFormData,
    ReferralFormData,
    SheetsFormData,
    SlipFormData,
)
from caseroom.reports.forms.plan import write_plan_form
from caseroom.reports.forms.pmpk import write_pmpk_form
from caseroom.reports.forms.referral import write_referral_form
from caseroom.reports.forms.sheets import write_sheets_form
from caseroom.reports.forms.slip import write_slip_form
from caseroom.reports.protect import write_protected
from caseroom.services.common import Actor, audit
from caseroom.services.parents.referrals import list_referrals
from caseroom.services.permissions import Permission, allowed
from caseroom.services.reporting.common import report_language
from caseroom.services.reporting.forms import consent_form_data, plan_form_data, pmpk_form_data
from caseroom.services.reporting.forms_more import (
    OPEN_REFERRAL,
    referral_form_data,
    sheets_form_data,
    slip_form_data,
)
from caseroom.services.reporting.passwords import check_export_password, password_required

FormData = (
    ConsentFormData | PlanFormData | PmpkFormData | ReferralFormData | SlipFormData | SheetsFormData
)
FORM_KINDS = ("consent", "plan", "pmpk", "referral", "slip", "sheets")


def form_data(
    session: Session,
    *,
    actor: Actor,
    form: str,
    child_id: uuid.UUID | None,
    made_on: date,
    scopes: list[str] | None = None,
    referral_id: uuid.UUID | None = None,
    week_of: date | None = None,
) -> FormData:
    """The data of the form `form` (one of `FORM_KINDS`) for the child; only `sheets` and
    a referral given by id do without a child."""
    if form == "sheets":
        return sheets_form_data(
            session, actor=actor, made_on=made_on, child_id=child_id, week_of=week_of
        )
    if form == "referral":
        return referral_form_data(
            session, actor=actor, made_on=made_on, child_id=child_id, referral_id=referral_id
        )
    if child_id is None:
        raise UserError(_("Choose the child the form is for"))
    if form == "consent":
        return consent_form_data(
            session, actor=actor, child_id=child_id, made_on=made_on, scopes=scopes
        )
    if form == "plan":
        return plan_form_data(session, actor=actor, child_id=child_id, made_on=made_on)
    if form == "pmpk":
        return pmpk_form_data(session, actor=actor, child_id=child_id, made_on=made_on)
    if form == "slip":
        return slip_form_data(session, actor=actor, child_id=child_id, made_on=made_on)
    raise ValueError(f"unknown form {form!r}")


def write_form(data: FormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write `data`'s form as a PDF in `language` to `out`."""
    if isinstance(data, ConsentFormData):
        write_consent_form(data, out, language=language)
    elif isinstance(data, PlanFormData):
        write_plan_form(data, out, language=language)
    elif isinstance(data, PmpkFormData):
        write_pmpk_form(data, out, language=language)
    elif isinstance(data, ReferralFormData):
        write_referral_form(data, out, language=language)
    elif isinstance(data, SlipFormData):
        write_slip_form(data, out, language=language)
    else:
        write_sheets_form(data, out, language=language)


def audit_form(
    session: Session,
    *,
    actor: Actor,
    form: str,
    child_id: uuid.UUID | None,
    language: str,
    encrypted: bool,
) -> None:
    """Note in the audit trail who printed which form of whose (no content)."""
    audit(
        session,
        actor=actor,
        action="print",
        entity="form",
        entity_id=child_id,
        details={"form": form, "language": language, "encrypted": encrypted},
    )


@dataclass(frozen=True, slots=True)
class ReferralChoice:
    """An open referral the letter may be printed for."""

    id: uuid.UUID
    to_whom: str
    referred_on: date


@dataclass(frozen=True, slots=True)
class PrintSetup:
    """What the "Print…" dialog offers: the room's language, whether the file must be
    protected, what the actor may print, and the child's open referrals (newest first)."""

    language: str
    password_required: bool
    may_print: bool
    may_print_pmpk: bool
    referrals: tuple[ReferralChoice, ...]


def print_setup(session: Session, *, actor: Actor, child_id: uuid.UUID) -> PrintSetup:
    """The choices of the "Print…" dialog for one child."""
    may = allowed(actor, Permission.MAKE_REPORTS)
    referrals: tuple[ReferralChoice, ...] = ()
    if may and allowed(actor, Permission.VIEW_NOTES):
        referrals = tuple(
            ReferralChoice(r.id, r.to_whom, r.referred_on)
            for r in list_referrals(session, actor=actor, child_id=child_id)
            if r.status in OPEN_REFERRAL
        )
    return PrintSetup(
        language=report_language(session, None),
        password_required=password_required(session),
        may_print=may,
        may_print_pmpk=may and allowed(actor, Permission.VIEW_NOTES),
        referrals=referrals,
    )


def save_form(
    session: Session,
    *,
    actor: Actor,
    form: str,
    child_id: uuid.UUID | None,
    out: Path,
    made_on: date,
    language: str | None = None,
    password: str | None = None,
    scopes: list[str] | None = None,
    referral_id: uuid.UUID | None = None,
    week_of: date | None = None,
    data: FormData | None = None,
) -> Path:
    """Write the form to the PDF file `out` (encrypted under `password`; required from an
    encrypted database for a form that names someone) and note it in the audit trail.

    `data` is the form's data when already built (`form_data`), else it is built here."""
    if out.is_dir():
        raise UserError(_("{path} is a folder; give a file name").format(path=out))
    if not out.parent.is_dir():
        raise UserError(_("The folder {path} does not exist").format(path=out.parent))
    names_someone = child_id is not None or form != "sheets"
    check_export_password(session, password, identified=names_someone)
    language = report_language(session, language)
    if data is None:
        data = form_data(
            session,
            actor=actor,
            form=form,
            child_id=child_id,
            made_on=made_on,
            scopes=scopes,
            referral_id=referral_id,
            week_of=week_of,
        )
    buffer = io.BytesIO()
    write_form(data, buffer, language=language)
    written = write_protected(out, buffer.getvalue(), "pdf", password)
    audit_form(
        session,
        actor=actor,
        form=form,
        child_id=child_id,
        language=language,
        encrypted=password is not None,
    )
    return written
