"""The Timetable page's forms: a recurring session ("New series…", "Change series…") and
its end.

`SeriesForm` asks for the specialist, the kind, the children (a list to tick, narrowed by
typing a name), the day of the week, the time, how long, every how many weeks, from and
until which day. The timetable service checks the rest: a clash (the specialist or a
child already in a session then) comes back as its message under the time, and the form
stays open. Given a series, the form changes it: its planned sessions from today on are
planned again. `EndSeriesForm` asks for the last day of a series.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from caseroom.dates import weekday_names
from caseroom.i18n import _
from caseroom.services.people.child_list import ChildRow
from caseroom.services.sessions.timetable import (
    EVERY_WEEKS_MAX,
    SERIES_KINDS,
    SeriesInput,
    SeriesRead,
    create_series,
    end_series,
    update_series,
)
from caseroom.services.sessions.timetable_week import StaffChoice
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.vocab import SessionKind, label

CHANGES = frozenset({"session", "timetable"})
_ID = Qt.ItemDataRole.UserRole


def weekday_label(day: int) -> str:
    """The name of weekday `day` (0 = Monday) in the language of the screens."""
    return weekday_names()[day].capitalize()


def school_year_end(day: date) -> date:
    """31 May of the school year that holds `day` (the default last day of a series)."""
    return date(day.year + (1 if day.month >= 6 else 0), 5, 31)


class SeriesForm(FormDialog):
    """A new recurring session of the weekly timetable, or a change of `series`."""

    def __init__(
        self,
        context: AppContext,
        staff: Sequence[StaffChoice],
        children: Sequence[ChildRow],
        *,
        staff_id: uuid.UUID | None = None,
        weekday: int = 0,
        starts_on: date | None = None,
        today: date | None = None,
        series: SeriesRead | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = _("New series") if series is None else _("Change series")
        super().__init__(title, parent, context=context)
        self.context, self.today, self.series = context, today, series
        self.setMinimumWidth(520)
        self.setMinimumHeight(620)
        first = starts_on or date.today()
        self.staff_combo = QComboBox(self)
        for person in staff:
            self.staff_combo.addItem(person.name, str(person.id))
        chosen = staff_id or context.actor.staff_id
        if chosen is not None:
            self.staff_combo.setCurrentIndex(max(self.staff_combo.findData(str(chosen)), 0))
        self.add_field("staff_id", _("S&pecialist"), self.staff_combo)
        self.kind_combo = QComboBox(self)
        for kind in SERIES_KINDS:
            name = label(SessionKind(kind))
            self.kind_combo.addItem(name[:1].upper() + name[1:], kind)
        self.add_field("kind", _("&Kind"), self.kind_combo)
        self.find_edit = QLineEdit(self)
        self.find_edit.setPlaceholderText(_("Type a name to narrow the list"))
        self.find_edit.textChanged.connect(self._narrow)
        self.add_field("find", _("&Find a child"), self.find_edit)
        self.children_list = QListWidget(self)
        self.children_list.setMinimumHeight(140)
        for child in children:
            item = QListWidgetItem(child.full_name, self.children_list)
            item.setData(_ID, str(child.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.add_field("children", _("C&hildren"), self.children_list)
        self.weekday_combo = QComboBox(self)
        for day in range(7):
            self.weekday_combo.addItem(weekday_label(day), day)
        self.weekday_combo.setCurrentIndex(weekday)
        self.add_field("weekday", _("Day of the &week"), self.weekday_combo)
        self.time_edit = QTimeEdit(QTime(9, 0), self)
        self.time_edit.setDisplayFormat("HH:mm")
        self.add_field("starts_at", _("Starts &at"), self.time_edit)
        self.minutes_spin = QSpinBox(self)
        self.minutes_spin.setRange(5, 240)
        self.minutes_spin.setSingleStep(5)
        self.minutes_spin.setValue(30)
        self.add_field("minutes", _("&Minutes"), self.minutes_spin)
        self.every_spin = QSpinBox(self)
        self.every_spin.setRange(1, EVERY_WEEKS_MAX)
        self.add_field("every_weeks", _("Every &n weeks"), self.every_spin)
        self.from_edit = date_edit(self, first, _("First day"))
        self.add_field("starts_on", _("F&rom"), self.from_edit)
        self.until_edit = date_edit(self, school_year_end(first), _("Last day"))
        self.add_field("ends_on", _("&Until"), self.until_edit)
        for signal in (
            self.time_edit.timeChanged,
            self.minutes_spin.valueChanged,
            self.every_spin.valueChanged,
        ):
            signal.connect(lambda *_args: self.revalidate())
        self.saved_series: SeriesRead | None = None
        if series is not None:
            self._show_series(series)
        self.ready()

    def _show_series(self, series: SeriesRead) -> None:
        self.staff_combo.setCurrentIndex(max(self.staff_combo.findData(str(series.staff_id)), 0))
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(series.kind), 0))
        for child_id in series.child_ids:
            self.check_child(child_id)
        ticked = next(
            (
                self.children_list.item(row)
                for row in range(self.children_list.count())
                if self.children_list.item(row).checkState() == Qt.CheckState.Checked
            ),
            None,
        )
        if ticked is not None:  # the series' children show, not the top of a long list
            # once shown: scrolling before the list is styled lays its rows out too low
            QTimer.singleShot(
                0,
                self.children_list,  # not after the form is gone
                lambda: self.children_list.scrollToItem(
                    ticked, QListWidget.ScrollHint.PositionAtTop
                ),
            )
        self.weekday_combo.setCurrentIndex(series.weekday)
        self.time_edit.setTime(QTime(series.starts_at.hour, series.starts_at.minute))
        self.minutes_spin.setValue(series.minutes)
        self.every_spin.setValue(series.every_weeks)
        self.from_edit.set_value(series.starts_on)
        if series.ends_on is not None:
            self.until_edit.set_value(series.ends_on)

    def _narrow(self, text: str) -> None:
        wanted = text.strip().casefold()
        for row in range(self.children_list.count()):
            item = self.children_list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.text().casefold())

    def check_child(self, child_id: uuid.UUID, checked: bool = True) -> None:
        """Tick (or untick) a child in the list."""
        for row in range(self.children_list.count()):
            item = self.children_list.item(row)
            if item.data(_ID) == str(child_id):
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def child_ids(self) -> tuple[uuid.UUID, ...]:
        """The children ticked, in list order."""
        return tuple(
            uuid.UUID(self.children_list.item(row).data(_ID))
            for row in range(self.children_list.count())
            if self.children_list.item(row).checkState() == Qt.CheckState.Checked
        )

    def data(self) -> SeriesInput | None:
        """The series as entered (None when no specialist can be chosen)."""
        staff = self.staff_combo.currentData()
        if not staff:
            return None
        at = self.time_edit.time()
        return SeriesInput(
            staff_id=uuid.UUID(staff),
            kind=str(self.kind_combo.currentData()),
            child_ids=self.child_ids(),
            weekday=int(self.weekday_combo.currentData()),
            starts_at=time(at.hour(), at.minute()),
            minutes=self.minutes_spin.value(),
            starts_on=self.from_edit.value(),
            ends_on=self.until_edit.value(),
            every_weeks=self.every_spin.value(),
        )

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.data(), self.find_edit.text())

    def local_problems(self) -> dict[str, str]:
        """A specialist and the children (one, or two and more for a group)."""
        problems: dict[str, str] = {}
        data = self.data()
        if data is None:
            problems["staff_id"] = _("Choose the specialist from the staff list.")
            return problems
        if not data.child_ids:
            problems["children"] = _("Tick the child or children of the session.")
        elif data.kind == SessionKind.INDIVIDUAL and len(data.child_ids) > 1:
            problems["children"] = _("An individual session has exactly one child.")
        elif data.kind == SessionKind.GROUP and len(data.child_ids) < 2:
            problems["children"] = _("A group session has at least two children.")
        if data.ends_on is not None and data.ends_on < data.starts_on:
            problems["ends_on"] = _("The last day of a series cannot be before its first.")
        return problems

    def service_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """The service checks a planned session's date as `held_on`: the first day here."""
        return {("starts_on" if k == "held_on" else k): v for k, v in problems.items()}

    def save(self) -> None:
        """Store the series and plan its sessions (a clash keeps the form open)."""
        data = self.data()
        assert data is not None

        def done(series: SeriesRead) -> None:
            self.saved_series = series
            self.saved(series)

        if self.series is None:
            self.context.call(
                create_series,
                done,
                on_error=self.on_failed,
                changes=CHANGES,
                parent=self,
                data=data,
                today=self.today,
            )
            return
        self.context.call(
            update_series,
            done,
            on_error=self.on_failed,
            changes=CHANGES,
            parent=self,
            series_id=self.series.id,
            data=data,
            today=self.today,
        )


class EndSeriesForm(FormDialog):
    """End a series on a day: its planned sessions after that day are removed."""

    def __init__(
        self,
        context: AppContext,
        series_id: uuid.UUID,
        what: str,
        last_day: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("End series"), parent, context=context)
        self.context, self.series_id = context, series_id
        self.setMinimumWidth(420)
        self.what = QLabel(what, self)
        self.what.setWordWrap(True)
        self.what.setAccessibleName(_("The series to end"))
        self.layout_.addWidget(self.what)
        self.day_edit = date_edit(self, last_day, _("Last day of the series"))
        self.add_field("ends_on", _("Last &day"), self.day_edit)
        self.ready()

    def snapshot(self) -> Any:
        """The form's value."""
        return self.day_edit.value()

    def save(self) -> None:
        """End the series."""
        self.context.call(
            end_series,
            self.saved,
            on_error=self.on_failed,
            changes=CHANGES,
            parent=self,
            series_id=self.series_id,
            last_day=self.day_edit.value(),
        )
