"""Settings ▸ Backups: choosing the folder, backing up now, the list and restoring."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlmodel import Session
from tests.ui.conftest import settle

from caseroom.db.rotation import default_backup_folder, make_automatic_backup
from caseroom.services.accounts.settings_store import BACKUP_FOLDER, get_setting
from caseroom.services.common import Actor
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.pages.settings import backups as settings_backups
from caseroom.ui.pages.settings.backups import (
    BackupsSection,
    backup_folder_key,
    remembered_backup_folders,
)
from caseroom.ui.pages.settings.page import SettingsPage
from caseroom.ui.tasks import TaskRunner


def record_counts(path: Path) -> tuple[str, str, str]:
    """Children, families and sessions in the database at `path`, as the table shows them."""
    connection = sqlite3.connect(path)
    try:
        return tuple(  # type: ignore[return-value]
            str(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("child", "family", "session_record")
        )
    finally:
        connection.close()


def row_texts(section: BackupsSection, row: int) -> list[str]:
    """The cells of one row of the backup list."""
    items = [section.table.item(row, column) for column in range(section.table.columnCount())]
    return [item.text() if item is not None else "" for item in items]


def backups_of(qtbot: QtBot, window: MainWindow, context: AppContext) -> BackupsSection:
    window.show_page("settings")
    settle(qtbot, context)
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    return page.backups


def wait_checked(qtbot: QtBot, section: BackupsSection, rows: int) -> None:
    qtbot.waitUntil(lambda: section.table.rowCount() == rows, timeout=10000)
    qtbot.waitUntil(lambda: len(section.checked) == rows, timeout=10000)


def test_the_folder_key_is_one_per_database_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    same = backup_folder_key(Path("room.sqlite3"))
    assert same == backup_folder_key(tmp_path / "room.sqlite3")
    assert same.startswith("backups/folder/")
    assert same != backup_folder_key(tmp_path / "other.sqlite3")


def test_remembered_folders_put_the_chosen_one_first(tmp_path: Path) -> None:
    db = tmp_path / "room.sqlite3"
    settings = app_settings()
    assert remembered_backup_folders(db, settings) == [default_backup_folder(db)]
    settings.setValue(backup_folder_key(db), str(tmp_path / "usb"))
    assert remembered_backup_folders(db, settings) == [tmp_path / "usb", default_backup_folder(db)]


def test_choose_a_folder_then_back_up_now_lists_a_checked_copy(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    section = backups_of(qtbot, window, context)
    assert section.folder_label.text() == str(default_backup_folder(demo_path))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    section.choose_button.click()
    qtbot.waitUntil(lambda: section.folder_label.text() == str(usb), timeout=10000)
    with Session(context.engine) as session:
        assert get_setting(session, BACKUP_FOLDER) == str(usb)
    assert app_settings().value(backup_folder_key(demo_path)) == str(usb)
    qtbot.waitUntil(lambda: section.listing is not None and section.listing.folder == usb)
    assert section.table.rowCount() == 0

    section.backup_button.click()
    assert not section.backup_button.isEnabled()
    wait_checked(qtbot, section, 1)
    made = list(usb.glob("caseroom-auto-*-manual.sqlite3"))
    assert len(made) == 1
    cells = row_texts(section, 0)
    assert cells[1] == "By hand"
    assert tuple(cells[3:6]) == record_counts(demo_path)
    assert cells[6] == "✓ Checked"
    assert section.backup_button.isEnabled()
    assert made[0].name in section.backup_note.text()


def test_a_missing_usb_folder_is_named_and_nothing_is_listed(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    section = backups_of(qtbot, window, context)
    gone = tmp_path / "stick-not-plugged-in"
    section.set_folder(gone)
    qtbot.waitUntil(lambda: section.listing is not None and section.listing.folder == gone)
    assert str(gone) in section.list_note.text()
    assert section.table.rowCount() == 0
    section.set_folder(None)
    qtbot.waitUntil(lambda: section.listing is not None and not section.listing.chosen)
    assert not section.default_button.isEnabled()


def test_a_damaged_backup_shows_its_problem_and_is_not_restored(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = default_backup_folder(demo_path)
    folder.mkdir()
    (folder / "caseroom-auto-20261120-080000Z-daily.sqlite3").write_bytes(b"not a database" * 99)
    section = backups_of(qtbot, window, context)
    wait_checked(qtbot, section, 1)
    assert row_texts(section, 0)[6].startswith("Problems:")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: warned.append(text))
    with qtbot.assertNotEmitted(window.restore_requested, wait=200):
        section.table.selectRow(0)
        section.restore_button.click()
        qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert warned[0].startswith("This backup cannot be restored")


def _answer_restore_question(qtbot: QtBot, button: str, seen: list[str]) -> None:
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        if button == "restore":
            chosen = next(b for b in box.buttons() if b.objectName() == "restore")
        else:
            chosen = box.button(QMessageBox.StandardButton.Cancel)
        chosen.click()

    QTimer.singleShot(20, answer)


@pytest.mark.parametrize("answer", ["restore", "cancel"])
def test_restore_asks_naming_the_backup_then_asks_the_window(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    demo_path: Path,
    answer: str,
) -> None:
    folder = default_backup_folder(demo_path)
    older = make_automatic_backup(
        demo_path, folder, now=datetime.now(UTC) - timedelta(days=2), reason="daily"
    )
    newer = make_automatic_backup(demo_path, folder, now=datetime.now(UTC), reason="close")
    section = backups_of(qtbot, window, context)
    wait_checked(qtbot, section, 2)
    assert [row_texts(section, row)[1] for row in range(2)] == ["On closing", "Daily"]
    section.table.selectRow(1)
    assert section.restore_button.isEnabled()
    seen: list[str] = []
    emitted: list[object] = []
    window.restore_requested.connect(emitted.append)
    _answer_restore_question(qtbot, answer, seen)
    section.restore_button.click()
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    qtbot.wait(50)
    assert row_texts(section, 1)[0] in seen[0]
    children, families, sessions = record_counts(demo_path)
    assert f"Children: {children}, families: {families}, sessions: {sessions}." in seen[0]
    assert "safety copy" in seen[0]
    assert emitted == ([older.path] if answer == "restore" else [])
    assert newer.path != older.path


def test_a_role_without_backups_sees_the_list_read_only(
    qtbot: QtBot, demo_engine: object, context: AppContext, demo_path: Path
) -> None:
    folder = default_backup_folder(demo_path)
    make_automatic_backup(demo_path, folder, now=datetime.now(UTC), reason="close")
    runner = TaskRunner()
    assistant = AppContext(context.engine, Actor(context.actor.staff_id, "assistant"), runner)
    section = BackupsSection(assistant)
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    wait_checked(qtbot, section, 1)
    section.table.selectRow(0)
    for button in (section.backup_button, section.restore_button, section.choose_button):
        assert not button.isVisible()
    assert "does not allow" in section.backup_note.text()
    runner.shutdown()


def test_a_refresh_reuses_the_checks_already_made(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = default_backup_folder(demo_path)
    make_automatic_backup(demo_path, folder, now=datetime.now(UTC), reason="close")
    section = backups_of(qtbot, window, context)
    wait_checked(qtbot, section, 1)
    calls: list[Path] = []
    real = settings_backups.verify_backup

    def counting(path: Path, **kwargs: object) -> object:
        calls.append(path)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(settings_backups, "verify_backup", counting)
    section.refresh()
    settle(qtbot, context)
    assert section.table.rowCount() == 1 and row_texts(section, 0)[6] == "✓ Checked"
    assert calls == []
    added = folder / "caseroom-before-restore-20261101-080000Z.sqlite3"
    shutil.copyfile(next(folder.glob("caseroom-auto-*.sqlite3")), added)
    section.refresh()
    wait_checked(qtbot, section, 2)
    assert calls == [added]
    assert row_texts(section, 1)[1] == "Before a restore"
    assert row_texts(section, 1)[6] == "✓ Checked"
