"""How much a family's caregivers take part, over a period (both ends included).

The figures, counted over non-archived records only:

- consultations offered: distinct sessions of a parent kind (`vocab.PARENT_SESSION_KINDS`)
  or joint parent–child sessions, dated in the period, with a caregiver of the family on
  the attendance list, where the session was held or that caregiver was marked absent or
  cancelled (a planned session nobody answered for yet is not counted); attended: those
  where a caregiver of the family was present at a held session. Joint sessions are also
  counted on their own.
- home practice: tasks given in the period to caregivers of the family, by outcome
  (done, partly, not done, pending); only `done` counts as done, `partly` is shown apart.
- with a child (the child card): the child's held sessions of any kind, and those at which
  a caregiver of the family was present (a sibling's sessions never count).
- group meetings: meetings held in the period in groups where a caregiver of the family
  was registered on the meeting day; attended: those where a caregiver was present.

Rates are fractions (0.0 to 1.0), None when nothing was offered or given.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, distinct, func, or_, select
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Family,
    GroupAttendance,
    GroupMeeting,
    GroupMember,
    HomePractice,
    ParentGroup,
    SessionRecord,
)
from caseroom.i18n import _
from caseroom.services.common import Actor, Problems, load
from caseroom.services.permissions import Permission, require
from caseroom.vocab import (
    PARENT_SESSION_KINDS,
    AttendanceStatus,
    PracticeOutcome,
    SessionKind,
    SessionStatus,
)

CONSULTATION_KINDS: frozenset[str] = frozenset(
    {kind.value for kind in PARENT_SESSION_KINDS} | {SessionKind.JOINT.value}
)


def _d(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True, slots=True)
class InvolvementFigures:
    """A family's involvement over one period (rules in the module docstring)."""

    family_id: uuid.UUID
    start: date
    end: date
    consultations_offered: int
    consultations_attended: int
    joint_offered: int
    joint_attended: int
    practice_given: int
    practice_done: int
    practice_partly: int
    practice_not_done: int
    practice_pending: int
    group_meetings_held: int
    group_meetings_attended: int
    child_sessions_held: int = 0
    """With a child: that child's held sessions of any kind in the period."""
    caregiver_present: int = 0
    """With a child: those of them at which a caregiver of the family was present."""

    @property
    def consultation_rate(self) -> float | None:
        """Consultations attended of those offered."""
        return _rate(self.consultations_attended, self.consultations_offered)

    @property
    def joint_rate(self) -> float | None:
        """Joint parent–child sessions attended of those offered."""
        return _rate(self.joint_attended, self.joint_offered)

    @property
    def practice_rate(self) -> float | None:
        """Home practice done (fully) of the tasks given."""
        return _rate(self.practice_done, self.practice_given)

    @property
    def group_rate(self) -> float | None:
        """Group meetings attended of those held while a caregiver was registered."""
        return _rate(self.group_meetings_attended, self.group_meetings_held)


def _caregivers(family_id: uuid.UUID) -> Select[Any]:
    """The ids of the family's (non-archived) caregivers, as a subquery."""
    return select(col(Caregiver.id)).where(
        col(Caregiver.family_id) == family_id, col(Caregiver.archived_at).is_(None)
    )


def _distinct_where(condition: ColumnElement[bool], value: Any) -> Any:
    """COUNT(DISTINCT value) over the rows where `condition` holds."""
    return func.count(distinct(case((condition, value))))


def _consultations(
    session: Session, family_id: uuid.UUID, start: date, end: date
) -> tuple[int, int, int, int]:
    """Offered, attended, joint offered, joint attended."""
    held = col(SessionRecord.status) == SessionStatus.HELD.value
    excused = col(Attendance.status).in_(
        [AttendanceStatus.ABSENT.value, AttendanceStatus.CANCELLED.value]
    )
    offered = or_(held, excused)
    attended = and_(held, col(Attendance.status) == AttendanceStatus.PRESENT.value)
    joint = col(SessionRecord.kind) == SessionKind.JOINT.value
    session_id = col(SessionRecord.id)
    row = session.execute(
        select(
            _distinct_where(offered, session_id),
            _distinct_where(attended, session_id),
            _distinct_where(and_(offered, joint), session_id),
            _distinct_where(and_(attended, joint), session_id),
        )
        .select_from(SessionRecord)
        .join(Attendance, col(Attendance.session_id) == session_id)
        .where(
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.kind).in_(CONSULTATION_KINDS),
            col(SessionRecord.held_on).between(start, end),
            col(Attendance.archived_at).is_(None),
            col(Attendance.caregiver_id).in_(_caregivers(family_id)),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _practice(session: Session, family_id: uuid.UUID, start: date, end: date) -> dict[str, int]:
    """Tasks given in the period, counted by outcome."""
    rows = session.execute(
        select(col(HomePractice.outcome), func.count())
        .where(
            col(HomePractice.archived_at).is_(None),
            col(HomePractice.given_on).between(start, end),
            col(HomePractice.caregiver_id).in_(_caregivers(family_id)),
        )
        .group_by(col(HomePractice.outcome))
    ).all()
    return {outcome: int(count) for outcome, count in rows}


def _meetings(session: Session, family_id: uuid.UUID, start: date, end: date) -> tuple[int, int]:
    """Meetings held while a caregiver of the family was registered, and those attended."""
    meeting_id = col(GroupMeeting.id)
    came = (
        select(col(GroupAttendance.id))
        .where(
            col(GroupAttendance.meeting_id) == meeting_id,
            col(GroupAttendance.caregiver_id) == col(GroupMember.caregiver_id),
            col(GroupAttendance.present).is_(True),
            col(GroupAttendance.archived_at).is_(None),
        )
        .exists()
    )
    row = session.execute(
        select(func.count(distinct(meeting_id)), _distinct_where(came, meeting_id))
        .select_from(GroupMeeting)
        .join(ParentGroup, col(ParentGroup.id) == col(GroupMeeting.group_id))
        .join(GroupMember, col(GroupMember.group_id) == col(GroupMeeting.group_id))
        .where(
            col(GroupMeeting.archived_at).is_(None),
            col(ParentGroup.archived_at).is_(None),
            col(GroupMeeting.held_on).between(start, end),
            col(GroupMember.archived_at).is_(None),
            col(GroupMember.caregiver_id).in_(_caregivers(family_id)),
            col(GroupMember.registered_on) <= col(GroupMeeting.held_on),
            or_(
                col(GroupMember.left_on).is_(None),
                col(GroupMember.left_on) >= col(GroupMeeting.held_on),
            ),
        )
    ).one()
    return int(row[0]), int(row[1])


def caregiver_presence(
    session: Session, child_id: uuid.UUID, family_id: uuid.UUID, start: date, end: date
) -> tuple[int, int, int]:
    """The child's held sessions from `start` to `end` (any kind), those at which a caregiver
    of the family was present, and how many of those were joint sessions; a sibling's
    sessions never count. No permission check: for services that made theirs."""
    child_there = (
        select(col(Attendance.session_id))
        .where(col(Attendance.child_id) == child_id, col(Attendance.archived_at).is_(None))
        .scalar_subquery()
    )
    present = and_(
        col(Attendance.caregiver_id).in_(_caregivers(family_id)),
        col(Attendance.status) == AttendanceStatus.PRESENT.value,
        col(Attendance.archived_at).is_(None),
    )
    joint = col(SessionRecord.kind) == SessionKind.JOINT.value
    session_id = col(SessionRecord.id)
    row = session.execute(
        select(
            func.count(distinct(session_id)),
            _distinct_where(present, session_id),
            _distinct_where(and_(present, joint), session_id),
        )
        .select_from(SessionRecord)
        .join(Attendance, col(Attendance.session_id) == session_id)
        .where(
            session_id.in_(child_there),
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.HELD.value,
            col(SessionRecord.held_on).between(start, end),
        )
    ).one()
    return int(row[0]), int(row[1]), int(row[2])


def _check_period(start: date, end: date) -> None:
    if end < start:
        Problems(
            {
                "end": _("The period ends on {end}, before it starts on {start}").format(
                    end=_d(end), start=_d(start)
                )
            }
        ).raise_if_any()


def _figures(
    session: Session,
    family_id: uuid.UUID,
    start: date,
    end: date,
    child_id: uuid.UUID | None = None,
) -> InvolvementFigures:
    child_held, present, _joint = (
        caregiver_presence(session, child_id, family_id, start, end) if child_id else (0, 0, 0)
    )
    offered, attended, joint_offered, joint_attended = _consultations(
        session, family_id, start, end
    )
    practice = _practice(session, family_id, start, end)
    held, came = _meetings(session, family_id, start, end)
    return InvolvementFigures(
        family_id=family_id,
        start=start,
        end=end,
        consultations_offered=offered,
        consultations_attended=attended,
        joint_offered=joint_offered,
        joint_attended=joint_attended,
        practice_given=sum(practice.values()),
        practice_done=practice.get(PracticeOutcome.DONE.value, 0),
        practice_partly=practice.get(PracticeOutcome.PARTLY.value, 0),
        practice_not_done=practice.get(PracticeOutcome.NOT_DONE.value, 0),
        practice_pending=practice.get(PracticeOutcome.PENDING.value, 0),
        group_meetings_held=held,
        group_meetings_attended=came,
        child_sessions_held=child_held,
        caregiver_present=present,
    )


def family_involvement(
    session: Session, *, actor: Actor, family_id: uuid.UUID, start: date, end: date
) -> InvolvementFigures:
    """The family's involvement from `start` to `end`, both days included."""
    require(actor, Permission.VIEW_RECORDS)
    _check_period(start, end)
    load(session, Family, family_id, _("This family was not found"))
    return _figures(session, family_id, start, end)


def involvement_trend(
    session: Session,
    *,
    actor: Actor,
    family_id: uuid.UUID,
    periods: list[tuple[date, date]],
    child_id: uuid.UUID | None = None,
) -> list[InvolvementFigures]:
    """One set of figures per period, in the order given (e.g. quarter by quarter); with
    `child_id`, also how often a caregiver was present at that child's sessions."""
    require(actor, Permission.VIEW_RECORDS)
    for start, end in periods:
        _check_period(start, end)
    load(session, Family, family_id, _("This family was not found"))
    return [_figures(session, family_id, start, end, child_id) for start, end in periods]
