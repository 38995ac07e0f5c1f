"""Demo families: caregivers, barriers, children, PMPK conclusions, consents and plans."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from caseroom.db import models
from caseroom.demo import people
from caseroom.demo.casefile import add_consents, add_plan, add_pmpk
from caseroom.demo.goals import REFERRALS
from caseroom.demo.notes import BARRIER_NOTES
from caseroom.demo.world import Batch, Row, World
from caseroom.names import search_key, sort_key
from caseroom.vocab import BUILTIN_SEN_CATEGORIES

SEN_CODES: tuple[str, ...] = tuple(code for code, _label in BUILTIN_SEN_CATEGORIES)
_SEN_WEIGHTS = {
    "speech": 22, "delayed_development": 20, "learning": 14, "autism": 10, "intellectual": 8,
    "behaviour": 8, "musculoskeletal": 5, "hearing": 4, "vision": 4, "complex": 5,
}  # fmt: skip
_CHILDREN_COUNT_WEIGHTS = (15, 25, 26, 14, 9, 6, 3, 2)  # 1..8 children: a third have 4+
_GRADE_WEIGHTS = (6, 12, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3)  # grades 0..11
_LEAD_ROLE = {"speech": "speech_therapist", "autism": "psychologist", "behaviour": "psychologist"}


@dataclass
class ChildPlan:
    """What the session generator needs to know about one child."""

    row: Row
    family: FamilyPlan
    lead: uuid.UUID
    second: uuid.UUID | None
    active_from: date
    active_until: date
    goals: list[tuple[uuid.UUID, str, str]]
    """(goal id, domain, description) of the current plan."""
    plan_start: date | None
    in_group: bool

    @property
    def id(self) -> uuid.UUID:
        """The child's id."""
        child_id: uuid.UUID = self.row["id"]
        return child_id


@dataclass
class FamilyPlan:
    """What the session generator needs to know about one family."""

    id: uuid.UUID
    engaged: bool
    barriers: list[str]
    caregiver_id: uuid.UUID
    """The caregiver who comes (or is invited): usually the mother."""
    names: dict[uuid.UUID, str] = field(default_factory=dict)
    """Each caregiver's full name (consents store the signer's name)."""
    children: list[ChildPlan] = field(default_factory=list)


def _weighted(world: World, weights: dict[str, int]) -> str:
    return world.rng.choices(list(weights), weights=list(weights.values()))[0]


def _person(world: World, kazakh: bool, female: bool) -> tuple[str, str | None]:
    """A first name, and for Russian men the stem their children's patronymic is built on."""
    if kazakh:
        return world.pick(people.KAZAKH_FEMALE if female else people.KAZAKH_MALE), None
    if female:
        return world.pick(people.RUSSIAN_FEMALE), None
    name, stem = world.pick(people.RUSSIAN_MALE)
    return name, stem


def _patronymic(world: World, kazakh: bool, female: bool) -> str:
    father, stem = _person(world, kazakh, female=False)
    return people.patronymic(father, stem, female, kazakh_style=world.chance(0.5))


def make_family(
    world: World, batch: Batch, forced_sen: list[str], engaged: bool | None = None
) -> FamilyPlan:
    """Queue one family with its caregivers and children; returns what sessions need.

    `forced_sen` holds SEN categories still to be shown: the first children take them in
    turn, so even a small demo has every category. `engaged` overrides the draw of whether
    the mother takes part a lot (so a small demo has both kinds of family).
    """
    lang = world.lang
    home = "kk" if world.chance(0.55) else ("ru" if world.chance(0.92) else "other")
    kazakh = home != "ru" or world.chance(0.5)
    stem = world.pick(people.KAZAKH_SURNAMES if kazakh else people.RUSSIAN_SURNAMES)
    typed_latin = world.chance(0.1)

    def typed(name: str) -> str:
        return people.latin(name) if typed_latin else name

    father_name, father_stem = _person(world, kazakh, female=False)
    children_count = world.rng.choices(range(1, 9), weights=_CHILDREN_COUNT_WEIGHTS)[0]
    drawn = world.chance(0.6)
    engaged = drawn if engaged is None else engaged
    markers: list[str] = []
    if world.chance(0.45 if children_count >= 4 else 0.15):
        markers.append("low_income")
    single = world.chance(0.15)
    if single:
        markers.append("single_parent")
    if world.chance(0.06):
        markers.append("social_risk")
    if home == "other" or world.chance(0.02):
        markers.append("migrant")
    primary_relation = world.rng.choices(
        ("mother", "father", "grandmother", "guardian"), weights=(82, 6, 8, 4)
    )[0]
    if primary_relation == "guardian":
        markers.append("guardianship")
    display = typed(stem)
    family = world.record(
        room_id=world.room_id,
        display_name=display,
        address=people.address(world.rng, lang),
        locality=people.TOWN[lang],
        home_language=home,
        children_count=children_count,
        vulnerability=markers,
        notes=None,
        search_key=search_key(display),
        sort_name=sort_key(display),
    )
    batch.add(models.Family, family)
    plan = FamilyPlan(id=family["id"], engaged=engaged, barriers=[], caregiver_id=family["id"])
    if not engaged:
        plan.barriers = _barriers(world, batch, plan.id, children_count, home)

    def caregiver(relation: str, female: bool, legal: bool, own_surname: bool) -> uuid.UUID:
        # The children's father is the man their patronymics name.
        first = father_name if relation == "father" else _person(world, kazakh, female)[0]
        if own_surname:
            last = people.surname(world.pick(people.KAZAKH_SURNAMES), female)
        else:
            last = people.surname(stem, female)
        patronymic = _patronymic(world, kazakh, female)
        last, first, patronymic = typed(last), typed(first), typed(patronymic)
        row = world.record(
            family_id=plan.id,
            last_name=last,
            first_name=first,
            patronymic=patronymic,
            relation=relation,
            phone=people.phone(world.rng) if world.chance(0.95) else None,
            is_legal_representative=legal,
            language=home if home != "other" else "ru",
            notes=None,
            search_key=search_key(last, first, patronymic),
            sort_name=sort_key(last, first, patronymic),
        )
        batch.add(models.Caregiver, row)
        caregiver_id: uuid.UUID = row["id"]
        plan.names[caregiver_id] = " ".join(part for part in (last, first, patronymic) if part)
        return caregiver_id

    if primary_relation == "mother":
        plan.caregiver_id = caregiver("mother", True, True, kazakh and world.chance(0.3))
        legal = plan.caregiver_id
        if not single and world.chance(0.5):
            caregiver("father", False, True, False)
    elif primary_relation == "father":
        plan.caregiver_id = legal = caregiver("father", False, True, False)
    elif primary_relation == "grandmother":
        plan.caregiver_id = caregiver("grandmother", True, False, False)
        legal = caregiver("mother", True, True, False)
    else:
        plan.caregiver_id = legal = caregiver("guardian", True, True, True)
    if world.chance(0.08) and primary_relation != "grandmother":
        caregiver("grandmother", True, False, False)

    in_room = 2 if children_count >= 2 and world.chance(0.2) else 1
    first_grade: int | None = None
    for _ in range(in_room):
        grade = world.rng.choices(range(12), weights=_GRADE_WEIGHTS)[0]
        if first_grade is not None:
            grade = max(0, min(11, first_grade + world.pick((-4, -3, -2, 2, 3, 4))))
        first_grade = grade
        female = world.chance(0.4)
        first, _stem = _person(world, kazakh, female)
        names = (
            typed(people.surname(stem, female)),
            typed(first),
            typed(people.patronymic(father_name, father_stem, female, world.chance(0.5))),
        )
        sen = forced_sen.pop(0) if forced_sen else _weighted(world, _SEN_WEIGHTS)
        child = _child(world, batch, plan, names, grade, female, home, sen, legal)
        plan.children.append(child)
    return plan


def _barriers(
    world: World, batch: Batch, family_id: uuid.UUID, children_count: int, home: str
) -> list[str]:
    kinds = {"childcare": 0.7 if children_count >= 4 else 0.25, "transport": 0.3}
    kinds.update({"work_hours": 0.45, "stigma": 0.2, "language": 0.25 if home != "ru" else 0.0})
    kinds["health"] = 0.05
    found = [kind for kind, probability in kinds.items() if world.chance(probability)]
    if not found:
        found = [world.pick(("work_hours", "childcare", "stigma"))]
    for kind in found:
        noted = world.today - timedelta(days=world.rng.randint(10, 200))
        batch.add(
            models.FamilyBarrier,
            world.record(
                family_id=family_id,
                kind=kind,
                note=BARRIER_NOTES[world.lang].get(kind),
                noted_on=noted,
                resolved_on=None,
            ),
        )
    return found


def _enrolment(world: World) -> date:
    year = world.year
    if world.chance(0.45):  # continuing from one of the two years before
        earlier = date(year.start_year - world.pick((1, 1, 1, 2)), 9, 1)
        return min(earlier + timedelta(days=world.rng.randint(0, 240)), world.today)
    return min(year.starts_on + timedelta(days=world.rng.randint(0, 40)), world.today)


def _child(
    world: World,
    batch: Batch,
    family: FamilyPlan,
    names: tuple[str, str, str | None],
    grade: int,
    female: bool,
    home: str,
    sen: str,
    legal: uuid.UUID,
) -> ChildPlan:
    rng = world.rng
    start_year = world.year.start_year
    birth = date(start_year - 7 - grade, 9, 1) + timedelta(days=rng.randrange(365))
    sex = "F" if female else "M"
    enrolled = _enrolment(world)
    case_number = world.next_case_number(enrolled)
    iin = world.new_iin(birth, sex) if world.chance(0.85) else None
    active_from = max(enrolled, world.year.starts_on)
    status, left_on, active_until = "active", None, world.horizon
    room_days = world.days_between(active_from + timedelta(days=20), world.today)
    if room_days and world.chance(0.03):
        status, left_on = "left", world.pick(room_days)
        active_until = left_on - timedelta(days=1)
    elif room_days and world.chance(0.03):
        status, active_until = "paused", world.pick(room_days)
    letters = people.CLASS_LETTERS["kk" if home == "kk" else "ru"]
    last, first, patronymic = names
    row = world.record(
        room_id=world.room_id,
        family_id=family.id,
        case_number=case_number,
        last_name=last,
        first_name=first,
        patronymic=patronymic,
        birth_date=birth,
        sex=sex,
        iin=iin,
        school=world.school_name,
        grade=grade,
        class_letter=world.pick(letters),
        home_language=home,
        enrolled_on=enrolled,
        left_on=left_on,
        status=status,
        notes=None,
        search_key=search_key(last, first, patronymic, case_number, iin),
        sort_name=sort_key(last, first, patronymic),
        last_session_on=None,
        sessions_attended=0,
    )
    batch.add(models.Child, row)
    child_id = row["id"]
    categories = [sen]
    if world.chance(0.15):
        categories.append(world.pick([code for code in SEN_CODES if code != sen]))
    for code in categories:
        batch.add(models.ChildSenCategory, {"child_id": child_id, "category_code": code})
    staff = world.staff
    lead = staff[_LEAD_ROLE.get(sen, "special_educator")]
    others = [staff[role] for role in ("psychologist", "special_educator", "speech_therapist")]
    second = world.pick([s for s in others if s != lead]) if world.chance(0.4) else None
    assigned = [lead] + ([second] if second else [])
    if sen in ("complex", "musculoskeletal", "autism") and world.chance(0.6):
        assigned.append(staff["assistant"])
    for staff_id in assigned:
        batch.add(
            models.ChildSpecialist,
            {"child_id": child_id, "staff_id": staff_id, "is_lead": staff_id == lead},
        )
    add_pmpk(world, batch, child_id, sen, enrolled)
    add_consents(world, batch, child_id, (legal, family.names[legal]), enrolled)
    plan_start, goals = add_plan(
        world, batch, (child_id, enrolled), categories, lead, family.engaged, status
    )
    if plan_start is not None and world.chance(0.08):
        to_whom, reason = world.pick(REFERRALS[world.lang])
        batch.add(
            models.Referral,
            world.record(
                child_id=child_id,
                caregiver_id=None,
                to_whom=to_whom,
                reason=reason,
                referred_on=world.pick(world.days_between(plan_start, world.today) or [plan_start]),
                status=world.pick(("planned", "sent", "sent", "completed")),
                outcome=None,
                staff_id=lead,
            ),
        )
    return ChildPlan(
        row=row,
        family=family,
        lead=lead,
        second=second,
        active_from=active_from,
        active_until=active_until,
        goals=goals,
        plan_start=plan_start,
        in_group=world.chance(0.5),
    )
