"""The room's own days off (public holidays, a closure), from the Timetable page.

`HolidaysDialog` lists them, earliest first, with "Add days off…" (`HolidayForm`: first
day, last day, name) and "Remove" for the selected one. A series plans no session on a day
off; the school breaks between quarters are days off already and are not listed here.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import format_date
from caseroom.i18n import _
from caseroom.services.sessions.holidays import (
    HolidayRead,
    add_holiday,
    archive_holiday,
    list_holidays,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.widgets.style import SPACE_M, set_role

CHANGES = frozenset({"timetable"})
_ID = Qt.ItemDataRole.UserRole


class HolidayForm(FormDialog):
    """New days off: from, until, and what they are."""

    def __init__(self, context: AppContext, first: date, parent: QWidget | None = None) -> None:
        super().__init__(_("New days off"), parent, context=context)
        self.context = context
        self.setMinimumWidth(420)
        self.from_edit = date_edit(self, first, _("First day off"))
        self.add_field("starts_on", _("&From"), self.from_edit)
        self.until_edit = date_edit(self, first, _("Last day off"))
        self.add_field("ends_on", _("&Until"), self.until_edit)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(_("e.g. Independence Day"))
        self.add_field("name", _("&Occasion"), self.name_edit)
        self.ready()

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.from_edit.value(), self.until_edit.value(), self.name_edit.text())

    def local_problems(self) -> dict[str, str]:
        """A name, and a last day not before the first."""
        problems: dict[str, str] = {}
        if not self.name_edit.text().strip():
            problems["name"] = _("Name the holiday.")
        if self.until_edit.value() < self.from_edit.value():
            problems["ends_on"] = _("The last day off cannot be before the first.")
        return problems

    def save(self) -> None:
        """Store the days off."""
        self.context.call(
            add_holiday,
            self.saved,
            on_error=self.on_failed,
            changes=CHANGES,
            parent=self,
            starts_on=self.from_edit.value(),
            ends_on=self.until_edit.value(),
            name=self.name_edit.text(),
        )


class HolidaysDialog(QDialog):
    """The list of the room's days off, to add to and remove from."""

    def __init__(self, context: AppContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context, self.today = context, today
        self.holidays: list[HolidayRead] = []
        self.form: HolidayForm | None = None
        self.setWindowTitle(_("Days off"))
        self.setMinimumSize(520, 380)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        hint = set_role(
            QLabel(
                _(
                    "No series plans a session on these days. The breaks between the "
                    "school quarters are days off already."
                ),
                self,
            ),
            "muted",
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(_("The room's days off"))
        self.list.setColumnCount(3)
        self.list.setHeaderLabels([_("From"), _("Until"), _("Occasion")])
        self.list.setRootIsDecorated(False)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(lambda *_args: self._update_actions())
        layout.addWidget(self.list, 1)
        self.empty = set_role(QLabel(_("No days off added yet."), self), "muted")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add days off…"), self)
        self.add_button.setAccessibleName(_("Add days off"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(_("&Remove"), self)
        self.remove_button.setAccessibleName(_("Remove the selected days off"))
        self.remove_button.clicked.connect(self.remove_selected)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        row.addWidget(buttons)
        layout.addLayout(row)
        self._update_actions()
        self.refresh()

    def refresh(self) -> None:
        """Read the days off again."""
        self.context.run(list_holidays, self._show, parent=self)

    def _show(self, holidays: list[HolidayRead]) -> None:
        chosen = self.selected()
        self.holidays = holidays
        self.list.clear()
        for holiday in holidays:
            item = QTreeWidgetItem(
                [format_date(holiday.starts_on), format_date(holiday.ends_on), holiday.name]
            )
            item.setData(0, _ID, str(holiday.id))
            self.list.addTopLevelItem(item)
            if chosen is not None and holiday.id == chosen.id:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        self.empty.setVisible(not holidays)
        self._update_actions()

    def selected(self) -> HolidayRead | None:
        """The days off the keyboard is on."""
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = uuid.UUID(item.data(0, _ID))
        return next((h for h in self.holidays if h.id == wanted), None)

    def _update_actions(self) -> None:
        self.remove_button.setEnabled(self.selected() is not None)

    def add(self) -> None:
        """Open the form for new days off."""
        form = HolidayForm(self.context, self.today, parent=self)
        form.result_saved.connect(lambda _result: self.refresh())
        self.form = form
        form.open()

    def remove_selected(self) -> None:
        """Remove the selected days off (after asking)."""
        holiday = self.selected()
        if holiday is None:
            return
        answer = QMessageBox.question(
            self,
            _("Remove days off"),
            _("Remove “{name}” ({first} – {last}) from the days off?").format(
                name=holiday.name,
                first=format_date(holiday.starts_on),
                last=format_date(holiday.ends_on),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.call(
            archive_holiday,
            lambda _result: self.refresh(),
            changes=CHANGES,
            parent=self,
            holiday_id=holiday.id,
        )
