"""Shared wellbeing test data: a caregiver's consent to her own screening, and check-ins.

Used by the service, reporting and report-privacy tests (and the UI fixtures), so every
one of them records the consent and gives check-ins the same way.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session

from caseroom.services.common import Actor
from caseroom.services.parents.consents import ConsentInput, record_consent
from caseroom.services.wellbeing.checkins import CheckinRead, give_checkin
from caseroom.vocab import ConsentScope

SCREENING_FROM = date(2026, 9, 1)
"""The day the sample consent to screening is signed."""

Given = tuple[str, dict[int, int | None], date]
"""One check-in to give: instrument id, answers by item number, the day it was given."""


def consent_to_screening(
    session: Session,
    actor: Actor,
    caregiver_id: uuid.UUID,
    *,
    today: date,
    on: date = SCREENING_FROM,
) -> None:
    """Record the caregiver's own signed consent to screening of her wellbeing, from `on`."""
    record_consent(
        session,
        actor=actor,
        data=ConsentInput(
            scope=ConsentScope.PARENT_SCREENING,
            given_on=on,
            caregiver_id=caregiver_id,
            signer_caregiver_id=caregiver_id,
        ),
        today=today,
    )


def give_checkins(
    session: Session,
    actor: Actor,
    caregiver_id: uuid.UUID,
    given: Iterable[Given],
    *,
    today: date,
) -> list[CheckinRead]:
    """Give each check-in in person, in order; what each one read back as."""
    return [
        give_checkin(
            session,
            actor=actor,
            caregiver_id=caregiver_id,
            instrument=instrument,
            answers=answers,
            given_on=day,
            mode="in_person",
            today=today,
        )
        for instrument, answers, day in given
    ]
