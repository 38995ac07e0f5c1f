"""The room's term summary for administrators, as a PDF with tables and charts.

The same `SummaryTable`s feed the XLSX (`spreadsheets.py`) and CSV (`csv_export.py`)
writers, so the three formats always agree. De-identified unless `data.identified`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from caseroom.reports.charts import bar_chart
from caseroom.reports.data import TermSummaryData
from caseroom.reports.fonts import FONT, FONT_BOLD
from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.layout import PageDecor, build_pdf, key_values, para
from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles
from caseroom.reports.summary_tables import (
    Cell,
    ColumnKind,
    SummaryTable,
    cell_text,
    summary_tables,
)

_CHARTED = {
    "children_by_category": 1,
    "sessions_by_kind": 1,
    "goals": 1,
    "involvement": 3,
}
"""Tables drawn as a bar chart too, and which column the bars show."""


def write_term_summary(data: TermSummaryData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the term summary of `data` as a PDF to `out` (a path or a binary stream)."""
    lang = ReportLanguage(language)
    _ = lang.gettext
    title = _("Term summary of the support room")
    decor = PageDecor(
        header_left=_("{school} · {room}").format(school=data.school, room=data.room),
        header_right=_("Period: {start} – {end}").format(
            start=format_date(data.period.start), end=format_date(data.period.end)
        ),
        footer_left=_("Term summary · {made}").format(made=format_date(data.made_on)),
        page_text=_("Page {page} of {total}"),
    )
    build_pdf(out, _story(data, lang, title), decor, title=title, language=language)


def _story(data: TermSummaryData, lang: ReportLanguage, title: str) -> list[Flowable]:
    _ = lang.gettext
    st = styles()
    tables = summary_tables(data, lang)
    overview, rest = tables[0], tables[1:]
    story: list[Flowable] = [
        para(title, st.title),
        key_values(
            [(str(row[0]), cell_text(row[1], ColumnKind.TEXT)) for row in overview.rows],
            label_width=55 * mm,
        ),
        Spacer(1, 2 * mm),
        para(
            _("Contains names: handle as personal data.")
            if data.identified
            else _(
                "De-identified: no names of children, parents or staff, no case or PMPK "
                "numbers, staff by role only where two or more share it, and a count of "
                "1 or 2 people shown as “<3”."
            )
        ),
    ]
    for table in rest:
        story += _section(table, lang)
    return story


def _section(table: SummaryTable, lang: ReportLanguage) -> list[Flowable]:
    _ = lang.gettext
    st = styles()
    heading = para(table.title, st.heading)
    if not table.rows:
        return [KeepTogether([heading, para(_("Nothing to show for this period."))])]
    parts: list[Flowable] = [heading, _grid(table)]
    if table.notes:
        parts.append(Spacer(1, 1.5 * mm))
        parts += [para(note, st.small) for note in table.notes]
    column = _CHARTED.get(table.key)
    if column is not None and any(_as_number(row[column]) > 0 for row in table.rows):
        parts += [Spacer(1, 3 * mm), _chart(table, column)]
    return [KeepTogether(parts)]


def _grid(table: SummaryTable) -> Table:
    st = styles()
    numeric = [column.kind is not ColumnKind.TEXT for column in table.columns]
    header = [
        para(column.title, st.cell_bold_right if number else st.cell_bold)
        for column, number in zip(table.columns, numeric, strict=True)
    ]
    body: list[list[Any]] = []
    for row in table.rows:
        body.append(_cells(row, table, numeric))
    if table.total is not None:
        body.append(_cells(table.total, table, numeric, bold=True))
    grid = Table(
        [header, *body],
        colWidths=_column_widths(table),
        repeatRows=1,
        hAlign="LEFT",
    )
    style = grid_table_style()
    if table.total is not None:
        style.add("LINEABOVE", (0, -1), (-1, -1), 1.2, "black")
    grid.setStyle(style)
    return grid


def _column_widths(table: SummaryTable) -> list[float]:
    """Each column as wide as its widest text (plus padding); the first takes what is left."""
    padding = 10
    natural, floors = [], []
    rows = [*table.rows, *([table.total] if table.total is not None else [])]
    for index, column in enumerate(table.columns):
        # No column narrower than the longest word of its title (words never break).
        words = column.title.split() or [""]
        floors.append(max(stringWidth(word, FONT_BOLD, 9) for word in words) + padding)
        texts = [cell_text(row[index], column.kind) for row in rows]
        widest = max(
            [stringWidth(text, FONT, 9) for text in texts]
            + [min(stringWidth(column.title, FONT_BOLD, 9), 90)]
        )
        if index and column.kind is ColumnKind.TEXT:  # a second text column wraps
            widest = min(widest, FRAME_WIDTH * 0.24)
        natural.append(max(widest + padding, 22 * mm))
    others = natural[1:]
    # The first (text) column keeps at least 40 %, or 28 % beside a second text column.
    second_text = any(column.kind is ColumnKind.TEXT for column in table.columns[1:])
    budget = FRAME_WIDTH * (0.72 if second_text else 0.6)
    if sum(others) > budget:
        least = floors[1:]
        spare = sum(others) - sum(least)
        factor = max(budget - sum(least), 0) / spare if spare > 0 else 0
        others = [low + (width - low) * factor for width, low in zip(others, least, strict=True)]
    return [FRAME_WIDTH - sum(others), *others]


def _cells(
    row: tuple[Cell, ...], table: SummaryTable, numeric: list[bool], *, bold: bool = False
) -> list[Any]:
    st = styles()
    cells: list[Any] = []
    for value, column, is_number in zip(row, table.columns, numeric, strict=True):
        text = cell_text(value, column.kind)
        style = st.cell_right if is_number else (st.cell_bold if bold else st.cell)
        cells.append(para(text, style))
    return cells


def _chart(table: SummaryTable, column: int) -> Flowable:
    kind = table.columns[column].kind
    rows = [(str(row[0]), _as_number(row[column])) for row in table.rows]
    texts = [cell_text(row[column], kind) for row in table.rows]
    return bar_chart(
        rows,
        value_text=texts,
        max_value=1.0 if kind is ColumnKind.PERCENT else None,
    )


def _as_number(value: Cell) -> float:
    return float(value) if isinstance(value, int | float) else 0.0
