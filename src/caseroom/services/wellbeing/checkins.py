"""Caregivers' wellbeing check-ins: give one, list them with the change, trends, safety flags.

A check-in is the caregiver's own data: it needs her active consent to her own screening
(`ConsentScope.PARENT_SCREENING`), it is never printed in her child's report, and every
read of one writes a "view" audit event. Scores are worked out when the check-in is given
and kept, so later edits to an instrument file never rewrite history. Safety flags and
their follow-ups live in `services/wellbeing/flags.py` and are re-exported here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag
from caseroom.errors import NotFoundError, UserError, ValidationError
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, archive, audit, checked_text, load
from caseroom.services.parents.consents import has_consent
from caseroom.services.permissions import Permission, audit_view, require
from caseroom.services.wellbeing.flags import (
    FlagRead,
    FollowupRead,
    close_flag,
    get_flag,
    list_flags,
    open_flags,
    raise_flag,
    record_followup,
)
from caseroom.services.wellbeing.instruments import Instrument, builtin_instruments, score
from caseroom.vocab import CheckinMode, Confidentiality, ConsentScope

__all__ = [
    "CheckinRead",
    "FlagRead",
    "FollowupRead",
    "TrendPoint",
    "TrendSeries",
    "archive_checkin",
    "close_flag",
    "get_checkin",
    "get_flag",
    "give_checkin",
    "list_checkins",
    "list_flags",
    "open_flags",
    "record_followup",
    "screening_consent_holds",
    "trend_series",
]

NOTE_MAX = 2000
CHECKIN_ENTITY = "wellbeing_checkin"


@dataclass(frozen=True, slots=True)
class CheckinRead:
    """A check-in as screens see it, with the change since the previous one."""

    id: uuid.UUID
    caregiver_id: uuid.UUID
    instrument_id: str
    instrument_title: str
    given_on: date
    mode: str
    total: int
    scaled_total: int
    max_scaled: int | None
    band: str | None
    band_label: str | None
    answers: Mapping[int, int | None]
    safety_items: tuple[int, ...]
    flag_id: uuid.UUID | None
    change: int | None
    """`scaled_total` minus that of the previous check-in with the same instrument."""
    previous_on: date | None
    staff_id: uuid.UUID | None
    note: str | None
    archived_at: datetime | None


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One check-in on a trend line."""

    given_on: date
    scaled_total: int
    band: str | None
    band_label: str | None


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """A caregiver's check-ins with one instrument, the oldest first."""

    instrument_id: str
    title: str
    max_scaled: int | None
    points: tuple[TrendPoint, ...]


def _catalog(instruments: Mapping[str, Instrument] | None) -> Mapping[str, Instrument]:
    return instruments if instruments is not None else builtin_instruments()


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def screening_consent_holds(session: Session, *, caregiver_id: uuid.UUID, on: date) -> bool:
    """Whether the caregiver's consent to her own screening holds on `on`."""
    return has_consent(
        session, caregiver_id=caregiver_id, scope=ConsentScope.PARENT_SCREENING, on=on
    )


def _audit_view(session: Session, actor: Actor, checkin_id: uuid.UUID) -> None:
    audit_view(
        session,
        actor=actor,
        entity=CHECKIN_ENTITY,
        entity_id=checkin_id,
        confidentiality=Confidentiality.PARENT.value,
    )


def _load_checkin(session: Session, actor: Actor, checkin_id: uuid.UUID) -> WellbeingCheckin:
    """The check-in, after checking that `actor` may see a caregiver's own data."""
    require(actor, Permission.VIEW_PARENT_DATA)
    return load(session, WellbeingCheckin, checkin_id, _("This check-in was not found"))


def _flags_of(session: Session, checkin_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, WellbeingFlag]:
    if not checkin_ids:
        return {}
    query = select(WellbeingFlag).where(
        col(WellbeingFlag.checkin_id).in_(checkin_ids), col(WellbeingFlag.archived_at).is_(None)
    )
    return {flag.checkin_id: flag for flag in session.execute(query).scalars()}


def _read(
    record: WellbeingCheckin,
    catalog: Mapping[str, Instrument],
    flag: WellbeingFlag | None,
    previous: WellbeingCheckin | None,
) -> CheckinRead:
    instrument = catalog.get(record.instrument_id)
    return CheckinRead(
        id=record.id,
        caregiver_id=record.caregiver_id,
        instrument_id=record.instrument_id,
        instrument_title=instrument.title() if instrument else record.instrument_id,
        given_on=record.given_on,
        mode=record.mode,
        total=record.total,
        scaled_total=record.scaled_total,
        max_scaled=instrument.max_scaled if instrument else None,
        band=record.band,
        band_label=(
            (instrument.band_label(record.band) if instrument else record.band)
            if record.band is not None
            else None
        ),
        answers={int(number): value for number, value in record.answers.items()},
        safety_items=tuple(flag.items) if flag is not None else (),
        flag_id=flag.id if flag is not None else None,
        change=record.scaled_total - previous.scaled_total if previous is not None else None,
        previous_on=previous.given_on if previous is not None else None,
        staff_id=record.staff_id,
        note=record.note,
        archived_at=record.archived_at,
    )


def _history(session: Session, caregiver_id: uuid.UUID) -> list[WellbeingCheckin]:
    """The caregiver's check-ins that count, the oldest first."""
    query = (
        select(WellbeingCheckin)
        .where(
            col(WellbeingCheckin.caregiver_id) == caregiver_id,
            col(WellbeingCheckin.archived_at).is_(None),
        )
        .order_by(col(WellbeingCheckin.given_on), col(WellbeingCheckin.created_at))
    )
    return list(session.execute(query).scalars())


def _with_previous(
    history: Sequence[WellbeingCheckin],
) -> list[tuple[WellbeingCheckin, WellbeingCheckin | None]]:
    last: dict[str, WellbeingCheckin] = {}
    paired = []
    for record in history:
        paired.append((record, last.get(record.instrument_id)))
        last[record.instrument_id] = record
    return paired


def _resolve(instrument: Instrument | str, catalog: Mapping[str, Instrument]) -> Instrument:
    if isinstance(instrument, Instrument):
        return instrument
    found = catalog.get(instrument)
    if found is None:
        raise ValidationError({"instrument": _("Choose the instrument from the list")})
    return found


def give_checkin(
    session: Session,
    *,
    actor: Actor,
    caregiver_id: uuid.UUID,
    instrument: Instrument | str,
    answers: Mapping[int, int | None],
    given_on: date,
    mode: str,
    note: str | None = None,
    today: date | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> CheckinRead:
    """Record a check-in for a caregiver; a safety item above 0 raises a safety flag.

    Refused (a `UserError`, nothing written) unless the caregiver's consent to her own
    wellbeing screening holds on `given_on`.
    """
    require(actor, Permission.VIEW_PARENT_DATA)
    catalog = _catalog(instruments)
    caregiver = session.get(Caregiver, caregiver_id)
    if caregiver is None or caregiver.archived_at is not None:
        raise NotFoundError(_("The caregiver was not found or is archived"))
    if not screening_consent_holds(session, caregiver_id=caregiver_id, on=given_on):
        raise UserError(
            _(
                "This caregiver's consent to screening of their own wellbeing is not in "
                "effect on {date}. Record the consent first."
            ).format(date=_d(given_on)),
            field="consent",
        )
    definition = _resolve(instrument, catalog)
    problems = Problems()
    if mode not in set(CheckinMode):
        problems.add("mode", _("Choose how the check-in was given from the list"))
    if given_on > (today or date.today()):
        problems.add(
            "given_on", _("The check-in date {date} is in the future").format(date=_d(given_on))
        )
    text = checked_text(problems, "note", note, limit=NOTE_MAX, multiline=True)
    try:
        result = score(definition, answers)
    except ValidationError as error:
        for name, message in error.problems.items():
            problems.add(name, message)
    problems.raise_if_any()
    record = WellbeingCheckin(
        caregiver_id=caregiver_id,
        instrument_id=definition.id,
        instrument_version=definition.version,
        given_on=given_on,
        mode=mode,
        answers={str(number): answers.get(number) for number in sorted(answers)},
        total=result.total,
        scaled_total=result.scaled_total,
        band=result.band,
        note=text,
        staff_id=actor.staff_id,
        confidentiality=Confidentiality.PARENT,
    )
    session.add(record)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity=CHECKIN_ENTITY,
        entity_id=record.id,
        details={"instrument": definition.id, "mode": mode},
    )
    if result.safety_items:
        raise_flag(session, actor=actor, checkin=record, items=result.safety_items)
    return get_checkin(session, actor=actor, checkin_id=record.id, instruments=catalog)


def get_checkin(
    session: Session,
    *,
    actor: Actor,
    checkin_id: uuid.UUID,
    instruments: Mapping[str, Instrument] | None = None,
) -> CheckinRead:
    """One check-in with the change since the previous one (the read is audited)."""
    record = _load_checkin(session, actor, checkin_id)
    previous = None
    if record.archived_at is None:
        for candidate, before in _with_previous(_history(session, record.caregiver_id)):
            if candidate.id == record.id:
                previous = before
    _audit_view(session, actor, record.id)
    return _read(
        record, _catalog(instruments), _flags_of(session, [record.id]).get(record.id), previous
    )


def list_checkins(
    session: Session,
    *,
    actor: Actor,
    caregiver_id: uuid.UUID,
    instrument_id: str | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> list[CheckinRead]:
    """A caregiver's check-ins, the newest first, each with the change since the last time."""
    require(actor, Permission.VIEW_PARENT_DATA)
    catalog = _catalog(instruments)
    paired = [
        pair
        for pair in _with_previous(_history(session, caregiver_id))
        if instrument_id is None or pair[0].instrument_id == instrument_id
    ]
    flags = _flags_of(session, [record.id for record, _before in paired])
    reads = []
    for record, previous in reversed(paired):
        _audit_view(session, actor, record.id)
        reads.append(_read(record, catalog, flags.get(record.id), previous))
    return reads


def trend_series(
    session: Session,
    *,
    actor: Actor,
    caregiver_id: uuid.UUID,
    instruments: Mapping[str, Instrument] | None = None,
) -> list[TrendSeries]:
    """One series per instrument the caregiver was given, in the order instruments are listed."""
    require(actor, Permission.VIEW_PARENT_DATA)
    catalog = _catalog(instruments)
    by_instrument: dict[str, list[WellbeingCheckin]] = {}
    for record in _history(session, caregiver_id):
        _audit_view(session, actor, record.id)
        by_instrument.setdefault(record.instrument_id, []).append(record)
    order = list(catalog)
    series = []
    for ident in sorted(
        by_instrument, key=lambda i: (order.index(i) if i in order else len(order), i)
    ):
        instrument = catalog.get(ident)
        series.append(
            TrendSeries(
                instrument_id=ident,
                title=instrument.title() if instrument else ident,
                max_scaled=instrument.max_scaled if instrument else None,
                points=tuple(
                    TrendPoint(
                        given_on=record.given_on,
                        scaled_total=record.scaled_total,
                        band=record.band,
                        band_label=(
                            instrument.band_label(record.band)
                            if instrument and record.band is not None
                            else record.band
                        ),
                    )
                    for record in by_instrument[ident]
                ),
            )
        )
    return series


def archive_checkin(
    session: Session,
    *,
    actor: Actor,
    checkin_id: uuid.UUID,
    instruments: Mapping[str, Instrument] | None = None,
) -> CheckinRead:
    """Archive a check-in entered by mistake (its safety flag is archived with it)."""
    record = _load_checkin(session, actor, checkin_id)
    if record.archived_at is None:
        archive(record)
        session.add(record)
        for flag in _flags_of(session, [record.id]).values():
            archive(flag)
            session.add(flag)
            audit(
                session, actor=actor, action="archive", entity="wellbeing_flag", entity_id=flag.id
            )
        session.flush()
        audit(session, actor=actor, action="archive", entity=CHECKIN_ENTITY, entity_id=record.id)
    return get_checkin(session, actor=actor, checkin_id=record.id, instruments=instruments)
