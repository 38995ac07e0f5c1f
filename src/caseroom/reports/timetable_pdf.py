"""The printable week: a specialist's or the room's timetable on A4 landscape pages.

Days of the week are the columns (Monday to Friday, and Saturday or Sunday when a session
falls on them), start times the rows; a cell holds the session's time, its kind and the
children (a group's names one under another). The room's week gives each specialist a
grid of their own, one after another. The data arrives as `TimetableWeekData` (reports
never read the database); a cancelled session is printed with its status.

The week is said in dates ("7–11 December 2026"), never as its ISO code; the page header
(school and room, wrapped or smaller, never cut) and "Page x of y" are the reports' own
(`layout.PageDecor`), and a grid that runs on to another page repeats the specialist's
name with the days.
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
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from caseroom.dates import format_date_range, weekday_names
from caseroom.reports.language import ReportLanguage, format_date
from caseroom.reports.layout import PageDecor, build_pdf, escape, para
from caseroom.reports.styles import BLACK, GREY_LIGHT, styles
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
    """The ISO week, e.g. `2026-W50` (what was asked for; the PDF prints dates)."""
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
    """The specialist's grid; its first two rows, the specialist's name and the days,
    repeat at the top of every page the grid runs on to."""
    _ = lang.gettext
    names = weekday_names(lang.code)
    title: list[object] = [para(sheet.staff_name, _heading())] + [""] * len(days)
    header: list[object] = [para(_("Time"), styles().cell_bold)]
    header += [
        Paragraph(
            f"<b>{escape(names[day.weekday()])}</b><br/>{escape(format_date(day))}",
            styles().cell,
        )
        for day in days
    ]
    starts = sorted({slot.start for slot in sheet.slots})
    rows: list[list[object]] = [title, header]
    for start in starts:
        row: list[object] = [para(start, styles().cell_bold)]
        for day in days:
            here = [s for s in sheet.slots if s.day == day and s.start == start]
            row.append(_cell(here, lang) if here else "")
        rows.append(row)
    day_width = (width - TIME_COLUMN) / len(days)
    table = Table(rows, colWidths=[TIME_COLUMN] + [day_width] * len(days), repeatRows=2)
    table.setStyle(_grid_style())
    return table


def _grid_style() -> TableStyle:
    """A grid below the name row (which spans the width, without rules); days shaded."""
    return TableStyle(
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 1), (-1, -1), 0.5, BLACK),
            ("BACKGROUND", (0, 1), (-1, 1), GREY_LIGHT),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 1), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 3),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("TOPPADDING", (0, 0), (-1, 0), 8),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        ]
    )


@cache
def _heading() -> ParagraphStyle:
    return ParagraphStyle(
        "timetable-heading", parent=styles().heading, keepWithNext=0, spaceBefore=0, spaceAfter=0
    )


def _dates(data: TimetableWeekData, lang: ReportLanguage) -> str:
    """The days the grid shows, in words: `7–11 December 2026`."""
    days = _days(data)
    return format_date_range(days[0], days[-1], lang.code)


def _story(data: TimetableWeekData, lang: ReportLanguage) -> list[Flowable]:
    _ = lang.gettext
    width = PAGE[0] - 2 * MARGIN
    title = _("Timetable for the week: {dates}").format(dates=_dates(data, lang))
    story: list[Flowable] = [para(title, styles().title)]
    days = _days(data)
    if not any(sheet.slots for sheet in data.sheets):
        story.append(para(_("No sessions are planned or held this week."), styles().body))
        return story
    for sheet in data.sheets:
        if not sheet.slots and data.for_room:
            continue
        story.append(_grid(sheet, days, lang, width))
    return story


def timetable_pdf(data: TimetableWeekData, *, language: str) -> bytes:
    """The printed week as PDF bytes, with the room's header and "Page x of y" on each page."""
    lang = ReportLanguage(language)
    _ = lang.gettext
    decor = PageDecor(
        header_left=_("{school} · {room}").format(school=data.school, room=data.room),
        header_right=_dates(data, lang),
        footer_left=_("Timetable"),
        page_text=_("Page {page} of {total}"),
        page_size=PAGE,
        margin_x=MARGIN,
    )
    buffer = io.BytesIO()
    build_pdf(buffer, _story(data, lang), decor, title=_("Timetable"), language=language)
    return buffer.getvalue()
