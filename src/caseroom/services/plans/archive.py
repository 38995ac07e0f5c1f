"""Restoring an archived support plan, goal or PMPK conclusion.

Archiving is in each record's own module (`archive_plan`, `archive_goal`,
`archive_conclusion`, each with a reason code of `ArchiveReason`); a restored record comes
back exactly as it was archived, and the plan's history keeps the restore. A plan is
restored after its child, a goal after its plan.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session

from caseroom.db.models import Child, Goal, PmpkConclusion, SupportPlan
from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.audited import restore_and_audit
from caseroom.services.common import Actor, load
from caseroom.services.permissions import Permission, require
from caseroom.services.plans import history


def _child_archived(session: Session, child_id: uuid.UUID) -> bool:
    child = session.get(Child, child_id)
    return child is not None and child.archived_at is not None


def restore_plan(session: Session, *, actor: Actor, plan_id: uuid.UUID) -> None:
    """Bring an archived plan back with its goals (the child must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, SupportPlan, plan_id, _("The support plan was not found."))
    if record.archived_at is not None and _child_archived(session, record.child_id):
        raise UserError(_("Restore the child's record first"), field="child")
    if restore_and_audit(session, actor, record, "support_plan"):
        history.record(
            session,
            actor=actor,
            plan_id=record.id,
            action=history.RevisionAction.RESTORED,
            before=None,
            after=None,
        )


def restore_goal(session: Session, *, actor: Actor, goal_id: uuid.UUID) -> None:
    """Bring an archived goal back to its plan, in its old place (the plan must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, Goal, goal_id, _("The goal was not found."))
    plan = load(session, SupportPlan, record.plan_id, _("The support plan was not found."))
    if record.archived_at is not None and plan.archived_at is not None:
        raise UserError(_("Restore the goal's plan first"), field="plan")
    if restore_and_audit(session, actor, record, "goal", details={"plan_id": str(plan.id)}):
        history.record(
            session,
            actor=actor,
            plan_id=plan.id,
            goal_id=record.id,
            action=history.RevisionAction.RESTORED,
            before=None,
            after=None,
        )


def restore_conclusion(session: Session, *, actor: Actor, conclusion_id: uuid.UUID) -> None:
    """Bring an archived PMPK conclusion back (the child must not be archived)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, PmpkConclusion, conclusion_id, _("The PMPK conclusion was not found."))
    if record.archived_at is not None and _child_archived(session, record.child_id):
        raise UserError(_("Restore the child's record first"), field="child")
    restore_and_audit(
        session, actor, record, "pmpk_conclusion", details={"child_id": str(record.child_id)}
    )
