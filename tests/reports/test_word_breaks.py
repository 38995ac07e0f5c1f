"""Words are broken at the end of a line only after a hyphen of their own, in Kazakh as in
Russian and English: never inside a word without a hyphen shown (reportlab's own letters
for hyphenating lack ә ғ қ ң ө ұ ү һ і, so it used to cut Kazakh compounds anywhere)."""

from __future__ import annotations

from pathlib import Path

import leaflet_samples
import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from caseroom.reports.leaflet import write_leaflet
from caseroom.reports.styles import styles

COMPOUND = "психологиялық-медициналық-педагогикалық"


def _lines(paragraph: Paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    return [" ".join(words) for _space, words in paragraph.blPara.lines]


@pytest.mark.parametrize(
    "word", [COMPOUND, "психолого-медико-педагогическая", "Өмірзақова-Нұрғалиева"]
)
def test_a_compound_too_long_for_its_line_breaks_after_its_hyphens(word: str) -> None:
    lines = _lines(Paragraph(f"ПМПК ({word} консультация)", styles().cell), 100)
    assert "".join(lines).replace(" ", "") == f"ПМПК({word}консультация)"
    for line in lines[:-1]:
        assert line.endswith("-") or f"{line} " in f"ПМПК ({word} консультация) ", line
    assert any(line.endswith("-") for line in lines)


def test_a_long_word_without_a_hyphen_is_never_cut() -> None:
    word = "Мүмкіндігішектеулібалалардыңата-аналарына".replace("-", "")
    lines = _lines(Paragraph(f"{word} көмек", styles().cell), 80)
    assert lines[0] == word  # whole, even though it is wider than the line


def _reading(path: Path) -> str:
    """The PDF's text line by line as printed (pypdf keeps a hyphen at a line's end, which
    pdftotext would take away), the lines joined back: after a hyphen with nothing between."""
    text = ""
    for page in PdfReader(path).pages:
        for line in page.extract_text().splitlines():
            text += line.strip() if text.endswith("-") else " " + line.strip()
    return text


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_leaflet_prints_every_word_whole(tmp_path: Path, language: str) -> None:
    data = leaflet_samples.leaflet(language)
    path = tmp_path / "leaflet.pdf"
    write_leaflet(data, path, language=language)
    words = set(_reading(path).split())
    for entry in data.entries:
        for text in (entry.name, entry.offers, entry.for_whom, entry.hours):
            for word in (text or "").split():
                assert word in words, word
    kind = "ПМПК (психологиялық-медициналық-педагогикалық консультация)"
    if language == "kk":
        assert all(word in words for word in kind.split())
