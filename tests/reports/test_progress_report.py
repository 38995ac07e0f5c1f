"""The child's progress report, read back from the PDF with pdftotext."""

from __future__ import annotations

import dataclasses
import gettext
import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from report_samples import (
    CONSILIUM_NOTE,
    ESCAPED_NOTE,
    GOAL_WITH_ALL_LETTERS,
    KAZAKH_LOWER,
    KAZAKH_UPPER,
    pdf_text,
    progress_data,
)

from caseroom import i18n
from caseroom.reports import data as report_data
from caseroom.reports.data import Audience, ParentSection
from caseroom.reports.progress_report import write_progress_report


def _squash(text: str) -> str:
    """pdftotext -layout pads columns with spaces: compare words, not spacing."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def consilium_pdf(tmp_path: Path, pdftotext: str) -> str:
    path = tmp_path / "consilium.pdf"
    write_progress_report(progress_data(Audience.CONSILIUM), path, language="en")
    return pdf_text(path)


@pytest.fixture
def parent_pdf(tmp_path: Path, pdftotext: str) -> str:
    path = tmp_path / "parent.pdf"
    write_progress_report(progress_data(Audience.PARENT), path, language="en")
    return pdf_text(path)


def test_header_names_the_child_class_case_and_period(consilium_pdf: str) -> None:
    text = _squash(consilium_pdf)
    assert "Child Әлібек Ғалымжан Қуаныштұлы" in text
    assert "Date of birth 09.03.2016" in text
    assert re.search(r"Class 3 ?Ә", text)
    assert "Case number SR-2025-0042" in text
    assert "Period 2nd quarter 2025–2026 (03.11.2025 – 26.12.2025)" in text
    assert "2025-2026:q2" not in text  # the `--period` code is never printed
    assert "№ 12 мектеп-гимназиясы · Инклюзивті қолдау кабинеті" in text
    assert "Period: 03.11.2025 – 26.12.2025" in text


def test_goals_come_with_baseline_target_criterion_and_ratings(consilium_pdf: str) -> None:
    text = _squash(consilium_pdf)
    assert GOAL_WITH_ALL_LETTERS in text
    assert "Baseline: ң/н дыбыстарын шатастырады" in text
    assert "Target: әңгімеде дұрыс айтады" in text
    assert "Criterion: 10 сөздің 8-і дұрыс" in text
    assert "Speech and communication" in text
    assert "Fine motor" in text
    assert "start of year (05.11.2025): minimal" in text
    assert "quarter 2 (20.12.2025): moderate" in text
    assert "quarter 2 (20.12.2025): high" in text
    assert "quarter 2 (20.12.2025): not assessed" in text
    assert "start of year (06.11.2025): no change" in text
    assert "achieved" in text


def test_session_and_parent_figures(consilium_pdf: str) -> None:
    text = _squash(consilium_pdf)
    assert "Individual session 14 12 2" in text
    assert "Group session 6 5 1" in text
    assert "Total 20 17 3" in text
    assert "Consultations attended 3 of 4 (75%)" in text
    assert "Present at the child's sessions 5 sessions, 2 of them joint" in text
    assert "7 tasks given: 4 done, 1 partly done, 1 not done, 1 not checked yet" in text
    assert "Үйде тыныштандыру тәсілін үйрену — achieved" in text
    assert "Күн сайын 10 минут оқу" in text
    assert "Повторная оценка в марте" in text
    assert "Һадиша Үмітқызы" in text
    assert "Parent or legal representative" in text


def test_kazakh_letters_come_back_intact(consilium_pdf: str) -> None:
    for letter in KAZAKH_UPPER + KAZAKH_LOWER:
        assert letter in consilium_pdf, letter
    assert GOAL_WITH_ALL_LETTERS in consilium_pdf
    assert "әңгімеде дұрыс" in consilium_pdf


def test_page_x_of_y_footer(consilium_pdf: str) -> None:
    assert "Page 1 of 2" in consilium_pdf
    assert "Page 2 of 2" in consilium_pdf
    assert "Page 3" not in consilium_pdf
    assert consilium_pdf.count("Әлібек Ғалымжан Қуаныштұлы · case SR-2025-0042") == 2


def test_consilium_sees_notes_categories_and_pmpk(consilium_pdf: str) -> None:
    text = _squash(consilium_pdf)
    assert CONSILIUM_NOTE in text
    assert "19.12.2025 · Ұлжан Ж." in text
    assert "Speech disorders" in text
    assert "No. ПМПК-17/25 of 14.05.2025, valid until 14.05.2026" in text


def test_parent_version_leaves_out_specialist_only_content(parent_pdf: str) -> None:
    text = _squash(parent_pdf)
    assert "Әлібек Ғалымжан Қуаныштұлы" in text
    assert CONSILIUM_NOTE not in text
    assert "невролога" not in text
    assert "Ұлжан Ж." not in text
    assert "Specialists' notes" not in text
    assert "Speech disorders" not in text
    assert "ПМПК-17/25" not in text
    # plain words for the family
    assert "Where we started: ң/н" in text
    assert "What we aim for: әңгімеде дұрыс айтады" in text
    assert "What you did together with us" in text


def test_user_markup_prints_as_typed(consilium_pdf: str) -> None:
    # once in the recommendations, once in the specialists' notes
    assert _squash(consilium_pdf).count(ESCAPED_NOTE) == 2


def test_same_data_gives_identical_bytes(tmp_path: Path) -> None:
    data = progress_data()
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    write_progress_report(data, first, language="en")
    write_progress_report(data, second, language="en")
    stream = io.BytesIO()
    write_progress_report(data, stream, language="en")
    assert first.read_bytes() == second.read_bytes() == stream.getvalue()
    assert stream.getvalue().startswith(b"%PDF-")
    other = tmp_path / "c.pdf"
    write_progress_report(replace(data, made_on=data.period.end), other, language="en")
    assert other.read_bytes() != first.read_bytes()


def test_the_pdf_renders_to_an_image(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_progress_report(progress_data(), path, language="kk")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    png = (tmp_path / "page-1.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    # A4 at 60 dpi: about 496 × 702 pixels (IHDR width and height, big-endian)
    assert abs(int.from_bytes(png[16:20], "big") - 496) <= 1
    assert abs(int.from_bytes(png[20:24], "big") - 702) <= 1


class _FakeKazakh(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {
            "Sessions": "Сабақтар",
            "Page {page} of {total}": "{page}-бет, барлығы {total}",
        }.get(message, message)


def test_report_language_is_independent_of_the_ui(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pdftotext: str
) -> None:
    monkeypatch.setitem(i18n._cache, "kk", _FakeKazakh())
    i18n.set_language("en")
    path = tmp_path / "kk.pdf"
    write_progress_report(progress_data(), path, language="kk")
    text = pdf_text(path)
    assert "Сабақтар" in text
    assert "1-бет, барлығы 2" in text
    assert i18n.current_language() == "en"
    assert i18n._("Sessions") == "Sessions"


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unsupported report language"):
        write_progress_report(progress_data(), tmp_path / "x.pdf", language="de")
    assert not (tmp_path / "x.pdf").exists()


def test_no_field_can_carry_a_screening_score() -> None:
    names = {
        field.name
        for value in vars(report_data).values()
        if dataclasses.is_dataclass(value)
        for field in dataclasses.fields(value)
    }
    assert "practice_done" in names  # the scan sees the fields
    assert not [name for name in names if re.search(r"score|screen|phq|gad|epds|who5", name)]


def test_home_practice_cannot_be_checked_more_than_given() -> None:
    with pytest.raises(ValueError, match="more home practice checked"):
        ParentSection(practice_given=2, practice_done=2, practice_partly=1)
    assert ParentSection(practice_given=5, practice_done=2).practice_pending == 3


def test_an_empty_period_says_so_in_words(tmp_path: Path, pdftotext: str) -> None:
    data = replace(
        progress_data(Audience.PARENT),
        goals=(),
        sessions=(),
        parent=ParentSection(practice_given=1, practice_done=1),
        recommendations=(),
        next_steps=(),
    )
    path = tmp_path / "empty.pdf"
    write_progress_report(data, path, language="en")
    text = _squash(pdf_text(path))
    assert "No goals were set for this period." in text
    assert "No sessions were held in this period." in text
    assert "Consultations none offered in this period" in text
    assert "1 task given: 1 done, 0 partly done, 0 not done, 0 not checked yet" in text
    assert "How things changed" not in text  # no chart without ratings
    assert "Page 1 of 1" in text
