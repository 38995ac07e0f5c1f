"""Blank observation and session sheets for one school week (PDF, A4), for an assistant
who works without the app: page 1 a grid to note each day's observations, page 2 a log
of the week's sessions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table

from caseroom.dates import format_date
from caseroom.reports.forms.common import FormWriter, cells, gap
from caseroom.reports.forms.data import SheetsFormData
from caseroom.reports.language import ReportLanguage
from caseroom.reports.layout import para
from caseroom.reports.styles import FRAME_WIDTH, grid_table_style, styles

SCHOOL_DAYS = 5
SESSION_ROWS = 14


def write_sheets_form(data: SheetsFormData, out: Path | BinaryIO, *, language: str) -> None:
    """Write the week's blank sheets of `data` as a PDF to `out`."""
    _SheetsForm(data, ReportLanguage(language)).write(out)


class _SheetsForm(FormWriter):
    def __init__(self, data: SheetsFormData, lang: ReportLanguage) -> None:
        super().__init__(data.header, lang)
        self.data = data

    def title(self) -> str:
        return self._("Observation sheet for the week")

    def _week(self) -> str:
        start = self.data.week_start
        end = start + timedelta(days=SCHOOL_DAYS - 1)
        return self._("{start} – {end}").format(start=format_date(start), end=format_date(end))

    def _who(self) -> list[tuple[str, str]]:
        _ = self._
        name = self.data.child_name or "_" * 44
        return [(_("Child"), name), (_("Week"), self._week()), (_("Filled in by"), "_" * 44)]

    def body(self) -> list[Flowable]:
        _ = self._
        st = styles()
        days = [self.data.week_start + timedelta(days=n) for n in range(SCHOOL_DAYS)]
        head = cells(
            (_("Day"), _("What the child did"), _("Behaviour and mood"), _("Notes")),
            st.cell_bold,
        )
        rows = [head]
        for day in days:
            rows.append(
                cells((f"{self.weekday_long(day)}\n{format_date(day)}", "", "", ""), st.cell)
            )
        observe = Table(
            rows,
            colWidths=[26 * mm, *(((FRAME_WIDTH - 26 * mm) / 3,) * 3)],
            rowHeights=[None, *([36 * mm] * SCHOOL_DAYS)],
            repeatRows=1,
        )
        observe.setStyle(grid_table_style())
        log_head = cells(
            (_("Date"), _("Time"), _("Kind of session"), _("Present"), _("What was done")),
            st.cell_bold,
        )
        widths = [22 * mm, 18 * mm, 30 * mm, 33 * mm]
        widths.append(FRAME_WIDTH - sum(widths))
        log = Table(
            [log_head, *([["", "", "", "", ""]] * SESSION_ROWS)],
            colWidths=widths,
            rowHeights=[None, *([12 * mm] * SESSION_ROWS)],
            repeatRows=1,
        )
        log.setStyle(grid_table_style())
        return [
            self.details(self._who()),
            gap(),
            observe,
            PageBreak(),
            para(_("Session log for the week"), st.title),
            self.details(self._who()),
            gap(),
            log,
        ]
