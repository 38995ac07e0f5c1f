"""De-identified counts of people: 1 or 2 shown as "<3", and never worked out from a total.

`test_no_hidden_count_can_be_worked_out` tries every small column: whatever a reader
does with the figures shown and the total, each "<3" could still be 1 or 2.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from report_samples import pdf_text, summary_data

from caseroom.reports.csv_export import write_term_summary_csv
from caseroom.reports.data import CategoryCount, GradeCount, SpecialistCount, TermSummaryData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.small_counts import (
    SMALL,
    WITHHELD,
    Shown,
    protect_column,
    protect_rate,
    shown,
)
from caseroom.reports.spreadsheets import write_term_summary_xlsx
from caseroom.reports.summary_tables import summary_tables
from caseroom.reports.term_summary import write_term_summary
from caseroom.vocab import StaffRole


def test_one_count_alone() -> None:
    assert [shown(n) for n in (0, 1, 2, 3, 40)] == [0, SMALL, SMALL, 3, 40]


def test_a_lone_small_count_beside_a_total_takes_another_cell_with_it() -> None:
    cells, stays = protect_column([2, 8, 13], total_shown=True)
    assert cells == [SMALL, WITHHELD, 13] and stays
    cells, stays = protect_column([1, 2, 9], total_shown=True)  # 1 + 2 = 3: either way
    assert cells == [SMALL, SMALL, 9] and stays
    cells, stays = protect_column([1, 1, 9], total_shown=True)  # 2 can only be 1 + 1
    assert cells == [SMALL, SMALL, WITHHELD] and stays
    assert protect_column([2, 8], total_shown=False) == ([SMALL, 8], True)
    assert protect_column([0, 5, 7], total_shown=True) == ([0, 5, 7], True)  # 0 stays


def test_when_nothing_else_can_hide_it_the_total_is_left_out() -> None:
    cells, stays = protect_column([1, 3], total_shown=True)  # 4 = 1 + 3, the only split
    assert cells == [SMALL, WITHHELD] and not stays
    cells, stays = protect_column([1, 1, 1], total_shown=True)
    assert cells == [SMALL, SMALL, SMALL] and not stays


def _consistent(cells: Sequence[Shown], total: int | None) -> list[tuple[int, ...]]:
    """Every column a reader could believe in: "<3" is 1 or 2, "…" 3 or more."""
    top = (total or 0) + 1
    choices = [
        (1, 2) if cell == SMALL else range(3, max(top, 4)) if cell == WITHHELD else (cell,)
        for cell in cells
    ]
    return [
        values for values in itertools.product(*choices) if total is None or sum(values) == total
    ]


def test_no_hidden_count_can_be_worked_out() -> None:
    for size in (1, 2, 3, 4):
        for values in itertools.product(range(0, 6), repeat=size):
            cells, stays = protect_column(values, total_shown=True)
            total = sum(values) if stays else None
            worlds = _consistent(cells, total)
            assert tuple(values) in worlds
            for index, cell in enumerate(cells):
                if cell == SMALL:
                    assert {world[index] for world in worlds} == {1, 2}, (values, cells)
                else:
                    assert cell == WITHHELD or cell == 0 or cell >= 3, (values, cells)


def test_a_rate_of_people_hides_its_part_and_rate_when_few_are_in_or_out() -> None:
    assert protect_rate(2, 40) == (SMALL, 40, False)
    assert protect_rate(38, 40) == (WITHHELD, 40, False)  # 2 families did not
    assert protect_rate(1, 2) == (WITHHELD, SMALL, False)
    assert protect_rate(0, 2) == (WITHHELD, SMALL, False)  # "none of the 2" says too much
    assert protect_rate(0, 40) == (0, 40, True)
    assert protect_rate(40, 40) == (40, 40, True)
    assert protect_rate(20, 40) == (20, 40, True)


def _small_room() -> TermSummaryData:
    return replace(
        summary_data(),
        children_total=12,
        children_by_category=(CategoryCount("speech", 10), CategoryCount("autism", 1)),
        children_by_grade=(GradeCount(1, 1), GradeCount(2, 5), GradeCount(3, 6)),
    )


def test_every_de_identified_format_shows_the_same_hidden_cells(
    tmp_path: Path, pdftotext: str
) -> None:
    data = _small_room()
    tables = {t.key: t for t in summary_tables(data, ReportLanguage("en"))}
    assert tables["children_by_category"].rows[1][1] == SMALL
    assert [row[1] for row in tables["children_by_grade"].rows] == [SMALL, WITHHELD, 6]
    assert tables["children_by_grade"].total == ("Total", 12)
    stream = io.BytesIO()
    write_term_summary_csv(data, stream, language="en")
    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"))))
    assert ["Grade 1", "<3"] in rows and ["Grade 2", "…"] in rows and ["Total", "12"] in rows
    assert ["Grade 1", "1"] not in rows and ["Grade 2", "5"] not in rows
    write_term_summary_xlsx(data, tmp_path / "s.xlsx", language="en")
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx")["By grade"]
    assert [sheet[f"B{row}"].value for row in (2, 3, 4, 5)] == ["<3", "…", 6, 12]
    assert sheet["A7"].value.startswith("“<3”: 1 or 2 people")
    write_term_summary(data, tmp_path / "s.pdf", language="en")
    text = " ".join(pdf_text(tmp_path / "s.pdf").split())
    assert "Grade 1 <3 Grade 2 … Grade 3 6 Total 12" in text


def test_an_identified_summary_shows_every_count() -> None:
    data = replace(_small_room(), identified=True, sessions_by_specialist=())
    grades = next(
        t for t in summary_tables(data, ReportLanguage("en")) if t.key == "children_by_grade"
    )
    assert [row[1] for row in grades.rows] == [1, 5, 6] and grades.notes == ()


def test_a_de_identified_summary_refuses_one_persons_row() -> None:
    with pytest.raises(ValueError, match="one staff member"):
        replace(
            summary_data(),
            sessions_by_specialist=(
                SpecialistCount(StaffRole.PSYCHOLOGIST, 10, 400, people=2),
                SpecialistCount(StaffRole.SPEECH_THERAPIST, 4, 120, people=1),
            ),
        )
    alone = replace(
        summary_data(), sessions_by_specialist=(SpecialistCount(None, 4, 120, people=1),)
    )
    table = next(t for t in summary_tables(alone, ReportLanguage("en")) if "specialist" in t.key)
    assert table.rows == (("Specialists", 1, 4, 2.0),)  # the room's only specialist: its total
