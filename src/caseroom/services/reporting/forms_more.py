"""The referral letter, the parent's slip and the blank weekly sheets (`forms.py` has the
rest and the rules).

A referral is read through `services.parents.referrals` (levels the actor may not see are
refused, reads at the caregiver's-data or safeguarding level audited). A letter is
addressed from the help-directory entry the referral points at, when it does, else from
the referral's own "to whom" text.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlmodel import Session

from caseroom.db.models import Referral
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.reports.forms.data import (
    ReferralAddress,
    ReferralFormData,
    SheetsFormData,
    SlipFormData,
)
from caseroom.services.common import Actor
from caseroom.services.directory.entries import get_entry
from caseroom.services.parents.referrals import ReferralRead, get_referral, list_referrals
from caseroom.services.permissions import Permission, require
from caseroom.services.reporting.forms_common import (
    caregiver_person,
    child_info,
    child_row,
    form_header,
    legal_representative,
    open_home_tasks,
    planned_sessions,
    staff_person,
)
from caseroom.vocab import ReferralStatus

OPEN_REFERRAL = (ReferralStatus.PLANNED.value, ReferralStatus.SENT.value)
"""A referral still open: planned or sent (not completed or declined)."""

SLIP_SESSIONS = 5
SLIP_TASKS = 3


def latest_open_referral(session: Session, *, actor: Actor, child_id: uuid.UUID) -> ReferralRead:
    """The child's latest open referral (planned or sent) the actor may see;
    `NotFoundError` when there is none."""
    for referral in list_referrals(session, actor=actor, child_id=child_id):
        if referral.status in OPEN_REFERRAL:
            return referral
    raise NotFoundError(
        _("This child has no open referral to print: make a referral first, or give --referral")
    )


def _address(session: Session, actor: Actor, referral: ReferralRead) -> ReferralAddress:
    record = session.get(Referral, referral.id)
    entry_id = None if record is None else record.directory_entry_id
    if entry_id is not None:
        try:
            entry = get_entry(session, entry_id, actor)
        except NotFoundError:
            entry = None
        if entry is not None:
            return ReferralAddress(
                name=entry.name,
                address=entry.address,
                town=entry.town,
                phone=entry.phone,
                hours=entry.hours,
                directions=entry.directions,
            )
    return ReferralAddress(name=referral.to_whom)


def referral_form_data(
    session: Session,
    *,
    actor: Actor,
    made_on: date,
    child_id: uuid.UUID | None = None,
    referral_id: uuid.UUID | None = None,
) -> ReferralFormData:
    """The referral letter of `referral_id`, or of the child's latest open referral.

    `NotFoundError` when there is no such referral (or none open), or when the referral
    given is not the child's."""
    require(actor, Permission.MAKE_REPORTS)
    if referral_id is not None:
        referral = get_referral(session, actor=actor, referral_id=referral_id)
        if child_id is not None and referral.child_id not in (None, child_id):
            raise NotFoundError(_("This referral is not the child's"))
    elif child_id is not None:
        referral = latest_open_referral(session, actor=actor, child_id=child_id)
    else:
        raise NotFoundError(_("Say which referral to print"))
    child = None
    caregiver = None
    if referral.child_id is not None:
        record = child_row(session, referral.child_id)
        child = child_info(record)
        caregiver = legal_representative(session, record.family_id)
    elif referral.caregiver_id is not None:
        caregiver, _family = caregiver_person(session, referral.caregiver_id)
    return ReferralFormData(
        header=form_header(session, made_on),
        child=child,
        caregiver=caregiver,
        to=_address(session, actor, referral),
        reason=referral.reason,
        referred_on=referral.referred_on,
        specialist=staff_person(session, referral.staff_id),
    )


def slip_form_data(
    session: Session, *, actor: Actor, child_id: uuid.UUID, made_on: date
) -> SlipFormData:
    """The parent's slip: the child's next planned sessions from `made_on` and the home
    tasks still open (the newest first)."""
    require(actor, Permission.MAKE_REPORTS)
    child = child_row(session, child_id)
    return SlipFormData(
        header=form_header(session, made_on),
        child=child_info(child),
        caregiver=legal_representative(session, child.family_id),
        sessions=planned_sessions(session, child_id, start=made_on, limit=SLIP_SESSIONS),
        tasks=open_home_tasks(session, child_id, limit=SLIP_TASKS),
    )


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def sheets_form_data(
    session: Session,
    *,
    actor: Actor,
    made_on: date,
    child_id: uuid.UUID | None = None,
    week_of: date | None = None,
) -> SheetsFormData:
    """Blank sheets for the week of `week_of` (default `made_on`); the child's name line
    filled when a child is given."""
    require(actor, Permission.VIEW_RECORDS)
    name = None
    if child_id is not None:
        name = child_info(child_row(session, child_id)).full_name
    return SheetsFormData(
        header=form_header(session, made_on),
        week_start=week_start(week_of or made_on),
        child_name=name,
    )
