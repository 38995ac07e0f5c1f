"""Every table of every PDF stays between the page's margins, as the running header's rule
does (reportlab's default frame has 6 pt of padding a side: a table as wide as the margins
allow ran 12 pt past the right one)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import forms_samples
import pytest
from pdf_geometry import drawn_tables, outside
from report_samples import progress_data, summary_data

from caseroom.reports.centre_summary import CentreSummary, SummarySection, write_pdf
from caseroom.reports.data import Audience
from caseroom.reports.feedback_slip import FeedbackSlipData, SlipQuestion, write_feedback_slip
from caseroom.reports.leaflet import LeafletData, LeafletEntry, leaflet_pdf
from caseroom.reports.progress_report import progress_report_first_page, write_progress_report
from caseroom.reports.styles import MARGIN_X
from caseroom.reports.term_summary import write_term_summary
from caseroom.reports.timetable_pdf import (
    MARGIN,
    TimetableSheet,
    TimetableSlot,
    TimetableWeekData,
    timetable_pdf,
)
from caseroom.reports.wellbeing_data import InstrumentHistory, ScorePoint, WellbeingSummaryData
from caseroom.reports.wellbeing_summary import write_wellbeing_summary
from caseroom.services.reporting.form_files import write_form

MONDAY = date(2026, 12, 7)


def _leaflet() -> None:
    entry = LeafletEntry(
        "Облыстық ПМПК", "pmpk", phone="8 (727) 300-11-22", offers="Баланы тексеру",
        address="Абай к-сі, 15", town="Қонаев", hours="дс–жм 9:00–18:00",
    )  # fmt: skip
    leaflet_pdf(LeafletData("№ 3 мектеп", "Кабинет", MONDAY, (entry,)), language="kk")


def _wellbeing() -> None:
    history = InstrumentHistory(
        "WHO-5", "WHO-5 Well-Being Index", 100, True,
        (ScorePoint(date(2026, 10, 19), 52, "no sign of poor wellbeing"),),
    )  # fmt: skip
    data = WellbeingSummaryData("№ 12 мектеп", "Кабинет", "Сейтқали Гүлнара", MONDAY, (history,))
    write_wellbeing_summary(data, io.BytesIO(), language="kk")


def _centre() -> None:
    section = SummarySection("Өңір бойынша", ["Көрсеткіш", "Мәні"], [["Балалар", 1234]])
    summary = CentreSummary("Өңірлік жиынтық", "2026-2027", [section])
    write_pdf(summary, io.BytesIO(), language="kk", page_text="{page}/{total}")  # type: ignore[arg-type]


def _feedback() -> None:
    data = FeedbackSlipData(
        "№ 3 мектеп", "Кабинет", "Аналар тобы", "Пікір парағы", "Белгілеңіз", "нашар", "жақсы",
        (SlipQuestion("Кездесу пайдалы болды ма?", False), SlipQuestion("Келесіз бе?", True)),
        "Пікіріңіз",
    )  # fmt: skip
    write_feedback_slip(data, io.BytesIO(), language="kk")


def _form(name: str) -> Callable[[], None]:
    def write() -> None:
        write_form(forms_samples.SAMPLES[name](), io.BytesIO(), language="kk")

    return write


A4_DOCUMENTS: dict[str, Callable[[], None]] = {
    "progress-parent": lambda: write_progress_report(
        progress_data(Audience.PARENT), io.BytesIO(), language="kk"
    ),
    "progress-consilium": lambda: write_progress_report(
        progress_data(), io.BytesIO(), language="ru"
    ),
    "progress-preview": lambda: progress_report_first_page(progress_data(), language="kk"),
    "summary": lambda: write_term_summary(summary_data(), io.BytesIO(), language="kk"),
    "leaflet": _leaflet,
    "wellbeing": _wellbeing,
    "centre": _centre,
    "feedback": _feedback,
    **{f"form-{name}": _form(name) for name in forms_samples.SAMPLES},
}


@pytest.mark.parametrize("document", sorted(A4_DOCUMENTS))
def test_every_table_is_between_the_margins(document: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with drawn_tables(monkeypatch) as tables:
        A4_DOCUMENTS[document]()
    assert tables, "the document has tables"
    assert outside(tables, MARGIN_X) == []


def test_the_timetables_grid_is_between_its_margins(monkeypatch: pytest.MonkeyPatch) -> None:
    slot = TimetableSlot(MONDAY, "10:00", "10:40", "group", "planned", ("Айгерім С.",))
    data = TimetableWeekData(
        "№ 3 мектеп", "Кабинет", "2026-W50", MONDAY, (TimetableSheet("Омарова Дана", (slot,)),),
        for_room=False,
    )  # fmt: skip
    with drawn_tables(monkeypatch) as tables:
        timetable_pdf(data, language="kk")
    assert tables
    assert outside(tables, MARGIN) == []
