"""Reports speak in dates and fit their pages: periods in words, an expired PMPK
conclusion called expired, headers and names that wrap or shrink but are never cut, and
a note's heading that never ends a page alone."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from report_samples import PERIOD, pdf_text, progress_data, summary_data

from caseroom.reports.data import Audience, PmpkInfo, Signatory, SpecialistNote
from caseroom.reports.progress_report import write_progress_report
from caseroom.reports.term_summary import write_term_summary
from caseroom.vocab import StaffRole

LONG_SCHOOL = "«Есік қаласының № 3 жалпы білім беретін мектебі» коммуналдық мемлекеттік мекемесі"
LONG_ROOM = "Ерекше білім беру қажеттіліктері бар балаларға арналған инклюзивті қолдау кабинеті"
LONG_WORD = "Мұхаметжанова-Сейітқалиева"
LONG_NAME = f"{LONG_WORD} Айгерім-Гүлнұр Ерланқызы"


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _region(path: Path, *, page: int, x: float, y: float, w: float, h: float) -> str:
    """The text pdftotext reads in a rectangle of one page (points, from the top left)."""
    found = subprocess.run(
        [
            *("pdftotext", "-f", str(page), "-l", str(page), "-x", str(int(x)), "-y", str(int(y))),
            *("-W", str(int(w)), "-H", str(int(h)), "-enc", "UTF-8", str(path), "-"),
        ],
        check=True,
        capture_output=True,
    )
    return _squash(found.stdout.decode("utf-8"))


def _write(tmp_path: Path, language: str = "en", **changes: object) -> Path:
    data = replace(progress_data(Audience.PARENT), **changes)  # type: ignore[arg-type]
    path = tmp_path / f"report-{language}.pdf"
    write_progress_report(data, path, language=language)
    return path


# --- periods and dates ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_period_code_is_never_printed(tmp_path: Path, pdftotext: str, language: str) -> None:
    text = pdf_text(_write(tmp_path, language))
    assert "2025-2026:q2" not in text and ":q" not in text
    assert "03.11.2025" in text and "26.12.2025" in text


def test_a_period_not_ended_is_printed_so_far(tmp_path: Path, pdftotext: str) -> None:
    period = replace(PERIOD, end=date(2025, 12, 7), planned_end=PERIOD.end)
    text = _squash(pdf_text(_write(tmp_path, period=period, made_on=date(2025, 12, 7))))
    assert (
        "Period 2nd quarter 2025–2026 (03.11.2025 – 26.12.2025), so far, up to 07.12.2025"
    ) in text
    assert "Period: 03.11.2025 – 07.12.2025" in text  # the page header: the days counted
    assert "from 03.11.2025 to 07.12.2025" in text


def test_a_range_and_a_school_year_are_named_by_their_dates(tmp_path: Path) -> None:
    year = replace(PERIOD, quarter=None, label="2025-2026")
    text = _squash(pdf_text(_write(tmp_path, period=year)))
    assert "Period 2025–2026 school year (03.11.2025 – 26.12.2025)" in text
    days = replace(PERIOD, school_year=None, quarter=None, label="2025-11-03..2025-12-26")
    text = _squash(pdf_text(_write(tmp_path, period=days)))
    assert "Period 03.11.2025 – 26.12.2025 Report date" in text
    assert "2025-11-03" not in text


def test_an_expired_pmpk_conclusion_says_so_with_the_days_overdue(
    tmp_path: Path, pdftotext: str
) -> None:
    expired = PmpkInfo("ПМПК-17/25", date(2024, 11, 4), date(2025, 11, 4))
    data = replace(progress_data(Audience.CONSILIUM), pmpk=expired)  # made on 27.12.2025
    path = tmp_path / "consilium.pdf"
    write_progress_report(data, path, language="en")
    text = _squash(pdf_text(path))
    assert "No. ПМПК-17/25 of 04.11.2024, valid until 04.11.2025 — expired 53 days ago" in text
    one_day = replace(data, pmpk=replace(expired, valid_until=date(2025, 12, 26)))
    write_progress_report(one_day, path, language="en")
    assert "valid until 26.12.2025 — expired 1 day ago" in _squash(pdf_text(path))
    still = replace(data, pmpk=replace(expired, valid_until=date(2025, 12, 27)))
    write_progress_report(still, path, language="en")
    text = _squash(pdf_text(path))
    assert "valid until 27.12.2025" in text and "expired" not in text


# --- headers, footers and signatures ----------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_long_header_wraps_or_shrinks_and_is_never_cut(
    tmp_path: Path, pdftotext: str, language: str
) -> None:
    path = _write(
        tmp_path,
        language,
        school=LONG_SCHOOL,
        room=LONG_ROOM,
        child=replace(progress_data().child, full_name=LONG_NAME + " " + LONG_NAME),
    )
    pages = int(re.search(r"Pages:\s+(\d+)", _info(path))[1])  # type: ignore[index]
    for page in range(1, pages + 1):
        header = _region(path, page=page, x=0, y=0, w=595 * 0.62, h=64)
        assert header == f"{LONG_SCHOOL} · {LONG_ROOM}", (page, header)
        footer = _region(path, page=page, x=0, y=842 - 40, w=595, h=40)
        assert footer.startswith(f"{LONG_NAME} {LONG_NAME} ·"), (page, footer)
        assert "SR-2025-0042" in footer
        assert "…" not in header + footer
    assert "…" not in pdf_text(path)


def _info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def test_names_in_signature_lines_wrap_at_spaces_never_inside_a_word(
    tmp_path: Path, pdftotext: str
) -> None:
    signatories = (
        Signatory(StaffRole.SPECIAL_EDUCATOR, LONG_NAME),
        Signatory(StaffRole.PSYCHOLOGIST, "Ли Ан"),
    )
    for language in ("kk", "ru", "en"):
        path = _write(tmp_path, language, signatories=signatories)
        lines = [line.strip() for line in pdf_text(path).splitlines()]
        words = [word for line in lines for word in line.split()]
        assert LONG_WORD in words, language  # whole, on one line
        for word in LONG_NAME.split():
            assert word in words, (language, word)


def test_a_note_heading_never_ends_a_page_alone(tmp_path: Path, pdftotext: str) -> None:
    """Whatever comes before them, each note's date and author stand above its text."""
    base = progress_data(Audience.CONSILIUM)
    text_of_note = "Наблюдение за ребёнком на занятии. " * 6
    for count in range(18, 34):
        notes = tuple(
            SpecialistNote(f"{number}: {text_of_note}", date(2025, 12, 1), f"Автор {number}")
            for number in range(1, count)
        )
        path = tmp_path / f"notes-{count}.pdf"
        write_progress_report(replace(base, specialist_notes=notes), path, language="en")
        for page_text in pdf_text(path).split("\f"):
            body = [line.strip() for line in page_text.splitlines() if line.strip()][:-1]
            if body:
                assert not re.fullmatch(r"01\.12\.2025 · Автор \d+", body[-1]), (count, body[-3:])
            headings = [line for line in body if re.fullmatch(r"01\.12\.2025 · Автор \d+", line)]
            for heading in headings:  # at least two lines of its note below it on the page
                after = body[body.index(heading) + 1 :]
                assert len(after) >= 2, (count, heading)


def test_the_summary_header_fits_long_names(tmp_path: Path, pdftotext: str) -> None:
    data = replace(summary_data(), school=LONG_SCHOOL, room=LONG_ROOM)
    path = tmp_path / "summary.pdf"
    write_term_summary(data, path, language="kk")
    header = _region(path, page=1, x=0, y=0, w=595 * 0.62, h=64)
    assert header == f"{LONG_SCHOOL} · {LONG_ROOM}"
