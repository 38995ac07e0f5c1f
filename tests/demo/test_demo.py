"""The demo data: deterministic, complete, and consistent with the services' rules."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlmodel import Session, col

from caseroom.db.engine import engine_for_path
from caseroom.db.models import (
    Attendance,
    AuditEvent,
    Caregiver,
    Child,
    ChildSenCategory,
    Family,
    FamilyBarrier,
    Goal,
    GoalRating,
    HomePractice,
    PmpkConclusion,
    SessionGoal,
    SessionRecord,
    SupportPlan,
)
from caseroom.demo.build import DemoSummary, has_records, make_demo
from caseroom.demo.goals import GOALS
from caseroom.errors import UserError, ValidationError
from caseroom.names import search_key
from caseroom.vocab import BUILTIN_SEN_CATEGORIES, SessionKind

TODAY = date(2026, 11, 23)
FAMILIES = 40


def _fresh_engine(template_db: Path, folder: Path, name: str) -> Engine:
    path = folder / name
    shutil.copyfile(template_db, path)
    return engine_for_path(path)


def _build(engine: Engine, *, seed: int, families: int, lang: str = "ru") -> DemoSummary:
    with Session(engine) as session:
        summary = make_demo(session, today=TODAY, families=families, seed=seed, lang=lang)
        session.commit()
    return summary


@pytest.fixture(scope="module")
def demo(
    template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Engine, DemoSummary]]:
    """A database filled once with 40 families (seed 3, Russian texts), and its summary."""
    engine = _fresh_engine(template_db, tmp_path_factory.mktemp("demo"), "demo.sqlite3")
    summary = _build(engine, seed=3, families=FAMILIES)
    yield engine, summary
    engine.dispose()


@pytest.fixture
def db(demo: tuple[Engine, DemoSummary]) -> Iterator[Session]:
    """A session on the shared demo database (read only by the tests)."""
    with Session(demo[0]) as session:
        yield session


def _names(engine: Engine) -> list[tuple[str, str, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(col(Child.case_number), col(Child.last_name), col(Child.first_name)).order_by(
                col(Child.case_number)
            )
        ).all()
    return [(row[0], row[1], row[2]) for row in rows]


def test_same_seed_same_data_and_another_seed_other_data(template_db: Path, tmp_path: Path) -> None:
    first = _fresh_engine(template_db, tmp_path, "a.sqlite3")
    second = _fresh_engine(template_db, tmp_path, "b.sqlite3")
    third = _fresh_engine(template_db, tmp_path, "c.sqlite3")
    try:
        summary_a = _build(first, seed=11, families=8)
        summary_b = _build(second, seed=11, families=8)
        _build(third, seed=12, families=8)
        assert summary_a == summary_b
        assert summary_a.families == 8
        assert _names(first) == _names(second)
        assert _names(first) != _names(third)
        with Session(first) as one, Session(second) as two:
            ids = select(col(SessionRecord.id)).order_by(col(SessionRecord.id))
            assert one.execute(ids).scalars().all() == two.execute(ids).scalars().all()
    finally:
        for engine in (first, second, third):
            engine.dispose()


def test_summary_counts_match_the_tables(db: Session, demo: tuple[Engine, DemoSummary]) -> None:
    def count(model: type[object]) -> int:
        return int(db.execute(select(func.count()).select_from(model)).scalar_one())

    summary = demo[1]
    assert (summary.staff, summary.families, summary.groups) == (5, FAMILIES, 2)
    assert summary.children == count(Child) == count(SupportPlan) == count(PmpkConclusion)
    assert summary.children >= FAMILIES
    assert summary.caregivers == count(Caregiver)
    assert summary.sessions == count(SessionRecord)
    assert summary.attendance == count(Attendance)
    assert summary.home_practice == count(HomePractice)
    assert summary.ratings == count(GoalRating)


def test_every_sen_category_and_session_kind_is_present(db: Session) -> None:
    categories = set(db.execute(select(col(ChildSenCategory.category_code))).scalars())
    assert categories == {code for code, _label in BUILTIN_SEN_CATEGORIES}
    kinds = set(db.execute(select(col(SessionRecord.kind))).scalars())
    assert kinds == {kind.value for kind in SessionKind}


def _iin_check(body: str) -> int | None:
    digits = [int(c) for c in body]
    total = sum(w * d for w, d in zip(range(1, 12), digits, strict=True)) % 11
    if total == 10:
        weights = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
        total = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
    return None if total == 10 else total


def test_iins_are_valid_unique_and_agree_with_birth_date_and_sex(db: Session) -> None:
    rows = db.execute(
        select(col(Child.iin), col(Child.birth_date), col(Child.sex)).where(
            col(Child.iin).is_not(None)
        )
    ).all()
    assert len(rows) > FAMILIES // 2
    for iin, birth, sex in rows:
        assert re.fullmatch(r"\d{12}", iin)
        assert _iin_check(iin[:11]) == int(iin[11])
        assert iin[:6] == birth.strftime("%y%m%d")
        assert iin[6] == ("5" if sex == "M" else "6")
    assert len({row[0] for row in rows}) == len(rows)


def test_case_numbers_are_unique_and_well_formed(db: Session) -> None:
    numbers = list(db.execute(select(col(Child.case_number))).scalars())
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"SR-20\d\d-\d{4}", number) for number in numbers)


def test_no_session_before_enrolment_and_none_held_in_the_future(db: Session) -> None:
    early = db.execute(
        select(func.count())
        .select_from(Attendance)
        .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
        .join(Child, col(Child.id) == col(Attendance.child_id))
        .where(col(SessionRecord.held_on) < col(Child.enrolled_on))
    ).scalar_one()
    assert early == 0
    statuses = dict(
        db.execute(
            select(col(SessionRecord.status), func.count())
            .where(col(SessionRecord.held_on) >= TODAY)
            .group_by(col(SessionRecord.status))
        ).all()
    )
    assert set(statuses) == {"planned"}
    assert statuses["planned"] > 0
    planned_past = db.execute(
        select(func.count()).where(
            col(SessionRecord.status) == "planned", col(SessionRecord.held_on) < TODAY
        )
    ).scalar_one()
    assert planned_past == 0
    weekend = [day for day in db.execute(select(col(SessionRecord.held_on))).scalars()]
    assert all(day.weekday() < 5 for day in weekend)


def test_a_specialist_is_never_in_two_sessions_at_once_on_a_day_with_room(db: Session) -> None:
    """Sessions of one specialist on one day do not overlap, unless that day is nearly full:
    more than nine of the working day's ten hours (08:00 to 18:00), which a ten-minute grid
    cannot always lay out."""
    rows = db.execute(
        select(
            SessionRecord.staff_id,
            SessionRecord.held_on,
            SessionRecord.starts_at,
            SessionRecord.minutes,
        ).where(col(SessionRecord.starts_at).is_not(None))
    ).all()
    days: dict[tuple[object, date], list[tuple[int, int]]] = {}
    for staff_id, day, at, minutes in rows:
        start = at.hour * 60 + at.minute
        days.setdefault((staff_id, day), []).append((start, start + minutes))
    clashes = []
    for key, spans in days.items():
        if sum(end - start for start, end in spans) > 540:
            continue
        spans.sort()
        clashes += [key for (_s, end), (start, _e) in itertools.pairwise(spans) if start < end]
    assert len(days) > 100  # enough days for the rule to mean something
    assert clashes == []


def test_attendance_is_consistent_with_sessions(db: Session) -> None:
    individual = db.execute(
        select(col(SessionRecord.id), func.count(col(Attendance.child_id)))
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(col(SessionRecord.kind) == "individual")
        .group_by(col(SessionRecord.id))
    ).all()
    assert individual and all(count == 1 for _id, count in individual)
    without_caregiver = db.execute(
        select(func.count())
        .select_from(SessionRecord)
        .where(
            col(SessionRecord.kind).in_(
                ["parent_consultation", "remote_consultation", "home_visit", "joint"]
            ),
            ~select(col(Attendance.id))
            .where(
                col(Attendance.session_id) == col(SessionRecord.id),
                col(Attendance.caregiver_id).is_not(None),
            )
            .exists(),
        )
    ).scalar_one()
    assert without_caregiver == 0
    # A held session has someone present; a cancelled one has nobody present.
    present = (
        select(col(Attendance.id))
        .where(
            col(Attendance.session_id) == col(SessionRecord.id), col(Attendance.status) == "present"
        )
        .exists()
    )
    held_empty = db.execute(
        select(func.count()).where(col(SessionRecord.status) == "held", ~present)
    ).scalar_one()
    cancelled_full = db.execute(
        select(func.count()).where(col(SessionRecord.status) == "cancelled", present)
    ).scalar_one()
    assert (held_empty, cancelled_full) == (0, 0)
    reasons_missing = db.execute(
        select(func.count()).where(
            col(Attendance.status).not_in(["present", "expected"]),
            col(Attendance.reason).is_(None),
        )
    ).scalar_one()
    assert reasons_missing == 0


def test_nothing_planned_or_in_the_future_is_held_or_attended(db: Session) -> None:
    """Everyone at a planned session is still expected; no held session lies ahead."""
    by_status = dict(
        db.execute(
            select(col(Attendance.status), func.count())
            .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
            .where(col(SessionRecord.status) == "planned")
            .group_by(col(Attendance.status))
        ).all()
    )
    assert set(by_status) == {"expected"} and by_status["expected"] > 0
    future = db.execute(
        select(col(SessionRecord.status), col(Attendance.status))
        .join(Attendance, col(Attendance.session_id) == col(SessionRecord.id))
        .where(col(SessionRecord.held_on) > TODAY)
    ).all()
    assert future and {pair for pair in future} == {("planned", "expected")}


def test_goals_worked_on_belong_to_a_child_present(db: Session) -> None:
    stray = db.execute(
        select(func.count())
        .select_from(SessionGoal)
        .join(Goal, col(Goal.id) == col(SessionGoal.goal_id))
        .join(SupportPlan, col(SupportPlan.id) == col(Goal.plan_id))
        .where(
            ~select(col(Attendance.id))
            .where(
                col(Attendance.session_id) == col(SessionGoal.session_id),
                col(Attendance.child_id) == col(SupportPlan.child_id),
                col(Attendance.status) == "present",
            )
            .exists()
        )
    ).scalar_one()
    assert stray == 0
    assert db.execute(select(func.count()).select_from(SessionGoal)).scalar_one() > 0


def test_child_figures_match_the_attendance_aggregate(db: Session) -> None:
    aggregate = dict(
        (child_id, (last, count))
        for child_id, last, count in db.execute(
            select(col(Attendance.child_id), func.max(col(SessionRecord.held_on)), func.count())
            .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
            .where(col(Attendance.status) == "present", col(SessionRecord.status) == "held")
            .group_by(col(Attendance.child_id))
        ).all()
    )
    stored = db.execute(
        select(col(Child.id), col(Child.last_session_on), col(Child.sessions_attended))
    ).all()
    assert sum(1 for _id, _last, count in stored if count > 0) > FAMILIES // 2
    for child_id, last, count in stored:
        assert aggregate.get(child_id, (None, 0)) == (last, count)


def test_home_practice_follows_the_family_and_engagement(db: Session) -> None:
    foreign = db.execute(
        select(func.count())
        .select_from(HomePractice)
        .join(Child, col(Child.id) == col(HomePractice.child_id))
        .join(Caregiver, col(Caregiver.id) == col(HomePractice.caregiver_id))
        .where(col(Child.family_id) != col(Caregiver.family_id))
    ).scalar_one()
    assert foreign == 0
    with_barriers = select(col(FamilyBarrier.family_id))
    rows = db.execute(
        select(col(Caregiver.family_id).in_(with_barriers), col(HomePractice.outcome), func.count())
        .join(Caregiver, col(Caregiver.id) == col(HomePractice.caregiver_id))
        .where(col(HomePractice.outcome) != "pending")
        .group_by(col(Caregiver.family_id).in_(with_barriers), col(HomePractice.outcome))
    ).all()
    done: dict[bool, int] = {}
    total: dict[bool, int] = {}
    for hard, outcome, count in rows:
        total[bool(hard)] = total.get(bool(hard), 0) + count
        if outcome == "done":
            done[bool(hard)] = done.get(bool(hard), 0) + count
    assert done[False] / total[False] > 0.5 > done.get(True, 0) / total[True]


def test_pmpk_conclusions_expiring_and_expired(db: Session) -> None:
    until = list(db.execute(select(col(PmpkConclusion.valid_until))).scalars())
    soon = [day for day in until if 0 <= (day - TODAY).days <= 30]
    expired = [day for day in until if day < TODAY]
    assert soon and expired


def test_plans_have_three_to_six_goals_rated_at_start_and_q1(db: Session) -> None:
    per_plan = db.execute(
        select(func.count()).select_from(Goal).group_by(col(Goal.plan_id))
    ).scalars()
    assert all(3 <= count <= 6 for count in per_plan)
    checkpoints = set(db.execute(select(col(GoalRating.checkpoint))).scalars())
    assert checkpoints == {"start", "q1"}
    assert db.execute(select(func.max(col(GoalRating.rated_on)))).scalar_one() <= TODAY


def test_search_keys_index_and_audit(db: Session) -> None:
    child = db.execute(select(Child).order_by(col(Child.case_number)).limit(1)).scalar_one()
    assert child.search_key == search_key(
        child.last_name, child.first_name, child.patronymic, child.case_number, child.iin
    )
    indexed = db.execute(text("SELECT count(*) FROM session_note_fts")).scalar_one()
    assert indexed == db.execute(select(func.count()).select_from(SessionRecord)).scalar_one()
    events = db.execute(select(col(AuditEvent.action), col(AuditEvent.actor_id))).all()
    assert [(row[0], row[1]) for row in events] == [("demo", None)]


def test_some_names_are_typed_in_latin(db: Session) -> None:
    names = list(db.execute(select(col(Caregiver.first_name))).scalars())
    latin = [name for name in names if re.fullmatch(r"[A-Za-z]+", name)]
    assert latin and len(latin) < len(names)


def test_texts_follow_the_language(template_db: Path, tmp_path: Path) -> None:
    engine = _fresh_engine(template_db, tmp_path, "kk.sqlite3")
    try:
        _build(engine, seed=5, families=5, lang="kk")
        with Session(engine) as session:
            descriptions = set(session.execute(select(col(Goal.description))).scalars())
    finally:
        engine.dispose()
    kazakh = {entry["kk"][0] for entries in GOALS.values() for entry in entries}
    assert descriptions and descriptions <= kazakh


def test_refuses_a_database_with_records(db: Session) -> None:
    assert has_records(db)
    with pytest.raises(UserError):
        make_demo(db, today=TODAY, families=1)
    assert db.execute(select(func.count()).select_from(Family)).scalar_one() == FAMILIES


def test_rejects_a_bad_family_count_and_language(session: Session) -> None:
    with pytest.raises(ValidationError) as caught:
        make_demo(session, today=TODAY, families=0, lang="de")
    assert set(caught.value.problems) == {"families", "lang"}
    assert not has_records(session)
