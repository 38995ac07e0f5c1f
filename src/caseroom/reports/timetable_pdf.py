"""The printable week: a specialist's or the room's timetable on A4 landscape pages.

Days of the week are the columns (Monday to Friday, and Saturday or Sunday when a session
falls on them), start times the rows; a cell holds the session's time, its kind and the
children (a group's names one under another). The room's week gives each specialist a
grid of their own, one after another. The data arrives as `TimetableWeekData` (reports
never read the database); a cancelled session is printed with its status.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table

from caseroom.dates import weekday_names
from caseroom.reports.fonts import FONT, FONT_BOLD
from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.layout import escape, para
from caseroom.reports.styles import BLACK, GREY_LIGHT, grid_table_style, styles
from caseroom.vocab import SessionKind, SessionStatus

PAGE = landscape(A4)
MARGIN = 12 * mm
TIME_COLUMN = 18 * mm
_KINDS = frozenset(kind.value for kind in SessionKind)


@dataclass(frozen=True, slots=True)
class TimetableSlot:
    """One session of the week as printed."""

    day: date
    start: str
    end: str
    kind: str
    status: str
    children: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimetableSheet:
    """One specialist's sessions of the week."""

    staff_name: str
    slots: tuple[TimetableSlot, ...]


@dataclass(frozen=True, slots=True)
class TimetableWeekData:
    """What the printed week shows."""

    school: str
    room: str
    week: str
    """The ISO week, e.g. `2026-W50`."""
    monday: date
    sheets: tuple[TimetableSheet, ...]
    for_room: bool
    """True for the whole room's week, False for one specialist's."""


def _days(data: TimetableWeekData) -> list[date]:
    used = {slot.day for sheet in data.sheets for slot in sheet.slots}
    return [
        data.monday + timedelta(days=n)
        for n in range(7)
        if n < 5 or data.monday + timedelta(days=n) in used
    ]


def _cell(slots: Sequence[TimetableSlot], lang: ReportLanguage) -> list[Flowable]:
    _ = lang.gettext
    out: list[Flowable] = []
    for slot in slots:
        kind = lang.label(SessionKind(slot.kind)) if slot.kind in _KINDS else slot.kind
        lines = [f"<b>{escape(slot.start)}–{escape(slot.end)}</b> {escape(kind)}"]
        if slot.status == SessionStatus.CANCELLED:
            lines.append(f"<i>{escape(lang.label(SessionStatus.CANCELLED))}</i>")
        lines += [escape(name) for name in slot.children]
        out.append(Paragraph("<br/>".join(lines), styles().cell))
    return out


def _grid(sheet: TimetableSheet, days: list[date], lang: ReportLanguage, width: float) -> Table:
    _ = lang.gettext
    names = weekday_names(lang.code)
    header: list[object] = [para(_("Time"), styles().cell_bold)]
    header += [
        Paragraph(
            f"<b>{escape(names[day.weekday()])}</b><br/>{escape(format_date(day))}",
            styles().cell,
        )
        for day in days
    ]
    starts = sorted({slot.start for slot in sheet.slots})
    rows: list[list[object]] = [header]
    for start in starts:
        row: list[object] = [para(start, styles().cell_bold)]
        for day in days:
            here = [s for s in sheet.slots if s.day == day and s.start == start]
            row.append(_cell(here, lang) if here else "")
        rows.append(row)
    day_width = (width - TIME_COLUMN) / len(days)
    table = Table(rows, colWidths=[TIME_COLUMN] + [day_width] * len(days), repeatRows=1)
    table.setStyle(grid_table_style())
    return table


@cache
def _heading() -> ParagraphStyle:
    return ParagraphStyle("timetable-heading", parent=styles().heading, keepWithNext=0)


def _story(data: TimetableWeekData, lang: ReportLanguage) -> list[Flowable]:
    _ = lang.gettext
    width = PAGE[0] - 2 * MARGIN
    title = _("Timetable for the week {week}: {first} – {last}").format(
        week=data.week,
        first=format_date(data.monday),
        last=format_date(data.monday + timedelta(days=6)),
    )
    story: list[Flowable] = [para(title, styles().title)]
    days = _days(data)
    if not any(sheet.slots for sheet in data.sheets):
        story.append(para(_("No sessions are planned or held this week."), styles().body))
        return story
    for sheet in data.sheets:
        if not sheet.slots and data.for_room:
            continue
        # (not the heading style's keep-with-next: a long grid would leave a blank page)
        story.append(para(sheet.staff_name, _heading()))
        story.append(_grid(sheet, days, lang, width))
    return story


def _decorate(data: TimetableWeekData, lang: ReportLanguage, total: int) -> object:
    _ = lang.gettext

    def draw(canvas: object, doc: object) -> None:
        width, height = PAGE
        canvas.saveState()  # type: ignore[attr-defined]
        canvas.setFillColor(BLACK)  # type: ignore[attr-defined]
        canvas.setFont(FONT_BOLD, 8.5)  # type: ignore[attr-defined]
        canvas.drawString(  # type: ignore[attr-defined]
            MARGIN, height - 8 * mm, f"{data.school} · {data.room}"
        )
        canvas.setFont(FONT, 8)  # type: ignore[attr-defined]
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.drawRightString(  # type: ignore[attr-defined]
            width - MARGIN, 6 * mm, _("Page {page} of {total}").format(page=page, total=total)
        )
        canvas.setStrokeColor(GREY_LIGHT)  # type: ignore[attr-defined]
        canvas.restoreState()  # type: ignore[attr-defined]

    return draw


def _build(data: TimetableWeekData, lang: ReportLanguage, total: int) -> tuple[bytes, int]:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=12 * mm,
        title=lang.gettext("Timetable"),
        author="caseroom",
        creator="caseroom",
        producer="caseroom",
        lang=lang.code,
        invariant=1,
    )
    draw = _decorate(data, lang, total)
    doc.build(_story(data, lang), onFirstPage=draw, onLaterPages=draw)
    return buffer.getvalue(), doc.page


def timetable_pdf(data: TimetableWeekData, *, language: str) -> bytes:
    """The printed week as PDF bytes (laid out twice so each page says how many there are)."""
    lang = ReportLanguage(language)
    _payload, pages = _build(data, lang, 0)
    payload, _pages = _build(data, lang, pages)
    return payload
