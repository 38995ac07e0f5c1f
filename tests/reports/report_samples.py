"""Small, exact report data built by hand (no database), shared by the report tests."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from caseroom.reports.data import (
    Audience,
    BandCount,
    CategoryCount,
    ChildInfo,
    DomainGoals,
    ExpiringConclusion,
    ExtraRole,
    FamiliesReached,
    FamilyGroup,
    GoalLine,
    GoalOutcomes,
    GradeCount,
    InstrumentGiven,
    InvolvementMeasure,
    InvolvementRate,
    KindCount,
    ParentGoalLine,
    ParentSection,
    PmpkInfo,
    ProgressReportData,
    RatingPoint,
    Ratio,
    ReferralCount,
    ReportPeriod,
    SessionCount,
    Signatory,
    SpecialistCount,
    SpecialistNote,
    TermSummaryData,
    WellbeingCounts,
)
from caseroom.vocab import (
    Checkpoint,
    Domain,
    GoalStatus,
    ParentGoalStatus,
    Rating,
    ReferralStatus,
    SessionKind,
    StaffRole,
)

KAZAKH_UPPER = "ӘҒҚҢӨҰҮҺІ"
KAZAKH_LOWER = "әғқңөұүһі"
CONSILIUM_NOTE = "Консилиум: тревожность высокая, нужна консультация невролога"
GOAL_WITH_ALL_LETTERS = "Әріптер: ӘҒҚҢӨҰҮҺІ және әғқңөұүһі"
ESCAPED_NOTE = "Сравнить <b>& баллы</b> > 3"

PERIOD = ReportPeriod(
    start=date(2025, 11, 3),
    end=date(2025, 12, 26),
    label="2025-2026:q2",
    school_year=2025,
    quarter=2,
)


def progress_data(audience: Audience = Audience.CONSILIUM) -> ProgressReportData:
    """One child, two domains, three goals, ratings at two checkpoints."""
    return ProgressReportData(
        school="№ 12 мектеп-гимназиясы",
        room="Инклюзивті қолдау кабинеті",
        period=PERIOD,
        audience=audience,
        child=ChildInfo(
            full_name="Әлібек Ғалымжан Қуаныштұлы",
            birth_date=date(2016, 3, 9),
            case_number="SR-2025-0042",
            grade=3,
            class_letter="Ә",
        ),
        made_on=date(2025, 12, 27),
        goals=(
            DomainGoals(
                Domain.SPEECH,
                (
                    GoalLine(
                        description=GOAL_WITH_ALL_LETTERS,
                        status=GoalStatus.ACTIVE,
                        baseline="ң/н дыбыстарын шатастырады",
                        target="әңгімеде дұрыс айтады",
                        criterion="10 сөздің 8-і дұрыс",
                        ratings=(
                            RatingPoint(Checkpoint.START, Rating.MINIMAL, date(2025, 11, 5)),
                            RatingPoint(Checkpoint.Q2, Rating.MODERATE, date(2025, 12, 20)),
                        ),
                    ),
                    GoalLine(
                        description="Строит рассказ по картинке из 5 предложений",
                        status=GoalStatus.ACHIEVED,
                        baseline="2 предложения",
                        target="5 предложений",
                        ratings=(
                            RatingPoint(Checkpoint.START, Rating.MODERATE, date(2025, 11, 5)),
                            RatingPoint(Checkpoint.Q2, Rating.HIGH, date(2025, 12, 20)),
                        ),
                    ),
                ),
            ),
            DomainGoals(
                Domain.FINE_MOTOR,
                (
                    GoalLine(
                        description="Holds a pencil with a tripod grip",
                        status=GoalStatus.ACTIVE,
                        ratings=(
                            RatingPoint(Checkpoint.START, Rating.NONE, date(2025, 11, 6)),
                            RatingPoint(Checkpoint.Q2, Rating.NOT_ASSESSED, date(2025, 12, 20)),
                        ),
                    ),
                ),
            ),
        ),
        sessions=(
            # kept well below a page so the report is exactly two pages long
            SessionCount(SessionKind.INDIVIDUAL, 14, 12, 2),
            SessionCount(SessionKind.GROUP, 6, 5, 1),
        ),
        parent=ParentSection(
            consultations_offered=4,
            consultations_attended=3,
            joint_sessions_attended=2,
            present_at_sessions=5,
            practice_given=7,
            practice_done=4,
            practice_partly=1,
            practice_not_done=1,
            group_meetings_attended=3,
            goals=(
                ParentGoalLine("Үйде тыныштандыру тәсілін үйрену", ParentGoalStatus.ACHIEVED),
                ParentGoalLine("Ходить на группу поддержки", ParentGoalStatus.ACTIVE),
            ),
        ),
        recommendations=("Күн сайын 10 минут оқу", ESCAPED_NOTE),
        next_steps=("Повторная оценка в марте",),
        signatories=(
            Signatory(StaffRole.SPEECH_THERAPIST, "Һадиша Үмітқызы Өмірзақова"),
            Signatory(ExtraRole.CAREGIVER),
        ),
        specialist_notes=(
            SpecialistNote(CONSILIUM_NOTE, date(2025, 12, 19), "Ұлжан Ж."),
            SpecialistNote(ESCAPED_NOTE),
        ),
        sen_categories=(("speech", None),),
        pmpk=PmpkInfo("ПМПК-17/25", date(2025, 5, 14), date(2026, 5, 14)),
    )


def summary_data(*, identified: bool = False) -> TermSummaryData:
    """A room's term: every table filled, some text trying to be a formula, and counts of
    1 or 2 people (pre-school class, some wellbeing bands, the safety flags) that a
    de-identified summary hides."""
    return TermSummaryData(
        school="№ 12 мектеп-гимназиясы",
        room="Инклюзивті қолдау кабинеті",
        period=PERIOD,
        made_on=date(2025, 12, 27),
        identified=identified,
        children_total=23,
        children_by_category=(
            CategoryCount("speech", 9),
            CategoryCount("delayed_development", 7),
            CategoryCount("autism", 4),
            CategoryCount("centre_own", 3, label='=HYPERLINK("http://x")'),
        ),
        children_by_grade=(GradeCount(0, 2), GradeCount(1, 8), GradeCount(3, 13)),
        sessions_by_kind=(
            KindCount(SessionKind.INDIVIDUAL, 120, 104, 16),
            KindCount(SessionKind.GROUP, 30, 88, 12),
            KindCount(SessionKind.PARENT_CONSULTATION, 25, 21, 4),
        ),
        sessions_by_specialist=(
            (
                SpecialistCount(StaffRole.SPEECH_THERAPIST, 80, 3600, "Өмірзақова Һ."),
                SpecialistCount(StaffRole.PSYCHOLOGIST, 95, 4290, "Ұлжан Ж."),
            )
            if identified
            else (  # de-identified: by role where two share it, the others together
                SpecialistCount(StaffRole.SPEECH_THERAPIST, 80, 3600, people=2),
                SpecialistCount(None, 95, 4290, people=3),
            )
        ),
        goals=GoalOutcomes(achieved=11, progressing=30, no_change=6, not_assessed=2),
        involvement=(
            InvolvementRate(InvolvementMeasure.CONSULTATIONS, Ratio(21, 25)),
            InvolvementRate(InvolvementMeasure.HOME_PRACTICE, Ratio(40, 64)),
            InvolvementRate(InvolvementMeasure.GROUP_MEETINGS, Ratio(0, 0)),
        ),
        families=(
            FamiliesReached(FamilyGroup.LARGE, Ratio(8, 10)),
            FamiliesReached(FamilyGroup.VULNERABLE, Ratio(5, 9)),
        ),
        referrals=(
            ReferralCount(ReferralStatus.SENT, 3),
            ReferralCount(ReferralStatus.COMPLETED, 2),
        ),
        expiring=(
            ExpiringConclusion(
                "SR-2025-0042" if identified else None,
                "-17/25" if identified else None,
                date(2026, 1, 20),
                child_name="Әлібек Қ." if identified else None,
            ),
        ),
        expired=(
            ExpiringConclusion(
                "SR-2024-0007" if identified else None,
                "ПМПК-3/24" if identified else None,
                date(2025, 12, 1),
                child_name="Сейіт Ә." if identified else None,
                days_overdue=26,
            ),
        ),
        wellbeing=WellbeingCounts(
            given=(InstrumentGiven("PHQ-9", 7, 5), InstrumentGiven("WHO-5", 4, 4)),
            bands=(
                BandCount("PHQ-9", "minimal", "ең аз белгілер", 2),
                BandCount("PHQ-9", "mild", "жеңіл белгілер", 4),
                BandCount("PHQ-9", "moderate", "орташа белгілер", 1),
                BandCount("WHO-5", "poor", "көңіл-күйі төмен", 1),
                BandCount("WHO-5", "adequate", "көңіл-күйінің төмендеу белгілері жоқ", 3),
            ),
            flags_raised=2,
            flags_followed_up=1,
        ),
    )


def pdf_text(path: Path) -> str:
    """The text of a PDF as `pdftotext -layout` extracts it."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    )
    return result.stdout.decode("utf-8")
