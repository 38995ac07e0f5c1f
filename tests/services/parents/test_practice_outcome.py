"""Not checked after all: a checked task goes back to pending and is followed up again."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from caseroom.db.models import AuditEvent, Caregiver, Child
from caseroom.errors import ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.practice import (
    PracticeInput,
    clear_outcome,
    give_practice,
    practice_to_follow_up,
    record_outcome,
)


def _audits(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(AuditEvent)).scalar_one())


def test_clear_outcome_makes_a_checked_task_pending_again(
    session: Session, actor: Actor, caregiver: Caregiver, child: Child
) -> None:
    task = give_practice(
        session,
        actor=actor,
        data=PracticeInput(caregiver.id, child.id, "Read aloud", date(2026, 10, 5), None),
    )
    record_outcome(
        session,
        actor=actor,
        practice_id=task.id,
        outcome="done",
        checked_on=date(2026, 10, 12),
        follow_up="Well done",
    )
    assert practice_to_follow_up(session, actor=actor, today=date(2026, 11, 23)) == []
    before = _audits(session)
    cleared = clear_outcome(
        session, actor=actor, practice_id=task.id, follow_up="  Ask her on Monday "
    )
    assert (cleared.outcome, cleared.checked_on, cleared.follow_up) == (
        "pending",
        None,
        "Ask her on Monday",
    )
    assert _audits(session) == before + 1
    again = practice_to_follow_up(session, actor=actor, today=date(2026, 11, 23))
    assert [t.id for t in again] == [task.id]
    with pytest.raises(ValidationError) as raised:
        clear_outcome(session, actor=actor, practice_id=task.id, follow_up="x" * 2001)
    assert raised.value.problems == {
        "follow_up": "The follow-up is too long (at most 2\u00a0000 characters)"
    }
