"""Parents' feedback after a support-group meeting: slips entered, listed and followed.

A slip answers the feedback questions (`feedback_questions`: a 1–5 scale or yes/no each)
with a free comment; it is anonymous unless the mother chose to sign it. Slips are the
caregivers' own words: reading them needs the right to the parent's data and each read
of a group's slips is audited; the trend per question only counts, and shows no average
made of fewer than three answers (a mother could be recognised from it).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import Caregiver, GroupMeeting, ParentGroup
from caseroom.db.models_groups_voice import GroupFeedback
from caseroom.i18n import _
from caseroom.services.audited import archive_and_audit, save_and_audit
from caseroom.services.common import Actor, Problems, checked_text, load, touch
from caseroom.services.parents.feedback_questions import (
    FeedbackQuestions,
    QuestionKind,
    load_feedback_questions,
)
from caseroom.services.permissions import Permission, audit_view, require
from caseroom.vocab import Confidentiality

COMMENT_MAX = 2000
FEWEST = 3
"""The fewest answers an average is shown of."""


@dataclass(frozen=True, slots=True)
class FeedbackInput:
    """One slip as entered: answers by question id (None: not answered), a comment, and
    the mother who signed it (None: anonymous)."""

    answers: Mapping[str, int | None] = field(default_factory=dict)
    comment: str | None = None
    caregiver_id: uuid.UUID | None = None
    on_paper: bool = True


@dataclass(frozen=True, slots=True)
class FeedbackRead:
    """A slip as screens see it (`signed_by` None: anonymous)."""

    id: uuid.UUID
    meeting_id: uuid.UUID
    held_on: date
    answers: Mapping[str, int]
    comment: str | None
    signed_by: str | None
    caregiver_id: uuid.UUID | None
    on_paper: bool


def _meeting(session: Session, meeting_id: uuid.UUID) -> GroupMeeting:
    return load(session, GroupMeeting, meeting_id, _("This group meeting was not found"))


def _checked(
    session: Session, data: FeedbackInput, questions: FeedbackQuestions
) -> tuple[dict[str, int], str | None]:
    problems = Problems()
    answers: dict[str, int] = {}
    for question_id, value in data.answers.items():
        question = questions.question(question_id)
        if question is None:
            problems.add("answers", _("The slip answers a question that is not on the form"))
        elif value is not None and value not in question.values():
            problems.add(
                f"answer:{question_id}",
                _("Answer 1 to 5")
                if question.kind is QuestionKind.SCALE
                else _("Answer yes or no"),
            )
        elif value is not None:
            answers[question_id] = int(value)
    comment = checked_text(problems, "comment", data.comment, limit=COMMENT_MAX, multiline=True)
    if not answers and comment is None and not problems:
        problems.add("answers", _("The slip is empty: answer a question or write the comment"))
    if data.caregiver_id is not None:
        person = session.get(Caregiver, data.caregiver_id)
        if person is None or person.archived_at is not None:
            problems.add("caregiver_id", _("Choose the mother who signed the slip"))
    problems.raise_if_any()
    return answers, comment


def record_feedback(
    session: Session,
    *,
    actor: Actor,
    meeting_id: uuid.UUID,
    data: FeedbackInput,
    questions: FeedbackQuestions | None = None,
) -> FeedbackRead:
    """Enter one mother's slip on a meeting (from paper, or as she told it)."""
    require(actor, Permission.EDIT_RECORDS)
    form = questions or load_feedback_questions()
    meeting = _meeting(session, meeting_id)
    if meeting.archived_at is not None:
        Problems({"meeting_id": _("This meeting is archived")}).raise_if_any()
    answers, comment = _checked(session, data, form)
    record = GroupFeedback(
        meeting_id=meeting_id,
        caregiver_id=data.caregiver_id,
        answers=answers,
        comment=comment,
        questions_version=form.version,
        on_paper=data.on_paper,
        entered_by_id=actor.staff_id,
    )
    # No answers in the trail: the slip is the mother's own data.
    details = {"meeting_id": str(meeting_id), "signed": data.caregiver_id is not None}
    save_and_audit(
        session,
        actor=actor,
        record=record,
        action="create",
        entity="group_feedback",
        details=details,
    )
    return _read(session, record, meeting.held_on)


def update_feedback(
    session: Session,
    *,
    actor: Actor,
    feedback_id: uuid.UUID,
    data: FeedbackInput,
    questions: FeedbackQuestions | None = None,
) -> FeedbackRead:
    """Correct a slip entered wrongly."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, GroupFeedback, feedback_id, _("This feedback slip was not found"))
    answers, comment = _checked(session, data, questions or load_feedback_questions())
    record.answers, record.comment = answers, comment
    record.caregiver_id, record.on_paper = data.caregiver_id, data.on_paper
    touch(record)
    save_and_audit(session, actor=actor, record=record, action="update", entity="group_feedback")
    return _read(session, record, _meeting(session, record.meeting_id).held_on)


def archive_feedback(session: Session, *, actor: Actor, feedback_id: uuid.UUID) -> None:
    """Archive a slip entered by mistake (it leaves the trend and the summary)."""
    require(actor, Permission.EDIT_RECORDS)
    record = load(session, GroupFeedback, feedback_id, _("This feedback slip was not found"))
    archive_and_audit(session, actor, record, "group_feedback")


def _read(session: Session, record: GroupFeedback, held_on: date) -> FeedbackRead:
    signed = None
    if record.caregiver_id is not None:
        person = session.get(Caregiver, record.caregiver_id)
        signed = f"{person.last_name} {person.first_name}" if person is not None else None
    return FeedbackRead(
        record.id,
        record.meeting_id,
        held_on,
        dict(record.answers),
        record.comment,
        signed,
        record.caregiver_id,
        record.on_paper,
    )


def _slips(
    session: Session, group_id: uuid.UUID, meeting_id: uuid.UUID | None = None
) -> list[tuple[GroupFeedback, date]]:
    query = (
        select(GroupFeedback, col(GroupMeeting.held_on))
        .join(GroupMeeting, col(GroupMeeting.id) == col(GroupFeedback.meeting_id))
        .where(
            col(GroupMeeting.group_id) == group_id,
            col(GroupMeeting.archived_at).is_(None),
            col(GroupFeedback.archived_at).is_(None),
        )
        .order_by(col(GroupMeeting.held_on), col(GroupFeedback.created_at), col(GroupFeedback.id))
    )
    if meeting_id is not None:
        query = query.where(col(GroupFeedback.meeting_id) == meeting_id)
    return [(row[0], row[1]) for row in session.execute(query)]


def list_feedback(
    session: Session, *, actor: Actor, group_id: uuid.UUID, meeting_id: uuid.UUID | None = None
) -> list[FeedbackRead]:
    """A group's slips (or one meeting's), oldest first; the read is audited."""
    require(actor, Permission.VIEW_PARENT_DATA)
    load(session, ParentGroup, group_id, _("This support group was not found"))
    slips = _slips(session, group_id, meeting_id)
    audit_view(
        session,
        actor=actor,
        entity="group_feedback",
        entity_id=meeting_id or group_id,
        confidentiality=Confidentiality.PARENT,
    )
    return [_read(session, record, held_on) for record, held_on in slips]


# --- the trend per question ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The answers to one question at one meeting: how many, and their average (a 1–5
    mean, or the share of "yes"), None when fewer than three answered."""

    meeting_id: uuid.UUID
    held_on: date
    answers: int
    average: float | None


@dataclass(frozen=True, slots=True)
class QuestionTrend:
    """One question's answers meeting by meeting, and over them all."""

    question_id: str
    kind: QuestionKind
    text: str
    points: tuple[TrendPoint, ...]
    answers: int
    average: float | None


def average(values: list[int]) -> float | None:
    """The mean of `values`, or None when fewer than `FEWEST` are given."""
    return sum(values) / len(values) if len(values) >= FEWEST else None


def feedback_trend(
    session: Session,
    *,
    actor: Actor,
    group_id: uuid.UUID,
    questions: FeedbackQuestions | None = None,
    language: str | None = None,
) -> list[QuestionTrend]:
    """Each question's answers over the group's meetings that have slips (no comments,
    no names)."""
    require(actor, Permission.VIEW_PARENT_DATA)
    load(session, ParentGroup, group_id, _("This support group was not found"))
    form = questions or load_feedback_questions()
    by_meeting: dict[uuid.UUID, tuple[date, list[dict[str, int]]]] = {}
    for record, held_on in _slips(session, group_id):
        by_meeting.setdefault(record.meeting_id, (held_on, []))[1].append(dict(record.answers))
    trends = []
    for question in form.questions:
        every: list[int] = []
        points = []
        for meeting_id, (held_on, slips) in by_meeting.items():
            values = [slip[question.id] for slip in slips if slip.get(question.id) is not None]
            every += values
            if values:
                points.append(TrendPoint(meeting_id, held_on, len(values), average(values)))
        trends.append(
            QuestionTrend(
                question.id,
                question.kind,
                question.text(language),
                tuple(points),
                len(every),
                average(every),
            )
        )
    return trends
