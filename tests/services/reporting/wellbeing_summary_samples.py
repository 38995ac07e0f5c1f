"""The sample outputs of a mother's own wellbeing summary in docs/samples/, made through
the service that makes them in the app (`save_wellbeing_summary`).

A new room database (a school in Kazakhstan, one mother who consented to screening of her
own wellbeing, three PHQ-9, two WHO-5 and one GAD-7 check-ins over a term, the room's
"where to get help" text) gives `wellbeing-summary-<lang>.pdf` in kk, ru and en with a PNG
of each first page (`pdftoppm`). Run as
`python tests/services/reporting/wellbeing_summary_samples.py docs/samples` (with
SOURCE_DATE_EPOCH set the PDFs are byte-for-byte reproducible).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

LANGUAGES = ("kk", "ru", "en")
MADE_ON = date(2026, 12, 7)
HELP = (
    "Кабинет психолого-педагогического сопровождения: каб. 104, пн–пт 8:30–17:00, "
    "тел. 8 (72775) 4-12-34. Телефон доверия: 150 (бесплатно, круглосуточно). "
    "Экстренная помощь: 112."
)
GIVEN: list[tuple[str, dict[int, int | None], date]] = [
    ("phq9", {1: 2, 2: 2, 3: 3, 4: 2, 5: 1, 6: 2, 7: 2, 8: 1, 9: 0}, date(2026, 9, 14)),
    ("who5", {1: 2, 2: 1, 3: 2, 4: 1, 5: 2}, date(2026, 9, 14)),
    ("gad7", {1: 2, 2: 2, 3: 1, 4: 2, 5: 1, 6: 1, 7: 1}, date(2026, 10, 12)),
    ("phq9", {1: 1, 2: 2, 3: 2, 4: 1, 5: 1, 6: 1, 7: 1, 8: 0, 9: 0}, date(2026, 10, 26)),
    ("phq9", {1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 1, 7: 0, 8: 0, 9: 0}, date(2026, 11, 30)),
    ("who5", {1: 3, 2: 3, 3: 2, 4: 3, 5: 3}, date(2026, 11, 30)),
]
"""The check-ins given: instrument, answers by item, the day."""


def _png(pdf: Path) -> Path:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf),
         str(pdf.with_suffix(""))],
        check=True,
    )  # fmt: skip
    return pdf.with_suffix(".png")


def write_samples(folder: Path) -> list[Path]:
    """Write `wellbeing-summary-<lang>.pdf` and its PNG in kk, ru and en into `folder`;
    returns the PDFs."""
    from sqlmodel import Session

    from caseroom.db.engine import engine_for_path
    from caseroom.db.migrate import upgrade
    from caseroom.db.models import Caregiver, Family, Room, Staff
    from caseroom.services.common import SYSTEM, Actor
    from caseroom.services.reporting.wellbeing import save_wellbeing_summary, set_help_text
    from wellbeing_samples import consent_to_screening, give_checkins

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        engine = engine_for_path(Path(scratch) / "room.sqlite3")
        try:
            upgrade(engine)
            with Session(engine) as session:
                room = Room(
                    school_name="«Есік» мектеп-гимназиясы № 2",
                    room_name="Психологиялық-педагогикалық қолдау кабинеті",
                    locality="Есік",
                )
                session.add(room)
                session.flush()
                member = Staff(
                    room_id=room.id, last_name="Омарова", first_name="Дана", role="psychologist"
                )
                family = Family(room_id=room.id, display_name="Сейтқали")
                session.add_all([member, family])
                session.flush()
                mother = Caregiver(
                    family_id=family.id,
                    last_name="Сейтқали",
                    first_name="Гүлнара",
                    patronymic="Маратқызы",
                    relation="mother",
                )
                session.add(mother)
                session.flush()
                actor = Actor(member.id, member.role)
                consent_to_screening(session, actor, mother.id, today=MADE_ON, on=date(2026, 9, 7))
                give_checkins(session, actor, mother.id, GIVEN, today=MADE_ON)
                set_help_text(session, actor=SYSTEM, text=HELP)
                for language in LANGUAGES:
                    path = folder / f"wellbeing-summary-{language}.pdf"
                    save_wellbeing_summary(
                        session,
                        actor=actor,
                        caregiver_id=mother.id,
                        out=path,
                        made_on=MADE_ON,
                        language=language,
                    )
                    _png(path)
                    written.append(path)
                session.rollback()
        finally:
            engine.dispose()
    return written


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, for the fixtures
    for written_path in write_samples(Path(sys.argv[1])):
        print(written_path)
