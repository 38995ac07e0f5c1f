"""The room's term summary: the shared tables, and the PDF read back with pdftotext."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from report_samples import pdf_text, summary_data

from caseroom.reports.data import ExpiringConclusion, SpecialistCount
from caseroom.reports.language import ReportLanguage
from caseroom.reports.summary_tables import ColumnKind, SummaryTable, sheet_name, summary_tables
from caseroom.reports.term_summary import write_term_summary
from caseroom.vocab import StaffRole


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _table(key: str, *, identified: bool = False) -> SummaryTable:
    tables = summary_tables(summary_data(identified=identified), ReportLanguage("en"))
    return next(table for table in tables if table.key == key)


def test_tables_carry_exact_typed_figures() -> None:
    kinds = _table("sessions_by_kind")
    assert kinds.rows[0] == ("Individual session", 120, 104, 16)
    assert kinds.total == ("Total", 175, 213, 32)
    specialists = _table("sessions_by_specialist")
    assert specialists.rows == (  # de-identified: by role, the others together
        ("Speech therapist", 2, 80, 60.0),
        ("Other specialists", 3, 95, 71.5),
    )
    assert specialists.total == ("Total", 5, 175, 131.5)
    assert specialists.columns[3].kind is ColumnKind.HOURS
    involvement = _table("involvement")
    assert involvement.rows[0] == ("Consultations attended of offered", 21, 25, 0.84)
    assert involvement.rows[1][3] == pytest.approx(0.625)
    assert involvement.rows[2][3] is None  # nothing offered: no rate, not 0 %
    assert _table("goals").total == ("Total", 49)
    grades = _table("children_by_grade", identified=True)
    assert grades.rows == (("Pre-school class", 2), ("Grade 1", 8), ("Grade 3", 13))
    assert _table("pmpk_expiring").rows == ((date(2026, 1, 20),),)  # no case or PMPK number
    assert _table("pmpk_expired").rows == ((date(2025, 12, 1), 26),)


def test_column_titles_name_their_unit_and_overlaps_are_noted() -> None:
    titles = {
        key: [column.title for column in _table(key).columns]
        for key in ("children_by_category", "children_by_grade", "sessions_by_kind")
    }
    assert titles == {
        "children_by_category": ["SEN category", "Children (people)"],
        "children_by_grade": ["Grade", "Children (people)"],
        "sessions_by_kind": [
            "Kind of session",
            "Sessions held",
            "Attended (people)",
            "Missed (people)",
        ],
    }
    assert _table("children_by_category").notes[0] == (
        "A child can have several categories, so the rows add up to more than the number "
        "of children."
    )
    assert "so a group session of 6 children adds 6" in _table("sessions_by_kind").notes[0]
    checkins = _table("wellbeing_checkins")
    assert [column.title for column in checkins.columns][1:] == ["Check-ins", "Caregivers (people)"]


def test_identified_tables_add_names() -> None:
    assert _table("sessions_by_specialist", identified=True).rows[0][0] == "Өмірзақова Һ."
    expiring = _table("pmpk_expiring", identified=True)
    assert [column.title for column in expiring.columns] == [
        "Case number",
        "Child",
        "Conclusion No.",
        "Valid until",
    ]
    assert expiring.rows[0][1] == "Әлібек Қ."


def test_a_de_identified_summary_refuses_names() -> None:
    with pytest.raises(ValueError, match="must not carry names"):
        replace(
            summary_data(),
            sessions_by_specialist=(SpecialistCount(StaffRole.PSYCHOLOGIST, 1, 45, "Name"),),
        )
    with pytest.raises(ValueError, match="must not carry names"):
        replace(
            summary_data(),
            expiring=(ExpiringConclusion("SR-1", "1", date(2026, 1, 1), child_name="Name"),),
        )


def test_sheet_names_are_valid_and_unique() -> None:
    assert sheet_name("Дети по категориям ООП: [слух/зрение]?") == "Дети по категориям ООП слух зре"
    assert len(sheet_name("Ә" * 40)) == 31
    assert sheet_name("Goals", ["goals"]) == "Goals (2)"
    assert sheet_name("'quoted'") == "quoted"
    assert sheet_name("") == "Sheet"
    long_taken = "Ата-аналардың қатысу деңгейлері"
    assert len(long_taken) == 31
    second = sheet_name(long_taken, [long_taken])
    assert len(second) <= 31 and second.endswith(" (2)")
    for language in ("kk", "ru", "en"):
        names = [t.sheet_name for t in summary_tables(summary_data(), ReportLanguage(language))]
        assert len(set(names)) == len(names) == 18  # 14, and 4 on the support groups
        assert all(0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in names)


def test_pdf_shows_the_tables_and_pages(tmp_path: Path, pdftotext: str) -> None:
    path = tmp_path / "summary.pdf"
    write_term_summary(summary_data(), path, language="en")
    text = _squash(pdf_text(path))
    assert "Term summary of the support room" in text
    assert "Children in the room 23" in text
    assert "Speech disorders 9" in text
    assert "Individual session 120 104 16" in text
    assert "Total 175 213 32" in text
    assert "Speech therapist 2 80 60.0" in text and "Other specialists 3 95 71.5" in text
    assert "Consultations attended of offered 21 25 84%" in text
    assert "Home practice tasks done of given 40 64 62%" in text
    assert "Group meetings: caregivers present of registered 0 0 —" in text
    assert "Large families (4 or more children) … 10 …" in text  # 2 of them did not
    assert "Valid until 20.01.2026" in text and "SR-2025-0042" not in text
    assert "Valid until Days overdue 01.12.2025 26" in text
    assert "PHQ-9 7 5" in text and "WHO-5 … 4" in text
    assert "WHO-5 көңіл-күйі төмен <3" in text
    assert "Followed up of raised … <3 …" in text
    assert "“<3”: 1 or 2 people" in text
    assert "Page 1 of 4" in text and "Page 4 of 4" in text
    assert "Инклюзивті қолдау кабинеті" in text
    assert "De-identified" in text
    for name in ("Өмірзақова", "Ұлжан", "Әлібек"):
        assert name not in text


def test_identified_pdf_names_people(tmp_path: Path, pdftotext: str) -> None:
    path = tmp_path / "identified.pdf"
    write_term_summary(summary_data(identified=True), path, language="en")
    text = _squash(pdf_text(path))
    assert "Өмірзақова Һ. 80 60.0" in text
    assert "Әлібек Қ." in text
    assert "Contains names" in text


def test_same_summary_gives_identical_bytes(tmp_path: Path) -> None:
    write_term_summary(summary_data(), tmp_path / "a.pdf", language="ru")
    write_term_summary(summary_data(), tmp_path / "b.pdf", language="ru")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
