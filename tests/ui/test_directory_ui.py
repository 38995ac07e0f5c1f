"""The help directory on screen: the page finds, adds, archives, imports and exports; the
referral form picks an entry; the caregiver's leaflet is saved from a picker."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, col, select
from tests.ui.conftest import settle

from caseroom.db.models import Caregiver, Child, Referral
from caseroom.db.models_directory import DirectoryEntry
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.directory.entries import all_entries
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.directory_entry_form import DirectoryEntryForm
from caseroom.ui.dialogs.leaflet_dialog import LeafletDialog
from caseroom.ui.dialogs.referral_form import ReferralForm, ReferralSubject
from caseroom.ui.pages.directory import DirectoryPage
from caseroom.ui.tasks import TaskRunner


def _page(qtbot: QtBot, context: AppContext, navigator: Any) -> DirectoryPage:
    page = DirectoryPage(context, navigator)
    qtbot.addWidget(page)
    settle(qtbot, context)
    return page


def _names(page: DirectoryPage) -> list[str]:
    return [page.tree.topLevelItem(row).text(0) for row in range(page.tree.topLevelItemCount())]  # type: ignore[union-attr]


def test_the_page_lists_and_filters_the_demo_directory(
    qtbot: QtBot, context: AppContext, navigator: Any
) -> None:
    page = _page(qtbot, context, navigator)
    assert page.tree.topLevelItemCount() == 15
    page.need_combo.setCurrentIndex(page.need_combo.findData("autism"))
    settle(qtbot, context)
    assert page.tree.topLevelItemCount() == 2 and all("утизм" in n for n in _names(page))
    page.need_combo.setCurrentIndex(0)
    page.town_edit.setText("Талгар")
    settle(qtbot, context)
    towns = {page.tree.topLevelItem(r).text(2) for r in range(page.tree.topLevelItemCount())}  # type: ignore[union-attr]
    assert towns == {"Талгар", ""}  # lines with no town serve every town


def test_add_then_archive_from_the_page(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = _page(qtbot, context, navigator)
    form = DirectoryEntryForm(context, None, page)
    qtbot.addWidget(form)
    form.name_edit.setText("Центр «<b>»")
    form.phone_edit.setText("8 700 000 00 00")
    form.needs_list.item(1).setCheckState(Qt.CheckState.Checked)
    form.try_save()
    settle(qtbot, context)
    with Session(demo_engine) as session:
        made = session.exec(
            select(DirectoryEntry).where(DirectoryEntry.name == "Центр «<b>»")
        ).one()
        assert made.needs == ["autism"] and made.code.startswith("room-")
    assert page.tree.topLevelItemCount() == 16
    row = _names(page).index("Центр «<b>»")
    page.tree.setCurrentItem(page.tree.topLevelItem(row))  # type: ignore[arg-type]
    page.toggle_archive()
    settle(qtbot, context)
    assert page.tree.topLevelItemCount() == 15
    page.archived_box.setChecked(True)
    settle(qtbot, context)
    assert "Центр «<b>» (archived)" in _names(page)


def test_import_and_export_from_the_page(
    qtbot: QtBot, context: AppContext, navigator: Any, tmp_path: Path
) -> None:
    page = _page(qtbot, context, navigator)
    out = tmp_path / "directory.json"
    page.export_file(out)
    settle(qtbot, context)
    assert out.is_file() and page.status.text() == f"15 directory entries written to {out}."
    bad = tmp_path / "bad.csv"
    bad.write_text("id;name\nx;\n", encoding="utf-8")
    page.import_file(bad)
    settle(qtbot, context)
    assert page.status.text().startswith("bad.csv was not imported and nothing was changed")
    page.import_file(out)
    settle(qtbot, context)
    assert page.status.text() == "directory.json: 0 added, 0 updated, 15 unchanged."


def test_an_assistant_reads_but_does_not_change(
    qtbot: QtBot, demo_engine: Engine, navigator: Any
) -> None:
    runner = TaskRunner()
    try:
        context = AppContext(demo_engine, Actor(uuid.uuid4(), "assistant"), runner)
        page = _page(qtbot, context, navigator)
        assert page.tree.topLevelItemCount() == 15
        assert not page.add_button.isVisibleTo(page) and not page.import_button.isVisibleTo(page)
    finally:
        runner.shutdown()


def test_the_referral_form_picks_an_entry(
    qtbot: QtBot, context: AppContext, demo_engine: Engine
) -> None:
    with Session(demo_engine) as session:
        child_id = session.exec(select(Child.id).where(col(Child.archived_at).is_(None))).first()
        entry = next(e for e in all_entries(session, actor=SYSTEM) if e.code == "pmpk-region")
    form = ReferralForm(context, ReferralSubject(child_id, "Child"))  # type: ignore[arg-type]
    qtbot.addWidget(form)
    settle(qtbot, context)
    assert form.entry_combo.count() == 16
    form.entry_combo.setCurrentIndex(form.entry_combo.findData(str(entry.id)))
    assert form.picked_entry() == entry.id
    assert form.to_whom_edit.text() == entry.name
    form.try_save()
    settle(qtbot, context)
    with Session(demo_engine) as session:
        saved = session.exec(
            select(Referral).where(Referral.to_whom == entry.name, Referral.child_id == child_id)
        ).all()
    assert [r.directory_entry_id for r in saved] == [entry.id]


def test_the_leaflet_is_saved_from_the_picker(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, tmp_path: Path
) -> None:
    with Session(demo_engine) as session:
        carer = session.exec(select(Caregiver)).first()
        assert carer is not None
    dialog = LeafletDialog(context, carer.id, "Mother")
    qtbot.addWidget(dialog)
    settle(qtbot, context)
    assert not dialog.save_button.isEnabled()
    for row in range(6):
        dialog.list.item(row).setCheckState(Qt.CheckState.Checked)
    assert not dialog.save_button.isEnabled()  # six do not fit one leaflet
    dialog.list.item(5).setCheckState(Qt.CheckState.Unchecked)
    dialog.list.item(4).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.save_button.isEnabled()
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("kk"))
    out = tmp_path / "leaflet.pdf"
    dialog.save_to(out)
    settle(qtbot, context)
    assert dialog.written == out and out.read_bytes().startswith(b"%PDF")
