"""The printed week: A4 landscape, weekday columns, the sessions and children in cells."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from caseroom.reports.timetable_pdf import (
    MARGIN,
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


def _many_slots(count: int) -> tuple[TimetableSlot, ...]:
    return tuple(
        TimetableSlot(
            MONDAY + timedelta(days=n % 5),
            f"{8 + n // 6:02d}:{n * 7 % 60:02d}",
            "18:00",
            "group",
            "planned",
            ("Айгерім Сейтқали", "Әлихан Нұрланұлы", "Мөлдір Ерланқызы"),
        )
        for n in range(count)
    )


@pytest.mark.parametrize(
    ("language", "dates"),
    [("kk", "2026 ж. 7–11 желтоқсан"), ("ru", "7–11 декабря 2026"), ("en", "7–11 December 2026")],
)
def test_the_week_is_said_in_dates_not_as_its_iso_code(
    tmp_path: Path, language: str, dates: str
) -> None:
    slot = TimetableSlot(MONDAY, "10:00", "10:40", "individual", "planned", ("Dias K.",))
    printed = " ".join(_text(timetable_pdf(_data(slot), language=language), tmp_path).split())
    assert dates in printed
    assert "W50" not in printed and "2026-W" not in printed


def test_a_grid_over_several_pages_names_the_specialist_on_each(tmp_path: Path) -> None:
    payload = timetable_pdf(_data(*_many_slots(60)), language="kk")
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(payload)).pages]
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert "Omarova Dana" in text, number
        assert "дүйсенбі" in text, number  # the days repeat too


def _word_boxes(path: Path) -> list[tuple[str, float]]:
    """Each word pdftotext finds, with the right edge of its box (points from the left)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (unescape(word), float(right))
        for right, word in re.findall(r'<word [^>]*xMax="([\d.]+)"[^>]*>([^<]*)</word>', html)
    ]


def test_a_long_school_and_room_fit_the_header(tmp_path: Path) -> None:
    school = "«Есік қаласының № 3 жалпы білім беретін мектебі» КММ Еңбекшіқазақ ауданы " * 2
    room = "Инклюзивті білім беруді психологиялық-педагогикалық қолдау кабинеті"
    data = replace(_data(*_many_slots(3)), school=school.strip(), room=room)
    path = tmp_path / "week.pdf"
    path.write_bytes(timetable_pdf(data, language="kk"))
    boxes = _word_boxes(path)
    words = [word for word, _right in boxes]
    for word in f"{school} {room}".split():
        assert word in words, word
    page_width = float(PdfReader(path).pages[0].mediabox.width)
    assert max(right for _word, right in boxes) <= page_width - MARGIN + 0.5


def test_the_pdf_carries_its_real_creation_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.now(UTC).replace(microsecond=0)
    payload = timetable_pdf(_data(*_many_slots(2)), language="ru")
    created = PdfReader(io.BytesIO(payload)).metadata.creation_date
    assert created is not None and created.year != 2000
    assert before <= created <= datetime.now(UTC) + timedelta(seconds=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    payload = timetable_pdf(_data(*_many_slots(2)), language="ru")
    assert PdfReader(io.BytesIO(payload)).metadata.creation_date == datetime(
        2026, 12, 1, tzinfo=UTC
    )
