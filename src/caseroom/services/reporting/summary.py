"""The room's term summary, filled from the database (`reports.data.TermSummaryData`).

What is counted, over the period's days (both ends included) up to the day the summary is
made (a period that has not ended is counted "so far"; one that starts later is refused),
non-archived records only, except that a child transferred to another room (archived by
the transfer) still counts for the days she was on the roll:

- children on roll: enrolled by the end of the period and not gone before it starts (a
  child marked as left counts only with a leaving date inside or after the period, a
  transferred one up to the day she left); by SEN category (a child with two categories
  counts in both) and by grade;
- sessions held in the period by kind, with the attendance marks at them (present;
  absent or cancelled = missed), and by specialist (sessions and minutes): one row per
  person when identified; de-identified, one row per role that two or more people held
  sessions in, the others together, or (when that would leave one person alone) everyone
  together (`group_by_role`);
- goals of plans in effect during the period (not discontinued) of children on roll:
  achieved (goal status), else by the latest rating in the period: minimal, moderate or
  high = progressing, none = no change, not assessed or not rated = not assessed;
- parent involvement over the families of children on roll, added up from
  `services.involvement`: consultations (without joint sessions) attended of offered,
  home practice done of given, group meetings attended of held while registered, each
  family counted from the period's start to the last day one of its children was on the
  roll (the period's end, or the day the last of them left or was transferred), and
  families taking part (a consultation or joint session attended, home practice done or
  partly done, or a group meeting attended) of all families; the same "taking part" for
  large families (the `large_family_threshold` setting) and socially vulnerable ones
  (any vulnerability marker);
- referrals made in the period by status; PMPK conclusions of children on roll expiring
  within the `pmpk_warning_days` setting from the day the summary is made;
- caregivers' wellbeing check-ins given in the period, counted only (by instrument and by
  band), and safety flags raised in the period with how many were followed up
  (`services.reporting_wellbeing.wellbeing_counts`);
- the parents' voice in support groups, per group and for the room: meetings by form,
  reach, barriers lifted, peer-support parents counted and feedback averages
  (`services.reporting.voice`).

Names appear only in an identified summary, which writes an audit event ("export").
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Child,
    ChildSenCategory,
    Family,
    Goal,
    GoalRating,
    Referral,
    SenCategory,
    SessionRecord,
    Staff,
    SupportPlan,
)
from caseroom.reports.data import (
    CategoryCount,
    ExpiringConclusion,
    FamiliesReached,
    FamilyGroup,
    GoalOutcomes,
    GradeCount,
    InvolvementMeasure,
    InvolvementRate,
    KindCount,
    Ratio,
    ReferralCount,
    SpecialistCount,
    TermSummaryData,
)
from caseroom.services.accounts.settings_store import (
    LARGE_FAMILY_THRESHOLD,
    PMPK_WARNING_DAYS,
    get_setting,
)
from caseroom.services.common import SYSTEM, Actor, audit
from caseroom.services.parents.involvement import InvolvementFigures, family_involvement
from caseroom.services.people.roll import on_roll_between
from caseroom.services.people.rooms import require_room
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, require
from caseroom.services.plans.periods import Period
from caseroom.services.plans.pmpk import expiring_conclusions
from caseroom.services.reporting.common import (
    IN_EFFECT,
    covered_period,
    in_period,
    own_label,
    period_text,
    report_language,
    report_period,
)
from caseroom.services.reporting.voice import voice_counts
from caseroom.services.reporting.wellbeing import wellbeing_counts
from caseroom.vocab import (
    AttendanceStatus,
    GoalStatus,
    Rating,
    ReferralStatus,
    SessionKind,
    SessionStatus,
    StaffRole,
)

PROGRESSING = frozenset({Rating.MINIMAL.value, Rating.MODERATE.value, Rating.HIGH.value})


def on_roll(period: Period) -> ColumnElement[bool]:
    """A child who was on the room's roll for some of the period (`on_roll_between`)."""
    return on_roll_between(period.start, period.end)


def term_summary_data(
    session: Session,
    *,
    actor: Actor,
    period: Period,
    identified: bool,
    made_on: date,
    file_format: str | None = None,
    language: str | None = None,
    encrypted: bool = False,
) -> TermSummaryData:
    """Everything the room's term summary prints (rules in the module docstring).

    An identified summary writes an audit event (action `export`, with the period and
    `file_format`); the caller commits it once the file is written. `language` picks a
    centre's own SEN category labels (default: the room's language). `encrypted`: the
    file is protected with a password (recorded in the audit event; the password never is).
    """
    require(actor, Permission.EXPORT_SUMMARY)
    if identified:
        require(actor, Permission.EXPORT_IDENTIFIED)
    printed = report_period(period, today=made_on)
    asked, period = period, covered_period(period, today=made_on)
    # The summary is the permitted act; the figures it is built from are read as the system.
    room = require_room(session)
    roll = on_roll(period) & (col(Child.room_id) == room.id)
    involvement, families = _involvement(session, SYSTEM, roll, room.id, period)
    data = TermSummaryData(
        school=room.school_name,
        room=room.room_name,
        period=printed,
        made_on=made_on,
        identified=identified,
        children_total=int(session.execute(select(func.count()).where(roll)).scalar_one()),
        children_by_category=_categories(session, roll, report_language(session, language)),
        children_by_grade=_grades(session, roll),
        sessions_by_kind=_kinds(session, room.id, period),
        sessions_by_specialist=_specialists(session, room.id, period, identified),
        goals=_goal_outcomes(session, roll, period),
        involvement=involvement,
        families=families,
        referrals=_referrals(session, period),
        expiring=_expiring(session, SYSTEM, made_on, identified),
        expired=_expiring(session, SYSTEM, made_on, identified, expired=True),
        wellbeing=wellbeing_counts(
            session, period=period, language=report_language(session, language)
        ),
        groups_voice=voice_counts(
            session, room_id=room.id, period=period, language=report_language(session, language)
        ),
    )
    if identified:
        details: dict[str, Any] = {"period": period_text(asked), "identified": True}
        if file_format is not None:
            details["format"] = file_format
        if encrypted:
            details["encrypted"] = True
        audit(session, actor=actor, action="export", entity="term_summary", details=details)
    return data


# --- children -------------------------------------------------------------------------


def _categories(
    session: Session, roll: ColumnElement[bool], language: str
) -> tuple[CategoryCount, ...]:
    rows = session.execute(
        select(
            col(SenCategory.code),
            col(SenCategory.builtin),
            col(SenCategory.label_en),
            col(SenCategory.label_ru),
            col(SenCategory.label_kk),
            func.count(),
        )
        .join(ChildSenCategory, col(ChildSenCategory.category_code) == col(SenCategory.code))
        .join(Child, col(Child.id) == col(ChildSenCategory.child_id))
        .where(roll)
        .group_by(col(SenCategory.code))
        .order_by(col(SenCategory.sort_order), col(SenCategory.code))
    )
    return tuple(
        CategoryCount(
            code=row.code,
            children=int(row[5]),
            label=None if row.builtin else own_label(row, language),
        )
        for row in rows
    )


def _grades(session: Session, roll: ColumnElement[bool]) -> tuple[GradeCount, ...]:
    rows = session.execute(
        select(col(Child.grade), func.count()).where(roll).group_by(col(Child.grade))
    ).all()
    ordered = sorted(rows, key=lambda row: (row[0] is None, row[0] or 0))
    return tuple(GradeCount(grade, int(count)) for grade, count in ordered)


# --- sessions -------------------------------------------------------------------------


def _held(room_id: Any, period: Period) -> list[ColumnElement[bool]]:
    return [
        col(SessionRecord.room_id) == room_id,
        col(SessionRecord.archived_at).is_(None),
        col(SessionRecord.status) == SessionStatus.HELD.value,
        in_period(SessionRecord.held_on, period),
    ]


def _kinds(session: Session, room_id: Any, period: Period) -> tuple[KindCount, ...]:
    present = col(Attendance.status) == AttendanceStatus.PRESENT.value
    marks = (
        select(
            col(Attendance.session_id).label("session_id"),
            func.sum(case((present, 1), else_=0)).label("came"),
            func.sum(case((present, 0), else_=1)).label("missed"),
        )
        .where(col(Attendance.archived_at).is_(None))
        .group_by(col(Attendance.session_id))
        .subquery()
    )
    rows = session.execute(
        select(
            col(SessionRecord.kind),
            func.count(),
            func.coalesce(func.sum(marks.c.came), 0),
            func.coalesce(func.sum(marks.c.missed), 0),
        )
        .outerjoin(marks, marks.c.session_id == col(SessionRecord.id))
        .where(*_held(room_id, period))
        .group_by(col(SessionRecord.kind))
    )
    counts = {kind: (int(held), int(came), int(missed)) for kind, held, came, missed in rows}
    return tuple(
        KindCount(kind, *counts[kind.value]) for kind in SessionKind if kind.value in counts
    )


def _specialists(
    session: Session, room_id: Any, period: Period, identified: bool
) -> tuple[SpecialistCount, ...]:
    rows = list(
        session.execute(
            select(
                col(Staff.role),
                col(Staff.last_name),
                col(Staff.first_name),
                col(Staff.patronymic),
                func.count(),
                func.coalesce(func.sum(col(SessionRecord.minutes)), 0),
            )
            .join(SessionRecord, col(SessionRecord.staff_id) == col(Staff.id))
            .where(*_held(room_id, period))
            .group_by(col(Staff.id))
        )
    )
    roles = {role.value: rank for rank, role in enumerate(StaffRole)}
    rows.sort(key=lambda row: (roles.get(row[0], len(roles)), row[1], row[2]))
    people = tuple(
        SpecialistCount(
            role=StaffRole(role),
            held=int(held),
            minutes=int(minutes),
            name=full_name(last, first, patronymic) if identified else None,
        )
        for role, last, first, patronymic, held, minutes in rows
    )
    return people if identified else group_by_role(people)


def group_by_role(people: tuple[SpecialistCount, ...]) -> tuple[SpecialistCount, ...]:
    """Per-person rows made de-identified: a row per role of two or more people (in
    `StaffRole` order), then the others together (`role` None); if that would leave one
    person alone in a row, everyone together in one row."""
    by_role: dict[StaffRole | None, list[SpecialistCount]] = {}
    for row in people:
        by_role.setdefault(row.role, []).append(row)
    shared = {role: rows for role, rows in by_role.items() if len(rows) >= 2}
    others = [row for role, rows in by_role.items() if role not in shared for row in rows]
    if len(others) == 1:
        shared, others = {}, list(people)
    groups: list[tuple[StaffRole | None, list[SpecialistCount]]] = list(shared.items())
    if others:
        groups.append((None, others))
    return tuple(
        SpecialistCount(
            role=role,
            held=sum(row.held for row in rows),
            minutes=sum(row.minutes for row in rows),
            people=len(rows),
        )
        for role, rows in groups
    )


# --- goals ----------------------------------------------------------------------------


def _goal_outcomes(session: Session, roll: ColumnElement[bool], period: Period) -> GoalOutcomes:
    goals = session.execute(
        select(col(Goal.id), col(Goal.status))
        .join(SupportPlan, col(SupportPlan.id) == col(Goal.plan_id))
        .join(Child, col(Child.id) == col(SupportPlan.child_id))
        .where(
            roll,
            col(Goal.archived_at).is_(None),
            col(Goal.status) != GoalStatus.DISCONTINUED.value,
            col(SupportPlan.archived_at).is_(None),
            col(SupportPlan.status).in_(IN_EFFECT),
            col(SupportPlan.starts_on) <= period.end,
            col(SupportPlan.ends_on) >= period.start,
        )
    ).all()
    latest: dict[Any, str] = {}
    if goals:
        ratings = session.execute(
            select(col(GoalRating.goal_id), col(GoalRating.rating))
            .where(
                col(GoalRating.goal_id).in_([goal_id for goal_id, _status in goals]),
                col(GoalRating.archived_at).is_(None),
                in_period(GoalRating.rated_on, period),
            )
            .order_by(col(GoalRating.rated_on), col(GoalRating.updated_at))
        )
        latest = {goal_id: rating for goal_id, rating in ratings}
    tally: Counter[str] = Counter()
    for goal_id, status in goals:
        rating = latest.get(goal_id)
        if status == GoalStatus.ACHIEVED.value:
            tally["achieved"] += 1
        elif rating in PROGRESSING:
            tally["progressing"] += 1
        elif rating == Rating.NONE.value:
            tally["no_change"] += 1
        else:
            tally["not_assessed"] += 1
    return GoalOutcomes(
        achieved=tally["achieved"],
        progressing=tally["progressing"],
        no_change=tally["no_change"],
        not_assessed=tally["not_assessed"],
    )


# --- families -------------------------------------------------------------------------


def _took_part(figures: InvolvementFigures) -> bool:
    return (
        figures.consultations_attended > 0
        or figures.practice_done + figures.practice_partly > 0
        or figures.group_meetings_attended > 0
    )


def _as_date(value: Any) -> date:
    """A day read back from SQL (a `date`, or ISO text where the engine gives text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _involvement(
    session: Session, actor: Actor, roll: ColumnElement[bool], room_id: Any, period: Period
) -> tuple[tuple[InvolvementRate, ...], tuple[FamiliesReached, ...]]:
    last_days = {
        family_id: _as_date(last_day)
        for family_id, last_day in session.execute(
            select(col(Child.family_id), func.max(func.coalesce(col(Child.left_on), period.end)))
            .where(roll)
            .group_by(col(Child.family_id))
        )
    }
    families = session.execute(
        select(col(Family.id), col(Family.children_count), col(Family.vulnerability))
        .where(
            col(Family.room_id) == room_id,
            col(Family.archived_at).is_(None),
            col(Family.id).in_(select(col(Child.family_id)).where(roll)),
        )
        .order_by(col(Family.id))
    ).all()
    threshold = get_setting(session, LARGE_FAMILY_THRESHOLD)
    sums: Counter[str] = Counter()
    for family_id, children_count, vulnerability in families:
        # A family counts up to the last day one of its children was on the roll.
        end = min(period.end, last_days[family_id])
        figures = family_involvement(
            session, actor=actor, family_id=family_id, start=period.start, end=end
        )
        took_part = _took_part(figures)
        large = children_count is not None and children_count >= threshold
        sums.update(
            {
                "offered": figures.consultations_offered - figures.joint_offered,
                "attended": figures.consultations_attended - figures.joint_attended,
                "given": figures.practice_given,
                "done": figures.practice_done,
                "held": figures.group_meetings_held,
                "came": figures.group_meetings_attended,
                "took_part": took_part,
                "large": large,
                "large_took_part": large and took_part,
                "vulnerable": bool(vulnerability),
                "vulnerable_took_part": bool(vulnerability) and took_part,
            }
        )
    rates = (
        InvolvementRate(InvolvementMeasure.CONSULTATIONS, Ratio(sums["attended"], sums["offered"])),
        InvolvementRate(InvolvementMeasure.HOME_PRACTICE, Ratio(sums["done"], sums["given"])),
        InvolvementRate(InvolvementMeasure.GROUP_MEETINGS, Ratio(sums["came"], sums["held"])),
        InvolvementRate(
            InvolvementMeasure.FAMILIES_INVOLVED, Ratio(sums["took_part"], len(families))
        ),
    )
    reached = (
        FamiliesReached(FamilyGroup.LARGE, Ratio(sums["large_took_part"], sums["large"])),
        FamiliesReached(
            FamilyGroup.VULNERABLE, Ratio(sums["vulnerable_took_part"], sums["vulnerable"])
        ),
    )
    return rates, reached


# --- referrals and conclusions --------------------------------------------------------


def _referrals(session: Session, period: Period) -> tuple[ReferralCount, ...]:
    rows = session.execute(
        select(col(Referral.status), func.count())
        .where(col(Referral.archived_at).is_(None), in_period(Referral.referred_on, period))
        .group_by(col(Referral.status))
    )
    counts = {status: int(count) for status, count in rows}
    return tuple(
        ReferralCount(status, counts[status.value])
        for status in ReferralStatus
        if status.value in counts
    )


def _expiring(
    session: Session, actor: Actor, made_on: date, identified: bool, *, expired: bool = False
) -> tuple[ExpiringConclusion, ...]:
    """Conclusions ending soon (or, `expired`, already ended); numbers and names only when
    identified."""
    days = get_setting(session, PMPK_WARNING_DAYS)
    found = expiring_conclusions(
        session, actor=actor, today=made_on, within_days=days, expired=expired
    )
    return tuple(
        ExpiringConclusion(
            case_number=row.case_number if identified else None,
            number=row.number if identified else None,
            valid_until=row.valid_until,
            child_name=full_name(row.last_name, row.first_name, None) if identified else None,
            days_overdue=max(-row.days_left, 0),
        )
        for row in found
    )
