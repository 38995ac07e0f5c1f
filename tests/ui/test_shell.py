"""The shell: rail and shortcuts, global search, the Navigator, geometry, start-up choices."""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlmodel import Session

from caseroom.app import LAST_DB_KEY, Launcher, actor_key, choose_db_path, choose_language
from caseroom.db.backup import verify_database_file
from caseroom.services.accounts.settings_store import PMPK_WARNING_DAYS, get_setting
from caseroom.services.common import SYSTEM
from caseroom.services.people.child_list import ChildFilters, list_children
from caseroom.services.people.rooms import get_room
from caseroom.services.plans.calendar import get_school_year
from caseroom.ui.context import AppContext
from caseroom.ui.main_window import MainWindow, app_settings
from caseroom.ui.pages import registry
from caseroom.ui.pages.settings.page import SettingsPage, restart_command
from caseroom.ui.pages.today import TodayPage
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.widgets.empty_state import EmptyState


class FakeChildrenPage(QWidget):
    """Stands in for the Children page: records which child card was asked for."""

    def __init__(self, context: AppContext, navigator: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.shown: list[tuple[uuid.UUID, str | None]] = []
        self.refreshed = 0

    def refresh(self) -> None:
        self.refreshed += 1

    def show_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        self.shown.append((child_id, tab))


@pytest.fixture
def window(
    qtbot: QtBot, context: AppContext, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    real_import = registry._import

    def pages_for_test(spec: registry.PageSpec) -> types.ModuleType | None:
        if spec.name == "children":
            return types.SimpleNamespace(  # type: ignore[return-value]
                __name__="fake_children", ChildrenPage=FakeChildrenPage
            )
        if spec.name == "today":
            return real_import(spec)
        return None  # every other page: "being built"

    monkeypatch.setattr(registry, "_import", pages_for_test)
    shown = MainWindow(demo_path, app_settings())
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    shown.attach(context)
    yield shown


def _child_named(context: AppContext, text: str) -> uuid.UUID:
    with Session(context.engine) as session:
        rows = list_children(session, actor=SYSTEM, filters=ChildFilters(text=text))
    assert len(rows) == 1
    return rows[0].id


def test_ctrl_digits_switch_pages_and_the_rail_follows(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current_page_name == "today"
    assert isinstance(window.stack.currentWidget(), TodayPage)
    for number, name in enumerate(registry.PAGE_NAMES, start=1):
        qtbot.keyClick(
            window, Qt.Key(Qt.Key.Key_0.value + number % 10), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_page_name == name
        assert window.rail_buttons[name].isChecked()
    journal = window.page("journal")
    assert isinstance(journal, EmptyState)
    assert journal.text() == "Journal: this part is being built."


def test_ctrl_k_search_finds_a_cyrillic_name_typed_in_latin_and_enter_opens_it(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    child_id = _child_named(context, "Дүйсенова Гаухар")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, "duisenova gaukhar")
    qtbot.waitUntil(lambda: window.search.results.isVisible(), timeout=5000)
    hits = window.search.hits()
    assert [(hit.kind, hit.title) for hit in hits] == [("child", "Дүйсенова Гаухар Айдосқызы")]
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    children = window.page("children")
    assert isinstance(children, FakeChildrenPage)
    assert children.shown == [(child_id, None)]
    assert window.current_page_name == "children"
    assert not window.search.results.isVisible()


def test_ctrl_f_also_focuses_search_and_escape_closes_then_clears(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.stack.currentWidget().setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, "zzqx")
    qtbot.waitUntil(lambda: window.search.results.isVisible(), timeout=5000)
    assert window.search.results.item(0).text() == "Nothing found for “zzqx”"
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert not window.search.results.isVisible() and window.search.text() == "zzqx"
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""


def test_open_child_shows_the_card_on_the_asked_tab(window: MainWindow) -> None:
    child_id = uuid.uuid4()
    window.open_child(child_id, "plan")
    children = window.page("children")
    assert isinstance(children, FakeChildrenPage)
    assert children.shown == [(child_id, "plan")] and children.refreshed == 1
    window.open_family(uuid.uuid4())  # the Families page is not there: a status message
    assert window.current_page_name == "families"
    assert window.statusBar().currentMessage() == "Families: this part is being built."


def test_ctrl_n_opens_the_session_dialog_with_the_context(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[dict[str, Any]] = []

    class FakeDialog(QWidget):
        from PySide6.QtCore import Signal

        finished = Signal(int)

        def __init__(self, ctx: AppContext, nav: Any, **kwargs: Any) -> None:
            super().__init__(kwargs.pop("parent"), Qt.WindowType.Dialog)
            made.append({"context": ctx, "navigator": nav, **kwargs})

        def open(self) -> None:
            self.show()

    fake = types.ModuleType("caseroom.ui.dialogs.session_dialog")
    fake.SessionDialog = FakeDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "caseroom.ui.dialogs.session_dialog", fake)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert made == [
        {
            "context": context,
            "navigator": window,
            "child_id": None,
            "session_id": None,
            "practice_id": None,
        }
    ]


def test_geometry_is_restored_on_a_second_start(qtbot: QtBot, tmp_path: Path) -> None:
    first = MainWindow(tmp_path / "x.sqlite3", app_settings())
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(60, 30, 700, 560))  # inside the offscreen screen (800×600)
    qtbot.waitUntil(lambda: first.geometry().size().width() == 700)
    first.close()
    second = MainWindow(tmp_path / "x.sqlite3", app_settings())
    qtbot.addWidget(second)
    assert second.geometry().size() == first.geometry().size() == QSize(700, 560)
    assert (second.geometry().x(), second.geometry().y()) == (60, 30)


def test_skeleton_paints_before_the_database_and_a_failure_is_told(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(tmp_path / "x.sqlite3", app_settings())
    qtbot.addWidget(window)
    assert window.skeleton_title.text() == "Opening the database…"
    assert not window.rail_buttons["today"].isEnabled()
    assert not window.search.isEnabled()
    window.show_page("today")  # nothing to show yet: ignored
    assert window.current_page_name == ""
    window.show_failure("The file x is not a caseroom database.")
    assert window.skeleton_title.text() == "The database could not be opened"
    assert window.skeleton_detail.text() == "The file x is not a caseroom database."


def test_a_later_start_opens_the_last_database_as_the_same_staff_member(
    qtbot: QtBot, demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CASEROOM_DB", raising=False)
    settings = app_settings()
    assert choose_db_path(None, settings) != demo_path
    window = MainWindow(demo_path, settings)
    qtbot.addWidget(window)
    launcher = Launcher(window, TaskRunner(), settings, demo_path)
    with qtbot.waitSignal(launcher.attached, timeout=10000) as attached:
        launcher.start()
    actor = attached.args[0].actor
    assert window.current_page_name == "today"
    assert settings.value(LAST_DB_KEY) == str(demo_path)
    assert settings.value(actor_key(demo_path)) == str(actor.staff_id)
    assert actor.role == "psychologist"
    assert choose_db_path(None, app_settings()) == demo_path
    window.close()
    launcher.shutdown()


def test_db_flag_and_environment_win_over_the_last_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = app_settings()
    last = tmp_path / "last.sqlite3"
    last.write_bytes(b"")
    settings.setValue(LAST_DB_KEY, str(last))
    monkeypatch.setenv("CASEROOM_DB", str(tmp_path / "env.sqlite3"))
    assert choose_db_path(str(tmp_path / "flag.sqlite3"), settings) == tmp_path / "flag.sqlite3"
    assert choose_db_path(None, settings) == tmp_path / "env.sqlite3"
    monkeypatch.delenv("CASEROOM_DB")
    assert choose_db_path(None, settings) == last


def test_language_flag_then_environment_then_the_chosen_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = app_settings()
    monkeypatch.delenv("CASEROOM_LANG", raising=False)
    assert choose_language(None, settings) == "ru"
    settings.setValue("language", "kk")
    assert choose_language(None, settings) == "kk"
    monkeypatch.setenv("CASEROOM_LANG", "en")
    assert choose_language(None, settings) == "en"
    assert choose_language("ru", settings) == "ru"


# --- the Settings page -------------------------------------------------------------------------


@pytest.fixture
def settings_page(
    qtbot: QtBot, context: AppContext, navigator: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[SettingsPage]:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.No)
    page = SettingsPage(context, navigator)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)
    yield page


def _read(context: AppContext, work: Any) -> Any:
    with Session(context.engine) as session:
        return work(session)


def test_rules_are_edited_with_spin_boxes_and_saved(
    qtbot: QtBot, settings_page: SettingsPage, context: AppContext
) -> None:
    spin = settings_page.spins["pmpk_warning_days"]
    assert (spin.value(), spin.minimum(), spin.maximum()) == (30, 1, 365)
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "45")
    qtbot.mouseClick(settings_page.rules_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settings_page.rules_note.text() == "Saved.", timeout=5000)
    assert _read(context, lambda s: get_setting(s, PMPK_WARNING_DAYS)) == 45


def test_room_details_are_checked_as_typed_and_saved(
    qtbot: QtBot, settings_page: SettingsPage, context: AppContext
) -> None:
    school = settings_page.room_fields["school_name"]
    school.selectAll()
    qtbot.keyClick(school, Qt.Key.Key_Delete)
    assert settings_page.room_problems["school_name"].text() == "Enter the name of the school"
    qtbot.mouseClick(settings_page.room_save, Qt.MouseButton.LeftButton)
    assert settings_page.room_note.text() == "Fix the fields marked above, then save again."
    qtbot.keyClicks(school, "School No. 7")
    assert settings_page.room_problems["school_name"].isHidden()
    qtbot.mouseClick(settings_page.room_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settings_page.room_note.text() == "Saved.", timeout=5000)
    room = _read(context, get_room)
    assert room is not None and room.school_name == "School No. 7"


def test_school_year_dates_are_saved_as_checked(
    qtbot: QtBot, settings_page: SettingsPage, context: AppContext
) -> None:
    assert settings_page.year_choice.currentData() == 2026
    assert settings_page.year_state.text() == "Estimated dates: check them and save."
    settings_page.date_rows[4][1].set_value(date(2027, 5, 25))  # quarter 4 ends
    settings_page.date_rows[0][1].set_value(date(2027, 5, 25))  # the year ends
    qtbot.mouseClick(settings_page.year_save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: settings_page.year_note.text() == "Saved.", timeout=5000)
    year = _read(context, lambda s: get_school_year(s, 2026))
    assert year.dates_confirmed and year.ends_on == date(2027, 5, 25)
    assert year.quarter(4).ends_on == date(2027, 5, 25)
    assert settings_page.year_state.text() == "Dates checked and saved."


def test_wrong_quarter_dates_are_named_next_to_the_quarter(
    qtbot: QtBot, settings_page: SettingsPage, context: AppContext
) -> None:
    settings_page.date_rows[2][1].set_value(date(2026, 10, 1))  # quarter 2 ends before it starts
    qtbot.mouseClick(settings_page.year_save, Qt.MouseButton.LeftButton)
    problem = settings_page.date_problems[2]
    qtbot.waitUntil(problem.isVisible, timeout=5000)
    assert problem.text() == "Quarter 2 ends (01.10.2026) before it starts (02.11.2026)"
    assert not _read(context, lambda s: get_school_year(s, 2026)).dates_confirmed


def test_back_up_now_writes_a_checked_copy_on_the_worker(
    qtbot: QtBot, settings_page: SettingsPage, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    settings_page.back_up_to(target)
    assert not settings_page.backup_button.isEnabled()
    qtbot.waitUntil(settings_page.backup_button.isEnabled, timeout=10000)
    assert settings_page.backup_note.text() == f"Backup written to {target}"
    assert verify_database_file(target).ok


def test_choosing_a_language_is_remembered_for_the_next_start(
    qtbot: QtBot, settings_page: SettingsPage
) -> None:
    combo = settings_page.language
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # English → Русский, as the user picks it
    assert combo.currentData() == "ru"
    assert app_settings().value("language") == "ru"


def test_restart_runs_the_same_command_without_its_language() -> None:
    argv = ["/usr/bin/caseroom", "--lang", "kk", "--db", "/d/x.sqlite3", "--lang=ru"]
    assert restart_command(argv, executable="/py", frozen=False) == (
        "/py",
        ["-m", "caseroom", "--db", "/d/x.sqlite3"],
    )
    assert restart_command(argv, executable="/app/caseroom.exe", frozen=True) == (
        "/app/caseroom.exe",
        ["--db", "/d/x.sqlite3"],
    )
