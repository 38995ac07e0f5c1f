"""Report data about caregivers' wellbeing: her own summary, and the room's counts.

- `wellbeing_summary_data`: a caregiver's own scores over time, for a summary printed for
  her (`reports/wellbeing_summary.py`), with the room's "where to get help" text. Making
  it reads her check-ins (each read audited) and writes an "export" audit event.
- `save_wellbeing_summary`: that summary written as a PDF, encrypted under a password like
  every export with names (required when the database is encrypted: her name and scores
  are as private as the database).
- `wellbeing_counts`: de-identified counts for the room's term summary: check-ins given
  per instrument (and how many caregivers), check-ins per band, and safety flags raised
  in the period and how many of them were followed up. No names, no single scores.

A caregiver's scores never reach a child's progress report: that report's data has no
field for them (`reports/data.py`), and a test reads the printed PDF to make sure.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from sqlalchemy import distinct, exists, func, select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Setting
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag, WellbeingFollowup
from caseroom.db.types import utcnow
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.reports.data import BandCount, InstrumentGiven, WellbeingCounts
from caseroom.reports.wellbeing_data import InstrumentHistory, ScorePoint, WellbeingSummaryData
from caseroom.services.common import Actor, Problems, audit, checked_text
from caseroom.services.people.rooms import require_room
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require
from caseroom.services.plans.periods import Period
from caseroom.services.reporting.common import in_period, report_language
from caseroom.services.wellbeing.checkins import trend_series
from caseroom.services.wellbeing.instruments import Instrument, builtin_instruments

HELP_TEXT_KEY = "wellbeing_help_text"
"""The setting that holds the room's "where to get help" text."""
HELP_TEXT_MAX = 1000


def help_text(session: Session) -> str | None:
    """The room's "where to get help" text, or None when it was never set."""
    row = session.get(Setting, HELP_TEXT_KEY)
    value = row.value if row is not None else None
    return value.strip() or None if isinstance(value, str) else None


def set_help_text(session: Session, *, actor: Actor, text: str | None) -> str | None:
    """Set (or with None / blank, clear) the room's "where to get help" text."""
    require(actor, Permission.MANAGE_ROOM)
    problems = Problems()
    value = checked_text(problems, "help_text", text, limit=HELP_TEXT_MAX, multiline=True)
    problems.raise_if_any()
    row = session.get(Setting, HELP_TEXT_KEY) or Setting(key=HELP_TEXT_KEY)
    row.value = value
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    audit(session, actor=actor, action="update", entity="setting", details={"key": HELP_TEXT_KEY})
    return value


def wellbeing_summary_data(
    session: Session,
    *,
    actor: Actor,
    caregiver_id: uuid.UUID,
    made_on: date,
    language: str | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> WellbeingSummaryData:
    """A caregiver's own scores over time, for the summary printed for her."""
    require(actor, Permission.VIEW_PARENT_DATA)
    caregiver = session.get(Caregiver, caregiver_id)
    if caregiver is None or caregiver.archived_at is not None:
        raise NotFoundError(_("The caregiver was not found or is archived"))
    room = require_room(session)
    lang = report_language(session, language)
    catalog = instruments if instruments is not None else builtin_instruments()
    histories = []
    for series in trend_series(
        session, actor=actor, caregiver_id=caregiver_id, instruments=catalog
    ):
        instrument = catalog.get(series.instrument_id)
        histories.append(
            InstrumentHistory(
                abbreviation=instrument.abbreviation if instrument else series.instrument_id,
                title=instrument.title(lang) if instrument else series.instrument_id,
                max_score=series.max_scaled or max(p.scaled_total for p in series.points),
                higher_is_better=instrument.higher_is_better if instrument else False,
                points=tuple(
                    ScorePoint(
                        given_on=point.given_on,
                        score=point.scaled_total,
                        band_label=(
                            instrument.band_label(point.band, lang)
                            if instrument and point.band is not None
                            else point.band
                        ),
                    )
                    for point in series.points
                ),
            )
        )
    audit(
        session,
        actor=actor,
        action="export",
        entity="wellbeing_summary",
        entity_id=caregiver_id,
        details={"level": "parent", "instruments": [h.abbreviation for h in histories]},
    )
    return WellbeingSummaryData(
        school=room.school_name,
        room=room.room_name,
        caregiver_name=full_name(caregiver.last_name, caregiver.first_name, caregiver.patronymic),
        made_on=made_on,
        histories=tuple(histories),
        help_text=help_text(session),
    )


def save_wellbeing_summary(
    session: Session,
    *,
    actor: Actor,
    caregiver_id: uuid.UUID,
    out: Path,
    made_on: date,
    language: str | None = None,
    password: str | None = None,
) -> Path:
    """Write a caregiver's own wellbeing summary to the PDF file `out`, encrypted under
    `password` when given; refused (`UserError`) without one from an encrypted database.
    Returns the file written."""
    from caseroom.reports.protect import write_protected
    from caseroom.reports.wellbeing_summary import write_wellbeing_summary
    from caseroom.services.reporting.passwords import check_export_password

    check_export_password(session, password, identified=True)
    data = wellbeing_summary_data(
        session, actor=actor, caregiver_id=caregiver_id, made_on=made_on, language=language
    )
    buffer = io.BytesIO()
    write_wellbeing_summary(data, buffer, language=report_language(session, language))
    return write_protected(out, buffer.getvalue(), "pdf", password)


def _order(catalog: Mapping[str, Instrument]) -> list[str]:
    return list(catalog)


def wellbeing_counts(
    session: Session,
    *,
    period: Period,
    language: str,
    instruments: Mapping[str, Instrument] | None = None,
) -> WellbeingCounts:
    """De-identified counts of the check-ins and safety flags of the period."""
    catalog = instruments if instruments is not None else builtin_instruments()
    order = _order(catalog)

    def rank(ident: str) -> tuple[int, str]:
        return (order.index(ident) if ident in order else len(order), ident)

    def name(ident: str) -> str:
        return catalog[ident].abbreviation if ident in catalog else ident

    given_rows = session.execute(
        select(
            col(WellbeingCheckin.instrument_id),
            func.count(),
            func.count(distinct(col(WellbeingCheckin.caregiver_id))),
        )
        .where(
            col(WellbeingCheckin.archived_at).is_(None),
            in_period(WellbeingCheckin.given_on, period),
        )
        .group_by(col(WellbeingCheckin.instrument_id))
    ).all()
    given = tuple(
        InstrumentGiven(name(ident), int(checkins), int(caregivers))
        for ident, checkins, caregivers in sorted(given_rows, key=lambda row: rank(row[0]))
    )
    band_rows = session.execute(
        select(col(WellbeingCheckin.instrument_id), col(WellbeingCheckin.band), func.count())
        .where(
            col(WellbeingCheckin.archived_at).is_(None),
            in_period(WellbeingCheckin.given_on, period),
        )
        .group_by(col(WellbeingCheckin.instrument_id), col(WellbeingCheckin.band))
    ).all()

    def band_rank(row: tuple[str, str | None, int]) -> tuple[int, str, int, str]:
        ident, band = row[0], row[1]
        codes = [b.code for b in catalog[ident].bands] if ident in catalog else []
        position = codes.index(band) if band in codes else len(codes)
        return (*rank(ident), position, band or "")

    bands = tuple(
        BandCount(
            instrument=name(ident),
            band=band,
            band_label=(
                catalog[ident].band_label(band, language)
                if band is not None and ident in catalog
                else band
            ),
            checkins=int(count),
        )
        for ident, band, count in sorted(
            ((r[0], r[1], int(r[2])) for r in band_rows), key=band_rank
        )
    )
    followed = exists().where(
        col(WellbeingFollowup.flag_id) == col(WellbeingFlag.id),
        col(WellbeingFollowup.archived_at).is_(None),
    )
    raised_in_period = (
        col(WellbeingFlag.archived_at).is_(None),
        in_period(WellbeingFlag.raised_on, period),
    )
    raised = session.execute(select(func.count()).where(*raised_in_period)).scalar_one()
    followed_up = session.execute(
        select(func.count()).where(*raised_in_period, followed)
    ).scalar_one()
    return WellbeingCounts(
        given=given,
        bands=bands,
        flags_raised=int(raised),
        flags_followed_up=int(followed_up),
    )
