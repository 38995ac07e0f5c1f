"""The forms a room prints and has signed, filled from the record (`reports.forms.data`).

- `consent_form_data`: the parent's written consent, one section per scope (default: the
  scopes a child's work needs, `CHILD_WORK_SCOPES`);
- `plan_form_data`: the child's individual development programme (ИПР) in effect;
- `pmpk_form_data`: the psychological-pedagogical presentation for the PMPK;
- the referral letter, the parent's slip and blank sheets are in `forms_more.py`.

Every form needs the right to make reports; the PMPK presentation quotes the specialists'
assessment and needs the right to read notes. The forms print shareable material only
(goals, ratings, planned sessions, home tasks, the PMPK conclusion), never a session note,
a wellbeing check-in or a safety flag; the only restricted reads (a referral at the
caregiver's-data or safeguarding level) go through `services.parents.referrals`, which
audits them. Each function only reads.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Goal, GoalRating, PlanReview, PmpkConclusion, SupportPlan
from caseroom.errors import NotFoundError, ValidationError
from caseroom.i18n import _
from caseroom.reports.data import (
    DomainGoals,
    ExtraRole,
    GoalLine,
    PmpkInfo,
    RatingPoint,
    Signatory,
)
from caseroom.reports.forms.data import ConsentFormData, PlanFormData, PmpkFormData
from caseroom.services.common import Actor
from caseroom.services.permissions import Permission, require
from caseroom.services.plans.periods import Period, PeriodKind
from caseroom.services.plans.plans import CHECKPOINT_ORDER
from caseroom.services.reporting.forms_common import (
    child_info,
    child_row,
    form_header,
    legal_representative,
    open_home_tasks,
    planned_sessions,
    specialists,
)
from caseroom.services.reporting.progress import _sessions
from caseroom.vocab import Checkpoint, ConsentScope, Domain, GoalStatus, PlanStatus, Rating

CHILD_WORK_SCOPES: tuple[ConsentScope, ...] = (
    ConsentScope.DATA_PROCESSING,
    ConsentScope.SEN_ASSESSMENT,
    ConsentScope.SPECIAL_SUPPORT,
    ConsentScope.PSYCH_DIAGNOSTICS,
)
"""The consents a child's work in the room needs: the default of the consent form."""

SCHEDULE_LIMIT = 12
"""How many planned sessions the programme lists."""

_CHECKPOINT_RANK = {code.value: rank for rank, code in enumerate(CHECKPOINT_ORDER)}


def consent_scopes(scopes: list[str] | tuple[str, ...] | None) -> tuple[ConsentScope, ...]:
    """The scopes a consent form prints, each once, in `vocab.ConsentScope` order;
    `CHILD_WORK_SCOPES` when none are given. `ValidationError` for an unknown scope."""
    if not scopes:
        return CHILD_WORK_SCOPES
    known = {scope.value for scope in ConsentScope}
    unknown = [scope for scope in scopes if scope not in known]
    if unknown:
        raise ValidationError(
            {"scope": _("Unknown consent scope: {scope}").format(scope=", ".join(unknown))}
        )
    return tuple(scope for scope in ConsentScope if scope.value in scopes)


def consent_form_data(
    session: Session,
    *,
    actor: Actor,
    child_id: uuid.UUID,
    made_on: date,
    scopes: list[str] | tuple[str, ...] | None = None,
) -> ConsentFormData:
    """The consent form of the child's legal representative for `scopes`."""
    require(actor, Permission.MAKE_REPORTS)
    chosen = consent_scopes(scopes)
    child = child_row(session, child_id)
    return ConsentFormData(
        header=form_header(session, made_on),
        child=child_info(child),
        caregiver=legal_representative(session, child.family_id),
        scopes=chosen,
    )


def _current_plan(session: Session, child_id: uuid.UUID, made_on: date) -> Any:
    """The programme a form prints: the active one (the latest starting), else the latest
    draft, else the latest closed; `NotFoundError` when the child has none."""
    rank = {PlanStatus.ACTIVE.value: 0, PlanStatus.DRAFT.value: 1, PlanStatus.CLOSED.value: 2}
    rows = session.execute(
        select(SupportPlan).where(
            col(SupportPlan.child_id) == child_id, col(SupportPlan.archived_at).is_(None)
        )
    ).scalars()
    plans = sorted(rows, key=lambda plan: (rank.get(plan.status, 3), -plan.starts_on.toordinal()))
    if not plans:
        raise NotFoundError(_("This child has no individual development programme yet"))
    return plans[0]


def goals_by_domain(
    session: Session, plan_ids: list[uuid.UUID], *, until: date, with_ratings: bool
) -> tuple[DomainGoals, ...]:
    """The plans' goals (not archived) by domain in `vocab.Domain` order, each with its
    ratings up to `until`, oldest first (none unless `with_ratings`)."""
    if not plan_ids:
        return ()
    order = {plan_id: rank for rank, plan_id in enumerate(plan_ids)}
    goals = sorted(
        session.execute(
            select(Goal)
            .where(col(Goal.plan_id).in_(plan_ids), col(Goal.archived_at).is_(None))
            .order_by(col(Goal.sort_order), col(Goal.created_at))
        ).scalars(),
        key=lambda goal: order[goal.plan_id],
    )
    ratings: dict[uuid.UUID, list[RatingPoint]] = defaultdict(list)
    if with_ratings and goals:
        rows = session.execute(
            select(
                col(GoalRating.goal_id),
                col(GoalRating.checkpoint),
                col(GoalRating.rating),
                col(GoalRating.rated_on),
            ).where(
                col(GoalRating.goal_id).in_([goal.id for goal in goals]),
                col(GoalRating.archived_at).is_(None),
                col(GoalRating.rated_on) <= until,
            )
        )
        for goal_id, checkpoint, rating, rated_on in sorted(
            rows, key=lambda r: (r.rated_on, _CHECKPOINT_RANK[r.checkpoint])
        ):
            ratings[goal_id].append(RatingPoint(Checkpoint(checkpoint), Rating(rating), rated_on))
    by_domain: dict[Domain, list[GoalLine]] = defaultdict(list)
    for goal in goals:
        by_domain[Domain(goal.domain)].append(
            GoalLine(
                description=goal.description,
                status=GoalStatus(goal.status),
                baseline=goal.baseline,
                target=goal.target,
                criterion=goal.criterion,
                ratings=tuple(ratings[goal.id]),
            )
        )
    return tuple(DomainGoals(d, tuple(by_domain[d])) for d in Domain if d in by_domain)


def _signatories(people: tuple[Any, ...], caregiver: Any) -> tuple[Signatory, ...]:
    lines = [Signatory(person.role, person.name) for person in people if person.role]
    lines.append(Signatory(ExtraRole.CAREGIVER, caregiver.name if caregiver else None))
    return tuple(lines)


def plan_form_data(
    session: Session, *, actor: Actor, child_id: uuid.UUID, made_on: date
) -> PlanFormData:
    """The child's programme: goals by domain (baseline, target, criterion), the
    specialists, the planned sessions from `made_on` in the plan's time, the parent's part
    (open home tasks for the plan's goals), the review dates and the signature lines."""
    require(actor, Permission.MAKE_REPORTS)
    child = child_row(session, child_id)
    plan = _current_plan(session, child_id, made_on)
    goal_ids = list(
        session.execute(
            select(col(Goal.id)).where(
                col(Goal.plan_id) == plan.id, col(Goal.archived_at).is_(None)
            )
        ).scalars()
    )
    reviews = session.execute(
        select(col(PlanReview.reviewed_on))
        .where(col(PlanReview.plan_id) == plan.id, col(PlanReview.archived_at).is_(None))
        .order_by(col(PlanReview.reviewed_on))
    ).scalars()
    people = specialists(session, child_id)
    caregiver = legal_representative(session, child.family_id)
    schedule = planned_sessions(
        session, child_id, start=max(made_on, plan.starts_on), limit=SCHEDULE_LIMIT
    )
    return PlanFormData(
        header=form_header(session, made_on),
        child=child_info(child),
        starts_on=plan.starts_on,
        ends_on=plan.ends_on,
        goals=goals_by_domain(session, [plan.id], until=made_on, with_ratings=False),
        specialists=people,
        schedule=tuple(s for s in schedule if s.on <= plan.ends_on),
        parent_part=open_home_tasks(session, child_id, limit=8, goal_ids=goal_ids),
        reviewed_on=tuple(reviews),
        next_review_on=plan.next_review_on,
        signatories=_signatories(people, caregiver),
    )


def _range(start: date, end: date) -> Period:
    return Period(
        start=start, end=end, label="", kind=PeriodKind.RANGE, school_year=None, quarter=None
    )


def pmpk_form_data(
    session: Session, *, actor: Actor, child_id: uuid.UUID, made_on: date
) -> PmpkFormData:
    """The presentation for the PMPK: the child's development by domain (every goal of the
    programmes in effect, with all their ratings up to `made_on`), the support given (held
    sessions by kind since enrolment), the specialists, the current conclusion and its
    recommendations. Needs the right to read notes (it is the specialists' assessment)."""
    require(actor, Permission.MAKE_REPORTS)
    require(actor, Permission.VIEW_NOTES)
    child = child_row(session, child_id)
    plan_ids = list(
        session.execute(
            select(col(SupportPlan.id))
            .where(
                col(SupportPlan.child_id) == child_id,
                col(SupportPlan.archived_at).is_(None),
                col(SupportPlan.status) != PlanStatus.DRAFT.value,
            )
            .order_by(col(SupportPlan.starts_on), col(SupportPlan.created_at))
        ).scalars()
    )
    conclusion = session.execute(
        select(PmpkConclusion)
        .where(
            col(PmpkConclusion.child_id) == child_id,
            col(PmpkConclusion.archived_at).is_(None),
            col(PmpkConclusion.issued_on) <= made_on,
        )
        .order_by(col(PmpkConclusion.issued_on).desc(), col(PmpkConclusion.created_at).desc())
        .limit(1)
    ).scalar_one_or_none()
    since = min(child.enrolled_on, made_on)
    people = specialists(session, child_id)
    return PmpkFormData(
        header=form_header(session, made_on),
        child=child_info(child),
        school_name=child.school,
        since=since,
        domains=goals_by_domain(session, plan_ids, until=made_on, with_ratings=True),
        sessions=_sessions(session, child_id, _range(since, made_on)),
        specialists=people,
        conclusion=None
        if conclusion is None
        else PmpkInfo(conclusion.number, conclusion.issued_on, conclusion.valid_until),
        earlier_recommendations=None if conclusion is None else conclusion.recommendations,
        signatories=_signatories(people, legal_representative(session, child.family_id)),
        earlier_conditions=None if conclusion is None else conclusion.conditions,
        earlier_specialists=() if conclusion is None else tuple(conclusion.specialists or ()),
        earlier_programme=None if conclusion is None else conclusion.programme,
    )
