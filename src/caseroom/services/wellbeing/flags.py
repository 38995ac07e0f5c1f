"""Safety flags on caregivers' wellbeing check-ins, and what was done about them.

Any answer above 0 on a safety item (PHQ-9 item 9, EPDS item 10: thoughts of self-harm)
raises a flag whatever the total. A flag is a safeguarding record: every read of one
writes a "view" audit event. It stays on Today until a follow-up is recorded (talked
today, referred, contacted someone), and it cannot be closed without one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, Child
from caseroom.db.models_wellbeing import WellbeingCheckin, WellbeingFlag, WellbeingFollowup
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, audit, checked_text, load, touch
from caseroom.services.parents.referrals import ReferralInput, create_referral
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, allowed, audit_view, require
from caseroom.services.wellbeing.instruments import Instrument, builtin_instruments
from caseroom.vocab import ChildStatus, Confidentiality, FollowupAction

TO_WHOM_MAX = 300
NOTE_MAX = 2000

FLAG_ENTITY = "wellbeing_flag"
FOLLOWUP_ENTITY = "wellbeing_followup"


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


@dataclass(frozen=True, slots=True)
class FollowupRead:
    """One follow-up of a safety flag."""

    id: uuid.UUID
    flag_id: uuid.UUID
    actions: tuple[str, ...]
    """vocab.FollowupAction codes."""
    to_whom: str | None
    note: str | None
    done_on: date
    staff_id: uuid.UUID | None
    referral_id: uuid.UUID | None
    """The caregiver referral recorded with a "referred" follow-up."""


@dataclass(frozen=True, slots=True)
class FlagRead:
    """A safety flag with who it is about and what was done."""

    id: uuid.UUID
    checkin_id: uuid.UUID
    caregiver_id: uuid.UUID
    caregiver_name: str
    children: tuple[str, ...]
    """Names of the family's children in the room (for finding the family on Today)."""
    instrument_id: str
    instrument_title: str
    items: tuple[int, ...]
    raised_on: date
    followups: tuple[FollowupRead, ...]
    closed_on: date | None

    @property
    def followed_up(self) -> bool:
        """Whether at least one follow-up is recorded."""
        return bool(self.followups)

    @property
    def is_open(self) -> bool:
        """Whether the flag still waits for a follow-up."""
        return not self.followups and self.closed_on is None


def raise_flag(
    session: Session, *, actor: Actor, checkin: WellbeingCheckin, items: Sequence[int]
) -> WellbeingFlag:
    """Record a safety flag for `checkin` (called by `give_checkin`)."""
    flag = WellbeingFlag(
        checkin_id=checkin.id,
        caregiver_id=checkin.caregiver_id,
        items=list(items),
        raised_on=checkin.given_on,
        confidentiality=Confidentiality.SAFEGUARDING,
    )
    session.add(flag)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity=FLAG_ENTITY,
        entity_id=flag.id,
        details={"instrument": checkin.instrument_id, "items": list(items)},
    )
    return flag


def _children_by_family(
    session: Session, family_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    found: dict[uuid.UUID, list[str]] = {}
    ids = set(family_ids)
    if not ids:
        return found
    query = (
        select(col(Child.family_id), col(Child.last_name), col(Child.first_name))
        .where(
            col(Child.family_id).in_(ids),
            col(Child.archived_at).is_(None),
            col(Child.status) != ChildStatus.LEFT,
        )
        .order_by(col(Child.birth_date), col(Child.first_name))
    )
    for family_id, last, first in session.execute(query):
        found.setdefault(family_id, []).append(f"{last} {first}")
    return found


def _reads(
    session: Session,
    actor: Actor,
    flags: Sequence[WellbeingFlag],
    instruments: Mapping[str, Instrument] | None,
) -> list[FlagRead]:
    catalog = instruments if instruments is not None else builtin_instruments()
    flag_ids = [flag.id for flag in flags]
    followups: dict[uuid.UUID, list[FollowupRead]] = {}
    if flag_ids:
        rows = session.execute(
            select(WellbeingFollowup)
            .where(
                col(WellbeingFollowup.flag_id).in_(flag_ids),
                col(WellbeingFollowup.archived_at).is_(None),
            )
            .order_by(col(WellbeingFollowup.done_on), col(WellbeingFollowup.created_at))
        ).scalars()
        for row in rows:
            followups.setdefault(row.flag_id, []).append(
                FollowupRead(
                    id=row.id,
                    flag_id=row.flag_id,
                    actions=tuple(row.actions),
                    to_whom=row.to_whom,
                    note=row.note,
                    done_on=row.done_on,
                    staff_id=row.staff_id,
                    referral_id=row.referral_id,
                )
            )
    caregivers = {
        c.id: c
        for c in session.execute(
            select(Caregiver).where(col(Caregiver.id).in_({f.caregiver_id for f in flags}))
        ).scalars()
    }
    instrument_ids = {
        checkin_id: instrument_id
        for checkin_id, instrument_id in session.execute(
            select(col(WellbeingCheckin.id), col(WellbeingCheckin.instrument_id)).where(
                col(WellbeingCheckin.id).in_({f.checkin_id for f in flags})
            )
        )
    }
    children = _children_by_family(session, (c.family_id for c in caregivers.values()))
    reads = []
    for flag in flags:
        caregiver = caregivers[flag.caregiver_id]
        instrument_id = instrument_ids[flag.checkin_id]
        instrument = catalog.get(instrument_id)
        reads.append(
            FlagRead(
                id=flag.id,
                checkin_id=flag.checkin_id,
                caregiver_id=flag.caregiver_id,
                caregiver_name=full_name(
                    caregiver.last_name, caregiver.first_name, caregiver.patronymic
                ),
                children=tuple(children.get(caregiver.family_id, [])),
                instrument_id=instrument_id,
                instrument_title=instrument.abbreviation if instrument else instrument_id,
                items=tuple(flag.items),
                raised_on=flag.raised_on,
                followups=tuple(followups.get(flag.id, [])),
                closed_on=flag.closed_on,
            )
        )
        audit_view(
            session,
            actor=actor,
            entity=FLAG_ENTITY,
            entity_id=flag.id,
            confidentiality=Confidentiality.SAFEGUARDING.value,
        )
    return reads


def _load_flag(session: Session, flag_id: uuid.UUID) -> WellbeingFlag:
    flag = load(session, WellbeingFlag, flag_id, _("This safety flag was not found"))
    if flag.archived_at is not None:
        raise NotFoundError(_("This safety flag was not found"))
    return flag


def get_flag(
    session: Session,
    *,
    actor: Actor,
    flag_id: uuid.UUID,
    instruments: Mapping[str, Instrument] | None = None,
) -> FlagRead:
    """One safety flag with its follow-ups (the read is audited)."""
    require(actor, Permission.VIEW_RESTRICTED)
    return _reads(session, actor, [_load_flag(session, flag_id)], instruments)[0]


def open_flags(
    session: Session, *, actor: Actor, instruments: Mapping[str, Instrument] | None = None
) -> list[FlagRead]:
    """Safety flags still waiting for a follow-up, the newest first (for Today)."""
    if not allowed(actor, Permission.VIEW_RESTRICTED):
        return []  # Today lists only the flags this person may see
    has_followup = exists().where(
        col(WellbeingFollowup.flag_id) == col(WellbeingFlag.id),
        col(WellbeingFollowup.archived_at).is_(None),
    )
    query = (
        select(WellbeingFlag)
        .where(
            col(WellbeingFlag.archived_at).is_(None),
            col(WellbeingFlag.closed_on).is_(None),
            ~has_followup,
        )
        .order_by(col(WellbeingFlag.raised_on).desc(), col(WellbeingFlag.created_at).desc())
    )
    return _reads(session, actor, list(session.execute(query).scalars()), instruments)


def list_flags(
    session: Session,
    *,
    actor: Actor,
    caregiver_id: uuid.UUID,
    instruments: Mapping[str, Instrument] | None = None,
    include_closed: bool = True,
) -> list[FlagRead]:
    """Every safety flag of a caregiver (only those not closed yet without
    `include_closed`, and only those reads are audited), the newest first."""
    require(actor, Permission.VIEW_RESTRICTED)
    query = (
        select(WellbeingFlag)
        .where(
            col(WellbeingFlag.caregiver_id) == caregiver_id,
            col(WellbeingFlag.archived_at).is_(None),
        )
        .order_by(col(WellbeingFlag.raised_on).desc(), col(WellbeingFlag.created_at).desc())
    )
    if not include_closed:
        query = query.where(col(WellbeingFlag.closed_on).is_(None))
    return _reads(session, actor, list(session.execute(query).scalars()), instruments)


def _check_followup(
    problems: Problems,
    flag: WellbeingFlag,
    actions: Sequence[str],
    to_whom: str | None,
    note: str | None,
    done_on: date,
    today: date,
) -> None:
    if flag.closed_on is not None:
        problems.add("flag", _("This safety flag is already closed"))
    codes = set(FollowupAction)
    if not actions:
        problems.add("actions", _("Say what was done: talked today, referred or contacted"))
    elif any(action not in codes for action in actions):
        problems.add("actions", _("Choose what was done from the list"))
    needs_whom = {FollowupAction.REFERRED, FollowupAction.CONTACTED} & set(actions)
    if needs_whom and to_whom is None:
        problems.add("to_whom", _("Say where the caregiver was referred or whom you contacted"))
    if done_on < flag.raised_on:
        problems.add(
            "done_on",
            _("The follow-up date {date} is before the flag was raised on {raised}").format(
                date=_d(done_on), raised=_d(flag.raised_on)
            ),
        )
    elif done_on > today:
        problems.add(
            "done_on", _("The follow-up date {date} is in the future").format(date=_d(done_on))
        )


def record_followup(
    session: Session,
    *,
    actor: Actor,
    flag_id: uuid.UUID,
    actions: Sequence[str],
    done_on: date,
    to_whom: str | None = None,
    note: str | None = None,
    today: date | None = None,
    instruments: Mapping[str, Instrument] | None = None,
) -> FlagRead:
    """Record what was done about a safety flag.

    "referred" and "contacted" need `to_whom`; "referred" also records a referral of the
    caregiver to that service (its reason left empty: the flag stays restricted).
    """
    require(actor, Permission.VIEW_RESTRICTED)
    flag = _load_flag(session, flag_id)
    problems = Problems()
    whom = checked_text(problems, "to_whom", to_whom, limit=TO_WHOM_MAX)
    text = checked_text(problems, "note", note, limit=NOTE_MAX, multiline=True)
    unique = list(dict.fromkeys(actions))
    _check_followup(problems, flag, unique, whom, text, done_on, today or date.today())
    problems.raise_if_any()
    referral_id = None
    if FollowupAction.REFERRED in unique:
        assert whom is not None
        referral = create_referral(
            session,
            actor=actor,
            data=ReferralInput(to_whom=whom, referred_on=done_on, caregiver_id=flag.caregiver_id),
        )
        referral_id = referral.id
    followup = WellbeingFollowup(
        flag_id=flag.id,
        actions=unique,
        to_whom=whom,
        note=text,
        done_on=done_on,
        staff_id=actor.staff_id,
        referral_id=referral_id,
    )
    session.add(followup)
    touch(flag)
    session.add(flag)
    session.flush()
    audit(
        session,
        actor=actor,
        action="create",
        entity=FOLLOWUP_ENTITY,
        entity_id=followup.id,
        details={"flag": str(flag.id), "actions": unique},
    )
    return get_flag(session, actor=actor, flag_id=flag.id, instruments=instruments)


def close_flag(
    session: Session,
    *,
    actor: Actor,
    flag_id: uuid.UUID,
    closed_on: date,
    instruments: Mapping[str, Instrument] | None = None,
    today: date | None = None,
) -> FlagRead:
    """Close a safety flag; refused until a follow-up is recorded, and on a day in the
    future."""
    require(actor, Permission.VIEW_RESTRICTED)
    flag = _load_flag(session, flag_id)
    problems = Problems()
    has_followup = session.execute(
        select(col(WellbeingFollowup.id))
        .where(
            col(WellbeingFollowup.flag_id) == flag.id,
            col(WellbeingFollowup.archived_at).is_(None),
        )
        .limit(1)
    ).first()
    if flag.closed_on is not None:
        problems.add("flag", _("This safety flag is already closed"))
    elif has_followup is None:
        problems.add("flag", _("Record what was done about this safety flag before closing it"))
    elif closed_on < flag.raised_on:
        problems.add(
            "closed_on",
            _("The closing date {date} is before the flag was raised on {raised}").format(
                date=_d(closed_on), raised=_d(flag.raised_on)
            ),
        )
    elif closed_on > (today or date.today()):
        problems.add(
            "closed_on",
            _("The closing date {date} is in the future").format(date=_d(closed_on)),
        )
    problems.raise_if_any()
    flag.closed_on = closed_on
    flag.closed_by_id = actor.staff_id
    touch(flag)
    session.add(flag)
    session.flush()
    audit(session, actor=actor, action="close", entity=FLAG_ENTITY, entity_id=flag.id)
    return get_flag(session, actor=actor, flag_id=flag.id, instruments=instruments)
