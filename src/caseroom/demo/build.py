"""Realistic, deterministic demo data for a whole school year (`caseroom demo`).

The same seed, family count, language and `today` always make the same records (ids
included). Families are made in batches and written with SQLAlchemy Core bulk inserts in
the caller's one transaction, so 10,000 families fit in modest memory and time; the
session-notes index is rebuilt once at the end. Values are those the services would
accept (valid IINs, dates in order, sessions never held in the future). One audit event
records the run.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, insert, select
from sqlmodel import Session

from caseroom.db import models
from caseroom.db.types import utcnow
from caseroom.demo import people
from caseroom.demo.directory import add_directory
from caseroom.demo.family import SEN_CODES, ChildPlan, make_family
from caseroom.demo.notes import (
    GROUND_RULES,
    GROUPS,
    MEETING_FOLLOW_UPS,
    MEETING_NOTES,
    THEMES,
)
from caseroom.demo.parents import GroupPlan, group_membership
from caseroom.demo.sessions import child_sessions, family_sessions, group_sessions
from caseroom.demo.timetable import add_timetable
from caseroom.demo.voice import add_voice
from caseroom.demo.wellbeing import add_wellbeing
from caseroom.demo.world import Batch, Row, World, Year, school_days, table_of
from caseroom.errors import UserError
from caseroom.i18n import LANGUAGES, _
from caseroom.services.common import SYSTEM, Actor, Problems, audit
from caseroom.services.plans.calendar import default_school_year

DEFAULT_FAMILIES = 60
MAX_FAMILIES = 100_000
BATCH_FAMILIES = 250
"""Families generated and written together (bounds memory for large demos)."""

_RECORD_TABLES = (models.Room, models.Staff, models.Family, models.Child, models.SessionRecord)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """How many records of each kind the demo made."""

    staff: int
    families: int
    caregivers: int
    children: int
    pmpk_conclusions: int
    consents: int
    referrals: int
    plans: int
    goals: int
    ratings: int
    sessions: int
    attendance: int
    home_practice: int
    parent_goals: int
    groups: int
    group_meetings: int
    wellbeing_checkins: int = 0


def has_records(session: Session) -> bool:
    """Whether the database already holds a room, staff, families, children or sessions."""
    return any(
        session.execute(select(exists().select_from(table_of(model)))).scalar()
        for model in _RECORD_TABLES
    )


def current_start_year(today: date) -> int:
    """The start year of the school year `today` belongs to (summer counts as the last)."""
    return today.year if today.month >= 9 else today.year - 1


def make_demo(
    session: Session,
    *,
    actor: Actor = SYSTEM,
    today: date,
    families: int = DEFAULT_FAMILIES,
    seed: int = 1,
    lang: str = "ru",
) -> DemoSummary:
    """Fill an empty database with a room, its staff and `families` families' records.

    Raises `ValidationError` for a bad family count or language and `UserError` when the
    database already holds records. The caller commits.
    """
    problems = Problems()
    if not 1 <= families <= MAX_FAMILIES:
        problems.add(
            "families",
            _("The number of families must be from 1 to {limit}").format(limit=MAX_FAMILIES),
        )
    if lang not in LANGUAGES:
        problems.add("lang", _("Unknown language “{code}”: choose kk, ru or en").format(code=lang))
    problems.raise_if_any()
    if has_records(session):
        raise UserError(_("The database already holds records; demo data goes into a new one."))
    counts: dict[str, int] = {}
    world = _setup(session, random.Random(seed), lang, today, counts)
    groups = _groups(session, world, counts)
    forced_sen = list(SEN_CODES)
    for first in range(0, families, BATCH_FAMILIES):
        batch = Batch()
        plans = []
        for index in range(first, min(first + BATCH_FAMILIES, families)):
            forced = {0: True, 1: False}.get(index)  # one family of each kind at least
            plans.append(make_family(world, batch, forced_sen, engaged=forced))
        children: list[ChildPlan] = [child for plan in plans for child in plan.children]
        if first == 0:
            for child in plans[0].children:
                child.in_group = True
        for plan in plans:
            for child in plan.children:
                child_sessions(world, batch, child)
            family_sessions(world, batch, plan)
            group_membership(world, batch, plan, groups)
        group_sessions(world, batch, children)
        batch.write(session, counts)
    add_wellbeing(session, world, counts)
    add_timetable(session, world, counts)
    add_voice(session, world, counts)
    add_directory(session, lang=lang, actor=actor)
    from caseroom.db.search import rebuild_session_index

    rebuild_session_index(session.connection())
    audit(
        session,
        actor=actor,
        action="demo",
        entity="room",
        entity_id=world.room_id,
        details={"families": families, "seed": seed, "lang": lang},
    )
    session.flush()
    return _summary(counts)


def _summary(counts: dict[str, int]) -> DemoSummary:
    def count(model: type[object]) -> int:
        return counts.get(table_of(model).name, 0)

    return DemoSummary(
        staff=count(models.Staff),
        families=count(models.Family),
        caregivers=count(models.Caregiver),
        children=count(models.Child),
        pmpk_conclusions=count(models.PmpkConclusion),
        consents=count(models.Consent),
        referrals=count(models.Referral),
        plans=count(models.SupportPlan),
        goals=count(models.Goal),
        ratings=count(models.GoalRating),
        sessions=count(models.SessionRecord),
        attendance=count(models.Attendance),
        home_practice=count(models.HomePractice),
        parent_goals=count(models.ParentGoal),
        groups=count(models.ParentGroup),
        group_meetings=count(models.GroupMeeting),
        wellbeing_checkins=counts.get("wellbeing_checkin", 0),
    )


def _insert(session: Session, model: type[object], rows: list[Row], counts: dict[str, int]) -> None:
    if rows:
        session.execute(insert(table_of(model)), rows)
        name = table_of(model).name
        counts[name] = counts.get(name, 0) + len(rows)


def _stamped(now: datetime, **columns: object) -> Row:
    return {"created_at": now, "updated_at": now, "archived_at": None, **columns}


def _setup(
    session: Session, rng: random.Random, lang: str, today: date, counts: dict[str, int]
) -> World:
    """Store the room, its staff and school years; returns the generator's world."""
    now = utcnow()

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    room_id = new_id()
    _insert(
        session,
        models.Room,
        [
            _stamped(
                now,
                id=room_id,
                school_name=people.SCHOOL[lang],
                room_name=people.ROOM_NAME[lang],
                locality=people.TOWN[lang],
                region=people.REGION[lang],
                default_language=lang,
            )
        ],
        counts,
    )
    staff: dict[str, uuid.UUID] = {}
    staff_rows: list[Row] = []
    for role, last, first, patronymic in people.STAFF:
        staff[role] = new_id()
        staff_rows.append(
            _stamped(
                now,
                id=staff[role],
                room_id=room_id,
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                role=role,
                phone=people.phone(rng),
                email=None,
            )
        )
    _insert(session, models.Staff, staff_rows, counts)
    current = current_start_year(today)
    years: list[Row] = []
    quarters: list[Row] = []
    year: Year | None = None
    for start_year in sorted({2025, 2026, current, current + 1}):
        draft = default_school_year(start_year)
        year_id = new_id()
        years.append(
            _stamped(
                now,
                id=year_id,
                room_id=room_id,
                start_year=start_year,
                starts_on=draft.starts_on,
                ends_on=draft.ends_on,
                dates_confirmed=draft.known,
            )
        )
        for number, (starts_on, ends_on) in enumerate(draft.quarters, start=1):
            quarters.append(
                _stamped(
                    now,
                    id=new_id(),
                    school_year_id=year_id,
                    number=number,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
            )
        if start_year == current:
            year = Year(start_year, draft.starts_on, draft.ends_on, draft.quarters)
    _insert(session, models.SchoolYear, years, counts)
    _insert(session, models.Quarter, quarters, counts)
    assert year is not None
    return World(
        rng=rng,
        lang=lang,
        today=today,
        now=now,
        year=year,
        school_name=people.SCHOOL[lang],
        room_id=room_id,
        staff=staff,
        school_days=school_days(year, today + timedelta(days=7)),
    )


def _monthly(first: date, today: date, weekday: int, week: int) -> list[date]:
    """Meeting days from `first`'s month to `today`: the `week`-th `weekday` (-1 = last),
    skipping the summer months."""
    days: list[date] = []
    year, month = first.year, first.month
    while date(year, month, 1) <= today:
        if month not in (6, 7, 8):
            candidates = [
                date(year, month, day)
                for day in range(1, 32)
                if _valid_day(year, month, day) and date(year, month, day).weekday() == weekday
            ]
            day = candidates[week]
            if first <= day <= today:
                days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _groups(session: Session, world: World, counts: dict[str, int]) -> list[GroupPlan]:
    """Store the two parent support groups and their monthly meetings up to today."""
    lang, start = world.lang, world.year.start_year
    names = GROUPS[lang]
    schedule = (
        (names[0], world.staff["psychologist"], date(start - 1, 10, 1), 3, 1),  # 2nd Thursday
        (names[1], world.staff["social_pedagogue"], date(start, 9, 1), 1, -1),  # last Tuesday
    )
    groups: list[GroupPlan] = []
    group_rows: list[Row] = []
    meeting_rows: list[Row] = []
    for name, facilitator, first, weekday, week in schedule:
        days = _monthly(first, world.today, weekday, week)
        if not days:
            continue
        group = world.record(
            room_id=world.room_id,
            name=name,
            facilitator_id=facilitator,
            started_on=days[0],
            ground_rules=GROUND_RULES[lang],
        )
        group_rows.append(group)
        meetings = []
        for number, day in enumerate(days):
            meeting = world.record(
                group_id=group["id"],
                held_on=day,
                starts_at=time(18, 0),
                minutes=90,
                facilitator_id=facilitator,
                theme=THEMES[lang][number % len(THEMES[lang])],
                notes=MEETING_NOTES[lang],
                follow_ups=MEETING_FOLLOW_UPS[lang],
            )
            meeting_rows.append(meeting)
            meetings.append((meeting["id"], day))
        groups.append(GroupPlan(group["id"], days[0], tuple(meetings)))
    _insert(session, models.ParentGroup, group_rows, counts)
    _insert(session, models.GroupMeeting, meeting_rows, counts)
    return groups
