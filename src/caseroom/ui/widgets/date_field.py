"""A date field as people in Kazakhstan type dates: dd.mm.yyyy, with a calendar popup."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

DISPLAY_FORMAT = "dd.MM.yyyy"
SEPARATORS = frozenset("./-, ")


class DateField(QDateEdit):
    """A `QDateEdit` showing dd.MM.yyyy, with a calendar popup and `date` in and out."""

    def __init__(
        self,
        value: date | None = None,
        parent: QWidget | None = None,
        *,
        accessible_name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setCalendarPopup(True)
        self.setMinimumDate(QDate(1900, 1, 1))
        self.setMaximumDate(QDate(2100, 12, 31))
        self.set_value(value or date.today())
        if accessible_name is not None:
            self.setAccessibleName(accessible_name)
        self._advanced_by_digit = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Let people type "01.09.2026": a separator right after a section filled up and
        moved on by itself is swallowed, instead of skipping the next section."""
        text = event.text()
        if text and text in SEPARATORS and self._advanced_by_digit:
            self._advanced_by_digit = False
            event.accept()
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._advanced_by_digit = (
            bool(text) and text.isdigit() and self.currentSectionIndex() != before
        )

    def value(self) -> date:
        """The date shown, as a `datetime.date`."""
        shown = self.date()
        return date(shown.year(), shown.month(), shown.day())

    def set_value(self, value: date) -> None:
        """Show `value`."""
        self.setDate(QDate(value.year, value.month, value.day))
