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
