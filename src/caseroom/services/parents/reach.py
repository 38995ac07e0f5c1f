"""Meetings mothers can reach: how a meeting is held, what stands in members' way, and
whether lifting it helped.

- A meeting has a form (`vocab.MeetingFormat`), a place or link described in words, and
  the help it offered (`vocab.MeetingHelp`); each kind of help lifts one kind of barrier
  (`HELP_LIFTS`: childcare on site → no childcare, transport help → transport, an evening
  or weekend time → work hours, materials in Kazakh and Russian → language).
- A member "has" a barrier on a day when her family's barrier of that kind was noted on
  or before that day and not resolved by then (`services.people.barriers`).
- Whether lifting a barrier helped: for each kind of help, the attendance rate of the
  members who had its barrier on the meeting day (registered that day), at the meetings
  that offered the help beside the meetings that did not.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import (
    Caregiver,
    FamilyBarrier,
    GroupAttendance,
    GroupMeeting,
    GroupMember,
    ParentGroup,
)
from caseroom.i18n import _
from caseroom.reports.data import Ratio
from caseroom.services.common import Actor, Problems, checked_text, load
from caseroom.services.permissions import Permission, require
from caseroom.vocab import BarrierKind, MeetingFormat, MeetingHelp

PLACE_MAX = 300

HELP_LIFTS: dict[MeetingHelp, BarrierKind] = {
    MeetingHelp.CHILDCARE: BarrierKind.CHILDCARE,
    MeetingHelp.TRANSPORT: BarrierKind.TRANSPORT,
    MeetingHelp.EVENING_WEEKEND: BarrierKind.WORK_HOURS,
    MeetingHelp.MATERIALS: BarrierKind.LANGUAGE,
}
"""The barrier each kind of help lifts."""


def check_access(
    problems: Problems, meeting_format: str, place: str | None, help_offered: Iterable[str]
) -> tuple[str, str | None, list[str]]:
    """A meeting's form, place and help as stored (problems added for what is wrong)."""
    if meeting_format not in set(MeetingFormat):
        problems.add("meeting_format", _("Choose how the meeting was held"))
    text = checked_text(
        problems,
        "place",
        place,
        limit=PLACE_MAX,
        too_long=_("The place is too long (at most {limit} characters)"),
    )
    offered = list(dict.fromkeys(help_offered))
    if any(code not in set(MeetingHelp) for code in offered):
        problems.add("help_offered", _("Choose the help offered from the list"))
    ordered: list[str] = [help.value for help in MeetingHelp if help.value in offered]
    return meeting_format, text, ordered


# --- the facts, read once ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    """Meetings, memberships, barriers and presence of some groups, read in four queries."""

    meetings: list[tuple[uuid.UUID, uuid.UUID, date, list[str]]]
    """(meeting id, group id, day, help offered)."""
    members: dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]]
    """group id → (caregiver id, registered on, left on)."""
    barriers: dict[uuid.UUID, list[tuple[str, date, date | None]]]
    """caregiver id → (kind, noted on, resolved on) of her family's barriers."""
    present: set[tuple[uuid.UUID, uuid.UUID]]
    """(meeting id, caregiver id) of everyone marked present."""

    def registered(self, group_id: uuid.UUID, day: date) -> list[uuid.UUID]:
        """Members of the group on `day`."""
        return [
            person
            for person, start, left in self.members.get(group_id, [])
            if start <= day and (left is None or left >= day)
        ]

    def has(self, caregiver_id: uuid.UUID, kind: str, day: date) -> bool:
        """Whether the caregiver's family had an open barrier of `kind` on `day`."""
        return any(
            code == kind and noted <= day and (resolved is None or resolved > day)
            for code, noted, resolved in self.barriers.get(caregiver_id, [])
        )


def read_facts(
    session: Session, group_ids: Sequence[uuid.UUID], start: date | None, end: date | None
) -> _Facts:
    """What the figures of `group_ids` are worked out from (meetings from `start` to `end`)."""
    query = select(
        col(GroupMeeting.id),
        col(GroupMeeting.group_id),
        col(GroupMeeting.held_on),
        col(GroupMeeting.help_offered),
    ).where(col(GroupMeeting.group_id).in_(group_ids), col(GroupMeeting.archived_at).is_(None))
    if start is not None:
        query = query.where(col(GroupMeeting.held_on) >= start)
    if end is not None:
        query = query.where(col(GroupMeeting.held_on) <= end)
    meetings = [
        (row[0], row[1], row[2], list(row[3] or []))
        for row in session.execute(query.order_by(col(GroupMeeting.held_on)))
    ]
    members: dict[uuid.UUID, list[tuple[uuid.UUID, date, date | None]]] = defaultdict(list)
    families: dict[uuid.UUID, uuid.UUID] = {}
    for group_id, person, family_id, registered_on, left_on in session.execute(
        select(
            col(GroupMember.group_id),
            col(GroupMember.caregiver_id),
            col(Caregiver.family_id),
            col(GroupMember.registered_on),
            col(GroupMember.left_on),
        )
        .join(Caregiver, col(Caregiver.id) == col(GroupMember.caregiver_id))
        .where(
            col(GroupMember.group_id).in_(group_ids),
            col(GroupMember.archived_at).is_(None),
            col(Caregiver.archived_at).is_(None),
        )
    ):
        members[group_id].append((person, registered_on, left_on))
        families[person] = family_id
    by_family: dict[uuid.UUID, list[tuple[str, date, date | None]]] = defaultdict(list)
    if families:
        for family_id, kind, noted, resolved in session.execute(
            select(
                col(FamilyBarrier.family_id),
                col(FamilyBarrier.kind),
                col(FamilyBarrier.noted_on),
                col(FamilyBarrier.resolved_on),
            ).where(
                col(FamilyBarrier.family_id).in_(set(families.values())),
                col(FamilyBarrier.archived_at).is_(None),
            )
        ):
            by_family[family_id].append((kind, noted, resolved))
    present: set[tuple[uuid.UUID, uuid.UUID]] = set()
    if meetings:
        present = {
            (row[0], row[1])
            for row in session.execute(
                select(col(GroupAttendance.meeting_id), col(GroupAttendance.caregiver_id)).where(
                    col(GroupAttendance.meeting_id).in_([m[0] for m in meetings]),
                    col(GroupAttendance.archived_at).is_(None),
                    col(GroupAttendance.present).is_(True),
                )
            )
        }
    barriers = {person: by_family.get(family, []) for person, family in families.items()}
    return _Facts(meetings, dict(members), barriers, present)


# --- barriers of a group's members ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GroupBarriers:
    """How many of a group's members have each barrier on a day ("5 of 12: childcare")."""

    on: date
    members: int
    counts: tuple[tuple[BarrierKind, int], ...]
    """Kinds with at least one member, the most frequent first."""


def group_barriers(
    session: Session, *, actor: Actor, group_id: uuid.UUID, on: date | None = None
) -> GroupBarriers:
    """The barriers of the group's members registered `on` (default today), counted."""
    require(actor, Permission.VIEW_PARENT_DATA)
    load(session, ParentGroup, group_id, _("This support group was not found"))
    day = on or date.today()
    facts = read_facts(session, [group_id], day, day)
    people = facts.registered(group_id, day)
    order = list(BarrierKind)
    counts = [
        (kind, sum(1 for person in people if facts.has(person, kind.value, day)))
        for kind in BarrierKind
    ]
    found = sorted((c for c in counts if c[1]), key=lambda c: (-c[1], order.index(c[0])))
    return GroupBarriers(day, len(people), tuple(found))


# --- whether lifting a barrier helped -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class HelpEffect:
    """Members with `barrier` at meetings that offered `help`, beside those that did not.

    `with_help` and `without_help` count member-meetings: came of expected (registered on
    the day and having the barrier then)."""

    help: MeetingHelp
    barrier: BarrierKind
    members: int
    """Members who had the barrier on the day of at least one of the meetings."""
    meetings_with: int
    meetings_without: int
    with_help: Ratio
    without_help: Ratio


def effects_from(facts: _Facts, group_ids: Iterable[uuid.UUID] | None = None) -> list[HelpEffect]:
    """The comparison for each kind of help over the meetings of `group_ids` (default all)
    in `facts`; a kind that no meeting offered and no member needs is left out."""
    wanted = None if group_ids is None else set(group_ids)
    meetings = [m for m in facts.meetings if wanted is None or m[1] in wanted]
    found: list[HelpEffect] = []
    for help, barrier in HELP_LIFTS.items():
        tally = {True: [0, 0], False: [0, 0]}  # offered → [came, expected]
        people: set[uuid.UUID] = set()
        held = {True: 0, False: 0}
        for meeting_id, group_id, day, offered in meetings:
            with_help = help.value in offered
            held[with_help] += 1
            for person in facts.registered(group_id, day):
                if facts.has(person, barrier.value, day):
                    people.add(person)
                    tally[with_help][1] += 1
                    tally[with_help][0] += (meeting_id, person) in facts.present
        if not held[True] and not people:
            continue
        found.append(
            HelpEffect(
                help,
                barrier,
                len(people),
                held[True],
                held[False],
                Ratio(*tally[True]),
                Ratio(*tally[False]),
            )
        )
    return found


def help_effects(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    start: date | None = None,
    end: date | None = None,
) -> list[HelpEffect]:
    """Whether lifting each barrier helped the group's members (meetings `start`–`end`)."""
    require(actor, Permission.VIEW_PARENT_DATA)
    load(session, ParentGroup, group_id, _("This support group was not found"))
    return effects_from(read_facts(session, [group_id], start, end))
