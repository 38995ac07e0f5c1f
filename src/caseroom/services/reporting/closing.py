"""The closing parts of a child's progress report (`progress`): recommendations,
next steps and who signs; for the consilium only, the PMPK conclusion, the SEN categories
and the specialists-only session notes.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import (
    Attendance,
    Caregiver,
    ChildSenCategory,
    ChildSpecialist,
    PlanReview,
    PmpkConclusion,
    SenCategory,
    SessionRecord,
    Staff,
)
from caseroom.reports.data import (
    Audience,
    ExtraRole,
    PmpkInfo,
    Signatory,
    SpecialistNote,
)
from caseroom.reports.language import ReportLanguage, format_date
from caseroom.services.people.staff import full_name
from caseroom.services.plans.periods import Period
from caseroom.services.reporting.common import (
    in_period,
    own_label,
)
from caseroom.vocab import (
    Confidentiality,
    PlanStatus,
    SessionStatus,
    StaffRole,
)


def _latest_conclusion(session: Session, child_id: uuid.UUID, period: Period) -> Any:
    return session.execute(
        select(
            col(PmpkConclusion.number),
            col(PmpkConclusion.issued_on),
            col(PmpkConclusion.valid_until),
            col(PmpkConclusion.recommendations),
            col(PmpkConclusion.conditions),
            col(PmpkConclusion.specialists),
            col(PmpkConclusion.programme),
        )
        .where(
            col(PmpkConclusion.child_id) == child_id,
            col(PmpkConclusion.archived_at).is_(None),
            col(PmpkConclusion.issued_on) <= period.end,
        )
        .order_by(col(PmpkConclusion.issued_on).desc(), col(PmpkConclusion.created_at).desc())
        .limit(1)
    ).first()


def _pmpk(session: Session, child_id: uuid.UUID, period: Period) -> PmpkInfo | None:
    row = _latest_conclusion(session, child_id, period)
    if row is None:
        return None
    return PmpkInfo(number=row.number, issued_on=row.issued_on, valid_until=row.valid_until)


def _conclusion_lines(conclusion: Any, lang: ReportLanguage) -> list[str]:
    """The PMPK's recommendations as the report prints them, one bullet each: the
    conditions, the specialists, the programme, then anything else it recommended."""
    _ = lang.gettext
    lines: list[str] = []
    if conclusion.conditions:
        lines.append(_("Conditions of education: {text}").format(text=conclusion.conditions))
    if conclusion.specialists:
        lines.append(_("Specialists: {names}").format(names=", ".join(conclusion.specialists)))
    if conclusion.programme:
        lines.append(_("Programme: {text}").format(text=conclusion.programme))
    if conclusion.recommendations:
        lines.append(conclusion.recommendations)
    return lines


def _recommendations(
    session: Session,
    child_id: uuid.UUID,
    period: Period,
    plans: list[Any],
    lang: ReportLanguage,
    *,
    with_plan_notes: bool,
    today: date,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    recommendations: list[str] = []
    conclusion = _latest_conclusion(session, child_id, period)
    if conclusion is not None:
        recommendations += _conclusion_lines(conclusion, lang)
    if with_plan_notes:  # the plan's notes are specialists' working notes
        recommendations += [plan.notes for plan in plans if plan.notes]
    next_steps: list[str] = []
    if plans:
        review = session.execute(
            select(col(PlanReview.summary))
            .where(
                col(PlanReview.plan_id).in_([plan.id for plan in plans]),
                col(PlanReview.archived_at).is_(None),
                col(PlanReview.summary).is_not(None),
                in_period(PlanReview.reviewed_on, period),
            )
            .order_by(col(PlanReview.reviewed_on).desc(), col(PlanReview.created_at).desc())
            .limit(1)
        ).scalar()
        if review:
            next_steps.append(review)
        current = plans[-1]
        if current.status == PlanStatus.ACTIVE.value and current.next_review_on is not None:
            next_steps.append(_next_review(current.next_review_on, today, lang))
    return tuple(recommendations), tuple(next_steps)


def _next_review(due: date, today: date, lang: ReportLanguage) -> str:
    """When the plan is reviewed next: a day to come (today included), or since when the
    review is overdue."""
    _ = lang.gettext
    if due < today:
        return _("Support plan review overdue since {date}.").format(date=format_date(due))
    return _("The support plan will next be reviewed on {date}.").format(date=format_date(due))


def _signatories(
    session: Session,
    child_id: uuid.UUID,
    family_id: uuid.UUID,
    plans: list[Any],
    audience: Audience,
) -> tuple[Signatory, ...]:
    """The child's specialists (the lead first), the legal representative, the chair."""
    staff_columns = (
        col(Staff.role),
        col(Staff.last_name),
        col(Staff.first_name),
        col(Staff.patronymic),
    )
    rows = session.execute(
        select(*staff_columns)
        .join(ChildSpecialist, col(ChildSpecialist.staff_id) == col(Staff.id))
        .where(col(ChildSpecialist.child_id) == child_id, col(Staff.archived_at).is_(None))
        .order_by(col(ChildSpecialist.is_lead).desc(), col(Staff.last_name), col(Staff.first_name))
    ).all()
    authors = [plan.author_id for plan in plans if plan.author_id is not None]
    if not rows and authors:
        rows = session.execute(select(*staff_columns).where(col(Staff.id) == authors[-1])).all()
    signatories = [
        Signatory(StaffRole(role), full_name(last, first, patronymic))
        for role, last, first, patronymic in rows
    ]
    caregiver = session.execute(
        select(col(Caregiver.last_name), col(Caregiver.first_name), col(Caregiver.patronymic))
        .where(
            col(Caregiver.family_id) == family_id,
            col(Caregiver.archived_at).is_(None),
            col(Caregiver.is_legal_representative).is_(True),
        )
        .order_by(col(Caregiver.created_at), col(Caregiver.id))
        .limit(1)
    ).first()
    signatories.append(
        Signatory(ExtraRole.CAREGIVER, None if caregiver is None else full_name(*caregiver))
    )
    if audience is Audience.CONSILIUM:
        signatories.append(Signatory(ExtraRole.CONSILIUM_CHAIR))
    return tuple(signatories)


# --- for the consilium only -------------------------------------------------------------


def _specialist_notes(
    session: Session, child_id: uuid.UUID, period: Period
) -> tuple[SpecialistNote, ...]:
    """Specialists-only notes of held sessions the child was listed at, oldest first."""
    rows = session.execute(
        select(
            col(SessionRecord.held_on),
            col(SessionRecord.notes),
            col(Staff.last_name),
            col(Staff.first_name),
            col(Staff.patronymic),
        )
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .join(Staff, col(Staff.id) == col(SessionRecord.staff_id))
        .where(
            col(Attendance.child_id) == child_id,
            col(Attendance.archived_at).is_(None),
            col(SessionRecord.archived_at).is_(None),
            col(SessionRecord.status) == SessionStatus.HELD.value,
            col(SessionRecord.confidentiality) == Confidentiality.SPECIALIST.value,
            col(SessionRecord.notes).is_not(None),
            in_period(SessionRecord.held_on, period),
        )
        .order_by(
            col(SessionRecord.held_on), col(SessionRecord.starts_at), col(SessionRecord.created_at)
        )
    )
    return tuple(
        SpecialistNote(text=notes, written_on=held_on, author=full_name(last, first, patronymic))
        for held_on, notes, last, first, patronymic in rows
        if notes.strip()
    )


def _sen_categories(
    session: Session, child_id: uuid.UUID, language: str
) -> tuple[tuple[str, str | None], ...]:
    rows = session.execute(
        select(
            col(SenCategory.code),
            col(SenCategory.builtin),
            col(SenCategory.label_en),
            col(SenCategory.label_ru),
            col(SenCategory.label_kk),
        )
        .join(ChildSenCategory, col(ChildSenCategory.category_code) == col(SenCategory.code))
        .where(col(ChildSenCategory.child_id) == child_id)
        .order_by(col(SenCategory.sort_order), col(SenCategory.code))
    )
    return tuple((row.code, None if row.builtin else own_label(row, language)) for row in rows)
