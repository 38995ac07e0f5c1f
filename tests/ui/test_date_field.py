"""Dates are typed the way people write them: 01.09.2026, 1.9.2026 or 01092026."""

from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from caseroom.ui.widgets.date_field import DateField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01.09.2026", date(2026, 9, 1)),
        ("1.9.2026", date(2026, 9, 1)),
        ("01092026", date(2026, 9, 1)),
        ("23.11.2026", date(2026, 11, 23)),
        ("05/03/2025", date(2025, 3, 5)),
    ],
)
def test_typed_dates_land_in_the_right_sections(qtbot: QtBot, typed: str, expected: date) -> None:
    field = DateField(date(2020, 11, 15))
    qtbot.addWidget(field)
    field.show()
    field.setSelectedSection(DateField.Section.DaySection)  # as after Tab into the field
    qtbot.keyClicks(field, typed)
    assert field.value() == expected


@pytest.mark.parametrize("blank", [False, True])
def test_a_date_field_is_one_tab_stop_and_starts_on_the_day(qtbot: QtBot, blank: bool) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

    from caseroom.ui.dialogs.child_form import DateField as BlankableDateField

    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before = QLineEdit(window)
    field: DateField | BlankableDateField = (
        BlankableDateField(None, start=date(2026, 11, 23), parent=window)
        if blank
        else DateField(date(2026, 11, 23), window)
    )
    after = QLineEdit(window)  # the tab order is the order of making
    for widget in (before, field, after):
        layout.addWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() in (field, field.lineEdit())
    assert field.currentSection() == DateField.Section.DaySection
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # not on to the month
    assert QApplication.focusWidget() is after
    qtbot.keyClick(after, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() in (field, field.lineEdit())
    assert field.currentSection() == DateField.Section.DaySection  # not the year
    qtbot.keyClicks(QApplication.focusWidget(), "01.09.2026")
    assert field.value() == date(2026, 9, 1)
    qtbot.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.focusWidget() is before
