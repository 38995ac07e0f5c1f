"""What the reports print, filled from the database: the bridge from services to `reports/`.

- `progress_report_data`: one child's progress report (`progress.py`);
- `term_summary_data`: the room's term summary (`summary.py`);
- `find_child` / `children_to_report`: which children a report command means.

Both data functions only read, except that an identified term summary writes an audit
event. The `reports/` writers then lay the frozen values out without any query.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlmodel import Session, col

from caseroom.db.models import Child
from caseroom.errors import NotFoundError
from caseroom.i18n import _
from caseroom.reports.data import Audience
from caseroom.services.common import Actor
from caseroom.services.permissions import Permission, require
from caseroom.services.reporting.common import period_text, report_language, report_period
from caseroom.services.reporting.progress import progress_report_data, require_progress_report
from caseroom.services.reporting.summary import term_summary_data
from caseroom.vocab import ChildStatus

__all__ = [
    "ReportChild",
    "children_to_report",
    "find_child",
    "period_text",
    "progress_report_data",
    "report_language",
    "report_period",
    "require_progress_report",
    "term_summary_data",
]


@dataclass(frozen=True, slots=True)
class ReportChild:
    """A child a report is made for: the record id and the case number (file names)."""

    id: uuid.UUID
    case_number: str


def _require(actor: Actor, audience: Audience | str | None) -> None:
    if audience is None:
        require(actor, Permission.MAKE_REPORTS)
    else:
        require_progress_report(actor, audience)


def find_child(
    session: Session, *, actor: Actor, case: str, audience: Audience | str | None = None
) -> ReportChild:
    """The child whose case number (or record id) is `case`; `NotFoundError` if none.

    `PermissionDeniedError` unless `actor` may make reports (for `audience`, if given)."""
    _require(actor, audience)
    text = case.strip()
    condition = col(Child.case_number) == text
    with contextlib.suppress(ValueError):
        condition = or_(condition, col(Child.id) == uuid.UUID(text))
    row = session.execute(
        select(col(Child.id), col(Child.case_number)).where(condition).limit(1)
    ).first()
    if row is None:
        raise NotFoundError(_("No child with case number or id “{case}”").format(case=text))
    return ReportChild(row[0], row[1])


def children_to_report(
    session: Session, *, actor: Actor, audience: Audience | str | None = None
) -> list[ReportChild]:
    """Every active child (not archived), by case number: what `--all` reports on.

    `PermissionDeniedError` unless `actor` may make reports (for `audience`, if given),
    so a batch is refused before it starts rather than child by child."""
    _require(actor, audience)
    rows = session.execute(
        select(col(Child.id), col(Child.case_number))
        .where(col(Child.archived_at).is_(None), col(Child.status) == ChildStatus.ACTIVE.value)
        .order_by(col(Child.case_number))
    )
    return [ReportChild(child_id, case_number) for child_id, case_number in rows]
