"""Her own wellbeing summary: a PDF protected like every export with names."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session
from wellbeing_fixtures import Mother, demo_mother, give_screening_consent

from caseroom.errors import UserError
from caseroom.services.common import Actor
from caseroom.services.reporting.wellbeing import save_wellbeing_summary
from caseroom.services.wellbeing.checkins import give_checkin
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.wellbeing_summary_dialog import WellbeingSummaryDialog
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.ui.tasks import TaskRunner

TODAY = date(2026, 11, 23)
PASSWORD = "Kupia-soz-2026"  # keyClicks types ASCII only


def _screened(engine: Engine, actor: Actor) -> Mother:
    """The demo mother, with her consent to screening and one PHQ-9 check-in."""
    mother = demo_mother(engine)
    give_screening_consent(engine, actor, mother, date(2026, 9, 1))
    with Session(engine) as session:
        give_checkin(
            session,
            actor=actor,
            caregiver_id=mother.caregiver_id,
            instrument="phq9",
            answers=dict.fromkeys(range(1, 10), 0),
            given_on=date(2026, 10, 1),
            mode="in_person",
            today=TODAY,
        )
        session.commit()
    return mother


@pytest.fixture
def encrypted(
    demo_template: Path, tmp_path: Path, psychologist: Actor
) -> Iterator[tuple[AppContext, Engine]]:
    """An AppContext on an encrypted copy of the demo database (as the psychologist)."""
    from caseroom.db.cipher import encrypt_database
    from caseroom.db.crypto import TEST_KDF
    from caseroom.db.engine import engine_for_path

    path = tmp_path / "secret" / "demo.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    key = encrypt_database(path, "room passphrase 2026", kdf=TEST_KDF)
    engine = engine_for_path(path, key=key)
    runner = TaskRunner()
    yield AppContext(engine, psychologist, runner), engine
    runner.shutdown()
    engine.dispose()


def _open_dialog(
    qtbot: QtBot, context: AppContext, navigator: Any, mother: Mother
) -> WellbeingSummaryDialog:
    card = ChildCard(context, navigator, lambda: TODAY)
    qtbot.addWidget(card)
    card.resize(1300, 760)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=10_000, check_params_cb=lambda n: n == "parents"):
        card.open_child(mother.child_id, "parents")
    part = card.parents.wellbeing_parts[mother.caregiver_id]
    assert part.print_button.isEnabled()
    qtbot.mouseClick(part.print_button, Qt.MouseButton.LeftButton)
    dialog = part.summary_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.protection.note.isVisible() or dialog.save_button.isEnabled())
    return dialog


def test_from_an_encrypted_database_her_summary_needs_a_password_and_is_encrypted(
    qtbot: QtBot, encrypted: tuple[AppContext, Engine], navigator: Any, tmp_path: Path
) -> None:
    context, engine = encrypted
    mother = _screened(engine, context.actor)
    dialog = _open_dialog(qtbot, context, navigator, mother)
    part = dialog.protection
    assert part.protect.isChecked() and not part.protect.isEnabled()  # required
    assert not dialog.save_button.isEnabled()  # no password yet
    assert dialog.focusWidget() is part.password  # the first field to fill in
    qtbot.keyClicks(part.password, PASSWORD)
    qtbot.keyClicks(part.repeat, PASSWORD)
    assert dialog.save_button.isEnabled()
    out = tmp_path / "wellbeing.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(out)
    assert dialog.written == out and part.password.text() == ""
    assert PdfReader(out).is_encrypted
    data = out.read_bytes()
    last_name = mother.name.split()[0]
    assert last_name.encode("utf-8") not in data
    assert last_name.encode("utf-16-be") not in data
    reader = PdfReader(out)
    reader.decrypt(PASSWORD)
    assert "PHQ-9" in "".join(page.extract_text() for page in reader.pages)


def test_the_service_refuses_her_summary_without_a_password_from_an_encrypted_database(
    encrypted: tuple[AppContext, Engine], tmp_path: Path
) -> None:
    context, engine = encrypted
    mother = _screened(engine, context.actor)
    out = tmp_path / "plain.pdf"
    with Session(engine) as session, pytest.raises(UserError, match="password"):
        save_wellbeing_summary(
            session,
            actor=context.actor,
            caregiver_id=mother.caregiver_id,
            out=out,
            made_on=TODAY,
            password=None,
        )
    assert not out.exists()


def test_from_a_plain_database_the_password_is_a_choice(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, navigator: Any, tmp_path: Path
) -> None:
    mother = _screened(demo_engine, context.actor)
    dialog = _open_dialog(qtbot, context, navigator, mother)
    assert dialog.protection.protect.isEnabled() and not dialog.protection.protect.isChecked()
    assert dialog.focusWidget() is dialog.protection.protect
    out = tmp_path / "wellbeing.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.save_to(out)
    assert not PdfReader(out).is_encrypted
