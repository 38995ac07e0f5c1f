"""The term summary's figures on the parents' voice in the room's support groups.

Over the period's meetings (non-archived groups and records only), per group that met
and for the room's groups together: meetings by form; members (registered for some of
the period) and reach (caregivers present at one meeting at least); peer-support parents
(marked for some of the period, counted, never named); each kind of help offered
(`parents.reach`: the members who had the barrier it lifts, their attendance at meetings
with it and without it); and the feedback answers per question (how many, and their
mean; yes/no as the share of "yes"). Read as the system: the summary is the permitted act.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from sqlalchemy import or_, select
from sqlmodel import Session, col

from caseroom.db.models import GroupAttendance, GroupMeeting, GroupMember, ParentGroup
from caseroom.db.models_groups_voice import GroupFeedback, PeerSupportParent
from caseroom.reports.voice_data import FeedbackAverage, GroupsVoice, GroupVoice, HelpLifted
from caseroom.services.parents.feedback_questions import (
    FeedbackQuestions,
    QuestionKind,
    load_feedback_questions,
)
from caseroom.services.parents.reach import effects_from, read_facts
from caseroom.services.plans.periods import Period
from caseroom.services.reporting.common import in_period
from caseroom.vocab import MeetingFormat


def voice_counts(
    session: Session,
    *,
    room_id: uuid.UUID,
    period: Period,
    language: str,
    questions: FeedbackQuestions | None = None,
) -> GroupsVoice:
    """The figures of every group that met in the period, and of all of them together."""
    form = questions or load_feedback_questions()
    meetings = session.execute(
        select(col(GroupMeeting.id), col(GroupMeeting.group_id), col(GroupMeeting.meeting_format))
        .join(ParentGroup, col(ParentGroup.id) == col(GroupMeeting.group_id))
        .where(
            col(ParentGroup.room_id) == room_id,
            col(ParentGroup.archived_at).is_(None),
            col(GroupMeeting.archived_at).is_(None),
            in_period(GroupMeeting.held_on, period),
        )
    ).all()
    if not meetings:
        return GroupsVoice()
    group_ids = list(dict.fromkeys(row[1] for row in meetings))
    names = dict(
        session.execute(
            select(col(ParentGroup.id), col(ParentGroup.name)).where(
                col(ParentGroup.id).in_(group_ids)
            )
        ).all()
    )
    group_ids.sort(key=lambda gid: (names[gid], str(gid)))
    members = _people(
        session, GroupMember, GroupMember.registered_on, GroupMember.left_on, group_ids, period
    )
    peers = _people(
        session,
        PeerSupportParent,
        PeerSupportParent.since,
        PeerSupportParent.until,
        group_ids,
        period,
    )
    present = session.execute(
        select(col(GroupMeeting.group_id), col(GroupAttendance.caregiver_id))
        .join(GroupMeeting, col(GroupMeeting.id) == col(GroupAttendance.meeting_id))
        .where(
            col(GroupAttendance.meeting_id).in_([row[0] for row in meetings]),
            col(GroupAttendance.archived_at).is_(None),
            col(GroupAttendance.present).is_(True),
        )
    ).all()
    slips = session.execute(
        select(col(GroupMeeting.group_id), col(GroupFeedback.answers))
        .join(GroupMeeting, col(GroupMeeting.id) == col(GroupFeedback.meeting_id))
        .where(
            col(GroupFeedback.meeting_id).in_([row[0] for row in meetings]),
            col(GroupFeedback.archived_at).is_(None),
        )
    ).all()
    facts = read_facts(session, group_ids, period.start, period.end)

    def voice(name: str | None, chosen: set[uuid.UUID]) -> GroupVoice:
        formats = Counter(row[2] for row in meetings if row[1] in chosen)
        return GroupVoice(
            name=name,
            meetings_by_format=tuple(
                (kind, formats[kind.value]) for kind in MeetingFormat if formats[kind.value]
            ),
            members=len({person for gid, person in members if gid in chosen}),
            reached=len({person for gid, person in present if gid in chosen}),
            peer_parents=len({person for gid, person in peers if gid in chosen}),
            helps=tuple(
                HelpLifted(
                    e.help,
                    e.meetings_with,
                    e.members,
                    e.with_help.part,
                    e.with_help.whole,
                    e.without_help.part,
                    e.without_help.whole,
                )
                for e in effects_from(facts, chosen)
                if e.meetings_with
            ),
            feedback=_averages(
                form, [answers for gid, answers in slips if gid in chosen], language
            ),
            slips=sum(1 for gid, _answers in slips if gid in chosen),
        )

    return GroupsVoice(
        groups=tuple(voice(names[gid], {gid}) for gid in group_ids),
        room=voice(None, set(group_ids)),
    )


def _people(
    session: Session,
    model: Any,
    first: Any,
    last: Any,
    group_ids: list[uuid.UUID],
    period: Period,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(group, caregiver) of the records of `model` that cover some of the period."""
    return [
        (row[0], row[1])
        for row in session.execute(
            select(col(model.group_id), col(model.caregiver_id)).where(
                col(model.group_id).in_(group_ids),
                col(model.archived_at).is_(None),
                col(first) <= period.end,
                or_(col(last).is_(None), col(last) >= period.start),
            )
        )
    ]


def _averages(
    form: FeedbackQuestions, slips: list[dict[str, Any]], language: str
) -> tuple[FeedbackAverage, ...]:
    found = []
    for question in form.questions:
        values = [int(slip[question.id]) for slip in slips if slip.get(question.id) is not None]
        found.append(
            FeedbackAverage(
                question=question.text(language),
                yes_no=question.kind is QuestionKind.YES_NO,
                answers=len(values),
                average=sum(values) / len(values) if values else None,
            )
        )
    return tuple(found) if slips else ()
