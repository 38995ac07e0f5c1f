"""The term summary as XLSX (read back with openpyxl) and as CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from report_samples import summary_data

from caseroom.reports.csv_export import neutralise, write_term_summary_csv
from caseroom.reports.data import TermSummaryData
from caseroom.reports.spreadsheets import write_term_summary_xlsx

FORMULA = '=HYPERLINK("http://x")'


def _workbook(tmp_path: Path, *, identified: bool = False) -> openpyxl.Workbook:
    path = tmp_path / "summary.xlsx"
    write_term_summary_xlsx(summary_data(identified=identified), path, language="en")
    return openpyxl.load_workbook(path)


def test_one_sheet_per_table(tmp_path: Path) -> None:
    book = _workbook(tmp_path)
    assert book.sheetnames == [
        "About",
        "By SEN category",
        "By grade",
        "Sessions by kind",
        "Sessions by specialist",
        "Goals",
        "Parent involvement",
        "Families reached",
        "Referrals",
        "PMPK expired",
        "PMPK expiring",
        "Wellbeing check-ins",
        "Wellbeing bands",
        "Safety flags",
        "Group meetings",
        "Group reach",
        "Barriers lifted",
        "Parents' feedback",
    ]


def test_cells_are_typed_with_the_same_numbers(tmp_path: Path) -> None:
    book = _workbook(tmp_path)
    kinds = book["Sessions by kind"]
    assert [cell.value for cell in kinds[1]] == [
        "Kind of session",
        "Sessions held",
        "Attended (people)",
        "Missed (people)",
    ]
    assert [cell.value for cell in kinds[2]] == ["Individual session", 120, 104, 16]
    assert kinds["A7"].value.startswith("A session counts once")  # the note, after a gap
    assert kinds["A7"].font.italic and kinds["A6"].value is None
    assert [cell.value for cell in kinds[5]] == ["Total", 175, 213, 32]
    assert kinds["B2"].data_type == "n"
    assert kinds["A5"].font.bold

    hours = book["Sessions by specialist"]
    assert hours["D3"].value == 71.5
    assert hours["D3"].number_format == "0.0"

    rates = book["Parent involvement"]
    assert rates["D2"].value == 0.84
    assert rates["D2"].number_format == "0%"
    assert rates["D4"].value is None  # nothing offered: an empty cell, not 0 %

    expiring = book["PMPK expiring"]  # de-identified: no case or conclusion number
    assert [cell.value for cell in expiring[1]] == ["Valid until"]
    assert expiring["A2"].value == datetime(2026, 1, 20)
    assert expiring["A2"].is_date
    assert expiring["A2"].number_format == "DD.MM.YYYY"
    expired = book["PMPK expired"]
    assert [cell.value for cell in expired[1]] == ["Valid until", "Days overdue"]
    assert [cell.value for cell in expired[2]] == [datetime(2025, 12, 1), 26]

    bands = book["Wellbeing bands"]
    assert [cell.value for cell in bands[3]] == ["PHQ-9", "жеңіл белгілер", 4]
    assert bands["C3"].data_type == "n"
    flags = book["Safety flags"]  # 1 of 2 flags: too few to show
    assert [cell.value for cell in flags[2]] == ["Followed up of raised", "…", "<3", "…"]
    assert flags["C2"].data_type == "s"

    about = book["About"]
    assert about["B5"].value == datetime(2025, 11, 3)
    assert about["B6"].value == datetime(2025, 12, 26)
    assert about["B6"].is_date
    assert about["B9"].value == 23


def test_headers_frozen_and_columns_fit(tmp_path: Path) -> None:
    book = _workbook(tmp_path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
    category = book["By SEN category"]
    longest = len("Communication and social interaction difficulties, including autism")
    assert category.column_dimensions["A"].width >= longest
    assert category.column_dimensions["B"].width >= len("Children")


def test_typed_formula_stays_text(tmp_path: Path) -> None:
    cell = _workbook(tmp_path)["By SEN category"]["A5"]
    assert cell.value == "'" + FORMULA
    assert cell.data_type == "s"


def test_no_text_cell_of_the_workbook_can_start_a_formula(tmp_path: Path) -> None:
    book = _workbook(tmp_path, identified=True)
    texts = [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]
    assert "'" + FORMULA in texts
    assert not [text for text in texts if text.startswith(("=", "+", "-", "@", "\t", "\r"))]


def _edge_cases() -> TermSummaryData:
    """A summary whose SEN categories have formula-like labels and a negative count."""
    from dataclasses import replace

    from caseroom.reports.data import CategoryCount

    rows = (
        CategoryCount("own1", -3, label="+7 701 000 00 00"),
        CategoryCount("own2", 2, label="@SUM(A1)"),
        CategoryCount("own3", 1, label="\tcmd"),
        CategoryCount("own4", 1, label="\rcmd"),
        CategoryCount("own5", 1, label="-1"),
    )
    return replace(summary_data(), children_by_category=rows)


def test_xlsx_neutralises_every_formula_start_and_keeps_negative_numbers(tmp_path: Path) -> None:
    path = tmp_path / "edge.xlsx"
    write_term_summary_xlsx(_edge_cases(), path, language="en")
    sheet = openpyxl.load_workbook(path)["By SEN category"]
    # XML reads a carriage return back as a line feed: compare with it put back.
    labels = [row[0].value.replace("\n", "\r") for row in sheet.iter_rows(min_row=2, max_row=6)]
    assert labels == ["'+7 701 000 00 00", "'@SUM(A1)", "'\tcmd", "'\rcmd", "'-1"]
    assert sheet["B2"].value == -3
    assert sheet["B2"].data_type == "n"


def test_a_control_character_from_an_older_file_does_not_fail_the_workbook(
    tmp_path: Path,
) -> None:
    """Issue 20 point 11: a name with ESC or NUL (stored before the text rule) made
    openpyxl raise, and the whole XLSX summary failed."""
    from dataclasses import replace

    from caseroom.reports.data import CategoryCount

    rows = (CategoryCount("own1", 4, label="Ива\x1bнова\x00"),)
    path = tmp_path / "control.xlsx"
    write_term_summary_xlsx(replace(summary_data(), children_by_category=rows), path, language="en")
    sheet = openpyxl.load_workbook(path)["By SEN category"]
    assert sheet["A2"].value == "Ива\ufffdнова\ufffd"
    assert sheet["B2"].value == 4


def test_csv_neutralises_every_formula_start_and_keeps_negative_numbers(tmp_path: Path) -> None:
    path = tmp_path / "edge.csv"
    write_term_summary_csv(_edge_cases(), path, language="en")
    rows = _csv_rows(path.read_bytes())
    start = rows.index(["Children by SEN category"]) + 2
    assert rows[start : start + 5] == [  # (de-identified: 1 or 2 children are "<3")
        ["'+7 701 000 00 00", "-3"],
        ["'@SUM(A1)", "<3"],
        ["'\tcmd", "<3"],
        ["'\rcmd", "<3"],
        ["'-1", "<3"],
    ]


def test_identified_workbook_has_names(tmp_path: Path) -> None:
    book = _workbook(tmp_path, identified=True)
    assert book["Sessions by specialist"]["A2"].value == "Өмірзақова Һ."
    assert book["PMPK expiring"]["B2"].value == "Әлібек Қ."
    assert book["PMPK expiring"]["C2"].value == "'-17/25"  # a formula-like text is neutralised
    assert [cell.value for cell in book["PMPK expired"][2]] == [
        "SR-2024-0007",
        "Сейіт Ә.",
        "ПМПК-3/24",
        datetime(2025, 12, 1),
        26,
    ]


def test_neutralise_formula_starts() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("+7 701") == "'+7 701"
    assert neutralise("-17/25") == "'-17/25"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("\tcmd") == "'\tcmd"
    assert neutralise("Ә = ok") == "Ә = ok"


def _csv_rows(payload: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize(
    ("language", "delimiter", "hours"),
    [("ru", ";", "60,0"), ("kk", ";", "60,0"), ("en", ",", "60.0")],
)
def test_csv_numbers_follow_the_language(
    tmp_path: Path, language: str, delimiter: str, hours: str
) -> None:
    """ru/kk: `;` between fields and a decimal comma; en: `,` and a decimal point."""
    path = tmp_path / f"summary-{language}.csv"
    write_term_summary_csv(summary_data(), path, language=language)
    rows = _csv_rows(path.read_bytes(), delimiter)
    assert max(len(row) for row in rows) >= 4
    assert any(row[-1:] == [hours] and len(row) == 4 for row in rows)


def test_csv_is_utf8_with_bom_and_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    write_term_summary_csv(summary_data(), path, language="en")
    payload = path.read_bytes()
    assert payload.startswith(b"\xef\xbb\xbf")
    rows = _csv_rows(payload)
    assert ["'" + FORMULA, "3"] in rows
    assert ["20.01.2026"] in rows
    assert not any("SR-" in cell or "17/25" in cell for row in rows for cell in row)
    assert ["School", "№ 12 мектеп-гимназиясы"] in rows
    assert ["Consultations attended of offered", "21", "25", "84%"] in rows
    assert ["Group meetings: caregivers present of registered", "0", "0", ""] in rows
    assert ["Speech therapist", "2", "80", "60.0"] in rows
    assert ["Pre-school class", "<3"] in rows and ["Grade 1", "…"] in rows
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_csv_sections_follow_the_documented_layout(tmp_path: Path) -> None:
    stream = io.BytesIO()
    write_term_summary_csv(summary_data(), stream, language="en", delimiter=",")
    rows = list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig"))))
    start = rows.index(["Sessions by kind"])
    assert rows[start + 1] == [
        "Kind of session",
        "Sessions held",
        "Attended (people)",
        "Missed (people)",
    ]
    assert rows[start + 2] == ["Individual session", "120", "104", "16"]
    assert rows[start + 5] == ["Total", "175", "213", "32"]
    assert rows[start + 6][0].startswith("A session counts once however many people")
    assert rows[start + 7] == []
    titles = [rows[0][0]] + [rows[i + 1][0] for i, row in enumerate(rows[:-1]) if row == []]
    assert titles[:3] == ["About this summary", "Children by SEN category", "Children by grade"]
    assert len(titles) == 18
    assert titles[-7:-4] == [
        "Caregivers' wellbeing check-ins by instrument",
        "Caregivers' wellbeing check-ins by band",
        "Safety flags raised and followed up",
    ]
    start = rows.index(["Caregivers' wellbeing check-ins by instrument"])
    assert rows[start + 1 : start + 5] == [
        ["Instrument", "Check-ins", "Caregivers (people)"],
        ["PHQ-9", "7", "5"],
        # WHO-5's bands are 1 and 3: its 4 check-ins (and the total) would tell the 1
        ["WHO-5", "…", "4"],
        ["Total", "…", ""],
    ]
    assert ["Followed up of raised", "…", "<3", "…"] in rows


def test_overlong_text_wraps_within_a_capped_column(tmp_path: Path) -> None:
    from dataclasses import replace

    from caseroom.reports.data import CategoryCount

    data = replace(summary_data(), children_by_category=(CategoryCount("own", 1, label="Ә" * 120),))
    path = tmp_path / "long.xlsx"
    write_term_summary_xlsx(data, path, language="kk")
    sheet = openpyxl.load_workbook(path).worksheets[1]
    assert sheet.column_dimensions["A"].width == 80
    assert sheet["A2"].value == "Ә" * 120
    assert sheet["A2"].alignment.wrap_text
    assert not sheet["B2"].alignment.wrap_text
