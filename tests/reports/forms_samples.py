"""A typical child's printed forms' data, without a database: for the form tests and
the samples in docs/samples/forms/."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date, time
from pathlib import Path

from sample_pages import first_page_png

from caseroom.reports.data import (
    ChildInfo,
    DomainGoals,
    ExtraRole,
    GoalLine,
    PmpkInfo,
    RatingPoint,
    SessionCount,
    Signatory,
)
from caseroom.reports.forms.data import (
    ConsentFormData,
    FormHeader,
    HomeTask,
    Person,
    PlanFormData,
    PlannedSession,
    PmpkFormData,
    ReferralAddress,
    ReferralFormData,
    SheetsFormData,
    SlipFormData,
)
from caseroom.vocab import (
    CaregiverRelation,
    Checkpoint,
    ConsentScope,
    Domain,
    GoalStatus,
    Rating,
    SessionKind,
    Sex,
    StaffRole,
)

MADE_ON = date(2026, 12, 7)
HEADER = FormHeader(
    "КГУ «Общеобразовательная школа № 3 города Есик»", "Кабинет поддержки инклюзии", MADE_ON
)
CHILD = ChildInfo(
    "Айтбаева Мөлдір Ерланқызы", date(2018, 6, 10), "SR-2026-0007", 2, "В", Sex.FEMALE
)
MOTHER = Person(
    "Айтбаева Айша Бекарысовна", relation=CaregiverRelation.MOTHER, phone="+77072769904"
)
LEAD = Person("Омарова Дана Серікқызы", role=StaffRole.PSYCHOLOGIST, phone="+77763602037")
SPEECH = Person("Ким Ирина Викторовна", role=StaffRole.SPEECH_THERAPIST)
SIGNERS = (
    Signatory(StaffRole.PSYCHOLOGIST, LEAD.name),
    Signatory(StaffRole.SPEECH_THERAPIST, SPEECH.name),
    Signatory(ExtraRole.CAREGIVER, MOTHER.name),
)
_R = RatingPoint
GOALS = (
    DomainGoals(
        Domain.SPEECH,
        (
            GoalLine(
                "Строит фразы из двух-трёх слов",
                GoalStatus.ACTIVE,
                "Отдельные слова",
                "Фразы из 2–3 слов в игре",
                "5 фраз за занятие",
                (
                    _R(Checkpoint.START, Rating.NONE, date(2026, 9, 20)),
                    _R(Checkpoint.Q1, Rating.MINIMAL, date(2026, 10, 25)),
                ),
            ),
            GoalLine(
                "Понимает двухшаговую инструкцию",
                GoalStatus.ACTIVE,
                "Выполняет одношаговую",
                "Выполняет двухшаговую без подсказки",
                "4 из 5 попыток",
                (_R(Checkpoint.START, Rating.MINIMAL, date(2026, 9, 20)),),
            ),
        ),
    ),
    DomainGoals(
        Domain.SOCIAL_EMOTIONAL,
        (
            GoalLine(
                "Справляется с сильными эмоциями без вспышек",
                GoalStatus.ACTIVE,
                "2–3 вспышки гнева в день",
                "Использует приём «стоп — вдох»",
                "Не более одной вспышки в неделю",
                (
                    _R(Checkpoint.START, Rating.NONE, date(2026, 9, 20)),
                    _R(Checkpoint.Q1, Rating.MODERATE, date(2026, 10, 25)),
                ),
            ),
        ),
    ),
    DomainGoals(
        Domain.FINE_MOTOR,
        (
            GoalLine(
                "Застёгивает пуговицы",
                GoalStatus.ACHIEVED,
                "С помощью взрослого",
                "Сама, 5 пуговиц",
                "За 2 минуты",
                (
                    _R(Checkpoint.START, Rating.MINIMAL, date(2026, 9, 20)),
                    _R(Checkpoint.Q1, Rating.HIGH, date(2026, 10, 25)),
                ),
            ),
        ),
    ),
)
SCHEDULE = (
    PlannedSession(date(2026, 12, 8), time(13, 10), 35, SessionKind.INDIVIDUAL, LEAD.name),
    PlannedSession(date(2026, 12, 10), time(9, 20), 40, SessionKind.INDIVIDUAL, SPEECH.name),
    PlannedSession(date(2026, 12, 11), time(11, 20), 40, SessionKind.GROUP, LEAD.name),
    PlannedSession(date(2026, 12, 15), time(13, 10), 35, SessionKind.JOINT, LEAD.name),
)
TASKS = (
    HomeTask("Каждый вечер называть пять игрушек в ванной", date(2026, 12, 4), date(2026, 12, 11)),
    HomeTask("Читать вместе книжку с картинками 10 минут", date(2026, 11, 27)),
)


def consent() -> ConsentFormData:
    """The consent for every scope a child's work needs."""
    scopes = (
        ConsentScope.DATA_PROCESSING,
        ConsentScope.SEN_ASSESSMENT,
        ConsentScope.SPECIAL_SUPPORT,
        ConsentScope.PSYCH_DIAGNOSTICS,
    )
    return ConsentFormData(HEADER, CHILD, MOTHER, scopes)


def plan() -> PlanFormData:
    """The programme of a typical child."""
    goals = tuple(
        dataclasses.replace(d, goals=tuple(dataclasses.replace(g, ratings=()) for g in d.goals))
        for d in GOALS
    )
    return PlanFormData(
        HEADER,
        CHILD,
        date(2026, 9, 20),
        date(2027, 5, 31),
        goals,
        (LEAD, SPEECH),
        SCHEDULE,
        TASKS[:1],
        (date(2026, 11, 20),),
        date(2027, 1, 15),
        SIGNERS,
    )


def pmpk() -> PmpkFormData:
    """The PMPK presentation of a typical child."""
    return PmpkFormData(
        HEADER,
        CHILD,
        "КГУ «Общеобразовательная школа № 3 города Есик»",
        date(2026, 9, 13),
        GOALS,
        (
            SessionCount(SessionKind.INDIVIDUAL, 19, 19, 0),
            SessionCount(SessionKind.GROUP, 10, 9, 1),
        ),
        (LEAD, SPEECH),
        PmpkInfo("ПМПК-10/26", date(2026, 9, 8)),
        "Занятия с логопедом два раза в неделю; психологическое сопровождение.",
        SIGNERS,
    )


def referral() -> ReferralFormData:
    """A referral letter addressed from a directory entry."""
    return ReferralFormData(
        HEADER,
        CHILD,
        MOTHER,
        ReferralAddress(
            "Сурдолог, областная детская больница",
            "ул. Абая, 5",
            "Есик",
            "+7 72775 2 11 00",
            "пн–пт 9:00–17:00",
            "Автобус № 12 до рынка",
        ),
        "Проверка слуха: ребёнок часто переспрашивает.",
        date(2026, 11, 2),
        LEAD,
    )


def slip() -> SlipFormData:
    """The parent's slip."""
    return SlipFormData(HEADER, CHILD, MOTHER, SCHEDULE, TASKS)


def sheets(named: bool = True) -> SheetsFormData:
    """Blank sheets for the week of 07.12.2026."""
    return SheetsFormData(HEADER, date(2026, 12, 7), CHILD.full_name if named else None)


SAMPLES = {
    "consent": consent,
    "plan": plan,
    "pmpk": pmpk,
    "referral": referral,
    "slip": slip,
    "sheets": sheets,
}


def write_samples(folder: Path) -> list[Path]:
    """Write every form in kk, ru and en into `folder` (`<form>-<lang>.pdf`) with a PNG of
    its first page (`pdftoppm`); returns the PDFs. Run as
    `python tests/reports/forms_samples.py docs/samples/forms` (with SOURCE_DATE_EPOCH set
    the PDFs are byte-for-byte reproducible)."""
    from caseroom.services.reporting.form_files import write_form

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for form, build in SAMPLES.items():
        for language in ("kk", "ru", "en"):
            path = folder / f"{form}-{language}.pdf"
            write_form(build(), path, language=language)
            first_page_png(path)
            written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_samples(Path(sys.argv[1])):
        print(written_path)
