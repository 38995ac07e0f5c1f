"""Demo: the parents' voice in the support groups.

Each group's meetings get a form (every form appears in the term: in person, online, by
phone, mixed), a place or link and the help offered (childcare on site, an evening time,
transport help, materials in Kazakh and Russian at mixed meetings). Members' families get
barriers noted before they joined, and members with the barrier a meeting lifts come to
it more often than to meetings that do not. The member of each group who came most often
is its peer-support parent, and four in five mothers present leave a feedback slip (a
few signed, a few with a comment). Randomness comes from its own generator seeded by the
room, so the rest of the demo is not shifted.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import time, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlmodel import Session, col

from caseroom.db import models
from caseroom.db.models_groups_voice import GroupFeedback, PeerSupportParent
from caseroom.demo.world import World, table_of
from caseroom.services.parents.feedback_questions import QuestionKind, builtin_feedback_questions
from caseroom.services.parents.meetings import refresh_newcomers
from caseroom.services.parents.reach import HELP_LIFTS

FORMS = (
    ("in_person", "online", "mixed", "in_person", "phone", "in_person"),
    ("in_person", "phone", "in_person", "mixed", "online", "in_person"),
)
"""The form of the n-th meeting of this school year, in turn, for the first and the second
group (so that each form is there in the term); earlier meetings were held in person."""

ADDED_BARRIERS = (("childcare", 0.45), ("work_hours", 0.3), ("transport", 0.25))
"""Barriers members' families noted before they joined, and how often."""

PLACES: dict[str, dict[str, str]] = {
    "in_person": {
        "en": "Support room, 2nd floor",
        "ru": "Кабинет поддержки, 2 этаж",
        "kk": "Қолдау кабинеті, 2-қабат",
    },
    "online": {
        "en": "WhatsApp video call (link in the group chat)",
        "ru": "Видеозвонок в WhatsApp (ссылка в чате группы)",
        "kk": "WhatsApp бейнеқоңырауы (сілтеме топ чатында)",
    },
    "phone": {
        "en": "Conference call: the facilitator rings each mother",
        "ru": "Конференц-звонок: ведущая звонит каждой маме",
        "kk": "Конференц-қоңырау: жүргізуші әр анаға қоңырау шалады",
    },
    "mixed": {
        "en": "Support room and a WhatsApp video call",
        "ru": "Кабинет поддержки и видеозвонок в WhatsApp",
        "kk": "Қолдау кабинеті және WhatsApp бейнеқоңырауы",
    },
}

COMMENTS: dict[str, tuple[str, ...]] = {
    "en": (
        "Thank you, I did not feel alone today.",
        "Could we meet on Saturdays sometimes?",
        "The childcare helped: I could come with my younger son.",
        "I would like more about school and homework.",
    ),
    "ru": (
        "Спасибо, сегодня я не чувствовала себя одной.",
        "Можно иногда встречаться по субботам?",
        "Помогло, что присмотрели за детьми: я смогла прийти с младшим.",
        "Хотелось бы больше о школе и домашних заданиях.",
    ),
    "kk": (
        "Рақмет, бүгін өзімді жалғыз сезінбедім.",
        "Кейде сенбі күні кездесуге бола ма?",
        "Балаларға қарап тұрғаны көмектесті: кішісімен келе алдым.",
        "Мектеп пен үй тапсырмасы туралы көбірек білгім келеді.",
    ),
}


def _help(form: str, number: int) -> list[str]:
    offered = []
    if form in ("in_person", "mixed") and number % 2 == 0:
        offered.append("childcare")
    if form == "in_person" and number % 3 == 0:
        offered.append("transport")
    if number % 3 == 1:
        offered.append("evening_weekend")
    if form == "mixed":
        offered.append("materials")
    return offered


def add_voice(session: Session, world: World, counts: dict[str, int]) -> None:
    """Forms, help, lifted barriers, peer-support parents and feedback for every group."""
    rng = random.Random(f"voice-{world.room_id}")
    meetings = session.execute(
        select(
            col(models.GroupMeeting.id),
            col(models.GroupMeeting.group_id),
            col(models.GroupMeeting.held_on),
        ).order_by(col(models.GroupMeeting.held_on), col(models.GroupMeeting.id))
    ).all()
    numbers: Counter[Any] = Counter()
    order: list[Any] = []
    offered: dict[Any, list[str]] = {}
    for meeting_id, group_id, held_on in meetings:
        if group_id not in order:
            order.append(group_id)
        this_year = held_on >= world.year.starts_on
        number = numbers[(group_id, this_year)]
        numbers[(group_id, this_year)] += 1
        cycle = FORMS[order.index(group_id) % len(FORMS)]
        form = cycle[number % len(cycle)] if this_year else "in_person"
        offered[meeting_id] = _help(form, number)
        session.execute(
            update(models.GroupMeeting)
            .where(col(models.GroupMeeting.id) == meeting_id)
            .values(
                meeting_format=form,
                place=PLACES[form][world.lang],
                help_offered=offered[meeting_id],
                starts_at=time(18, 30) if "evening_weekend" in offered[meeting_id] else time(15, 0),
            )
        )
    counts["family_barrier"] = counts.get("family_barrier", 0) + _barriers(session, world, rng)
    _lifted(session, rng, offered)
    for group_id in order:
        refresh_newcomers(session, group_id)
    rows = _peer_parents(session, world, order)
    slips = _feedback(session, world, rng)
    for model, found in ((PeerSupportParent, rows), (GroupFeedback, slips)):
        if found:
            session.execute(insert(table_of(model)), found)
            name = table_of(model).name
            counts[name] = counts.get(name, 0) + len(found)


def _barriers(session: Session, world: World, rng: random.Random) -> int:
    """Give members' families the barriers the meetings' help lifts, noted before they
    joined (a family keeps a barrier it already has)."""
    members = session.execute(
        select(col(models.Caregiver.family_id), func.min(col(models.GroupMember.registered_on)))
        .join(models.Caregiver, col(models.Caregiver.id) == col(models.GroupMember.caregiver_id))
        .group_by(col(models.Caregiver.family_id))
        .order_by(col(models.Caregiver.family_id))
    ).all()
    known = set(
        session.execute(
            select(col(models.FamilyBarrier.family_id), col(models.FamilyBarrier.kind))
        ).all()
    )
    rows = [
        world.record(
            family_id=family_id,
            kind=kind,
            note=None,
            noted_on=registered_on - timedelta(days=7),
            resolved_on=None,
        )
        for family_id, registered_on in members
        for kind, chance in ADDED_BARRIERS
        if rng.random() < chance and (family_id, kind) not in known
    ]
    if rows:
        session.execute(insert(table_of(models.FamilyBarrier)), rows)
    return len(rows)


def _lifted(session: Session, rng: random.Random, offered: dict[Any, list[str]]) -> None:
    """Members with a barrier come more often when the meeting lifts it (less when not)."""
    marks = session.execute(
        select(
            col(models.GroupAttendance.id),
            col(models.GroupAttendance.meeting_id),
            col(models.GroupMeeting.held_on),
            col(models.FamilyBarrier.kind),
            col(models.FamilyBarrier.noted_on),
        )
        .join(
            models.GroupMeeting,
            col(models.GroupMeeting.id) == col(models.GroupAttendance.meeting_id),
        )
        .join(
            models.Caregiver, col(models.Caregiver.id) == col(models.GroupAttendance.caregiver_id)
        )
        .join(
            models.FamilyBarrier,
            col(models.FamilyBarrier.family_id) == col(models.Caregiver.family_id),
        )
        .order_by(col(models.GroupAttendance.id), col(models.FamilyBarrier.kind))
    ).all()
    lifts = {str(barrier): str(help) for help, barrier in HELP_LIFTS.items()}
    for attendance_id, meeting_id, held_on, kind, noted_on in marks:
        help = lifts.get(kind)
        if help is None or noted_on > held_on:
            continue
        present = rng.random() < (0.85 if help in offered[meeting_id] else 0.35)
        session.execute(
            update(models.GroupAttendance)
            .where(col(models.GroupAttendance.id) == attendance_id)
            .values(present=present)
        )


def _peer_parents(session: Session, world: World, groups: list[Any]) -> list[dict[str, Any]]:
    """The member of each group who came most often helps lead it, from a month after she
    registered."""
    rows = []
    for group_id in groups:
        best = session.execute(
            select(col(models.GroupAttendance.caregiver_id), col(models.GroupMember.registered_on))
            .join(
                models.GroupMeeting,
                col(models.GroupMeeting.id) == col(models.GroupAttendance.meeting_id),
            )
            .join(
                models.GroupMember,
                (col(models.GroupMember.caregiver_id) == col(models.GroupAttendance.caregiver_id))
                & (col(models.GroupMember.group_id) == group_id),
            )
            .where(
                col(models.GroupMeeting.group_id) == group_id,
                col(models.GroupAttendance.present).is_(True),
            )
            .group_by(
                col(models.GroupAttendance.caregiver_id), col(models.GroupMember.registered_on)
            )
            .order_by(func.count().desc(), col(models.GroupAttendance.caregiver_id))
        ).all()
        if not best:
            continue
        caregiver_id, registered_on = best[0]
        since = min(registered_on + timedelta(days=30), world.today)
        rows.append(
            world.record(
                group_id=group_id,
                caregiver_id=caregiver_id,
                since=since,
                until=None,
                co_facilitator=True,
            )
        )
    return rows


def _feedback(session: Session, world: World, rng: random.Random) -> list[dict[str, Any]]:
    """About half of the mothers present leave a slip; a few sign it or write a comment."""
    form = builtin_feedback_questions()
    present = session.execute(
        select(
            col(models.GroupAttendance.meeting_id),
            col(models.GroupAttendance.caregiver_id),
            col(models.GroupMeeting.held_on),
            col(models.GroupMeeting.help_offered),
        )
        .join(
            models.GroupMeeting,
            col(models.GroupMeeting.id) == col(models.GroupAttendance.meeting_id),
        )
        .where(
            col(models.GroupAttendance.present).is_(True),
            col(models.GroupMeeting.held_on) <= world.today,
        )
        .order_by(col(models.GroupMeeting.held_on), col(models.GroupAttendance.id))
    ).all()
    rows = []
    for meeting_id, caregiver_id, _held_on, help_offered in present:
        if rng.random() > 0.8:
            continue
        lift = 1 if help_offered else 0
        answers: dict[str, int] = {}
        for question in form.questions:
            if rng.random() < 0.08:
                continue  # left blank
            if question.kind is QuestionKind.SCALE:
                answers[question.id] = min(5, max(1, round(rng.gauss(3.6 + 0.4 * lift, 0.9))))
            else:
                answers[question.id] = int(rng.random() < 0.7 + 0.15 * lift)
        comment = rng.choice(COMMENTS[world.lang]) if rng.random() < 0.25 else None
        rows.append(
            world.record(
                meeting_id=meeting_id,
                caregiver_id=caregiver_id if rng.random() < 0.2 else None,
                answers=answers,
                comment=comment,
                questions_version=form.version,
                on_paper=rng.random() < 0.8,
                entered_by_id=world.staff["psychologist"],
            )
        )
    return rows
