"""The centre's regional summary as CSV, XLSX or PDF (tables given; no database).

Each section is a title, a header row and rows of text and whole numbers; CSV writes
them one after another with a blank line between, XLSX one sheet each, PDF one table each
(or, for a section too wide for the page, several, each repeating the first column).
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


HEADER_SIZE = 8.0
"""Type size of a table's header row in the PDF (bold; wraps at spaces, words never split)."""
_PADDING = 8.0 + 1.0
"""A cell's left and right padding (`grid_table_style`) and a little air."""
_MIN_NUMBER = 34.0
_FIRST_SHARE = 0.25
"""The least share of the page's width the first column (a school's name) keeps."""


def _widest_word(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return max((stringWidth(word, font, size) for word in text.split()), default=0.0)


def _least_width(header: str, values: list[str]) -> float:
    """The narrowest a number column may be: its header's longest word (and the header in
    at most three lines), its widest value."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from caseroom.reports.fonts import FONT, FONT_BOLD, register_fonts

    register_fonts()
    need = max(
        _widest_word(header, FONT_BOLD, HEADER_SIZE),
        stringWidth(header, FONT_BOLD, HEADER_SIZE) / 3,
        max((stringWidth(v, FONT, 9) for v in values), default=0.0),
        _MIN_NUMBER,
    )
    return need + _PADDING


def _greedy(widths: list[float], limit: float) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    used = 0.0
    for index, width in enumerate(widths[1:], start=1):
        if groups[-1] and used + width > limit:
            groups.append([])
            used = 0.0
        groups[-1].append(index)
        used += width
    return groups


def column_groups(widths: list[float], frame: float) -> list[list[int]]:
    """The columns after the first in as few groups as fit beside the first column (which
    keeps at least `_FIRST_SHARE` of `frame`), as even in width as they can be; one group
    when all fit. A column too wide even alone gets a group of its own."""
    room = frame * (1 - _FIRST_SHARE)
    fewest = len(_greedy(widths, room))
    low, high = max(widths[1:], default=0.0), room
    for _step in range(30):  # the least width limit that still needs only `fewest` groups
        middle = (low + high) / 2
        if len(_greedy(widths, middle)) <= fewest:
            high = middle
        else:
            low = middle
    return _greedy(widths, high)


def _shown(cell: Any, language: str) -> str:
    from caseroom.dates import format_number

    if isinstance(cell, int) and not isinstance(cell, bool):
        return format_number(cell, language)
    return str(cell)


def write_pdf(summary: CentreSummary, out: Path, *, language: str, page_text: str) -> None:
    """Write `summary` as a PDF in the reports' styles, one table per section.

    Header cells wrap at spaces and never split a word; a school's name wraps, never cut.
    A section too wide for the page (the rooms side by side) is printed as several
    tables, each repeating the first column, titled "(part 1 of 2)" and so on."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import KeepTogether, Spacer, Table

    from caseroom.reports.language import ReportLanguage
    from caseroom.reports.layout import PageDecor, build_pdf, para
    from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles

    _ = ReportLanguage(language).gettext
    style = styles()
    head = ParagraphStyle(
        "centre-head",
        parent=style.cell_bold,
        fontSize=HEADER_SIZE,
        leading=HEADER_SIZE * 1.2,
        splitLongWords=0,
    )
    first_style = ParagraphStyle("centre-first", parent=style.cell, splitLongWords=0)
    story: list[Any] = [para(summary.title, style.title), para(summary.period, style.body)]
    for section in summary.sections:
        if not section.rows:
            story += [para(section.title, style.heading), para("—", style.body)]
            continue
        texts = [[_shown(cell, language) for cell in row] for row in section.rows]
        widths = [0.0] + [
            _least_width(section.header[i], [row[i] for row in texts])
            for i in range(1, len(section.header))
        ]
        groups = column_groups(widths, FRAME_WIDTH)
        numeric = {
            i
            for i in range(1, len(section.header))
            if all(isinstance(row[i], int) for row in section.rows)
        }
        for number, group in enumerate(groups, start=1):
            title = section.title
            if len(groups) > 1:
                title = _("{title} (part {part} of {parts})").format(
                    title=section.title, part=number, parts=len(groups)
                )
            columns = [0, *group]
            rest = sum(widths[i] for i in group)
            first = max(FRAME_WIDTH - rest, FRAME_WIDTH * _FIRST_SHARE)
            if len(section.header) == 2:  # a figure and its value: the figure reads wide
                first = FRAME_WIDTH * 0.7
            scale = (FRAME_WIDTH - first) / rest if rest else 1.0
            cells = [[para(section.header[i], head) for i in columns]]
            kinds = {0: first_style} | {
                i: style.cell_right if i in numeric else style.cell for i in group
            }
            cells += [[para(row[i], kinds[i]) for i in columns] for row in texts]
            table = Table(
                cells,
                colWidths=[first] + [widths[i] * scale for i in group],
                repeatRows=1,
            )
            table.setStyle(grid_table_style())
            heading = para(title, style.heading)
            story += [KeepTogether([heading, table]) if len(texts) < 15 else heading]
            if len(texts) >= 15:
                story.append(table)
            story.append(Spacer(1, 8))
    decor = PageDecor(summary.title, summary.period, "caseroom", page_text)
    build_pdf(out, story, decor, title=summary.title, language=language)
