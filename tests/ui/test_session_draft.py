"""A half-typed session survives a crash: the draft on disk, and its restore."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from session_families_fixtures import Demo

from caseroom.ui.dialogs.session_dialog import SessionDialog
from caseroom.ui.drafts import DraftStore, session_draft_key

CASE = "SR-2026-0003"


pytestmark = pytest.mark.usefixtures("no_modal_questions")


def _open(
    qtbot: QtBot, demo: Demo, store: DraftStore, child_id: object, *, keep: bool = True
) -> SessionDialog:
    dialog = SessionDialog(demo.context, demo.navigator, child_id=child_id, drafts=store)
    if keep:
        qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.entry is not None and dialog.save_button.isEnabled())
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


# --- the store --------------------------------------------------------------------------------


def test_store_writes_atomically_reads_and_forgets(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    when = datetime(2026, 11, 23, 14, 5)
    store.save("child-1", {"notes": "Айгерим read a page"}, now=when)
    store.save("child-1", {"notes": "Айгерим read two pages"}, now=when)
    path = store.path("child-1")
    assert sorted(p.name for p in path.parent.iterdir()) == ["child-1.json"]  # no temp left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    draft = store.load("child-1")
    assert draft is not None
    assert draft.values == {"notes": "Айгерим read two pages"}
    assert draft.saved_at == when
    store.delete("child-1")
    store.delete("child-1")  # forgetting twice is fine
    assert store.load("child-1") is None


def test_a_damaged_draft_is_ignored(tmp_path: Path) -> None:
    store = DraftStore(tmp_path)
    store.path("child-2").write_text('{"values": ', encoding="utf-8")
    assert store.load("child-2") is None


def test_drafts_live_in_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    store = DraftStore()
    store.save(session_draft_key(None, None), {"a": 1})
    assert (tmp_path / "data" / "caseroom" / "drafts" / "session-new.json").exists()


# --- the dialog ---------------------------------------------------------------------------


def test_a_destroyed_dialog_leaves_its_draft_and_a_new_one_restores_it(
    qtbot: QtBot, demo: Demo, tmp_path: Path
) -> None:
    store = DraftStore(tmp_path / "drafts")
    child = demo.child(CASE)
    dialog = _open(qtbot, demo, store, child.id, keep=False)
    dialog.fields.notes_edit.setFocus()
    QTest.keyClicks(dialog.fields.notes_edit, "Counted to twenty with beads")
    dialog.fields.goals_list.item(0).setCheckState(Qt.CheckState.Checked)
    path = store.path(f"child-{child.id}")
    qtbot.waitUntil(path.exists, timeout=3000)  # the debounced write, about a second later
    shiboken6.delete(dialog)  # gone without closing: no closeEvent, no reject, no done

    again = _open(qtbot, demo, store, child.id)
    assert again.offer.isVisible()
    assert again.offer_label.text().startswith("You have an unsaved session from ")
    assert again.fields.notes_edit.toPlainText() == ""
    QTest.keyClick(again, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # &Restore
    qtbot.waitUntil(lambda: not again.offer.isVisible())  # a mnemonic "animates" the click
    assert again.fields.notes_edit.toPlainText() == "Counted to twenty with beads"
    assert again.fields.goals_list.item(0).checkState() == Qt.CheckState.Checked
    assert again.is_changed()


def test_discarding_the_offer_forgets_the_draft(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")
    child = demo.child(CASE)
    store.save(f"child-{child.id}", {"notes": "old"})
    dialog = _open(qtbot, demo, store, child.id)
    assert dialog.offer.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Dis&card
    qtbot.waitUntil(lambda: not dialog.offer.isVisible())
    assert store.load(f"child-{child.id}") is None
    assert dialog.fields.notes_edit.toPlainText() == ""


_TYPIST = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    from sqlalchemy import select
    from sqlmodel import Session, col
    from caseroom.db.engine import engine_for_path
    from caseroom.db.models import Child, Staff
    from caseroom.services.common import Actor
    from caseroom.ui.context import AppContext
    from caseroom.ui.dialogs.session_dialog import SessionDialog
    from caseroom.ui.drafts import DraftStore
    from caseroom.ui.tasks import TaskRunner

    app = QApplication([])
    engine = engine_for_path(Path(sys.argv[1]))
    with Session(engine) as s:
        staff = s.execute(select(col(Staff.id)).where(col(Staff.role) == "psychologist"))
        staff = staff.scalar()
        child = s.execute(select(col(Child.id)).where(col(Child.case_number) == sys.argv[3]))
        child = child.scalar()
    context = AppContext(engine, Actor(staff, "psychologist"), TaskRunner())
    store = DraftStore(Path(sys.argv[2]))
    dialog = SessionDialog(context, None, child_id=child, drafts=store)
    dialog.show()
    while dialog.entry is None:
        QTest.qWait(20)
    dialog.fields.notes_edit.setFocus()
    QTest.keyClicks(dialog.fields.notes_edit, "Typed before the power went out")
    while not store.path(f"child-{child}").exists():
        QTest.qWait(50)
    print("ready", flush=True)
    while True:
        QTest.qWait(100)
    """
)


@pytest.mark.slow
def test_a_killed_app_keeps_the_draft(qtbot: QtBot, demo: Demo, tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    child = demo.child(CASE)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    typist = subprocess.Popen(
        [sys.executable, "-c", _TYPIST, str(demo.path), str(folder), CASE],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert typist.stdout is not None
        assert typist.stdout.readline().strip() == "ready"
    finally:
        typist.send_signal(signal.SIGKILL)
        typist.wait(timeout=20)
    assert typist.returncode == -signal.SIGKILL

    dialog = _open(qtbot, demo, DraftStore(folder), child.id)
    assert dialog.offer.isVisible()
    dialog.restore_button.click()
    assert dialog.fields.notes_edit.toPlainText() == "Typed before the power went out"


# --- an encrypted database ----------------------------------------------------------------


@pytest.fixture
def encrypted_demo(demo: Demo, tmp_path: Path) -> Iterator[Demo]:
    """The demo database encrypted, with a context as the launcher makes it (the drafts key
    derived from the master key); the user data folder in `tmp_path`."""
    from caseroom.db.cipher import encrypt_database
    from caseroom.db.crypto import TEST_KDF
    from caseroom.db.engine import engine_for_path
    from caseroom.ui.context import AppContext
    from caseroom.ui.drafts import draft_seal_key
    from caseroom.ui.tasks import TaskRunner

    demo.close()
    key = encrypt_database(demo.path, "room passphrase 2026", kdf=TEST_KDF)
    engine = engine_for_path(demo.path, key=key)
    runner = TaskRunner()
    context = AppContext(engine, demo.context.actor, runner, drafts_key=draft_seal_key(key))
    yield Demo(demo.path, engine, context, runner, demo.staff_id, demo.navigator)
    runner.shutdown()
    engine.dispose()


def test_with_an_encrypted_database_the_draft_on_disk_is_sealed_and_restores(
    qtbot: QtBot, encrypted_demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "caseroom" / "drafts"
    demo = encrypted_demo
    child = demo.child(CASE)
    dialog = SessionDialog(demo.context, demo.navigator, child_id=child.id)  # the app's store
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.entry is not None and dialog.save_button.isEnabled())
    dialog.fields.notes_edit.setFocus()
    QTest.keyClicks(dialog.fields.notes_edit, "Counted to twenty with beads")
    qtbot.waitUntil(lambda: folder.is_dir() and any(folder.iterdir()), timeout=3000)
    [written] = list(folder.iterdir())
    data = written.read_bytes()
    assert b"Counted" not in data and b"beads" not in data
    assert "Counted".encode("utf-16-le") not in data
    assert str(child.id).encode() not in data
    shiboken6.delete(dialog)  # a crash: nothing closed

    again = SessionDialog(demo.context, demo.navigator, child_id=child.id)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.entry is not None and again.offer.isVisible())
    again.restore_button.click()
    assert again.fields.notes_edit.toPlainText() == "Counted to twenty with beads"


def test_a_draft_sealed_under_another_key_is_ignored_and_logged_without_content(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from caseroom.ui.drafts import draft_seal_key

    ours = DraftStore(tmp_path, seal_key=draft_seal_key(b"\x01" * 32))
    theirs = DraftStore(tmp_path, seal_key=draft_seal_key(b"\x02" * 32))
    theirs.save("child-3", {"notes": "Айгерим cried"})
    assert theirs.load("child-3") is not None
    with caplog.at_level("WARNING"):
        assert ours.load("child-3") is None
    assert caplog.records and "Айгерим" not in caplog.text and "child-3" not in caplog.text
    assert DraftStore(tmp_path).load("child-3") is None  # a plain store cannot read it either


def test_a_plain_draft_from_before_the_encryption_is_offered_then_replaced(
    tmp_path: Path,
) -> None:
    from caseroom.ui.drafts import draft_seal_key

    folder = tmp_path / "drafts"

    DraftStore(folder).save("child-4", {"notes": "old plain"})
    sealed = DraftStore(folder, seal_key=draft_seal_key(b"\x03" * 32))
    draft = sealed.load("child-4")
    assert draft is not None and draft.values == {"notes": "old plain"}
    sealed.save("child-4", {"notes": "new"})
    assert [p.name for p in folder.iterdir()] == ["child-4.sealed"]
    assert b"new" not in (folder / "child-4.sealed").read_bytes()
