"""The parent report's verbs agree with the child's sex; the on-screen preview of a page
says and draws what the PDF prints."""

from __future__ import annotations

import gettext
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from report_samples import progress_data

from caseroom import i18n
from caseroom.reports.data import Audience
from caseroom.reports.fonts import FONT, FONT_BOLD
from caseroom.reports.language import ReportLanguage, sex_context
from caseroom.reports.preview import Shape, TextRun, decode, multiply, tokens
from caseroom.reports.progress_report import progress_report_first_page, write_progress_report
from caseroom.vocab import Sex

INTRO = (
    "This report tells you how {name} has progressed in the support room "
    "from {start} to {end}, and what we plan to do next together with you."
)
FORMS = {
    "female": "Отчёт о том, каких успехов {name} достигла с {start} по {end}.",
    "male": "Отчёт о том, каких успехов {name} достиг с {start} по {end}.",
}


class _GenderedRussian(gettext.NullTranslations):
    """The real Russian catalogue, with (or without) the gendered forms of the intro."""

    def __init__(self, gendered: bool) -> None:
        super().__init__()
        self.real = i18n.translations_for("ru")
        self.gendered = gendered

    def gettext(self, message: str) -> str:
        if message == INTRO:
            return "Отчёт о том, каких успехов {name} достиг(ла) с {start} по {end}."
        return self.real.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.real.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        if self.gendered and message == INTRO and context in FORMS:
            return FORMS[context]
        return message  # what gettext gives for a message the catalogue lacks


def _intro_line(tmp_path: Path, pdftotext: str, sex: Sex | None, audience: Audience) -> str:
    data = progress_data(audience)
    data = replace(data, child=replace(data.child, sex=sex))
    path = tmp_path / f"{sex}-{audience}.pdf"
    write_progress_report(data, path, language="ru")
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(text.decode("utf-8").split())


@pytest.mark.parametrize(
    ("sex", "verb"), [(Sex.FEMALE, "достигла с"), (Sex.MALE, "достиг с"), (None, "достиг(ла) с")]
)
def test_parent_report_verb_agrees_with_the_child(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pdftotext: str,
    sex: Sex | None,
    verb: str,
) -> None:
    monkeypatch.setitem(i18n._cache, "ru", _GenderedRussian(gendered=True))
    text = _intro_line(tmp_path, pdftotext, sex, Audience.PARENT)
    assert f"{progress_data().child.full_name} {verb}" in text


def test_missing_gendered_form_falls_back_to_the_neutral_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pdftotext: str
) -> None:
    monkeypatch.setitem(i18n._cache, "ru", _GenderedRussian(gendered=False))
    text = _intro_line(tmp_path, pdftotext, Sex.FEMALE, Audience.PARENT)
    assert "достиг(ла) с" in text
    assert "has progressed" not in text  # never the English source in a Russian report


def test_english_and_consilium_reports_need_no_agreement(tmp_path: Path, pdftotext: str) -> None:
    data = replace(
        progress_data(Audience.PARENT), child=replace(progress_data().child, sex=Sex.MALE)
    )
    path = tmp_path / "en.pdf"
    write_progress_report(data, path, language="en")
    text = " ".join(
        subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True)
        .stdout.decode("utf-8")
        .split()
    )
    assert f"how {data.child.full_name} has progressed" in text
    assert sex_context("F") == "female" and sex_context("M") == "male"
    assert sex_context(None) is None and sex_context("X") is None
    assert ReportLanguage("en").pgettext("female", INTRO) == INTRO


# --- the preview --------------------------------------------------------------------------


def test_preview_holds_the_first_page_as_the_pdf_prints_it(tmp_path: Path, pdftotext: str) -> None:
    data = progress_data(Audience.CONSILIUM)
    path = tmp_path / "report.pdf"
    write_progress_report(data, path, language="kk")
    drawing = progress_report_first_page(data, language="kk")
    pages = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True)
    pdf_pages = pages.stdout.decode("utf-8").rstrip("\f").split("\f")
    assert drawing.pages == len(pdf_pages) >= 2
    assert (drawing.width, drawing.height) == pytest.approx((595.28, 841.89), abs=0.01)
    first = subprocess.run(
        [pdftotext, "-f", "1", "-l", "1", str(path), "-"], capture_output=True, check=True
    )
    # The same letters (pdftotext splits and joins words by its own guesses at spacing).
    pdf_letters = sorted("".join(first.stdout.decode("utf-8").split()))
    preview_letters = sorted("".join(drawing.text().split()))
    assert len(preview_letters) > 500
    assert preview_letters == pdf_letters
    assert data.child.full_name in drawing.text()
    assert f"{drawing.pages} беттің 1-беті" in drawing.text()  # "Page 1 of N" in Kazakh
    runs = [item for item in drawing.items if isinstance(item, TextRun)]
    assert {run.font for run in runs} == {FONT, FONT_BOLD}
    shapes = [item for item in drawing.items if isinstance(item, Shape)]
    assert any(shape.fill is not None for shape in shapes)  # table heads, chart bars
    assert any(shape.stroke is not None for shape in shapes)  # rules and grid lines
    for run in runs:  # everything lies on the page
        x, y = run.matrix[4], run.matrix[5]
        assert 0 <= x <= drawing.width and 0 <= y <= drawing.height, run.text


def test_content_stream_tokens_and_text() -> None:
    found = tokens(
        r"q 1 0 0 1 -2.5 .5 cm (a\(b\) c) Tj (x(y)z) Tj [3 1] 0 d /F2+0 9 Tf (\101\102) Tj"
    )
    assert found == [
        "q", 1.0, 0.0, 0.0, 1.0, -2.5, 0.5, "cm",
        b"a(b) c", "Tj", b"x(y)z", "Tj",
        [3.0, 1.0], 0.0, "d",
        ("name", "F2+0"), 9.0, "Tf",
        b"AB", "Tj",
    ]  # fmt: skip
    subset = [0, 0x04D8, 0x049A, *range(3, 128)]  # as reportlab keeps subset 0: ASCII in place
    assert decode(b"\x01\x02 A", subset) == "ӘҚ A"
    assert decode(b"\xc8", subset) == "\ufffd"  # a code the subset does not hold
    assert decode(b"caf\xe9", None) == "café"
    shift = (1.0, 0.0, 0.0, 1.0, 10.0, 20.0)
    double = (2.0, 0.0, 0.0, 2.0, 0.0, 0.0)
    assert multiply(shift, double) == (2.0, 0.0, 0.0, 2.0, 20.0, 40.0)
    assert multiply(double, shift) == (2.0, 0.0, 0.0, 2.0, 10.0, 20.0)
