"""The paper feedback slip of a support group: what it prints, in the slip's language."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlmodel import Session

from caseroom.db.models import GroupMeeting, ParentGroup
from caseroom.errors import NotFoundError, UserError
from caseroom.i18n import _
from caseroom.reports.feedback_slip import FeedbackSlipData, SlipQuestion
from caseroom.services.common import Actor, load
from caseroom.services.parents.feedback_questions import (
    FeedbackQuestions,
    QuestionKind,
    load_feedback_questions,
)
from caseroom.services.people.rooms import require_room
from caseroom.services.permissions import Permission, require


def find_group(session: Session, *, actor: Actor, name_or_id: str) -> ParentGroup:
    """The group (not archived) with this record id or this name (letter case aside)."""
    require(actor, Permission.VIEW_RECORDS)
    try:
        found = session.get(ParentGroup, uuid.UUID(name_or_id.strip()))
    except ValueError:
        found = None
    if found is None:
        wanted = name_or_id.strip().casefold()  # SQLite's lower() knows no Cyrillic
        matches = [
            group
            for group in session.execute(select(ParentGroup)).scalars()
            if group.name.casefold() == wanted
        ]
        if len(matches) > 1:
            raise UserError(
                _("Two groups are called “{name}”: give the group's record id").format(
                    name=name_or_id
                )
            )
        found = matches[0] if matches else None
    if found is None or found.archived_at is not None:
        raise NotFoundError(_("No support group “{name}” was found").format(name=name_or_id))
    return found


def feedback_slip_data(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    language: str,
    meeting_id: uuid.UUID | None = None,
    questions: FeedbackQuestions | None = None,
) -> FeedbackSlipData:
    """The slip of a group (for one meeting's day, or with a line for the date)."""
    require(actor, Permission.VIEW_RECORDS)
    group = load(session, ParentGroup, group_id, _("This support group was not found"))
    meeting_on = None
    if meeting_id is not None:
        meeting = load(session, GroupMeeting, meeting_id, _("This group meeting was not found"))
        meeting_on = meeting.held_on
    form = questions or load_feedback_questions()
    room = require_room(session)
    return FeedbackSlipData(
        school=room.school_name,
        room=room.room_name,
        group=group.name,
        title=form.title(language),
        instructions=form.instructions(language),
        low=form.low(language),
        high=form.high(language),
        questions=tuple(
            SlipQuestion(q.text(language), q.kind is QuestionKind.YES_NO) for q in form.questions
        ),
        comment=form.comment(language),
        meeting_on=meeting_on,
    )
