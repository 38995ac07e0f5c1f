""" "Print…" on the child card and on a caregiver: forms written as PDFs from the demo."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from session_families_fixtures import DEMO_TODAY
from sqlalchemy import Engine, select, text
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Child
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.print_form_dialog import PrintFormDialog
from caseroom.ui.pages.child_card.card import ChildCard

WAIT = 20_000


def _children(engine: Engine, *, with_open_referral: bool) -> list[tuple[uuid.UUID, str, str]]:
    condition = "EXISTS" if with_open_referral else "NOT EXISTS"
    with Session(engine) as session:
        rows = session.execute(
            text(
                "SELECT id, case_number, last_name FROM child c WHERE archived_at IS NULL AND "
                f"{condition} (SELECT 1 FROM referral r WHERE r.child_id = c.id AND "
                "r.archived_at IS NULL AND r.status IN ('planned', 'sent')) ORDER BY case_number"
            )
        ).all()
    return [
        (uuid.UUID(str(r[0])) if not isinstance(r[0], uuid.UUID) else r[0], r[1], r[2])
        for r in rows
    ]


def _pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return result.stdout.decode("utf-8")


def test_the_child_cards_print_button_writes_the_programme(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    with Session(demo_engine) as session:
        child = (
            session.execute(
                select(Child)
                .where(col(Child.archived_at).is_(None))
                .order_by(col(Child.case_number))
            )
            .scalars()
            .first()
        )
        assert child is not None
        child_id, last_name, case = child.id, child.last_name, child.case_number
    card = ChildCard(context, navigator, lambda: DEMO_TODAY)
    qtbot.addWidget(card)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=WAIT):
        card.open_child(child_id, "overview")
    assert card.print_button.accessibleName()
    qtbot.mouseClick(card.print_button, Qt.MouseButton.LeftButton)
    dialog = card.findChild(PrintFormDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=WAIT)
    assert dialog.kind.hasFocus() or dialog.focusWidget() is dialog.kind
    dialog.kind.setCurrentIndex(dialog.kind.findData("plan"))
    dialog.language.setCurrentIndex(dialog.language.findData("kk"))
    assert dialog.default_path().name == f"{case}-plan-kk.pdf"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_to(tmp_path / "plan")
    assert dialog.written == tmp_path / "plan.pdf"
    assert last_name in _pdf_text(tmp_path / "plan.pdf")
    with Session(demo_engine) as session:
        details = session.execute(
            select(col(AuditEvent.details)).where(
                col(AuditEvent.entity) == "form", col(AuditEvent.entity_id) == child_id
            )
        ).scalar_one()
    assert details == {"form": "plan", "language": "kk", "encrypted": False}
    dialog.close()


def test_the_scope_and_referral_rows_show_only_for_their_form(
    qtbot: QtBot, context: AppContext, demo_engine: Engine
) -> None:
    child_id, case, name = _children(demo_engine, with_open_referral=False)[0]
    dialog = PrintFormDialog(context, [(child_id, case, name)], today=lambda: DEMO_TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=WAIT):
        dialog.show()
    assert dialog.form_layout.isRowVisible(dialog.scope)
    assert not dialog.form_layout.isRowVisible(dialog.referral)
    dialog.kind.setCurrentIndex(dialog.kind.findData("referral"))
    assert dialog.form_layout.isRowVisible(dialog.referral)
    assert not dialog.form_layout.isRowVisible(dialog.scope)
    assert not dialog.save_button.isEnabled()
    assert "no open referral" in dialog.status.text()
    assert not dialog.form_layout.isRowVisible(dialog.child)  # one child: no choice


def test_each_caregiver_has_a_print_forms_button(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    child_id = _children(demo_engine, with_open_referral=False)[0][0]
    card = ChildCard(context, navigator, lambda: DEMO_TODAY)
    qtbot.addWidget(card)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=WAIT):
        card.open_child(child_id, "parents")
    buttons = [b for b in card.parents.findChildren(QPushButton) if b.text() == "Print forms…"]
    assert buttons and all(b.accessibleName().startswith("Print forms for ") for b in buttons)
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)
    dialog = card.window().findChild(PrintFormDialog)
    assert dialog is not None
    with Session(demo_engine) as session:
        assert dialog._child()[0] == child_id and session.get(Child, child_id) is not None
    dialog.close()
