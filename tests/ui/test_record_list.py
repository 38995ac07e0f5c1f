"""The shared record list of the child card: heading button, rows with buttons, empty line."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from caseroom.ui.widgets.record_list import RecordListSection


def _section(qtbot: QtBot, *, may_edit: bool) -> RecordListSection:
    section = RecordListSection(
        title="Things",
        button_text="Add &thing…",
        button_name="Add a thing",
        columns=["Name", "Date", "Action"],
        empty_text="No things yet.",
        may_edit=may_edit,
    )
    qtbot.addWidget(section)
    section.show()
    return section


def test_rows_get_their_id_and_a_working_button(qtbot: QtBot) -> None:
    section = _section(qtbot, may_edit=True)
    assert section.add_button.isVisible() and section.add_button.accessibleName() == "Add a thing"
    assert section.table.accessibleName() == "Things"
    assert not section.table.isColumnHidden(2)
    clicked: list[uuid.UUID] = []
    ids = [uuid.uuid4(), uuid.uuid4()]
    section.clear_rows()
    for number, record_id in enumerate(ids):
        item = section.add_row(record_id, [f"thing {number}", "01.09.2026"])
        if number == 1:
            section.add_row_button(
                item, "Edit…", "Edit thing 1", lambda r=record_id: clicked.append(r)
            )
    section.finish_rows()
    assert section.table.topLevelItemCount() == 2
    first = section.table.topLevelItem(0)
    assert first is not None and first.text(0) == "thing 0" and first.text(2) == ""
    assert first.data(0, Qt.ItemDataRole.UserRole) == ids[0]
    assert list(section.row_buttons) == [ids[1]]
    qtbot.mouseClick(section.row_buttons[ids[1]], Qt.MouseButton.LeftButton)
    assert clicked == [ids[1]]
    assert section.table.isVisible() and not section.empty.isVisible()
    section.clear_rows()
    section.finish_rows()
    assert section.row_buttons == {} and section.table.topLevelItemCount() == 0
    assert not section.table.isVisible() and section.empty.isVisible()


def test_people_who_may_not_edit_see_no_buttons(qtbot: QtBot) -> None:
    section = _section(qtbot, may_edit=False)
    assert not section.add_button.isVisible()
    assert section.table.isColumnHidden(2)
