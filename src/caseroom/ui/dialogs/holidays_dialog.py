"""The room's own days off (public holidays, a closure), from the Timetable page.

`HolidaysDialog` lists them, earliest first, with "Add days off…" (`HolidayForm`: first
day, last day, name) and "Remove" for the selected one. A series plans no session on a day
off; the school breaks between quarters are days off already and are not listed here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

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
from caseroom.ui.dialogs.list_dialog import ListDialog

CHANGES = frozenset({"timetable"})


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


class HolidaysDialog(ListDialog[HolidayRead]):
    """The list of the room's days off, to add to and remove from."""

    def __init__(self, context: AppContext, today: date, parent: QWidget | None = None) -> None:
        super().__init__(
            context,
            title=_("Days off"),
            list_name=_("The room's days off"),
            headers=[_("From"), _("Until"), _("Occasion")],
            stretch=2,
            empty_text=_("No days off added yet."),
            hint=_(
                "No series plans a session on these days. The breaks between the "
                "school quarters are days off already."
            ),
            parent=parent,
        )
        self.today = today
        self.form: HolidayForm | None = None
        self.setMinimumSize(520, 380)
        self.add_button = self.action_button(_("&Add days off…"), _("Add days off"), self.add)
        self.remove_button = self.action_button(
            _("&Remove"), _("Remove the selected days off"), self.remove_selected
        )
        self.finish()

    def refresh(self) -> None:
        """Read the days off again."""
        self.context.run(list_holidays, self._show, parent=self)

    def _show(self, holidays: list[HolidayRead]) -> None:
        self.fill(
            holidays,
            lambda h: [format_date(h.starts_on), format_date(h.ends_on), h.name],
        )

    def update_actions(self) -> None:
        """Remove needs a selected stretch of days off."""
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
