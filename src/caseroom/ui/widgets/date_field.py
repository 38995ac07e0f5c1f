"""A date field as people in Kazakhstan type dates: dd.mm.yyyy, with a calendar popup.

A `QDateEdit` walks its sections with Tab (day, month, year) before Tab leaves it, so
a date was three Tab stops. Here it is one: Tab and Shift+Tab go to the next or previous
field, the day is selected whichever way the focus came in, and the sections are reached
by typing (a separator or a filled section moves on) or with the arrow keys.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

DISPLAY_FORMAT = "dd.MM.yyyy"
SEPARATORS = frozenset("./-, ")


class OneStopDateEdit(QDateEdit):
    """A `QDateEdit` that is one Tab stop and takes "01.09.2026" as typed."""

    _advanced_by_digit = False
    _tabbing = False

    def event(self, event: QEvent) -> bool:
        """Note a Tab or Shift+Tab press, for `focusNextPrevChild` (typing a separator
        moves on through the same function, and must keep doing so)."""
        tab = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        )
        self._tabbing = tab
        try:
            return super().event(event)
        finally:
            self._tabbing = False

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 - Qt override
        """Tab leaves the field instead of moving to its next section."""
        if self._tabbing:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        """Coming in with Tab or Shift+Tab selects the day, where typing a date starts."""
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.setSelectedSection(QDateEdit.Section.DaySection)

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


class DateField(OneStopDateEdit):
    """A date field showing dd.MM.yyyy, with a calendar popup and `date` in and out."""

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

    def value(self) -> date:
        """The date shown, as a `datetime.date`."""
        shown = self.date()
        return date(shown.year(), shown.month(), shown.day())

    def set_value(self, value: date) -> None:
        """Show `value`."""
        self.setDate(QDate(value.year, value.month, value.day))
