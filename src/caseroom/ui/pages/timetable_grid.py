"""The Timetable page's week grid: weekday columns, start-time rows, one session a cell.

Saturday and Sunday are columns only when a session falls on them. Sessions at the same
time on the same day (the whole room's week) take a row each, so every cell holds one
session: its time, kind (and status unless planned), children, and for the room the
specialist.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from caseroom.dates import format_time, weekday_names
from caseroom.i18n import _
from caseroom.services.sessions.recurrence import minutes_of_day
from caseroom.services.sessions.timetable_week import WeekEntry
from caseroom.vocab import SessionKind, SessionStatus, label

_ENTRY = Qt.ItemDataRole.UserRole
Cells = list[tuple[time | None, list[int | None]]]


def day_text(value: date) -> str:
    return value.strftime("%d.%m.%Y")


def _vocab(kind: Any, code: str) -> str:
    try:
        return label(kind(code))
    except ValueError:
        return code


def span(entry: WeekEntry) -> str:
    """`09:00–09:30` (a dash when the session has no time)."""
    if entry.starts_at is None:
        return "—"
    end = minutes_of_day(entry.starts_at) + (entry.minutes or 0)
    return f"{format_time(entry.starts_at)}–{end // 60 % 24:02d}:{end % 60:02d}"


def cell_text(entry: WeekEntry, *, with_staff: bool) -> str:
    """What a cell shows: time, kind (and status unless planned), children, specialist."""
    kind = _vocab(SessionKind, entry.kind)
    kind = kind[:1].upper() + kind[1:]
    if entry.status != SessionStatus.PLANNED:
        kind = _("{kind} ({status})").format(kind=kind, status=_vocab(SessionStatus, entry.status))
    lines = [span(entry), kind, *entry.children]
    if with_staff:
        lines.append(entry.staff_name)
    return "\n".join(lines)


def week_rows(entries: list[WeekEntry], days: list[date]) -> Cells:
    """The grid's rows: (start time, the index in `entries` of each day's session or None)."""
    times = sorted({e.starts_at for e in entries}, key=lambda t: t or time.max)
    rows: Cells = []
    for at in times:
        per_day = [
            [i for i, e in enumerate(entries) if e.day == day and e.starts_at == at] for day in days
        ]
        for n in range(max(len(found) for found in per_day)):
            rows.append((at, [found[n] if n < len(found) else None for found in per_day]))
    return rows


class WeekGrid(QTableWidget):
    """The week's sessions, one a cell."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[WeekEntry] = []
        self.days: list[date] = []
        self.setAccessibleName(_("Week timetable"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def show_week(self, entries: list[WeekEntry], monday: date, *, with_staff: bool) -> None:
        """Lay out the week starting on `monday`; the first session becomes current."""
        self.entries = entries
        used = {entry.day for entry in entries}
        self.days = [
            monday + timedelta(days=n)
            for n in range(7)
            if n < 5 or monday + timedelta(days=n) in used
        ]
        names = weekday_names()
        rows = week_rows(entries, self.days)
        self.clear()
        self.setColumnCount(len(self.days))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(
            [f"{names[day.weekday()].capitalize()}\n{day.strftime('%d.%m')}" for day in self.days]
        )
        self.setVerticalHeaderLabels([format_time(at) if at else "—" for at, _c in rows])
        first: tuple[int, int] | None = None
        for row, (_at, cells) in enumerate(rows):
            for column, index in enumerate(cells):
                item = QTableWidgetItem()
                if index is None:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                else:
                    entry = entries[index]
                    item.setText(cell_text(entry, with_staff=with_staff))
                    item.setData(_ENTRY, index)
                    item.setToolTip(item.text())
                    if entry.status != SessionStatus.PLANNED:
                        font = item.font()
                        font.setItalic(True)
                        item.setFont(font)
                    first = first or (row, column)
                self.setItem(row, column, item)
        self.resizeRowsToContents()
        if first is not None:
            self.setCurrentCell(*first)

    def cell_entry(self, row: int, column: int) -> WeekEntry | None:
        """The session in a cell (None: an empty cell)."""
        item = self.item(row, column)
        index = item.data(_ENTRY) if item is not None else None
        return self.entries[index] if isinstance(index, int) else None

    def selected(self) -> WeekEntry | None:
        """The session of the current cell."""
        return self.cell_entry(self.currentRow(), self.currentColumn())

    def select(self, entry: WeekEntry) -> None:
        """Make `entry`'s cell the current one."""
        for row in range(self.rowCount()):
            for column in range(self.columnCount()):
                found = self.cell_entry(row, column)
                if found is not None and found.session_id == entry.session_id:
                    self.setCurrentCell(row, column)
                    return
