"""Every total of the progress reports and the term summary, checked against the rows it
sums and against the records themselves, on a demo room (14 families, a school year
counted up to the day the reports are made).

`test_reporting` checks exact figures on a small hand-built room; this checks that the
figures of a realistic room add up, table by table and between the two reports.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from caseroom.db.engine import engine_for_path
from caseroom.db.models import Attendance, Child, ChildSenCategory, SessionRecord
from caseroom.demo.build import make_demo
from caseroom.reports.data import (
    InvolvementMeasure,
    ProgressReportData,
    SpecialistCount,
    TermSummaryData,
)
from caseroom.reports.language import ReportLanguage
from caseroom.reports.small_counts import SMALL, WITHHELD
from caseroom.reports.summary_tables import SummaryTable, summary_tables
from caseroom.services.common import SYSTEM
from caseroom.services.plans.periods import Period, resolve_period
from caseroom.services.reporting import report_data as reporting
from caseroom.services.reporting.common import covered_period
from caseroom.services.reporting.summary import group_by_role, on_roll
from caseroom.vocab import AttendanceStatus, SessionStatus, StaffRole

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A demo room (14 families, Russian texts), made once for the module."""
    path = tmp_path_factory.mktemp("totals") / "demo.sqlite3"
    path.write_bytes(template_db.read_bytes())
    engine = engine_for_path(path)
    with Session(engine) as session:
        make_demo(session, today=TODAY, families=14, seed=5, lang="ru")
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def figures(
    demo: Engine,
) -> tuple[Period, TermSummaryData, TermSummaryData, dict[uuid.UUID, ProgressReportData]]:
    """The school year so far: the summary with and without names, every child's report."""
    with Session(demo) as session:
        period = resolve_period(session, "2026-2027", today=TODAY)
        common: dict[str, Any] = {"actor": SYSTEM, "period": period, "made_on": TODAY}
        named = reporting.term_summary_data(session, identified=True, **common)
        plain = reporting.term_summary_data(session, identified=False, **common)
        session.rollback()  # the identified summary's audit event
        children = session.execute(select(col(Child.id))).scalars().all()
        reports = {
            child: reporting.progress_report_data(
                session, child_id=child, audience="consilium", language="ru", **common
            )
            for child in children
        }
    return period, named, plain, reports


def _count(session: Session, statement: Any) -> int:
    return int(session.execute(statement).scalar_one())


def _held(period: Period) -> list[Any]:
    return [
        col(SessionRecord.archived_at).is_(None),
        col(SessionRecord.status) == SessionStatus.HELD.value,
        col(SessionRecord.held_on).between(period.start, TODAY),
    ]


def test_the_summary_counts_what_the_records_hold(demo: Engine, figures: Any) -> None:
    period, data, _plain, _reports = figures
    assert data.period.end == TODAY and data.period.planned_end == period.end
    with Session(demo) as session:
        roll = on_roll(covered_period(period, today=TODAY))
        assert data.children_total == _count(session, select(func.count()).where(roll))
        tagged = _count(
            session,
            select(func.count())
            .select_from(ChildSenCategory)
            .join(Child, col(Child.id) == col(ChildSenCategory.child_id))
            .where(roll),
        )
        held = _count(session, select(func.count()).where(*_held(period)))
        marks = (
            select(func.count())
            .select_from(Attendance)
            .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
        )
        marks = marks.where(col(Attendance.archived_at).is_(None), *_held(period))
        all_marks = _count(session, marks)
        present = _count(
            session, marks.where(col(Attendance.status) == AttendanceStatus.PRESENT.value)
        )
        minutes = _count(
            session,
            select(func.coalesce(func.sum(col(SessionRecord.minutes)), 0)).where(*_held(period)),
        )
    assert data.children_total > 10
    assert sum(row.children for row in data.children_by_grade) == data.children_total
    assert sum(row.children for row in data.children_by_category) == tagged
    assert all(row.children <= data.children_total for row in data.children_by_category)
    assert sum(row.held for row in data.sessions_by_kind) == held > 0
    assert sum(row.held for row in data.sessions_by_specialist) == held
    assert sum(row.minutes for row in data.sessions_by_specialist) == minutes
    assert sum(row.attended + row.missed for row in data.sessions_by_kind) == all_marks
    assert sum(row.attended for row in data.sessions_by_kind) == present
    families = next(
        row.ratio for row in data.involvement if row.measure is InvolvementMeasure.FAMILIES_INVOLVED
    )
    assert all(row.reached.whole <= families.whole for row in data.families)
    assert all(row.reached.part <= row.reached.whole for row in data.families)
    given = {row.instrument: row.checkins for row in data.wellbeing.given}
    for instrument, checkins in given.items():
        bands = [row.checkins for row in data.wellbeing.bands if row.instrument == instrument]
        assert sum(bands) == checkins, instrument
    assert data.wellbeing.flags_followed_up <= data.wellbeing.flags_raised


def test_the_progress_reports_add_up_to_the_summary(demo: Engine, figures: Any) -> None:
    period, data, _plain, reports = figures
    with Session(demo) as session:
        caregivers_present = _count(
            session,
            select(func.count())
            .select_from(Attendance)
            .join(SessionRecord, col(SessionRecord.id) == col(Attendance.session_id))
            .where(
                col(Attendance.caregiver_id).is_not(None),
                col(Attendance.archived_at).is_(None),
                col(Attendance.status) == AttendanceStatus.PRESENT.value,
                *_held(period),
            ),
        )
        family_of = dict(session.execute(select(col(Child.id), col(Child.family_id))).all())
        roll = on_roll(covered_period(period, today=TODAY))
        families = set(session.execute(select(col(Child.family_id)).where(roll)).scalars())
    for report in reports.values():
        for row in report.sessions:
            assert row.held == row.attended + row.missed, report.child.case_number
        assert report.period == data.period
    # Every attendance mark is a child's (in their own report) or a caregiver's.
    children_present = sum(row.attended for r in reports.values() for row in r.sessions)
    came = sum(row.attended for row in data.sessions_by_kind)
    assert children_present + caregivers_present == came
    rates = {row.measure: row.ratio for row in data.involvement}
    # Home practice is given for a child: the children's reports add up to the families'.
    in_summary = [child for child in reports if family_of[child] in families]
    given = sum(reports[child].parent.practice_given for child in in_summary)
    done = sum(reports[child].parent.practice_done for child in in_summary)
    assert (done, given) == (
        rates[InvolvementMeasure.HOME_PRACTICE].part,
        rates[InvolvementMeasure.HOME_PRACTICE].whole,
    )
    assert given > 0
    # Consultations and group meetings are the family's: each family once.
    by_family = {family_of[child]: reports[child].parent for child in in_summary}
    assert len(by_family) == rates[InvolvementMeasure.FAMILIES_INVOLVED].whole
    assert sum(p.consultations_offered for p in by_family.values()) == (
        rates[InvolvementMeasure.CONSULTATIONS].whole
    )
    assert sum(p.consultations_attended for p in by_family.values()) == (
        rates[InvolvementMeasure.CONSULTATIONS].part
    )
    assert sum(p.group_meetings_attended for p in by_family.values()) == (
        rates[InvolvementMeasure.GROUP_MEETINGS].part
    )


def _column_sums(table: SummaryTable) -> list[Any]:
    sums: list[Any] = [table.total[0] if table.total else None]
    for index in range(1, len(table.columns)):
        values = [row[index] for row in table.rows]
        sums.append(sum(values) if all(isinstance(v, int | float) for v in values) else None)
    return sums


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_printed_total_is_the_sum_of_its_rows(figures: Any, language: str) -> None:
    _period, named, plain, _reports = figures
    checked = 0
    for table in summary_tables(named, ReportLanguage(language)):
        if table.total is None:
            continue
        sums = _column_sums(table)
        for index, value in enumerate(table.total[1:], start=1):
            if value is None:
                continue
            assert value == pytest.approx(sums[index]), (table.key, index)
            checked += 1
    assert checked >= 8
    exact = {t.key: t for t in summary_tables(named, ReportLanguage(language))}
    for table in summary_tables(plain, ReportLanguage(language)):
        if table.total is None:
            continue
        truth = exact[table.key].total
        assert truth is not None
        for index, value in enumerate(table.total[1:], start=1):
            # De-identified, a total is exact, or hidden when it would tell a small count.
            if table.key == "sessions_by_specialist":
                continue  # its rows are roles, not people: compared in the next test
            assert value in (truth[index], SMALL, WITHHELD, None), (table.key, index)


def test_de_identified_staff_rows_add_up_to_the_named_ones(figures: Any) -> None:
    _period, named, plain, _reports = figures
    people: tuple[SpecialistCount, ...] = named.sessions_by_specialist
    assert plain.sessions_by_specialist == group_by_role(
        tuple(SpecialistCount(row.role, row.held, row.minutes) for row in people)
    )
    assert sum(row.people for row in plain.sessions_by_specialist) == len(people)
    assert sum(row.held for row in plain.sessions_by_specialist) == sum(row.held for row in people)
    assert all(row.people >= 2 for row in plain.sessions_by_specialist) or (
        len(plain.sessions_by_specialist) == 1
    )


def _staff(*roles: StaffRole) -> tuple[SpecialistCount, ...]:
    return tuple(SpecialistCount(role, 10, 300) for role in roles)


def test_staff_are_grouped_by_role_only_where_two_share_it() -> None:
    psych, speech, social = (
        StaffRole.PSYCHOLOGIST,
        StaffRole.SPEECH_THERAPIST,
        StaffRole.SOCIAL_PEDAGOGUE,
    )
    assert group_by_role(_staff(psych, psych, speech, speech)) == (
        SpecialistCount(psych, 20, 600, people=2),
        SpecialistCount(speech, 20, 600, people=2),
    )
    assert group_by_role(_staff(psych, psych, speech, social)) == (
        SpecialistCount(psych, 20, 600, people=2),
        SpecialistCount(None, 20, 600, people=2),  # "other specialists"
    )
    # One speech therapist beside two psychologists would be a row of one: all together.
    assert group_by_role(_staff(psych, psych, speech)) == (
        SpecialistCount(None, 30, 900, people=3),
    )
    assert group_by_role(_staff(speech)) == (SpecialistCount(None, 10, 300, people=1),)
    assert group_by_role(()) == ()
