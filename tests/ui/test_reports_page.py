"""The Reports page and the child card's "Report…", driven as a person would.

Reports are read back from the PDFs with pdftotext (a test tool only: the app previews
with its own painter, since poppler is not on users' machines).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import msoffcrypto
import pytest
from msoffcrypto.exceptions import InvalidKeyError
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select
from sqlmodel import Session, col

from caseroom.db.models import AuditEvent, Child
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.people.children import get_child
from caseroom.services.plans.periods import resolve_period
from caseroom.services.reporting.batch import report_file_name
from caseroom.services.reporting.report_data import children_to_report, progress_report_data
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_report_dialog import ChildReportDialog
from caseroom.ui.pages.reports.page import ReportsPage
from caseroom.ui.pages.reports.password import PasswordPart
from caseroom.ui.pages.reports.preview import render_page

WAIT = 20_000
DEMO_TODAY = date(2026, 11, 23)
"""The day the demo database was made for (tests/ui/conftest.py)."""


def pdf_text(path: Path) -> str:
    """The text of a PDF, as pdftotext reads it (one line per line, spaces squashed)."""
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is needed for these tests"
    out = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def open_page(qtbot: QtBot, context: AppContext, navigator: Any) -> ReportsPage:
    page = ReportsPage(context, navigator, today=lambda: DEMO_TODAY)
    qtbot.addWidget(page)
    page.resize(1300, 740)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.show()
    return page


def click_on_text(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a radio button or check box on its indicator, as a person would."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))


def active_children(engine: Engine) -> list[tuple[uuid.UUID, str, str]]:
    """(id, case number, full name) of every active child, by case number."""
    with Session(engine) as session:
        found = children_to_report(session, actor=SYSTEM)
        return [
            (
                child.id,
                child.case_number,
                get_child(session, actor=SYSTEM, child_id=child.id).full_name,
            )
            for child in found
        ]


def test_page_starts_on_this_quarter_in_the_room_language(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = open_page(qtbot, context, navigator)
    progress = page.progress
    assert progress.period.period_text() == "2026-2027:q2"
    assert page.summary.period.period_text() == "2026-2027:q2"
    assert progress.language.currentData() in ("kk", "ru", "en")
    count = len(active_children(demo_engine))
    assert progress.all_radio.text().replace("&", "").endswith(f"({count})")
    assert len(progress.chosen_children()) == count
    assert progress.make_button.isEnabled()


def test_custom_range_is_checked_as_it_is_typed(
    qtbot: QtBot, context: AppContext, navigator: Any
) -> None:
    page = open_page(qtbot, context, navigator)
    picker = page.progress.period
    picker.set_range(DEMO_TODAY, DEMO_TODAY.replace(day=1))
    assert picker.period_text() is None
    assert not picker.error.isHidden()
    assert not page.progress.make_button.isEnabled()
    picker.end.set_value(DEMO_TODAY)
    assert picker.period_text() == "2026-11-23..2026-11-23"
    assert page.progress.make_button.isEnabled()
    # Choosing children: none ticked means nothing to make.
    click_on_text(qtbot, page.progress.chosen_radio)
    assert not page.progress.make_button.isEnabled()
    assert page.progress.status.text()


def _choose(page: ReportsPage, qtbot: QtBot, cases: list[str]) -> None:
    progress = page.progress
    click_on_text(qtbot, progress.chosen_radio)
    for case in cases:
        progress.picker.search.clear()
        qtbot.keyClicks(progress.picker.search, case)
        shown = [
            progress.picker.list.item(row)
            for row in range(progress.picker.list.count())
            if not progress.picker.list.item(row).isHidden()
        ]
        assert len(shown) == 1, case
        shown[0].setCheckState(Qt.CheckState.Checked)
    progress.picker.search.clear()


def test_make_reports_for_three_children_in_kazakh_for_the_consilium(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    page = open_page(qtbot, context, navigator)
    progress = page.progress
    chosen = active_children(demo_engine)[:3]
    _choose(page, qtbot, [case for _id, case, _name in chosen])
    assert [child.case_number for child in progress.chosen_children()] == sorted(
        (case for _id, case, _name in chosen),
        key=lambda case: [c.case_number for c in progress.setup.children].index(case),  # type: ignore[union-attr]
    )
    progress.audience.setCurrentIndex(progress.audience.findData("consilium"))
    progress.language.setCurrentIndex(progress.language.findData("kk"))
    progress.folder.setText(str(tmp_path / "out"))
    with qtbot.waitSignal(progress.batch_finished, timeout=60_000):
        qtbot.mouseClick(progress.make_button, Qt.MouseButton.LeftButton)
    files = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert files == sorted(report_file_name(case, "consilium", "kk") for _i, case, _n in chosen)
    for _id, case, name in chosen:
        text = pdf_text(tmp_path / "out" / report_file_name(case, "consilium", "kk"))
        assert name in text
        assert "консилиум" in text.lower()  # the Kazakh consilium title
    assert progress.progress.format() == "3 of 3"
    assert progress.status.text().startswith("3 reports written to")
    assert progress.open_button.isVisible()
    assert progress.make_button.isEnabled()

    def printed() -> set[str]:
        with Session(demo_engine) as session:
            query = select(col(AuditEvent.entity_id)).where(
                col(AuditEvent.action) == "print", col(AuditEvent.entity) == "progress_report"
            )
            return {str(found) for found in session.execute(query).scalars()}

    qtbot.waitUntil(lambda: printed() == {str(child_id) for child_id, _c, _n in chosen})


def test_cancel_mid_batch_leaves_only_whole_reports(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    page = open_page(qtbot, context, navigator)
    progress = page.progress
    progress.runner.workers = 1  # in one thread: the cancel lands between two children
    total = len(progress.chosen_children())
    assert total >= 5
    progress.folder.setText(str(tmp_path / "out"))
    first: list[int] = []
    progress.runner.progressed.connect(
        lambda *_args: (
            first
            or (
                first.append(1),
                qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton),
            )
        )
    )
    with qtbot.waitSignal(progress.batch_finished, timeout=60_000):
        qtbot.mouseClick(progress.make_button, Qt.MouseButton.LeftButton)
    written = sorted((tmp_path / "out").iterdir())
    assert 1 <= len(written) < total
    assert all(path.suffix == ".pdf" and not path.name.startswith(".") for path in written)
    for path in written:
        assert pdf_text(path)  # whole: poppler reads it
    assert "Cancelled" in progress.status.text()
    assert progress.cancel_button.isHidden()


def test_preview_draws_the_first_childs_first_page(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine
) -> None:
    page = open_page(qtbot, context, navigator)
    first_name = page.progress.chosen_children()[0].full_name
    with qtbot.waitSignal(page.progress.preview_ready, timeout=WAIT):
        qtbot.mouseClick(page.progress.preview_button, Qt.MouseButton.LeftButton)
    drawing = page.preview.drawing
    assert drawing is not None and drawing.pages >= 1
    assert first_name in drawing.text()
    assert "1" in page.preview.caption.text()
    pixmap = page.preview.image.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 200
    image = render_page(drawing, 300)
    dark = sum(
        1
        for y in range(0, image.height(), 3)
        for x in range(0, image.width(), 3)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    assert dark > 100  # text and lines were painted, not an empty page


def test_summary_saved_as_identified_xlsx_is_audited(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    page = open_page(qtbot, context, navigator)
    summary = page.summary
    summary.format.setCurrentIndex(summary.format.findData("xlsx"))
    summary.language.setCurrentIndex(summary.language.findData("en"))
    click_on_text(qtbot, summary.identified)
    assert summary.default_path().name == "term-summary-2026-2027-q2-identified.xlsx"
    saved: list[Path] = []
    with qtbot.waitSignal(context.changed, timeout=WAIT):
        summary.save_to(tmp_path / "summary", saved.append)
    assert saved == [tmp_path / "summary.xlsx"]
    book = load_workbook(saved[0])
    assert "Sessions by specialist" in book.sheetnames
    assert summary.open_button.isVisible()
    with Session(demo_engine) as session:
        events = session.execute(
            select(col(AuditEvent.details)).where(col(AuditEvent.entity) == "term_summary")
        ).all()
    assert [event[0]["identified"] for event in events] == [True]


def test_child_card_report_button_writes_one_pdf(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    from caseroom.ui.pages.child_card.card import ChildCard

    child_id, case, name = active_children(demo_engine)[0]
    with Session(demo_engine) as session:
        sex = session.get(Child, child_id).sex  # type: ignore[union-attr]
    card = ChildCard(context, navigator, lambda: DEMO_TODAY)
    qtbot.addWidget(card)
    card.resize(1200, 700)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=WAIT):
        card.open_child(child_id, "overview")
    assert card.report_button.accessibleName()
    qtbot.mouseClick(card.report_button, Qt.MouseButton.LeftButton)
    dialog = card.findChild(ChildReportDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=WAIT)
    assert dialog.period.period_text() == "2026-2027:q2"
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    assert dialog.default_path().name == report_file_name(case, "parent", "ru")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_to(tmp_path / "report")
    written = tmp_path / "report.pdf"
    assert dialog.written == written
    text = pdf_text(written)
    assert name in text
    # The report's data carries the child's sex, for sentences that agree with it.
    with Session(demo_engine) as session:
        data = progress_report_data(
            session,
            actor=SYSTEM,
            child_id=child_id,
            period=resolve_period(session, "2026-2027:q2", today=DEMO_TODAY),
            audience="parent",
            made_on=DEMO_TODAY,
        )
    assert sex in ("F", "M")
    assert data.child.sex == sex
    assert dialog.open_button.isVisible()
    dialog.close()


# --- "Protect with a password" ---------------------------------------------------------

EXPORT_PASSWORD = "Kupia-soz-2026"  # keyClicks types ASCII only (Qt test asserts)


@pytest.fixture
def encrypted_context(
    demo_template: Path, tmp_path: Path, psychologist: Actor
) -> Iterator[tuple[AppContext, Engine]]:
    """An AppContext on an encrypted copy of the demo database (as the psychologist)."""
    from caseroom.db.cipher import encrypt_database
    from caseroom.db.crypto import TEST_KDF
    from caseroom.db.engine import engine_for_path
    from caseroom.ui.tasks import TaskRunner

    path = tmp_path / "secret" / "demo.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(demo_template, path)
    key = encrypt_database(path, "room passphrase 2026", kdf=TEST_KDF)
    engine = engine_for_path(path, key=key)
    runner = TaskRunner()
    yield AppContext(engine, psychologist, runner), engine
    runner.shutdown()
    engine.dispose()


def _type_passwords(qtbot: QtBot, part: PasswordPart, password: str, repeat: str) -> None:
    part.password.clear()
    part.repeat.clear()
    qtbot.keyClicks(part.password, password)
    qtbot.keyClicks(part.repeat, repeat)


def _pdftotext_ok(path: Path, password: str | None = None) -> bool:
    command = ["pdftotext", *(["-upw", password] if password else []), str(path), "-"]
    return subprocess.run(command, capture_output=True, check=False).returncode == 0


def test_batch_from_an_encrypted_database_needs_a_password_and_encrypts_every_pdf(
    qtbot: QtBot,
    encrypted_context: tuple[AppContext, Engine],
    navigator: Any,
    tmp_path: Path,
) -> None:
    context, engine = encrypted_context
    page = open_page(qtbot, context, navigator)
    progress = page.progress
    part = progress.protection
    assert part.protect.isChecked() and not part.protect.isEnabled()  # required
    assert part.note.isVisibleTo(progress)
    chosen = active_children(engine)[:2]
    _choose(page, qtbot, [case for _id, case, _name in chosen])
    progress.folder.setText(str(tmp_path / "out"))
    assert not progress.make_button.isEnabled()  # no password yet
    assert progress.preview_button.isEnabled()  # the preview stays on screen: no password
    _type_passwords(qtbot, part, "short", "short")
    assert "at least 8" in part.error.text() and part.error.isVisibleTo(progress)
    _type_passwords(qtbot, part, EXPORT_PASSWORD, EXPORT_PASSWORD + "!")
    assert part.error.text() == "The two passwords differ."
    assert not progress.make_button.isEnabled()
    _type_passwords(qtbot, part, EXPORT_PASSWORD, EXPORT_PASSWORD)
    assert not part.error.isVisibleTo(progress)
    assert progress.make_button.isEnabled()
    with qtbot.waitSignal(progress.batch_finished, timeout=60_000):
        qtbot.mouseClick(progress.make_button, Qt.MouseButton.LeftButton)
    assert progress.status.text().startswith("2 reports written to"), progress.status.text()
    assert part.password.text() == ""  # forgotten once the batch is under way
    for _id, case, name in chosen:
        language = str(progress.language.currentData())
        path = tmp_path / "out" / report_file_name(case, "parent", language)
        assert not _pdftotext_ok(path)
        assert _pdftotext_ok(path, EXPORT_PASSWORD)
        assert name.encode("utf-8") not in path.read_bytes()
        assert name.encode("utf-16-le") not in path.read_bytes()


def test_child_report_dialog_protects_the_pdf_on_an_encrypted_database(
    qtbot: QtBot, encrypted_context: tuple[AppContext, Engine], tmp_path: Path
) -> None:
    context, engine = encrypted_context
    child_id, case, name = active_children(engine)[0]
    dialog = ChildReportDialog(context, child_id, case, name, today=lambda: DEMO_TODAY)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=WAIT):
        dialog.show()
    part = dialog.protection
    assert part.protect.isChecked() and not part.protect.isEnabled()
    assert part.password.accessibleName() and part.repeat.accessibleName()
    assert part.password.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.save_button.isEnabled()
    _type_passwords(qtbot, part, EXPORT_PASSWORD, EXPORT_PASSWORD)
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_to(tmp_path / "report")
    written = tmp_path / "report.pdf"
    assert not _pdftotext_ok(written)
    assert name in " ".join(
        subprocess.run(
            ["pdftotext", "-upw", EXPORT_PASSWORD, str(written), "-"],
            capture_output=True,
            check=True,
        )
        .stdout.decode("utf-8")
        .split()
    )
    dialog.close()


def test_summary_protection_is_offered_only_with_names_and_is_audited(
    qtbot: QtBot, context: AppContext, navigator: Any, demo_engine: Engine, tmp_path: Path
) -> None:
    page = open_page(qtbot, context, navigator)
    summary = page.summary
    part = summary.protection
    assert not part.isVisibleTo(summary)  # a summary without names is never encrypted
    summary.format.setCurrentIndex(summary.format.findData("xlsx"))
    click_on_text(qtbot, summary.identified)
    assert part.isVisibleTo(summary) and part.protect.isEnabled()  # optional: plain database
    assert not part.protect.isChecked()
    click_on_text(qtbot, part.protect)
    assert not summary.save_button.isEnabled()
    _type_passwords(qtbot, part, EXPORT_PASSWORD, EXPORT_PASSWORD)
    assert summary.save_button.isEnabled()
    saved: list[Path] = []
    with qtbot.waitSignal(context.changed, timeout=WAIT):
        summary.save_to(tmp_path / "summary", saved.append)
    assert saved == [tmp_path / "summary.xlsx"]
    office = msoffcrypto.OfficeFile(io.BytesIO(saved[0].read_bytes()))
    assert office.is_encrypted()
    with pytest.raises(InvalidKeyError):
        office.load_key(password="not the password", verify_password=True)
    office.load_key(password=EXPORT_PASSWORD, verify_password=True)
    plain = io.BytesIO()
    office.decrypt(plain)
    assert "Занятия по специалистам" in load_workbook(plain).sheetnames  # the room's ru
    with Session(demo_engine) as session:
        events = session.execute(
            select(col(AuditEvent.details)).where(col(AuditEvent.entity) == "term_summary")
        ).all()
    assert [(event[0]["identified"], event[0].get("encrypted")) for event in events] == [
        (True, True)
    ]
    assert EXPORT_PASSWORD not in repr(events)
    # A protected CSV is offered as a zip, and written as one.
    summary.format.setCurrentIndex(summary.format.findData("csv"))
    _type_passwords(qtbot, part, EXPORT_PASSWORD, EXPORT_PASSWORD)
    assert summary.default_path().name.endswith("-identified.csv.zip")
    with qtbot.waitSignal(context.changed, timeout=WAIT):
        summary.save_to(tmp_path / "summary.csv.zip", saved.append)
    assert saved[-1] == tmp_path / "summary.csv.zip"
    assert not (tmp_path / "summary.csv").exists()


@pytest.fixture(autouse=True)
def _no_desktop(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Never open a real file manager or viewer from a test."""
    opened: list[Any] = []
    monkeypatch.setattr("PySide6.QtGui.QDesktopServices.openUrl", opened.append)
    return opened
