"""The weekly timetable: a week's sessions as a grid, one specialist's or the whole room's.

Days of the week are the columns (Saturday and Sunday only when a session falls on them),
start times the rows; a cell is one session: its time, kind and children (and, for the
room, the specialist). ‹ and › (Alt+Left, Alt+Right) move by a week, "This week" comes
back; Enter or a double-click opens a cell's session. "New series…" plans a recurring
session, "Change series…" changes the selected one's series and plans it again from
today, "End series…" ends it, "Cancel this day" cancels the selected occurrence, "Print
week…" saves the shown week as a PDF, "Days off…" lists the room's holidays. Everything
is read and written through the timetable services.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import week_start, weekday_names
from caseroom.i18n import _, ngettext
from caseroom.services.people.child_list import ChildFilters, ChildRow, list_children
from caseroom.services.permissions import Permission, allowed
from caseroom.services.sessions.recurrence import week_label
from caseroom.services.sessions.timetable import SeriesRead, cancel_occurrence, get_series
from caseroom.services.sessions.timetable_week import (
    StaffChoice,
    WeekEntry,
    staff_choices,
    week_sessions,
)
from caseroom.ui.context import AppContext
from caseroom.ui.navigation import Navigator
from caseroom.ui.pages.timetable_grid import WeekGrid, cell_text, day_text, span
from caseroom.ui.widgets.style import SPACE_M, SPACE_S, page_margins, set_role

WATCHED = frozenset({"session", "staff", "timetable"})


class TimetablePage(QWidget):
    """A week of the timetable for a specialist or the room."""

    def __init__(
        self,
        context: AppContext,
        navigator: Navigator,
        parent: QWidget | None = None,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator, self.today = context, navigator, today
        self.monday = week_start(today())
        self.entries: list[WeekEntry] = []
        self.staff: list[StaffChoice] = []
        self.dialog: QWidget | None = None
        self.loaded = False
        self.may_schedule = allowed(context.actor, Permission.SCHEDULE_SESSIONS) and not (
            context.read_only
        )
        self.may_manage_room = allowed(context.actor, Permission.MANAGE_ROOM) and not (
            context.read_only
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        layout.setSpacing(SPACE_M)
        layout.addLayout(self._build_bar())
        layout.addLayout(self._build_actions())
        self.grid = WeekGrid(self)
        self.grid.currentCellChanged.connect(lambda *_args: self._update_actions())
        self.grid.itemActivated.connect(lambda _item: self.open_selected())
        layout.addWidget(self.grid, 1)
        self.status = set_role(QLabel(self), "muted")
        self.status.setAccessibleName(_("Timetable status"))
        layout.addWidget(self.status)
        for keys, step in (("Alt+Left", -1), ("Alt+Right", 1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.go(step))
        context.changed.connect(self._on_changed)
        self._update_actions()
        self.refresh()

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(SPACE_S)
        self.title = set_role(QLabel(self), "title")
        self.title.setAccessibleName(_("Shown week"))
        bar.addWidget(self.title, 1)
        self.previous_button = QPushButton("‹", self)
        self.previous_button.setAccessibleName(_("Previous week (Alt+Left)"))
        self.previous_button.setToolTip(_("Previous week (Alt+Left)"))
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.this_week_button = QPushButton(_("&This week"), self)
        self.this_week_button.setAccessibleName(_("This week"))
        self.this_week_button.clicked.connect(self.this_week)
        self.next_button = QPushButton("›", self)
        self.next_button.setAccessibleName(_("Next week (Alt+Right)"))
        self.next_button.setToolTip(_("Next week (Alt+Right)"))
        self.next_button.clicked.connect(lambda: self.go(1))
        for button in (self.previous_button, self.this_week_button, self.next_button):
            bar.addWidget(button)
        for button in (self.previous_button, self.next_button):
            button.setFixedWidth(40)
        self.staff_combo = QComboBox(self)
        self.staff_combo.setAccessibleName(_("Whose timetable"))
        self.staff_combo.addItem(_("The whole room"), None)
        self.staff_combo.setMinimumWidth(220)
        self.staff_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        staff_label = QLabel(_("&Specialist:"), self)
        staff_label.setBuddy(self.staff_combo)
        bar.addWidget(staff_label)
        bar.addWidget(self.staff_combo)
        return bar

    def _build_actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(SPACE_S)
        self.new_button = QPushButton(_("&New series…"), self)
        self.new_button.setAccessibleName(_("New series"))
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.new_series)
        self.change_button = QPushButton(_("C&hange series…"), self)
        self.change_button.setAccessibleName(_("Change the selected session's series"))
        self.change_button.clicked.connect(self.change_series)
        self.end_button = QPushButton(_("&End series…"), self)
        self.end_button.setAccessibleName(_("End the selected session's series"))
        self.end_button.clicked.connect(self.end_series)
        self.cancel_button = QPushButton(_("&Cancel this day"), self)
        self.cancel_button.setAccessibleName(_("Cancel the selected session on this day"))
        self.cancel_button.clicked.connect(self.cancel_day)
        self.print_button = QPushButton(_("&Print week…"), self)
        self.print_button.setAccessibleName(_("Print the week"))
        self.print_button.clicked.connect(self.print_week)
        self.days_off_button = QPushButton(_("&Days off…"), self)
        self.days_off_button.setAccessibleName(_("The room's days off"))
        self.days_off_button.clicked.connect(self.days_off)
        for button in (
            self.new_button,
            self.change_button,
            self.end_button,
            self.cancel_button,
            self.print_button,
            self.days_off_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- what is shown ------------------------------------------------------------------

    def staff_filter(self) -> uuid.UUID | None:
        """The specialist whose week is shown (None: the whole room's)."""
        chosen = self.staff_combo.currentData()
        return uuid.UUID(chosen) if chosen else None

    def show_staff(self, staff_id: uuid.UUID | None) -> None:
        """Show `staff_id`'s week (None: the room's)."""
        index = self.staff_combo.findData(str(staff_id) if staff_id else None)
        self.staff_combo.setCurrentIndex(max(index, 0))

    def go(self, step: int) -> None:
        """Go back (-1) or forward (1) by a week."""
        self.monday += timedelta(weeks=step)
        self.refresh()

    def this_week(self) -> None:
        """Come back to the week of today."""
        self.monday = week_start(self.today())
        self.refresh()

    def refresh(self) -> None:
        """Read the shown week again."""
        monday, staff_id = self.monday, self.staff_filter()
        end = monday + timedelta(days=6)
        self.title.setText(
            _("Week {week}: {start} – {end}").format(
                week=week_label(monday), start=day_text(monday), end=day_text(end)
            )
        )
        load_staff = not self.staff

        def work(db: Any) -> tuple[list[WeekEntry], list[StaffChoice] | None]:
            actor = self.context.actor
            entries = week_sessions(db, actor=actor, monday=monday, staff_id=staff_id)
            return entries, staff_choices(db, actor=actor) if load_staff else None

        self.context.run(work, lambda result: self._shown((monday, staff_id), result))

    def _shown(
        self,
        asked: tuple[date, uuid.UUID | None],
        result: tuple[list[WeekEntry], list[StaffChoice] | None],
    ) -> None:
        entries, staff = result
        if staff is not None and not self.staff:
            self.staff = staff
            self.staff_combo.blockSignals(True)
            for person in staff:
                self.staff_combo.addItem(person.name, str(person.id))
            self.staff_combo.blockSignals(False)
            own = self.context.actor.staff_id
            if own is not None and self.staff_combo.findData(str(own)) > 0:
                self.show_staff(own)  # reads the specialist's own week
                return
        if asked != (self.monday, self.staff_filter()):
            return  # the person has moved on; a newer answer is on its way
        self.entries = entries
        self._fill()
        self.loaded = True

    def _fill(self) -> None:
        self.grid.show_week(self.entries, self.monday, with_staff=self.staff_filter() is None)
        count = len(self.entries)
        self.status.setText(
            ngettext("Sessions this week: {n}", "Sessions this week: {n}", count).format(n=count)
            if count
            else _("No sessions this week")
        )
        self._update_actions()

    @property
    def days(self) -> list[date]:
        """The days shown, as the grid's columns."""
        return self.grid.days

    def cell_entry(self, row: int, column: int) -> WeekEntry | None:
        """The session in a cell (None: an empty cell)."""
        return self.grid.cell_entry(row, column)

    def selected(self) -> WeekEntry | None:
        """The session of the current cell."""
        return self.grid.selected()

    def select(self, entry: WeekEntry) -> None:
        """Make `entry`'s cell the current one."""
        self.grid.select(entry)

    def open_selected(self) -> None:
        """Open the selected session in the session dialog (Enter or a double-click)."""
        entry = self.selected()
        if entry is not None:
            self.navigator.log_session(session_id=entry.session_id)

    def _update_actions(self) -> None:
        entry = self.selected()
        of_series = entry is not None and entry.series_id is not None
        self.new_button.setEnabled(self.may_schedule)
        self.change_button.setEnabled(self.may_schedule and of_series)
        self.end_button.setEnabled(self.may_schedule and of_series)
        self.days_off_button.setEnabled(self.may_manage_room)
        self.cancel_button.setEnabled(
            self.may_schedule and of_series and entry is not None and entry.status == "planned"
        )

    # --- actions --------------------------------------------------------------------------

    def new_series(self) -> None:
        """Load the children, then open the "New series" form."""
        actor = self.context.actor

        def work(db: Any) -> list[ChildRow]:
            return list_children(db, actor=actor, filters=ChildFilters(status="active"), limit=5000)

        self.context.run(work, self._open_new, parent=self)

    def change_series(self) -> None:
        """Load the selected session's series and the children, then open "Change series"."""
        entry = self.selected()
        if entry is None or entry.series_id is None:
            return
        actor, series_id, today = self.context.actor, entry.series_id, self.today()

        def work(db: Any) -> tuple[list[ChildRow], SeriesRead]:
            children = list_children(
                db, actor=actor, filters=ChildFilters(status="active"), limit=5000
            )
            return children, get_series(db, actor=actor, series_id=series_id, today=today)

        self.context.run(work, lambda found: self._open_new(found[0], found[1]), parent=self)

    def _open_new(self, children: list[ChildRow], series: SeriesRead | None = None) -> None:
        from caseroom.ui.dialogs.series_form import SeriesForm

        column = max(self.grid.currentColumn(), 0)
        day = self.days[column] if column < len(self.days) else self.monday
        dialog = SeriesForm(
            self.context,
            self.staff,
            children,
            staff_id=self.staff_filter(),
            weekday=day.weekday(),
            starts_on=max(self.monday, self.today()),
            today=self.today(),
            series=series,
            parent=self,
        )
        self.dialog = dialog
        dialog.open()

    def days_off(self) -> None:
        """Open the list of the room's days off."""
        from caseroom.ui.dialogs.holidays_dialog import HolidaysDialog

        dialog = HolidaysDialog(self.context, self.today(), parent=self)
        self.dialog = dialog
        dialog.open()

    def end_series(self) -> None:
        """Ask for the last day of the selected session's series."""
        from caseroom.ui.dialogs.series_form import EndSeriesForm

        entry = self.selected()
        if entry is None or entry.series_id is None:
            return
        what = cell_text(entry, with_staff=True).replace("\n", ", ")
        what = _("{weekday}: {what}").format(
            weekday=weekday_names()[entry.day.weekday()], what=what
        )
        dialog = EndSeriesForm(self.context, entry.series_id, what, entry.day, parent=self)
        self.dialog = dialog
        dialog.open()

    def cancel_day(self) -> None:
        """Cancel the selected session on its day (after asking)."""
        entry = self.selected()
        if entry is None or entry.series_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("Cancel this day"),
            _("Cancel the session of {date} ({what})? It will not be planned again.").format(
                date=day_text(entry.day), what=span(entry)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.call(
            cancel_occurrence,
            changes={"session", "timetable"},
            parent=self,
            series_id=entry.series_id,
            day=entry.day,
        )

    def print_week(self) -> None:
        """Save the shown week as a PDF."""
        from caseroom.ui.dialogs.timetable_print import TimetablePrintDialog

        dialog = TimetablePrintDialog(
            self.context,
            self.monday,
            self.staff_filter(),
            self.staff_combo.currentText(),
            parent=self,
        )
        self.dialog = dialog
        dialog.open()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & WATCHED:
            self.refresh()
