"""A mother's wellbeing scores never appear in her child's progress report.

The report is made before and after she gives check-ins (one with a safety flag): the
PDFs must be byte-for-byte the same (reportlab's invariant mode), and the printed text
must hold none of her totals, bands or instrument names.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from report_samples import pdf_text
from sqlmodel import Session

from caseroom.db.models import Caregiver, Child, Staff
from caseroom.reports.progress_report import write_progress_report
from caseroom.services.common import Actor
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting import report_data as reporting
from caseroom.services.sessions.writing import AttendeeInput, SessionInput, log_session
from caseroom.services.wellbeing.checkins import record_followup
from caseroom.services.wellbeing.instruments import builtin_instruments
from wellbeing_samples import Given, consent_to_screening, give_checkins

MADE_ON = date(2026, 11, 23)


def _reports(session: Session, actor: Actor, child: Child) -> dict[tuple[str, str], bytes]:
    period = resolve_period(session, "2026-09-01..2026-11-22", today=MADE_ON)
    made: dict[tuple[str, str], bytes] = {}
    for audience in ("parent", "consilium"):
        for language in ("en", "ru", "kk"):
            data = reporting.progress_report_data(
                session,
                actor=actor,
                child_id=child.id,
                period=period,
                audience=audience,
                made_on=MADE_ON,
                language=language,
            )
            out = io.BytesIO()
            write_progress_report(data, out, language=language)
            made[(audience, language)] = out.getvalue()
    return made


def _sessions(
    session: Session, actor: Actor, staff: Staff, child: Child, mother: Caregiver
) -> None:
    for day, kind in ((date(2026, 9, 14), "individual"), (date(2026, 10, 5), "joint")):
        log_session(
            session,
            actor=actor,
            data=SessionInput(
                held_on=day,
                kind=kind,
                staff_id=staff.id,
                minutes=40,
                status="held",
                children=(AttendeeInput(child.id, "present"),),
                caregivers=(AttendeeInput(mother.id, "present"),) if kind == "joint" else (),
            ),
            today=MADE_ON,
        )


def _checkins(session: Session, actor: Actor, mother: Caregiver) -> None:
    consent_to_screening(session, actor, mother.id, today=MADE_ON)
    given: list[Given] = [
        ("phq9", {**dict.fromkeys(range(1, 10), 2), 9: 1}, date(2026, 9, 21)),  # 17, flagged
        ("gad7", dict.fromkeys(range(1, 8), 2), date(2026, 9, 21)),  # 14 moderate
        ("who5", {1: 3, 2: 3, 3: 3, 4: 2, 5: 2}, date(2026, 10, 19)),  # 52 adequate
        ("epds", dict.fromkeys(range(1, 11), 1), date(2026, 10, 19)),
    ]
    for read in give_checkins(session, actor, mother.id, given, today=MADE_ON):
        if read.flag_id is not None:
            record_followup(
                session,
                actor=actor,
                flag_id=read.flag_id,
                actions=["talked_today", "referred"],
                to_whom="Polyclinic No. 3",
                done_on=read.given_on,
                today=MADE_ON,
            )
    session.flush()


def test_mothers_scores_never_reach_the_childs_report(
    session: Session,
    actor: Actor,
    staff: Staff,
    child: Child,
    caregiver: Caregiver,
    tmp_path: Path,
    pdftotext: str,
) -> None:
    _sessions(session, actor, staff, child, caregiver)
    before = _reports(session, actor, child)
    _checkins(session, actor, caregiver)
    after = _reports(session, actor, child)
    assert after == before  # the check-ins changed nothing in any report

    forbidden = {"PHQ", "GAD", "WHO-5", "EPDS", "Polyclinic No. 3", "52 of 100", "17 of 27"}
    for instrument in builtin_instruments().values():
        for language in ("en", "ru", "kk"):
            forbidden.add(instrument.title(language))
            forbidden |= {instrument.band_label(b.code, language) for b in instrument.bands}
    for (audience, language), payload in after.items():
        path = tmp_path / f"{audience}-{language}.pdf"
        path.write_bytes(payload)
        text = " ".join(pdf_text(path).split())
        assert "Seitkali" in text  # the report was read, and names the child
        leaked = sorted(word for word in forbidden if word in text)
        assert leaked == [], (audience, language)
