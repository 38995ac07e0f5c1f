"""The audit viewer: paged as it scrolls, filtered, exported to CSV (and the export audited)."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from accounts_fixtures import SignedIn, fast_hashing, signed_in
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QFileDialog, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent
from caseroom.i18n import set_language
from caseroom.services.common import audit
from caseroom.ui.models.audit_table import PAGE_SIZE, action_label, period_bounds, summarise
from caseroom.ui.pages.settings.audit_viewer import AuditCard, AuditViewer

__all__ = ["fast_hashing", "signed_in"]  # fixtures used by name

VIEWS = 450
""""view" events the psychologist leaves (more than two pages)."""


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    _cards.clear()


@pytest.fixture
def trail(signed_in: SignedIn) -> SignedIn:
    """The demo's trail plus `VIEWS` reads of restricted records by the psychologist."""
    with Session(signed_in.engine) as session:
        for _number in range(VIEWS):
            audit(
                session,
                actor=signed_in.psychologist,
                action="view",
                entity="child",
                entity_id=uuid.uuid4(),
                details={"level": "parent"},
            )
        session.commit()
    assert signed_in.login_works("aigul", "wrong password") is False
    return signed_in


def count_events(data: SignedIn, **where: object) -> int:
    with Session(data.engine) as session:
        query = select(func.count()).select_from(AuditEvent)
        for name, value in where.items():
            query = query.where(col(getattr(AuditEvent, name)) == value)
        return int(session.execute(query).scalar_one())


_cards: list[AuditCard] = []


def open_viewer(qtbot: QtBot, data: SignedIn) -> AuditViewer:
    """Open the viewer from its Settings card with the keyboard."""
    card = AuditCard(data.context(data.admin))
    _cards.append(card)  # owned by Python here (in the app, by the Settings page)
    qtbot.addWidget(card)
    card.show()
    card.open_button.setFocus()
    qtbot.keyClick(card.open_button, Qt.Key.Key_Space)
    viewer = card.viewer
    assert viewer is not None
    qtbot.waitUntil(lambda: viewer.loaded, timeout=5000)
    return viewer


def test_the_trail_pages_in_as_it_scrolls(qtbot: QtBot, trail: SignedIn) -> None:
    viewer = open_viewer(qtbot, trail)
    total = count_events(trail)
    assert total > 2 * PAGE_SIZE
    model = viewer.model
    assert model.total == total
    assert model.rowCount() == PAGE_SIZE
    assert viewer.count_label.text() == f"{total} events"
    assert model.data(model.index(0, 2)) == "Sign-in failed"
    assert model.data(model.index(0, 1)) == "not signed in"
    assert model.data(model.index(0, 5)) == "user name aigul"
    assert model.data(model.index(1, 1)) == model.names.staff[trail.psychologist.staff_id]  # type: ignore[index]
    assert model.data(model.index(1, 3)) == "Child"
    assert model.data(model.index(1, 5)) == "confidentiality: caregiver's own data"
    viewer.table.setFocus()
    pages = 1
    while model.rowCount() < total:
        before = model.rowCount()
        qtbot.keyClick(viewer.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: model.rowCount() > before, timeout=5000)  # noqa: B023
        pages += 1
    assert pages == -(-total // PAGE_SIZE)
    assert model.rowCount() == total
    times = [row.at for row in model.rows]
    assert times == sorted(times, reverse=True)  # newest first, no page read twice
    assert len({row.id for row in model.rows}) == total


def test_filters_by_person_action_and_period(qtbot: QtBot, trail: SignedIn) -> None:
    viewer = open_viewer(qtbot, trail)
    viewer.action.setFocus()
    signed_in_label = action_label("login_failed")
    while viewer.action.currentText() != signed_in_label:
        qtbot.keyClick(viewer.action, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: viewer.model.total == 1, timeout=5000)
    assert viewer.count_label.text() == "1 event"

    viewer.action.setCurrentIndex(0)
    person = viewer.person
    index = next(
        i for i in range(person.count()) if person.itemData(i) == trail.psychologist.staff_id
    )
    person.setCurrentIndex(index)
    qtbot.waitUntil(lambda: viewer.model.total == VIEWS, timeout=5000)
    assert {row.action for row in viewer.model.rows} == {"view"}

    viewer.period.setCurrentIndex(viewer.period.findData("range"))
    assert viewer.start.isEnabled() and viewer.end.isEnabled()
    viewer.start.set_value(date(2020, 1, 1))
    viewer.end.set_value(date(2020, 1, 31))
    qtbot.waitUntil(lambda: viewer.model.total == 0, timeout=5000)
    viewer.period.setCurrentIndex(viewer.period.findData("today"))
    qtbot.waitUntil(lambda: viewer.model.total == VIEWS, timeout=5000)


def test_export_writes_the_csv_and_the_export_shows_in_the_trail(
    qtbot: QtBot, trail: SignedIn, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "audit.csv"
    asked: list[str] = []

    def save_name(*args: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        return str(target), "CSV file (*.csv)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    viewer = open_viewer(qtbot, trail)
    person = viewer.person
    person.setCurrentIndex(
        next(i for i in range(person.count()) if person.itemData(i) == trail.psychologist.staff_id)
    )
    qtbot.waitUntil(lambda: viewer.model.total == VIEWS, timeout=5000)
    before = count_events(trail, action="export")
    viewer.export_button.setFocus()
    qtbot.keyClick(viewer.export_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "exported to" in viewer.status_label.text(), timeout=10000)
    assert asked == ["Export the audit trail"]
    assert viewer.status_label.text() == f"{VIEWS} events exported to {target}"

    with target.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    assert rows[0][:3] == ["Time (UTC)", "Who", "Action"]
    assert len(rows) == VIEWS + 1
    assert {row[2] for row in rows[1:]} == {"view"}
    assert count_events(trail, action="export") == before + 1

    viewer.person.setCurrentIndex(0)
    qtbot.waitUntil(
        lambda: bool(viewer.model.rows) and viewer.model.rows[0].action == "export", timeout=5000
    )
    model = viewer.model
    assert model.data(model.index(0, 2)) == "Exported"
    assert model.data(model.index(0, 3)) == "Audit trail"
    assert f"{VIEWS} rows" in model.data(model.index(0, 5))
    assert model.data(model.index(0, 1)) == "Bekova Aigul"


def test_the_trail_cannot_be_edited_or_deleted(qtbot: QtBot, trail: SignedIn) -> None:
    viewer = open_viewer(qtbot, trail)
    model = viewer.model
    flags = model.flags(model.index(0, 0))
    assert not flags & Qt.ItemFlag.ItemIsEditable
    assert viewer.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    buttons = {b.text().replace("&", "") for b in viewer.findChildren(QPushButton)}
    assert buttons == {"Export to CSV…", "Close"}
    rows_before = count_events(trail)
    viewer.table.setFocus()
    viewer.table.selectRow(0)
    qtbot.keyClick(viewer.table, Qt.Key.Key_Delete)
    qtbot.wait(50)
    assert count_events(trail) == rows_before
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible() and QApplication.activeModalWidget() is None


def test_details_and_periods_in_words() -> None:
    assert summarise({"identified_access": True}) == "identified access granted"
    assert summarise({"locked_minutes": 5, "username": "dana"}) == (
        "user name dana; locked for 5 minutes"
    )
    assert summarise({"child_id": "0123456789abcdef", "status": "active"}) == (
        "child_id: 01234567; status: active"
    )
    assert summarise({"staff_id": "d5f4b3b2c0ffee00", "role": "speech_therapist"}) == (
        "role: speech therapist; staff record d5f4b3b2"
    )
    assert summarise({"key": "pmpk_warning_days", "from": 30, "to": 45}) == (
        "pmpk_warning_days: 30 → 45"
    )
    today = date(2026, 11, 23)
    since, until = period_bounds("range", date(2026, 11, 30), date(2026, 11, 1), today)
    assert since is not None and until is not None
    assert since.date() == date(2026, 11, 1) and until.date() == date(2026, 12, 1)
    assert until - since == timedelta(days=30)
    assert since.tzinfo is not None
    week, none = period_bounds("week", today, today, today)
    assert none is None and week is not None and week.date() == date(2026, 11, 17)
    assert period_bounds("all", today, today, today) == (None, None)
    assert datetime(2026, 11, 23, tzinfo=UTC) >= period_bounds("today", today, today, today)[0]  # type: ignore[operator]


def test_the_viewer_says_the_chain_holds_and_names_the_first_broken_event(
    qtbot: QtBot, trail: SignedIn
) -> None:
    viewer = open_viewer(qtbot, trail)
    qtbot.waitUntil(lambda: viewer.chain_label.text() != "", timeout=5000)
    total = count_events(trail)
    assert viewer.chain_label.text() == f"Audit trail: {total} events, the chain holds."
    viewer.close()
    with Session(trail.engine) as session:
        session.execute(AuditEvent.__table__.delete().where(col(AuditEvent.seq) == 3))
        session.commit()
    broken = open_viewer(qtbot, trail)
    qtbot.waitUntil(lambda: broken.chain_label.text() != "", timeout=5000)
    assert "events before event 4" in broken.chain_label.text()
    assert broken.chain_label.property("role") == "error"
