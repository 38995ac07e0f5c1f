"""The centre's regional summary as CSV, XLSX or PDF (tables given; no database).

Each section is a title, a header row and rows of text and whole numbers; CSV writes
them one after another with a blank line between, XLSX one sheet each, PDF one table each.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseroom.reports.csv_export import DELIMITERS, neutralise
from caseroom.reports.layout import write_bytes

CENTRE_SUMMARY_FORMATS = ("pdf", "xlsx", "csv")


@dataclass(frozen=True, slots=True)
class SummarySection:
    """One table of the summary."""

    title: str
    header: list[str]
    rows: list[list[Any]]


@dataclass(frozen=True, slots=True)
class CentreSummary:
    """The whole summary."""

    title: str
    period: str
    sections: list[SummarySection]


def _text(value: Any) -> str:
    return neutralise(value) if isinstance(value, str) else str(value)


def write_csv(summary: CentreSummary, out: Path, *, language: str) -> None:
    """Write `summary` as CSV (UTF-8 with a BOM, the language's separator)."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=DELIMITERS.get(language, ";"), lineterminator="\r\n")
    writer.writerow([_text(summary.title)])
    writer.writerow([_text(summary.period)])
    for section in summary.sections:
        writer.writerow([])
        writer.writerow([_text(section.title)])
        writer.writerow([_text(cell) for cell in section.header])
        for row in section.rows:
            writer.writerow([_text(cell) for cell in row])
    write_bytes(out, ("\ufeff" + text.getvalue()).encode("utf-8"))


def write_xlsx(summary: CentreSummary, out: Path) -> None:
    """Write `summary` as a workbook, one sheet per section."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for number, section in enumerate(summary.sections, start=1):
        sheet = workbook.create_sheet(f"{number}. {section.title}"[:31].replace("/", "-"))
        sheet.append([summary.title])
        sheet.append([section.title])
        sheet.append(section.header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in section.rows:
            sheet.append([_text(cell) if isinstance(cell, str) else cell for cell in row])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_bytes(out, buffer.getvalue())


def write_pdf(summary: CentreSummary, out: Path, *, language: str, page_text: str) -> None:
    """Write `summary` as a PDF in the reports' styles (landscape tables fit A4 width)."""
    from reportlab.platypus import Spacer, Table

    from caseroom.reports.layout import PageDecor, build_pdf, para
    from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles

    style = styles()
    story: list[Any] = [para(summary.title, style.title), para(summary.period, style.body)]
    for section in summary.sections:
        story.append(para(section.title, style.heading))
        if not section.rows:
            story.append(para("—", style.body))
            continue
        columns = len(section.header)
        first = FRAME_WIDTH * (0.4 if columns > 2 else 0.7)
        rest = (FRAME_WIDTH - first) / max(columns - 1, 1)
        cells = [[para(str(cell), style.cell_bold) for cell in section.header]]
        cells += [
            [
                para(str(cell), style.cell if i == 0 else style.cell_right)
                for i, cell in enumerate(row)
            ]
            for row in section.rows
        ]
        table = Table(cells, colWidths=[first] + [rest] * (columns - 1), repeatRows=1)
        table.setStyle(grid_table_style(numeric_from_col=1))
        story += [table, Spacer(1, 8)]
    decor = PageDecor(summary.title, summary.period, "caseroom", page_text)
    build_pdf(out, story, decor, title=summary.title, language=language)
