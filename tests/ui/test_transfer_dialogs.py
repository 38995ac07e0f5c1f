"""Transfer to another room… on the child card, and Import a transferred child… with merge."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col
from test_child_card import TODAY, first_child, open_card
from tests.ui.conftest import settle

from caseroom.bundles.transfer_format import TEST_KDF
from caseroom.db.models import AuditEvent, Child, SupportPlan
from caseroom.services.common import SYSTEM
from caseroom.services.exchange.transfer_export import export_child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.transfer_dialogs import TransferExportForm, TransferImportForm
from caseroom.ui.dialogs.transfer_merge import MergeDialog
from caseroom.ui.pages.child_card.card import ChildCard
from caseroom.vocab import ChildStatus

PASSPHRASE = "told by phone 2026"


def _status(engine: Engine, child_id: uuid.UUID) -> str:
    with Session(engine) as session:
        child = session.get(Child, child_id)
        assert child is not None
        return child.status


def test_the_card_transfers_the_child_to_a_file(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    child_id = first_child(demo_engine)
    card: ChildCard = open_card(qtbot, context, navigator, child_id, "overview")
    dialog = card.open_transfer_dialog()
    assert isinstance(dialog, TransferExportForm)
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.passphrase
    out = tmp_path / "child.crtransfer"
    dialog.path.setText(str(out))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "x")
    dialog.try_save()
    assert dialog.isVisible() and not out.exists()
    assert "not the same" in dialog._errors["repeat"].text()
    dialog.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.result_saved, timeout=20_000):
        dialog.try_save()
    settle(qtbot, context)
    assert out.is_file() and out.read_bytes().startswith(b"CASEROOM-TRANSFER")
    assert _status(demo_engine, child_id) == ChildStatus.TRANSFERRED.value


def test_importing_a_child_who_is_here_offers_a_merge(
    qtbot: QtBot, context: AppContext, demo_engine: Engine, tmp_path: Path
) -> None:
    child_id = first_child(demo_engine)
    with Session(demo_engine) as session:  # the room's own child, as another room sent her
        made = export_child(
            session,
            actor=SYSTEM,
            child_id=child_id,
            passphrase=PASSPHRASE,
            today=TODAY,
            kdf=TEST_KDF,
        )
        session.rollback()
        made_iin = session.get(Child, child_id).iin  # type: ignore[union-attr]
        plans = session.execute(
            select(func.count()).where(col(SupportPlan.child_id) == child_id)
        ).scalar_one()
    source = tmp_path / "child.crtransfer"
    source.write_bytes(made.data)
    host = QWidget()
    qtbot.addWidget(host)
    form = TransferImportForm(context, today=TODAY, parent=host)
    form.show()
    qtbot.waitExposed(form)
    assert form.focusWidget() is form.path
    form.path.setText(str(source))
    form.passphrase.setText("the wrong one")
    form.try_save()
    qtbot.waitUntil(lambda: "does not open" in form.general_error.text(), timeout=20_000)
    form.passphrase.setText(PASSPHRASE)
    form.try_save()
    qtbot.waitUntil(lambda: form.merge_dialog is not None, timeout=20_000)
    merge = form.merge_dialog
    assert isinstance(merge, MergeDialog)
    assert merge.choice() == child_id  # the child here comes first
    has_iin = made_iin is not None
    assert merge.choices.count() == (1 if has_iin else 2)  # a new child only without the IIN
    with qtbot.waitSignal(form.result_saved, timeout=20_000):
        merge.accept()
    settle(qtbot, context)
    with Session(demo_engine) as session:
        assert (
            session.execute(
                select(func.count()).where(col(SupportPlan.child_id) == child_id)
            ).scalar_one()
            == 2 * plans
        )
        merged = session.execute(
            select(func.count()).where(
                col(AuditEvent.action) == "merge", col(AuditEvent.entity_id) == child_id
            )
        ).scalar_one()
    assert merged == 1
