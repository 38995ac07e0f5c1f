"""Demo sessions: individual and group work, consultations, joint sessions, home visits
and the home practice given at them.

Sessions run from each child's enrolment (or the year's start) to yesterday; from today to
a week ahead they are planned. A session is held when someone came, otherwise cancelled
(the attendance row says whether the person was absent or called it off). The child row's
`last_session_on` and `sessions_attended` are counted here while sessions are made.
"""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from caseroom.db import models
from caseroom.demo.casefile import caregiver_referral
from caseroom.demo.family import ChildPlan, FamilyPlan
from caseroom.demo.notes import (
    AGREED,
    CANCELLED,
    CAREGIVER_ABSENT,
    CHILD_ABSENT,
    OBSERVATIONS,
    PARENT_NOTES,
    PRACTICE,
    PRACTICE_FOLLOW_UP,
    TOPICS,
)
from caseroom.demo.parents import parent_goals
from caseroom.demo.world import Batch, World


def _slot(world: World) -> time:
    step = world.rng.randrange(51)  # 08:00 to 16:20 in ten-minute steps
    return time(8 + step // 6, (step % 6) * 10)


def _session(
    world: World,
    batch: Batch,
    day: date,
    kind: str,
    staff_id: uuid.UUID,
    *,
    at: time,
    minutes: int,
    status: str,
    topic: str,
    notes: str | None = None,
    agreed: str | None = None,
) -> uuid.UUID:
    row = world.record(
        room_id=world.room_id,
        held_on=day,
        starts_at=world.book(staff_id, day, at, minutes),
        minutes=minutes,
        kind=kind,
        status=status,
        staff_id=staff_id,
        topic=topic,
        notes=notes if status == "held" else None,
        agreed=agreed if status == "held" else None,
        confidentiality="shareable" if kind in ("joint", "group") else "specialist",
    )
    batch.add(models.SessionRecord, row)
    session_id: uuid.UUID = row["id"]
    return session_id


def _attend(
    world: World,
    batch: Batch,
    session_id: uuid.UUID,
    *,
    child: ChildPlan | None = None,
    caregiver_id: uuid.UUID | None = None,
    status: str = "present",
    reason: str | None = None,
) -> None:
    batch.add(
        models.Attendance,
        world.record(
            session_id=session_id,
            child_id=child.id if child else None,
            caregiver_id=caregiver_id,
            status=status,
            reason=reason,
        ),
    )


def _count_attended(child: ChildPlan, day: date) -> None:
    row = child.row
    row["sessions_attended"] += 1
    if row["last_session_on"] is None or day > row["last_session_on"]:
        row["last_session_on"] = day


def _goals_on(child: ChildPlan, day: date) -> list[tuple[uuid.UUID, str, str]]:
    if child.plan_start is None or day < child.plan_start:
        return []
    return child.goals


def _link_goals(batch: Batch, session_id: uuid.UUID, goal_ids: set[uuid.UUID]) -> None:
    for goal_id in sorted(goal_ids):
        batch.add(models.SessionGoal, {"session_id": session_id, "goal_id": goal_id})


def child_sessions(world: World, batch: Batch, child: ChildPlan) -> None:
    """Weekly individual sessions with the child's lead and (maybe) second specialist."""
    lang, rng = world.lang, world.rng
    days = world.days_between(child.active_from, child.active_until)
    slots = [(child.lead, rng.randrange(5), _slot(world))]
    if child.second is not None:
        slots.append((child.second, rng.randrange(5), _slot(world)))
    minutes = 20 if child.row["grade"] <= 1 else world.pick((30, 35, 40))
    absent_rate = 0.08 if child.family.engaged else 0.14
    for staff_id, weekday, at in slots:
        speech = staff_id == world.staff["speech_therapist"]
        for day in days:
            if day.weekday() != weekday:
                continue
            goals = _goals_on(child, day)
            topics = TOPICS["individual" if goals else "assessment"][lang]
            topic = topics[-1] if speech and goals else topics[rng.randrange(min(2, len(topics)))]
            if day >= world.today:
                session_id = _session(
                    world, batch, day, "individual", staff_id,
                    at=at, minutes=minutes, status="planned", topic=topic,
                )  # fmt: skip
                _attend(world, batch, session_id, child=child, status="expected")
                continue
            draw = rng.random()
            if draw < 0.04 + absent_rate:
                cancelled = draw < 0.04
                session_id = _session(
                    world, batch, day, "individual", staff_id,
                    at=at, minutes=minutes, status="cancelled", topic=topic,
                )  # fmt: skip
                _attend(
                    world, batch, session_id, child=child,
                    status="cancelled" if cancelled else "absent",
                    reason=world.pick((CANCELLED if cancelled else CHILD_ABSENT)[lang]),
                )  # fmt: skip
                continue
            worked = rng.sample(goals, min(len(goals), rng.randint(1, 2))) if goals else []
            lead_in = f"{worked[0][2]}. " if worked else ""
            session_id = _session(
                world, batch, day, "individual", staff_id,
                at=at, minutes=minutes, status="held", topic=topic,
                notes=lead_in + world.pick(OBSERVATIONS[lang]),
            )  # fmt: skip
            _attend(world, batch, session_id, child=child)
            _count_attended(child, day)
            _link_goals(batch, session_id, {goal_id for goal_id, _d, _t in worked})


def group_sessions(world: World, batch: Batch, children: list[ChildPlan]) -> None:
    """Weekly group sessions for children of the batch who work in groups (3–6 each)."""
    rng, lang = world.rng, world.lang
    members = sorted(
        (child for child in children if child.in_group),
        key=lambda child: (str(child.lead), child.row["grade"]),
    )
    position = 0
    while position < len(members):
        size = rng.randint(3, 6)
        group = members[position : position + size]
        position += size
        staff_id, weekday, at = group[0].lead, rng.randrange(5), _slot(world)
        first = min(child.active_from for child in group)
        last = max(child.active_until for child in group)
        for day in world.days_between(first, last):
            if day.weekday() != weekday:
                continue
            here = [child for child in group if child.active_from <= day <= child.active_until]
            if not here:
                continue
            topic = world.pick(TOPICS["group"][lang])
            if day >= world.today:
                session_id = _session(
                    world, batch, day, "group", staff_id,
                    at=at, minutes=40, status="planned", topic=topic,
                )  # fmt: skip
                for child in here:
                    _attend(world, batch, session_id, child=child, status="expected")
                continue
            cancelled = world.chance(0.03)
            came = [child for child in here if not cancelled and world.chance(0.85)]
            status = "held" if came else "cancelled"
            session_id = _session(
                world, batch, day, "group", staff_id,
                at=at, minutes=40, status=status, topic=topic,
                notes=world.pick(OBSERVATIONS[lang]),
            )  # fmt: skip
            reason = world.pick(CANCELLED[lang]) if cancelled else None
            goal_ids: set[uuid.UUID] = set()
            for child in here:
                if child in came:
                    _attend(world, batch, session_id, child=child)
                    _count_attended(child, day)
                    goals = _goals_on(child, day)
                    if goals:
                        goal_ids.add(world.pick(goals)[0])
                elif cancelled:
                    _attend(
                        world, batch, session_id, child=child, status="cancelled", reason=reason
                    )
                else:
                    reason_absent = world.pick(CHILD_ABSENT[lang])
                    _attend(
                        world, batch, session_id, child=child, status="absent", reason=reason_absent
                    )
            _link_goals(batch, session_id, goal_ids)


def _cadence(world: World, first: date, last: date, every: int, offset: int) -> list[date]:
    """School days roughly every `every` days from `first + offset` to `last`."""
    rng = world.rng
    found: list[date] = []
    target = first + timedelta(days=offset)
    while target <= last:
        day = world.school_day_on_or_after(target)
        if day is None or day > last:
            break
        found.append(day)
        target = day + timedelta(days=every + rng.randint(-every // 6, every // 6))
    return found


def family_sessions(world: World, batch: Batch, family: FamilyPlan) -> None:
    """Consultations, joint sessions, calls and home visits with the family's caregiver."""
    child = family.children[0]
    first, last = child.active_from, child.active_until
    staff = world.staff
    if family.engaged:
        plan = [
            ("joint", child.lead, _cadence(world, first, last, 21, world.rng.randint(3, 14))),
            ("parent_consultation", staff["psychologist"], _cadence(world, first, last, 30, 10)),
            ("remote_consultation", child.lead, _cadence(world, first, last, 40, 20)),
        ]
    else:
        plan = [
            ("parent_consultation", staff["psychologist"], _cadence(world, first, last, 30, 7)),
            ("remote_consultation", child.lead, _cadence(world, first, last, 21, 12)),
            ("home_visit", staff["social_pedagogue"], _cadence(world, first, last, 90, 21)),
            ("joint", child.lead, _cadence(world, first, last, 60, 30)),
        ]
    for kind, staff_id, days in plan:
        for day in days:
            _family_session(world, batch, family, child, kind, staff_id, day)
    parent_goals(world, batch, family, first)
    if not family.engaged and world.chance(0.03):
        referred = world.school_day_on_or_after(first + timedelta(days=30))
        if referred is not None and referred < world.today:
            caregiver_referral(world, batch, family.caregiver_id, referred)


_MINUTES = {"joint": 40, "parent_consultation": 40, "remote_consultation": 15, "home_visit": 60}


def _caregiver_came(world: World, family: FamilyPlan, kind: str) -> tuple[str, str | None]:
    """Whether the caregiver came (present / absent / cancelled) and why not."""
    lang = world.lang
    if kind == "home_visit":
        present = 0.9
    elif family.engaged:
        present = 0.85 if kind != "remote_consultation" else 0.92
    else:
        present = {"remote_consultation": 0.6, "joint": 0.4}.get(kind, 0.3)
    draw = world.rng.random()
    if draw < present:
        return "present", None
    status = "cancelled" if draw > 1 - (1 - present) / 3 else "absent"
    # A call that is not answered has no known reason; otherwise the family's barrier.
    barrier = "other"
    if family.barriers and kind != "remote_consultation":
        barrier = world.pick(family.barriers)
    return status, CAREGIVER_ABSENT[lang][barrier]


def _family_session(
    world: World,
    batch: Batch,
    family: FamilyPlan,
    child: ChildPlan,
    kind: str,
    staff_id: uuid.UUID,
    day: date,
) -> None:
    lang = world.lang
    topic = world.pick(TOPICS[kind][lang])
    with_child = kind in ("joint", "home_visit")
    at, minutes = _slot(world), _MINUTES[kind]
    if day >= world.today:
        session_id = _session(
            world, batch, day, kind, staff_id, at=at, minutes=minutes, status="planned", topic=topic
        )
        _attend(world, batch, session_id, caregiver_id=family.caregiver_id, status="expected")
        if with_child:
            _attend(world, batch, session_id, child=child, status="expected")
        return
    status, reason = _caregiver_came(world, family, kind)
    child_here = with_child and (status == "present" or kind == "joint")
    held = status == "present" or child_here
    task = world.pick(PRACTICE[lang]) if status == "present" and world.chance(0.8) else None
    agreed = AGREED[lang].format(task=task[0].lower() + task[1:]) if task else None
    session_id = _session(
        world, batch, day, kind, staff_id,
        at=at, minutes=minutes, status="held" if held else "cancelled", topic=topic,
        notes=world.pick(PARENT_NOTES[lang]), agreed=agreed,
    )  # fmt: skip
    _attend(
        world, batch, session_id, caregiver_id=family.caregiver_id, status=status, reason=reason
    )
    goals = _goals_on(child, day)
    if with_child:
        if child_here:
            _attend(world, batch, session_id, child=child)
            _count_attended(child, day)
            if goals:
                _link_goals(batch, session_id, {world.pick(goals)[0]})
        else:
            _attend(world, batch, session_id, child=child, status=status, reason=reason)
    if task is not None:
        _practice(world, batch, family, child, session_id, day, task, goals)


def _practice(
    world: World,
    batch: Batch,
    family: FamilyPlan,
    child: ChildPlan,
    session_id: uuid.UUID,
    day: date,
    task: str,
    goals: list[tuple[uuid.UUID, str, str]],
) -> None:
    due = day + timedelta(days=7)
    outcome, checked, follow_up = "pending", None, None
    if due < world.today:
        weights = (70, 20, 10) if family.engaged else (15, 30, 55)
        outcome = world.rng.choices(("done", "partly", "not_done"), weights=weights)[0]
        checked = min(due + timedelta(days=world.rng.randint(0, 4)), world.today)
        follow_up = PRACTICE_FOLLOW_UP[world.lang][outcome]
    batch.add(
        models.HomePractice,
        world.record(
            caregiver_id=family.caregiver_id,
            child_id=child.id,
            session_id=session_id,
            goal_id=world.pick(goals)[0] if goals else None,
            task=task,
            given_on=day,
            due_on=due,
            outcome=outcome,
            checked_on=checked,
            follow_up=follow_up,
        ),
    )
