"""A child's progress report, filled from the database (`reports.data.ProgressReportData`).

What is counted, over the period's days (both ends included) up to the day the report is
made (a period that has not ended is counted "so far"; one that starts later is refused),
non-archived records only:

- goals: of the child's plans in effect during the period (active or closed, not drafts),
  grouped by domain in `vocab.Domain` order, then as ordered in the plan; each with the
  ratings given *in the period*, oldest first;
- sessions: held sessions with the child on the attendance list, by kind; attended is
  "present", missed is "absent" or "cancelled" (so held = attended + missed);
- the parent section: consultations (parent consultation, phone/online, home visit) and
  joint sessions of the family's caregivers and group meetings, as counted by
  `services.involvement`; home practice given in the period for *this* child; the
  caregivers' own goals set by the end of the period (see the levels below). Never a
  caregiver's screening data or safety flags;
- recommendations: the latest PMPK conclusion's recommendations (issued by the end of the
  period), and for the consilium the plan's notes; next steps: the latest plan review in
  the period and the date of the next review (or, once it has passed, since when the
  review is overdue);
- for the consilium only: SEN categories, the PMPK conclusion, and specialists-only
  session notes (never safeguarding or the caregiver's own notes).

Confidentiality levels (`vocab.Confidentiality`): the parents' report prints shareable
material only, plus the family's own goals; the consilium's adds specialists-only notes.
Neither ever prints a session note at the caregiver's-data or safeguarding level, a
referral, a wellbeing check-in or a safety flag, nor anything at a level the actor may
not see (a caregiver's goals need the right to see a caregiver's data). The report only
reads (batches run on read-only connections), so nothing here writes an audit event.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    Child,
    Goal,
    GoalRating,
    HomePractice,
    ParentGoal,
    SessionRecord,
    SupportPlan,
)
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.reports.data import (
    Audience,
    ChildInfo,
    DomainGoals,
    GoalLine,
    ParentGoalLine,
    ParentSection,
    ProgressReportData,
    RatingPoint,
    SessionCount,
)
from caseroom.reports.language import ReportLanguage
from caseroom.services.common import Actor
from caseroom.services.parents.involvement import caregiver_presence, family_involvement
from caseroom.services.people.rooms import require_room
from caseroom.services.people.staff import full_name
from caseroom.services.permissions import Permission, may_see, require
from caseroom.services.plans.history import last_wording_changes
from caseroom.services.plans.periods import Period
from caseroom.services.plans.plans import CHECKPOINT_ORDER
from caseroom.services.reporting.closing import (
    _pmpk,
    _recommendations,
    _sen_categories,
    _signatories,
    _specialist_notes,
)
from caseroom.services.reporting.common import (
    IN_EFFECT,
    covered_period,
    in_period,
    report_language,
    report_period,
)
from caseroom.vocab import (
    AttendanceStatus,
    Checkpoint,
    Confidentiality,
    Domain,
    GoalStatus,
    ParentGoalStatus,
    PracticeOutcome,
    Rating,
    SessionKind,
    SessionStatus,
    Sex,
)

_CHECKPOINT_RANK = {code.value: rank for rank, code in enumerate(CHECKPOINT_ORDER)}


def require_progress_report(actor: Actor, audience: Audience | str) -> None:
    """Raise `PermissionDeniedError` unless `actor` may make `audience`'s progress report
    (the consilium's quotes specialists' notes, so it needs the right to read them)."""
    require(actor, Permission.MAKE_REPORTS)
    if Audience(audience) is Audience.CONSILIUM:
        require(actor, Permission.VIEW_NOTES)


def progress_report_data(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    period: Period,
    audience: Audience | str,
    made_on: date,
    language: str | None = None,
) -> ProgressReportData:
    """Everything the child's progress report for `period` prints (rules in the docstring).

    `language` only words the one generated line (the next review date); default: the
    room's language. Raises `NotFoundError` for an unknown child, and `ValidationError`
    for a period that starts after `made_on` (one that ends after it is counted up to it).
    """
    audience = Audience(audience)
    require_progress_report(actor, audience)
    printed = report_period(period, today=made_on)
    period = covered_period(period, today=made_on)
    row = session.execute(
        select(
            col(Child.family_id),
            col(Child.last_name),
            col(Child.first_name),
            col(Child.patronymic),
            col(Child.birth_date),
            col(Child.case_number),
            col(Child.grade),
            col(Child.class_letter),
            col(Child.sex),
        ).where(col(Child.id) == child_id)
    ).first()
    if row is None:
        raise NotFoundError(_("This child was not found"))
    room = require_room(session)
    lang = ReportLanguage(report_language(session, language))
    consilium = audience is Audience.CONSILIUM
    plans = _plans(session, child_id, period)
    recommendations, next_steps = _recommendations(
        session, child_id, period, plans, lang, with_plan_notes=consilium, today=made_on
    )
    return ProgressReportData(
        school=room.school_name,
        room=room.room_name,
        period=printed,
        audience=audience,
        child=ChildInfo(
            full_name=full_name(row.last_name, row.first_name, row.patronymic),
            birth_date=row.birth_date,
            case_number=row.case_number,
            grade=row.grade,
            class_letter=row.class_letter,
            sex=Sex(row.sex) if row.sex in (Sex.FEMALE, Sex.MALE) else None,
        ),
        made_on=made_on,
        goals=_goals(session, [plan.id for plan in plans], period, revisions=consilium),
        sessions=_sessions(session, child_id, period),
        parent=_parent(session, actor, child_id, row.family_id, period, audience),
        recommendations=recommendations,
        next_steps=next_steps,
        signatories=_signatories(session, child_id, row.family_id, plans, audience),
        specialist_notes=_specialist_notes(session, child_id, period) if consilium else (),
        sen_categories=_sen_categories(session, child_id, lang.code) if consilium else (),
        pmpk=_pmpk(session, child_id, period) if consilium else None,
    )


# --- goals and sessions -----------------------------------------------------------------


def _plans(session: Session, child_id: uuid.UUID, period: Period) -> list[Any]:
    """The child's plans in effect during the period, oldest first."""
    return list(
        session.execute(
            select(
                col(SupportPlan.id),
                col(SupportPlan.notes),
                col(SupportPlan.next_review_on),
                col(SupportPlan.status),
                col(SupportPlan.author_id),
            )
            .where(
                col(SupportPlan.child_id) == child_id,
                col(SupportPlan.archived_at).is_(None),
                col(SupportPlan.status).in_(IN_EFFECT),
                col(SupportPlan.starts_on) <= period.end,
                col(SupportPlan.ends_on) >= period.start,
            )
            .order_by(col(SupportPlan.starts_on), col(SupportPlan.created_at))
        )
    )


def _goals(
    session: Session, plan_ids: list[uuid.UUID], period: Period, *, revisions: bool = False
) -> tuple[DomainGoals, ...]:
    if not plan_ids:
        return ()
    plan_order = {plan_id: rank for rank, plan_id in enumerate(plan_ids)}
    goal_rows = sorted(
        session.execute(
            select(
                col(Goal.id),
                col(Goal.plan_id),
                col(Goal.domain),
                col(Goal.description),
                col(Goal.baseline),
                col(Goal.target),
                col(Goal.criterion),
                col(Goal.status),
            )
            .where(col(Goal.plan_id).in_(plan_ids), col(Goal.archived_at).is_(None))
            .order_by(col(Goal.sort_order), col(Goal.created_at))
        ),
        key=lambda goal: plan_order[goal.plan_id],
    )
    ratings: dict[uuid.UUID, list[RatingPoint]] = defaultdict(list)
    if goal_rows:
        rating_rows = session.execute(
            select(
                col(GoalRating.goal_id),
                col(GoalRating.checkpoint),
                col(GoalRating.rating),
                col(GoalRating.rated_on),
            ).where(
                col(GoalRating.goal_id).in_([goal.id for goal in goal_rows]),
                col(GoalRating.archived_at).is_(None),
                in_period(GoalRating.rated_on, period),
            )
        )
        ordered = sorted(rating_rows, key=lambda r: (r.rated_on, _CHECKPOINT_RANK[r.checkpoint]))
        for goal_id, checkpoint, rating, rated_on in ordered:
            ratings[goal_id].append(RatingPoint(Checkpoint(checkpoint), Rating(rating), rated_on))
    revised = (
        last_wording_changes(session, goal_ids=[g.id for g in goal_rows], until=period.end)
        if revisions
        else {}
    )
    by_domain: dict[Domain, list[GoalLine]] = defaultdict(list)
    for goal in goal_rows:
        when, was = revised.get(goal.id, (None, None))
        by_domain[Domain(goal.domain)].append(
            GoalLine(
                description=goal.description,
                status=GoalStatus(goal.status),
                baseline=goal.baseline,
                target=goal.target,
                criterion=goal.criterion,
                ratings=tuple(ratings[goal.id]),
                revised_on=when.date() if when else None,
                was=was,
            )
        )
    return tuple(
        DomainGoals(domain, tuple(by_domain[domain])) for domain in Domain if domain in by_domain
    )


def _sessions(session: Session, child_id: uuid.UUID, period: Period) -> tuple[SessionCount, ...]:
    present = col(Attendance.status) == AttendanceStatus.PRESENT.value
    rows = session.execute(
        select(
            col(SessionRecord.kind),
            func.count(),
            func.sum(case((present, 1), else_=0)),
        )
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(
            col(Attendance.child_id) == child_id,
            col(Attendance.archived_at).is_(None),
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.HELD.value,
            in_period(SessionRecord.held_on, period),
        )
        .group_by(col(SessionRecord.kind))
    )
    counts = {kind: (int(held), int(came or 0)) for kind, held, came in rows}
    lines = []
    for kind in SessionKind:
        if kind.value in counts:
            held, came = counts[kind.value]
            lines.append(SessionCount(kind, held=held, attended=came, missed=held - came))
    return tuple(lines)


# --- the family -------------------------------------------------------------------------


def _caregiver_ids(family_id: uuid.UUID) -> Any:
    return select(col(Caregiver.id)).where(
        col(Caregiver.family_id) == family_id, col(Caregiver.archived_at).is_(None)
    )


def _caregiver_present(
    session: Session, child_id: uuid.UUID, family_id: uuid.UUID, period: Period
) -> tuple[int, int]:
    """This child's held sessions in `period` at which a caregiver of the family was
    present, and how many of them were joint sessions (a sibling's sessions not counted)."""
    _held, present, joint = caregiver_presence(
        session, child_id, family_id, period.start, period.end
    )
    return present, joint


PARENT_GOAL_LEVELS: dict[Audience, frozenset[str]] = {
    Audience.PARENT: frozenset({Confidentiality.SHAREABLE, Confidentiality.PARENT}),
    Audience.CONSILIUM: frozenset(
        {Confidentiality.SHAREABLE, Confidentiality.SPECIALIST, Confidentiality.PARENT}
    ),
}
"""The levels of a caregiver's own goals each audience's report may print (never
safeguarding)."""


def _parent(
    session: Session,
    actor: Actor,
    child_id: uuid.UUID,
    family_id: uuid.UUID,
    period: Period,
    audience: Audience,
) -> ParentSection:
    figures = family_involvement(
        session, actor=actor, family_id=family_id, start=period.start, end=period.end
    )
    practice = dict(
        session.execute(
            select(col(HomePractice.outcome), func.count())
            .where(
                col(HomePractice.child_id) == child_id,
                col(HomePractice.archived_at).is_(None),
                in_period(HomePractice.given_on, period),
            )
            .group_by(col(HomePractice.outcome))
        ).all()
    )
    levels = [level for level in PARENT_GOAL_LEVELS[audience] if may_see(actor, level)]
    goals = session.execute(
        select(col(ParentGoal.description), col(ParentGoal.status))
        .where(
            col(ParentGoal.caregiver_id).in_(_caregiver_ids(family_id)),
            col(ParentGoal.archived_at).is_(None),
            col(ParentGoal.set_on) <= period.end,
            col(ParentGoal.confidentiality).in_(levels),
        )
        .order_by(col(ParentGoal.set_on), col(ParentGoal.created_at))
    )
    present, joint = _caregiver_present(session, child_id, family_id, period)
    return ParentSection(
        consultations_offered=figures.consultations_offered - figures.joint_offered,
        consultations_attended=figures.consultations_attended - figures.joint_attended,
        joint_sessions_attended=joint,
        present_at_sessions=present,
        practice_given=sum(int(count) for count in practice.values()),
        practice_done=int(practice.get(PracticeOutcome.DONE.value, 0)),
        practice_partly=int(practice.get(PracticeOutcome.PARTLY.value, 0)),
        practice_not_done=int(practice.get(PracticeOutcome.NOT_DONE.value, 0)),
        group_meetings_attended=figures.group_meetings_attended,
        goals=tuple(ParentGoalLine(text, ParentGoalStatus(status)) for text, status in goals),
    )
