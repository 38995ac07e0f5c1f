"""The centre's PDF summary reads well: a section too wide for the page is printed in
parts that each repeat the schools, headers never split a word, school names are whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_samples import pdf_text

from caseroom.reports.centre_summary import (
    CentreSummary,
    SummarySection,
    _least_width,
    column_groups,
    write_pdf,
)
from caseroom.reports.styles import FRAME_WIDTH

LONG_SCHOOL = "Мектеп-гимназия № 12 имени Абая Кунанбаева города Семей Абайской области"
HEADER = [
    "Мектеп",
    "Пакет жасалған",
    "Балалар",
    "Белсенді балалар",
    "Жоспары күшінде",
    "ПМПК қорытындысы күшінде",
    "Қатысқан сабақтар",
    "Өткізілген сабақтар",
    "Қабылданған балалар",
    "Балалардың қатысуы",
    "Ата-аналар тобының кездесулері",
    "Топтардағы ата-аналар",
]


def _summary() -> CentreSummary:
    rows = [[LONG_SCHOOL, "07.12.2026", *range(10 * n, 10 * n + 10)] for n in range(1, 4)]
    return CentreSummary(
        "Өңірлік жиынтық",
        "2026-2027",
        [
            SummarySection("Өңір бойынша қорытынды", ["Көрсеткіш", "Мәні"], [["Балалар", 1234]]),
            SummarySection("Кабинеттер қатар", HEADER, rows),
        ],
    )


def test_wide_columns_come_in_groups_that_fit() -> None:
    widths = [0.0] + [_least_width(h, ["1234"]) for h in HEADER[1:]]
    groups = column_groups(widths, FRAME_WIDTH)
    assert len(groups) == 2  # too wide for one table, and two are enough
    assert sorted(i for group in groups for i in group) == list(range(1, len(HEADER)))
    assert all(sum(widths[i] for i in group) <= FRAME_WIDTH * 0.75 for group in groups)
    assert column_groups([0.0, 40.0, 40.0], FRAME_WIDTH) == [[1, 2]]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pdf_prints_every_header_word_and_school_whole(
    tmp_path: Path, language: str
) -> None:
    out = tmp_path / "summary.pdf"
    write_pdf(_summary(), out, language=language, page_text="{page}/{total}")
    text = pdf_text(out).replace("\xa0", " ").replace("\u202f", " ")
    words = " ".join(text.split())
    for header in HEADER:
        for word in header.split():
            assert word in text.split(), word  # a whole word, never split over lines
    assert words.count("Абайской области") == 2 * 3  # each school in both parts
    assert ("1 234" if language != "en" else "1,234") in words
    if language == "en":
        assert "Кабинеттер қатар (part 1 of 2)" in words
