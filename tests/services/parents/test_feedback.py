"""Parents' feedback slips, the trend per question, peer-support parents and the
questions file a centre can replace."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Room, Staff
from caseroom.errors import PermissionDeniedError, ValidationError
from caseroom.services.common import Actor
from caseroom.services.parents.feedback import (
    FeedbackInput,
    archive_feedback,
    feedback_trend,
    list_feedback,
    record_feedback,
)
from caseroom.services.parents.feedback_questions import (
    MAX_QUESTIONS,
    FeedbackFileError,
    QuestionKind,
    builtin_feedback_questions,
    feedback_file,
    load_feedback_questions,
)
from caseroom.services.parents.peer_support import (
    end_peer_parent,
    list_peer_parents,
    mark_peer_parent,
)
from voice_world import build_voice

ASSISTANT = Actor(staff_id=None, role="assistant")


def test_builtin_questions_fit_the_rules() -> None:
    form = builtin_feedback_questions()
    assert "feedback" in str(feedback_file().relative_to(feedback_file().parents[1]))
    assert 1 <= len(form.questions) <= MAX_QUESTIONS
    assert {q.kind for q in form.questions} == {QuestionKind.SCALE, QuestionKind.YES_NO}
    for language in ("kk", "ru", "en"):
        assert form.title(language) and form.comment(language)
        assert all(q.text(language) for q in form.questions)
    assert form.questions[0].text("kk") != form.questions[0].text("ru")


def test_a_centre_replaces_the_questions_and_bad_files_are_refused(tmp_path: Path) -> None:
    doc = json.loads(feedback_file().read_text(encoding="utf-8"))
    doc["version"] = "centre-2"
    doc["questions"] = doc["questions"][:2]
    own = tmp_path / "questions.json"
    own.write_text(json.dumps(doc), encoding="utf-8")
    form = load_feedback_questions(own)
    assert form.version == "centre-2" and len(form.questions) == 2
    doc["questions"] = doc["questions"] * 3  # six, and ids repeated
    own.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(FeedbackFileError, match="from 1 to 5"):
        load_feedback_questions(own)
    doc["questions"] = [{"id": "q", "kind": "stars", "text": {"en": "x", "ru": "x", "kk": "x"}}]
    own.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(FeedbackFileError, match="yes_no"):
        load_feedback_questions(own)
    with pytest.raises(FeedbackFileError, match="not found"):
        load_feedback_questions(tmp_path / "missing.json")


def test_slips_are_anonymous_unless_signed_and_reads_are_audited(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    meeting = voice.meetings[0]
    anonymous = record_feedback(
        session,
        actor=actor,
        meeting_id=meeting,
        data=FeedbackInput({"welcome": 5, "come_again": 1}, comment=" More evenings, please "),
    )
    assert anonymous.signed_by is None and anonymous.comment == "More evenings, please"
    signed = record_feedback(
        session,
        actor=actor,
        meeting_id=meeting,
        data=FeedbackInput({"welcome": 4}, caregiver_id=voice.mothers[0].id),
    )
    assert signed.signed_by == "Mother0 A"
    created = session.execute(
        select(AuditEvent).where(col(AuditEvent.entity) == "group_feedback")
    ).scalars()
    assert all("welcome" not in json.dumps(event.details) for event in created)
    slips = list_feedback(session, actor=actor, group_id=voice.group_id)
    assert [s.answers for s in slips] == [{"welcome": 5, "come_again": 1}, {"welcome": 4}]
    views = session.execute(
        select(AuditEvent).where(
            col(AuditEvent.entity) == "group_feedback", col(AuditEvent.action) == "view"
        )
    ).all()
    assert len(views) == 1
    with pytest.raises(PermissionDeniedError):
        list_feedback(session, actor=ASSISTANT, group_id=voice.group_id)
    with pytest.raises(PermissionDeniedError):
        record_feedback(session, actor=ASSISTANT, meeting_id=meeting, data=FeedbackInput({}))


def test_slip_rules(session: Session, actor: Actor, room: Room, staff: Staff) -> None:
    voice = build_voice(session, actor, room, staff)
    meeting = voice.meetings[0]
    with pytest.raises(ValidationError) as raised:
        record_feedback(
            session, actor=actor, meeting_id=meeting, data=FeedbackInput({"welcome": 6})
        )
    assert "answer:welcome" in raised.value.problems
    with pytest.raises(ValidationError) as raised:
        record_feedback(
            session, actor=actor, meeting_id=meeting, data=FeedbackInput({"come_again": 3})
        )
    assert raised.value.problems["answer:come_again"] == "Answer yes or no"
    with pytest.raises(ValidationError, match="empty"):
        record_feedback(session, actor=actor, meeting_id=meeting, data=FeedbackInput({}))
    with pytest.raises(ValidationError):
        record_feedback(session, actor=actor, meeting_id=meeting, data=FeedbackInput({"mood": 3}))


def test_trend_hides_averages_of_fewer_than_three_answers(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    first, second = voice.meetings[0], voice.meetings[1]
    for value in (3, 4, 5):
        record_feedback(
            session,
            actor=actor,
            meeting_id=first,
            data=FeedbackInput({"welcome": value, "come_again": 1 if value > 3 else 0}),
        )
    lonely = record_feedback(
        session, actor=actor, meeting_id=second, data=FeedbackInput({"welcome": 1})
    )
    trend = {
        t.question_id: t for t in feedback_trend(session, actor=actor, group_id=voice.group_id)
    }
    welcome = trend["welcome"]
    assert [(p.held_on, p.answers, p.average) for p in welcome.points] == [
        (date(2026, 10, 1), 3, 4.0),
        (date(2026, 10, 8), 1, None),
    ]
    assert welcome.answers == 4 and welcome.average == pytest.approx(13 / 4)
    assert trend["come_again"].points[0].average == pytest.approx(2 / 3)
    assert trend["useful"].points == () and trend["useful"].average is None
    archive_feedback(session, actor=actor, feedback_id=lonely.id)
    again = feedback_trend(session, actor=actor, group_id=voice.group_id)
    assert [p.held_on for p in again[0].points] == [date(2026, 10, 1)]


def test_peer_support_parent_is_marked_listed_and_ended(
    session: Session, actor: Actor, room: Room, staff: Staff
) -> None:
    voice = build_voice(session, actor, room, staff)
    mother = voice.mothers[5]
    marked = mark_peer_parent(
        session,
        actor=actor,
        group_id=voice.group_id,
        caregiver_id=mother.id,
        since=date(2026, 10, 1),
    )
    assert (marked.last_name, marked.co_facilitator, marked.until) == ("Mother5", True, None)
    with pytest.raises(ValidationError, match="already"):
        mark_peer_parent(
            session,
            actor=actor,
            group_id=voice.group_id,
            caregiver_id=mother.id,
            since=date(2026, 10, 2),
        )
    with pytest.raises(ValidationError):
        mark_peer_parent(
            session,
            actor=actor,
            group_id=voice.group_id,
            caregiver_id=voice.mothers[1].id,
            since=date(2026, 8, 1),  # before the group started
        )
    end_peer_parent(
        session,
        actor=actor,
        group_id=voice.group_id,
        caregiver_id=mother.id,
        until=date(2026, 11, 1),
    )
    on = list_peer_parents(session, actor=actor, group_id=voice.group_id, on=date(2026, 11, 20))
    assert on == []
    assert len(list_peer_parents(session, actor=actor, group_id=voice.group_id)) == 1
    again = mark_peer_parent(
        session,
        actor=actor,
        group_id=voice.group_id,
        caregiver_id=mother.id,
        since=date(2026, 11, 20),
    )
    assert again.until is None
    with pytest.raises(PermissionDeniedError):
        list_peer_parents(session, actor=ASSISTANT, group_id=voice.group_id)
