"""The printed week: A4 landscape, weekday columns, the sessions and children in cells."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from caseroom.reports.timetable_pdf import (
    TimetableSheet,
    TimetableSlot,
    TimetableWeekData,
    timetable_pdf,
)

MONDAY = date(2026, 12, 7)


def _data(*slots: TimetableSlot, for_room: bool = False) -> TimetableWeekData:
    return TimetableWeekData(
        school="School No. 3",
        room="Support room",
        week="2026-W50",
        monday=MONDAY,
        sheets=(TimetableSheet("Omarova Dana", slots),),
        for_room=for_room,
    )


def _text(payload: bytes, tmp_path: Path) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(payload)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_week_is_a4_landscape_with_the_sessions_in_their_days(tmp_path: Path) -> None:
    payload = timetable_pdf(
        _data(
            TimetableSlot(MONDAY, "10:00", "10:40", "group", "planned", ("Aigerim S.", "Arman S.")),
            TimetableSlot(
                date(2026, 12, 9), "14:30", "15:00", "individual", "cancelled", ("Dias K.",)
            ),
        ),
        language="ru",
    )
    page = PdfReader(io.BytesIO(payload)).pages[0]
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
    printed = _text(payload, tmp_path)
    for expected in (
        "понедельник",
        "пятница",
        "07.12.2026",
        "10:00–10:40",
        "Aigerim S.",
        "Arman S.",
        "14:30–15:00",
        "Dias K.",
        "Omarova Dana",
    ):
        assert expected in printed
    assert "суббота" not in printed  # no session on Saturday: no Saturday column
    assert "отменено" in printed or "отменён" in printed or "cancelled" in printed


def test_a_saturday_session_adds_its_column_and_an_empty_week_says_so(tmp_path: Path) -> None:
    saturday = date(2026, 12, 12)
    printed = _text(
        timetable_pdf(
            _data(TimetableSlot(saturday, "09:00", "09:30", "individual", "planned", ("Dias K.",))),
            language="kk",
        ),
        tmp_path,
    )
    assert "сенбі" in printed and "12.12.2026" in printed
    empty = _text(timetable_pdf(_data(for_room=True), language="en"), tmp_path)
    assert "No sessions are planned or held this week." in empty
