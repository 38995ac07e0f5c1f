"""Opening a database step by step: another copy holding it, encryption, a damaged file,
backups on close, restore and encryption from a running window."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from caseroom.db.cipher import encrypt_database
from caseroom.db.crypto import TEST_KDF, is_encrypted, unlock
from caseroom.db.early_check import Integrity
from caseroom.db.engine import engine_for_path
from caseroom.db.lock import WriterLock, acquire_writer
from caseroom.db.rotation import default_backup_folder, list_backups, make_automatic_backup
from caseroom.db.types import utcnow
from caseroom.services.common import SYSTEM
from caseroom.services.people.child_list import ChildFilters, count_children
from caseroom.ui.launcher import Launcher
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.tasks import TaskRunner

PASSPHRASE = "long steppe road"


@pytest.fixture
def launch(qtbot: QtBot) -> Iterator[object]:
    made: list[tuple[MainWindow, Launcher]] = []

    def start(path: Path) -> tuple[MainWindow, Launcher]:
        window = MainWindow(path, app_settings())
        qtbot.addWidget(window)
        window.show()
        launcher = Launcher(window, TaskRunner(), app_settings(), path)
        made.append((window, launcher))
        launcher.start()
        return window, launcher

    yield start
    for _window, launcher in made:
        launcher.shutdown()


def children_in(path: Path, key: bytes | None = None) -> int:
    engine = engine_for_path(path, key=key)
    with Session(engine) as session:
        count = count_children(session, actor=SYSTEM, filters=ChildFilters())
    engine.dispose()
    return count


def test_a_database_held_by_another_copy_opens_read_only_when_asked(
    qtbot: QtBot, demo_path: Path, launch: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = acquire_writer(demo_path)
    assert isinstance(other, WriterLock)
    asked: list[str] = []

    def question(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", question)
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
    assert len(asked) == 1 and "read-only" in asked[0]
    assert launcher.read_only
    assert "read-only" in window.path_label.text()
    other.release()


def test_refusing_read_only_closes_the_window(
    qtbot: QtBot, demo_path: Path, launch: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = acquire_writer(demo_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Close)
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    assert launcher.context is None
    assert isinstance(other, WriterLock)
    other.release()


def test_an_encrypted_database_asks_for_the_passphrase_and_a_wrong_one_is_named(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    encrypt_database(demo_path, PASSPHRASE, kdf=TEST_KDF)
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.unlock is not None, timeout=10000)
    dialog = launcher.unlock
    assert dialog is not None
    qtbot.keyClick(dialog.use_passphrase, Qt.Key.Key_Space)
    assert dialog.use_passphrase.isChecked() and not dialog.username.isVisible()
    qtbot.keyClicks(dialog.password, "long steppe roads")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=10000)
    assert dialog.message.text() == "The passphrase is wrong."
    assert launcher.context is None
    with qtbot.waitSignal(launcher.attached, timeout=15000):
        qtbot.keyClicks(dialog.password, PASSPHRASE)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert launcher.key is not None
    assert window.current_page_name == "today"
    from caseroom.ui.drafts import draft_seal_key

    context = launcher.context
    assert context is not None  # drafts of this database are sealed under its own key
    assert context.drafts_key == draft_seal_key(launcher.key) != launcher.key


def test_a_damaged_file_offers_the_newest_good_backup_and_restores_it(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    children = children_in(demo_path)
    make_automatic_backup(
        demo_path, default_backup_folder(demo_path), now=utcnow(), reason="manual"
    )
    with sqlite3.connect(demo_path) as connection:
        page = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'child'"
        ).fetchone()[0]
    connection.close()
    data = bytearray(demo_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[(page - 1) * page_size] ^= 0xFF
    demo_path.write_bytes(bytes(data))

    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.skeleton_actions.count() == 1, timeout=15000)
    assert window.skeleton_title.text() == "The database could not be opened"
    button = window.skeleton_actions.itemAt(0).widget()
    assert isinstance(button, QPushButton) and button.text().startswith("&Restore the backup of")
    with qtbot.waitSignal(launcher.attached, timeout=15000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert children_in(demo_path) == children


def test_the_days_first_backup_waits_until_the_first_page_has_been_read(
    qtbot: QtBot, demo_path: Path
) -> None:
    window = MainWindow(demo_path, app_settings())
    qtbot.addWidget(window)
    window.show()
    launcher = Launcher(window, TaskRunner(), app_settings(), demo_path, first_backup_delay_ms=800)
    try:
        launcher.start()
        qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
        qtbot.waitUntil(lambda: not launcher.runner._pending, timeout=10000)
        folder = default_backup_folder(demo_path)
        assert list_backups(folder) == []  # the first page's reads went first
        qtbot.waitUntil(lambda: len(list_backups(folder)) == 1, timeout=10000)
        assert [info.reason for info in list_backups(folder)] == ["daily"]
    finally:
        launcher.shutdown()


def test_the_data_stack_is_imported_beside_the_claim_not_on_the_gui_thread(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
    assert "caseroom.db.health" in launcher.preload.imported
    assert "caseroom.ui.pages.children" in launcher.preload.imported
    assert window.current_page_name == "today"


def test_the_integrity_check_runs_beside_the_import_and_the_start_up_check_takes_it(
    qtbot: QtBot, demo_path: Path, launch: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseroom.db import health

    given: list[object] = []
    real = health.startup_check

    def recording(path: Path, **options: object) -> object:
        given.append(options.get("integrity"))
        return real(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(health, "startup_check", recording)
    _window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
    assert len(given) == 1
    assert isinstance(given[0], Integrity) and given[0].lines == ("ok",)


def test_closing_makes_a_verified_backup_in_the_chosen_folder(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
    folder = default_backup_folder(demo_path)
    launcher.daily_backup()  # not waiting for its delay
    qtbot.waitUntil(lambda: not launcher.runner._pending, timeout=10000)
    daily = list_backups(folder)
    assert [info.reason for info in daily] == ["daily"]  # the first start of the day
    window.close()
    launcher.shutdown()
    backups = list_backups(folder)
    # rotation keeps the newest automatic copy of each day: the one made on closing
    assert [info.reason for info in backups] == ["close"]
    assert backups[0].verified and backups[0].counts is not None
    assert backups[0].counts.children == children_in(demo_path)


def test_encrypting_from_the_window_reopens_the_encrypted_file(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    children = children_in(demo_path)
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
    with qtbot.waitSignal(launcher.attached, timeout=30000):
        window.request_encrypt(PASSPHRASE)
    assert is_encrypted(demo_path)
    key = unlock(demo_path, PASSPHRASE)
    assert launcher.key == key
    assert children_in(demo_path, key) == children
    assert b"SQLite format 3" not in demo_path.read_bytes()[:16]


def test_encrypting_from_the_window_encrypts_the_older_plain_backups_too(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    from caseroom.db.crypto import looks_encrypted

    folder = default_backup_folder(demo_path)
    older = make_automatic_backup(demo_path, folder, now=utcnow(), reason="manual").path
    assert not looks_encrypted(older)
    children = children_in(demo_path)
    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: launcher.context is not None, timeout=10000)
    with qtbot.waitSignal(launcher.attached, timeout=30000):
        window.request_encrypt(PASSPHRASE)
    key = unlock(demo_path, PASSPHRASE)
    assert looks_encrypted(older)
    assert b"SQLite format 3" not in older.read_bytes()[:16]
    assert unlock(older, PASSPHRASE) == key  # its own key file, beside it
    assert children_in(older, key) == children
    assert "and so is its 1 older backup" in window.statusBar().currentMessage()


def test_an_empty_file_with_no_backup_offers_a_new_room_in_it(
    qtbot: QtBot, tmp_path: Path, launch: object
) -> None:
    empty = tmp_path / "room.sqlite3"
    empty.write_bytes(b"")
    window, launcher = launch(empty)  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.skeleton_actions.count() == 1, timeout=15000)
    button = window.skeleton_actions.itemAt(0).widget()
    assert isinstance(button, QPushButton)
    assert button.text() == "&Start a new room in this empty file"
    assert empty.exists() and empty.stat().st_size == 0  # nothing written before asked
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: launcher.first_run is not None, timeout=15000)


def test_an_empty_file_with_a_backup_beside_it_offers_the_backup(
    qtbot: QtBot, demo_path: Path, launch: object
) -> None:
    children = children_in(demo_path)
    make_automatic_backup(
        demo_path, default_backup_folder(demo_path), now=utcnow(), reason="manual"
    )
    demo_path.write_bytes(b"")  # the room's file emptied (a failed copy, a full stick)

    window, launcher = launch(demo_path)  # type: ignore[operator]
    qtbot.waitUntil(lambda: window.skeleton_actions.count() >= 1, timeout=15000)
    texts = [
        widget.text()
        for index in range(window.skeleton_actions.count())
        if isinstance(widget := window.skeleton_actions.itemAt(index).widget(), QPushButton)
    ]
    assert texts and texts[0].startswith("&Restore the backup of"), texts
    assert "&Start a new room in this empty file" not in texts  # not taken as a new room
    assert demo_path.stat().st_size == 0  # nothing written before asked
    button = window.skeleton_actions.itemAt(0).widget()
    assert isinstance(button, QPushButton)
    with qtbot.waitSignal(launcher.attached, timeout=15000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert children_in(demo_path) == children
