"""The main window: navigation rail, global search, pages, status bar; the Navigator.

The window paints at once with a light skeleton while the database opens on the worker;
`attach(context)` then fills it. Pages are built the first time they are shown (see
`pages/registry.py`). The window implements `ui.navigation.Navigator`, so pages and
dialogs ask it to show a record without knowing it.
"""

from __future__ import annotations

import importlib
import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QSettings,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.icons import icon
from caseroom.ui.lock import WindowLock
from caseroom.ui.pages.registry import PAGE_NAMES, PAGES, spec_of
from caseroom.ui.search_box import SearchBox
from caseroom.ui.tasks import TaskRunner
from caseroom.ui.widgets.confirm_bar import ConfirmBar
from caseroom.ui.widgets.enter_presses import press_focused_button
from caseroom.ui.widgets.style import (
    RAIL_WIDTH,
    SPACE_L,
    SPACE_M,
    SPACE_S,
    SPACE_XL,
    SPACE_XS,
    set_role,
)

if TYPE_CHECKING:  # the data stack is imported after the window has painted
    from caseroom.services.common import Actor
    from caseroom.services.people.overview import Overview
    from caseroom.ui.context import AppContext

GEOMETRY_KEY = "window/geometry"
LANGUAGE_KEY = "language"
"""The interface language chosen in the app (applies from the next start)."""
LAST_DB_KEY = "database/last"
"""The database opened last (used when neither `--db` nor `CASEROOM_DB` is given)."""
BUSY_DELAY_MS = 250
"""Work shorter than this never shows the busy indicator (no flicker)."""


def app_settings() -> QSettings:
    """caseroom's own preferences file (organization and application "caseroom")."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "caseroom", "caseroom")


def rail_text(label: str, button: QToolButton) -> str:
    """`label` on two lines, broken at the space nearest its middle, when one line is wider
    than the rail button ("Help directory", "Сабақ кестесі" were cut to "Саба…тесі"); a
    line still too wide makes the button's font a little smaller, down to 7 points."""
    room = button.width() - 2 * SPACE_S
    text = label
    if button.fontMetrics().horizontalAdvance(label) > room and " " in label:
        spaces = [n for n, char in enumerate(label) if char == " "]
        middle = min(spaces, key=lambda n: abs(n - len(label) / 2))
        text = f"{label[:middle]}\n{label[middle + 1 :]}"
    rail = button.parentWidget()
    font = QFont(rail.font() if rail is not None else button.font())
    bold = QFont(font)  # the page shown has its label in bold
    bold.setBold(True)
    while (
        font.pointSizeF() > 7
        and max(QFontMetrics(bold).horizontalAdvance(line) for line in text.split("\n")) > room
    ):
        font.setPointSizeF(font.pointSizeF() - 0.5)
        bold.setPointSizeF(font.pointSizeF())
    button.setFont(font)
    return text


class MainWindow(QMainWindow):
    """caseroom's main window and the app's Navigator."""

    closed = Signal()
    restore_requested = Signal(object)  # the backup file (Path) to restore the database from
    encrypt_requested = Signal(str)  # the passphrase to encrypt the open database with

    def __init__(self, db_path: Path, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("MainWindow")
        self.db_path = db_path
        self.settings = settings if settings is not None else app_settings()
        self.context: AppContext | None = None
        self._pages: dict[str, QWidget] = {}
        self._dialogs: list[QWidget] = []
        self._current = ""

        central = QWidget(self)
        outer = QHBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._build_rail(central))
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self._build_top_bar(central))
        self.stack = QStackedWidget(central)
        self.skeleton = self._build_skeleton()
        self.stack.addWidget(self.skeleton)
        right.addWidget(self.stack, 1)
        outer.addLayout(right, 1)
        self.window_lock = WindowLock(self, central)
        self._build_status_bar()
        self._build_shortcuts()
        self.retranslate()
        self._restore_geometry()
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: self._refresh_icons())

    # --- building --------------------------------------------------------------------------

    def _build_rail(self, parent: QWidget) -> QWidget:
        rail = QWidget(parent)
        rail.setObjectName("navRail")
        rail.setFixedWidth(RAIL_WIDTH)
        rail.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(rail)
        layout.setContentsMargins(SPACE_XS, SPACE_L, SPACE_XS, SPACE_L)
        layout.setSpacing(SPACE_XS)
        self.rail_group = QButtonGroup(self)
        self.rail_group.setExclusive(True)
        self.rail_buttons: dict[str, QToolButton] = {}
        for number, spec in enumerate(PAGES, start=1):
            button = QToolButton(rail)
            button.setObjectName(f"rail_{spec.name}")
            button.setProperty("rail", True)
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setIcon(icon(spec.icon))
            button.setIconSize(QSize(26, 26))
            button.setFixedWidth(RAIL_WIDTH - 2 * SPACE_XS)
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, name=spec.name: self.show_page(name))
            button.setProperty("shortcutNumber", number)
            self.rail_group.addButton(button)
            self.rail_buttons[spec.name] = button
            if spec.name == "settings":
                layout.addStretch(1)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        return rail

    def _build_top_bar(self, parent: QWidget) -> QWidget:
        bar = QWidget(parent)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(SPACE_XL, SPACE_M, SPACE_XL, SPACE_S)
        layout.setSpacing(SPACE_M)
        self.room_label = set_role(QLabel("", bar), "muted")
        self.room_label.setObjectName("roomLabel")
        layout.addWidget(self.room_label, 1)
        self.search = SearchBox(self, bar)
        self.search.setMaximumWidth(460)
        layout.addWidget(self.search, 1)
        return bar

    def _build_skeleton(self) -> QWidget:
        skeleton = QWidget(self)
        skeleton.setObjectName("skeleton")
        layout = QVBoxLayout(skeleton)
        layout.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)
        layout.setSpacing(SPACE_L)
        self.skeleton_title = set_role(QLabel("", skeleton), "title")
        layout.addWidget(self.skeleton_title)
        self.skeleton_detail = set_role(QLabel("", skeleton), "muted")
        self.skeleton_detail.setWordWrap(True)
        self.skeleton_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.skeleton_detail)
        self.skeleton_actions = QHBoxLayout()
        layout.addLayout(self.skeleton_actions)
        row = QHBoxLayout()
        row.setSpacing(SPACE_L)
        for _column in range(2):
            card = QFrame(skeleton)
            card.setObjectName("card")
            card.setMinimumHeight(180)
            row.addWidget(card)
        layout.addLayout(row)
        layout.addStretch(1)
        return skeleton

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.path_label = QLabel("", bar)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.path_label, 1)
        self.busy = QProgressBar(bar)
        self.busy.setRange(0, 0)
        self.busy.setFixedSize(96, 10)
        self.busy.setTextVisible(False)
        self.busy.hide()
        bar.addPermanentWidget(self.busy)
        self.confirm_bar = ConfirmBar(bar)
        bar.addPermanentWidget(self.confirm_bar)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(self.busy.show)

    def _build_shortcuts(self) -> None:
        self.shortcuts: dict[str, QShortcut] = {}
        for number, name in enumerate(PAGE_NAMES, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number % 10}"), self)  # the 10th: Ctrl+0
            shortcut.activated.connect(lambda name=name: self.show_page(name))
            self.shortcuts[name] = shortcut
        for keys in ("Ctrl+K", QKeySequence.StandardKey.Find):
            QShortcut(QKeySequence(keys), self).activated.connect(self.focus_search)
        new = QShortcut(QKeySequence("Ctrl+N"), self)
        new.activated.connect(lambda: self.log_session(child_id=self.shown_child_id()))
        undo = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo.activated.connect(self.confirm_bar.undo)
        self.undo_shortcut = undo
        quit_ = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_.activated.connect(self.close)

    def retranslate(self) -> None:
        """Set every text of the window in the current language."""
        self.setWindowTitle(_("caseroom"))
        for number, spec in enumerate(PAGES, start=1):
            button = self.rail_buttons[spec.name]
            button.setText(rail_text(spec.label, button))
            two_lines = "\n" in button.text()  # a smaller icon keeps the rail's height
            button.setIconSize(QSize(22, 22) if two_lines else QSize(26, 26))
            button.setAccessibleName(spec.label)
            button.setToolTip(
                _("{page} (Ctrl+{number})").format(page=spec.label, number=number % 10)
            )
        self.search.retranslate()
        self.window_lock.screen.retranslate()
        self.path_label.setText(_("Database: {path}").format(path=self.db_path))
        self.path_label.setAccessibleName(_("Database file"))
        self.busy.setAccessibleName(_("Working"))
        self.confirm_bar.retranslate()
        if self.context is None:
            self.skeleton_title.setText(_("Opening the database…"))

    def _refresh_icons(self) -> None:
        for spec in PAGES:
            self.rail_buttons[spec.name].setIcon(icon(spec.icon))

    # --- state -------------------------------------------------------------------------------

    def watch(self, runner: TaskRunner) -> None:
        """Show the busy indicator while `runner` works."""
        runner.busy_changed.connect(self._set_busy)

    def _set_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()

    def set_db_path(self, path: Path) -> None:
        """Show which database file is open."""
        self.db_path = path
        self.path_label.setText(_("Database: {path}").format(path=path))

    def attach(self, context: AppContext, first_page: str = "today") -> None:
        """Fill the window from the opened database acting as `context.actor`."""
        self.context = context
        self.watch(context.runner)
        self.retranslate()
        self.search.set_context(context)
        self.confirm_bar.set_stack(context.undo)
        usable = self.apply_permissions(context.actor)
        context.changed.connect(self._on_changed)
        self._load_room()
        self.show_page(first_page if first_page in usable else usable[0])

    def apply_permissions(self, actor: Actor) -> list[str]:
        """Show and enable the rail buttons, Ctrl+number shortcuts, search and Ctrl+N that
        `actor` may use (see `PageSpec.permission`); the usable pages' names, in rail order."""
        from caseroom.services.permissions import Permission, allowed

        usable = [spec.name for spec in PAGES if spec.allows(actor)]
        for spec in PAGES:
            self.rail_buttons[spec.name].setEnabled(spec.name in usable)
            self.rail_buttons[spec.name].setVisible(spec.name in usable)
            self.shortcuts[spec.name].setEnabled(spec.name in usable)
        self.search.setEnabled(allowed(actor, Permission.VIEW_RECORDS))
        may_log = allowed(actor, Permission.SCHEDULE_SESSIONS)
        for shortcut in self.findChildren(QShortcut):
            if shortcut.key() == QKeySequence("Ctrl+N"):
                shortcut.setEnabled(may_log)
        return usable

    def show_setup(self) -> None:
        """Say that the first-run setup is under way (the dialog stands over the window)."""
        self.skeleton_title.setText(_("Setting up caseroom"))
        self.skeleton_detail.setText(_("A new database: tell caseroom about your room."))

    def request_restore(self, path: Path) -> None:
        """Ask the app to close the database, restore it from `path` and open it again."""
        self.restore_requested.emit(path)

    def request_encrypt(self, passphrase: str) -> None:
        """Ask the app to close the database, encrypt it with `passphrase` and open it again."""
        self.encrypt_requested.emit(passphrase)

    def show_read_only(self, reason: str) -> None:
        """Say in the status bar, for as long as it is open, why the database is read-only."""
        self.path_label.setText(
            _("Database: {path} — read-only: {reason}").format(path=self.db_path, reason=reason)
        )

    def detach(self, message: str) -> None:
        """Forget the open database: drop its pages and show `message` on the skeleton."""
        if self.context is not None:
            self.context.changed.disconnect(self._on_changed)
        self.context = None
        self.confirm_bar.set_stack(None)
        self.search.hide_results()
        self.search.setEnabled(False)
        self.stack.setCurrentWidget(self.skeleton)
        for page in self._pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages.clear()
        self._current = ""
        for button in self.rail_buttons.values():
            button.setEnabled(False)
        self.rail_group.setExclusive(False)
        for button in self.rail_buttons.values():
            button.setChecked(False)
        self.rail_group.setExclusive(True)
        self.skeleton_title.setText(message)
        self.skeleton_detail.setText("")

    def show_sign_in(self) -> None:
        """Say that caseroom waits for someone to sign in (the dialog stands over the window)."""
        self.skeleton_title.setText(_("Sign in to caseroom"))
        self.skeleton_detail.setText("")

    def show_failure(self, message: str) -> None:
        """Tell the user the database could not be opened, in their language."""
        self.skeleton_title.setText(_("The database could not be opened"))
        self.skeleton_detail.setText(message)
        self._clear_failure_actions()

    def show_failure_detail(self, text: str) -> None:
        """Add a sentence under the failure message (e.g. that no backup was found)."""
        self.skeleton_detail.setText(f"{self.skeleton_detail.text()}\n\n{text}")

    def show_failure_action(self, button: QPushButton) -> None:
        """Offer a way out under the failure message (e.g. restoring a backup)."""
        self._clear_failure_actions()
        button.setParent(self.skeleton)
        button.setProperty("primary", True)
        self.skeleton_actions.addWidget(button)
        button.show()
        button.setFocus()

    def _clear_failure_actions(self) -> None:
        while self.skeleton_actions.count():
            item = self.skeleton_actions.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if "room" in kinds:
            self._load_room()

    def _load_room(self) -> None:
        from caseroom.services.people.overview import room_overview

        if self.context is not None:
            self.context.call(room_overview, self._show_room, parent=self)

    def _show_room(self, overview: Overview) -> None:
        if overview.room_name:
            text = _("{room} · {school}").format(
                room=overview.room_name, school=overview.school_name or ""
            )
            self.room_label.setText(text)
            self.setWindowTitle(_("{room} — caseroom").format(room=overview.room_name))

    # --- pages ---------------------------------------------------------------------------

    @property
    def current_page_name(self) -> str:
        """The name of the page shown ('' before the database is open)."""
        return self._current

    def page(self, name: str) -> QWidget | None:
        """The page called `name`, built on first use (None before the database is open)."""
        if self.context is None:
            return None
        found = self._pages.get(name)
        if found is None:
            from caseroom.ui.pages.registry import create_page

            found = create_page(name, self.context, self, self.stack)
            self._pages[name] = found
            self.stack.addWidget(found)
        return found

    def show_page(self, name: str) -> None:
        """Switch to a page: today, children, families, journal, groups, reports, settings."""
        spec_of(name)  # unknown names are a bug: KeyError
        page = self.page(name)
        if page is None:
            return
        self.stack.setCurrentWidget(page)
        self.rail_buttons[name].setChecked(True)
        self._current = name
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def shown_child_id(self) -> uuid.UUID | None:
        """The child whose card is on screen (None: no card is shown): Ctrl+N logs a
        session for her."""
        page = self._pages.get(self._current) if self.context is not None else None
        shown = getattr(page, "shown_child_id", None)
        return shown() if callable(shown) else None

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+K, Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- Navigator -------------------------------------------------------------------------

    def _call_page(self, name: str, method: str, *args: Any) -> None:
        self.show_page(name)
        target = getattr(self._pages.get(name), method, None)
        if callable(target):
            target(*args)
        else:
            self.statusBar().showMessage(
                _("{page}: this part is being built.").format(page=spec_of(name).label), 5000
            )

    def open_child(self, child_id: uuid.UUID, tab: str | None = None) -> None:
        """Show the child card (tab: overview, plan, sessions, parents, history)."""
        self._call_page("children", "show_child", child_id, tab)

    def open_family(self, family_id: uuid.UUID) -> None:
        """Show the family on the Families page."""
        self._call_page("families", "show_family", family_id)

    def open_group(self, group_id: uuid.UUID) -> None:
        """Show the parent support group on the Groups page."""
        self._call_page("groups", "show_group", group_id)

    def open_journal(self, day: date | None = None) -> None:
        """Show the journal on `day` (today when None)."""
        self._call_page("journal", "show_day", day or date.today())

    def log_session(
        self,
        *,
        child_id: uuid.UUID | None = None,
        session_id: uuid.UUID | None = None,
        practice_id: uuid.UUID | None = None,
    ) -> None:
        """Open the session dialog: a new session (for a child) or an existing one (with
        the home practice `practice_id` given at it to correct, the focus on it)."""
        if self.context is None:
            return
        try:
            module = importlib.import_module("caseroom.ui.dialogs.session_dialog")
        except ModuleNotFoundError as error:
            if error.name != "caseroom.ui.dialogs.session_dialog":
                raise
            QMessageBox.information(
                self, _("caseroom"), _("Logging sessions: this part is being built.")
            )
            return
        dialog = module.SessionDialog(
            self.context,
            self,
            child_id=child_id,
            session_id=session_id,
            practice_id=practice_id,
            parent=self,
        )
        self._dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._dialogs.remove(dialog))
        dialog.open()

    # --- geometry and closing ----------------------------------------------------------------

    def _restore_geometry(self) -> None:
        stored = self.settings.value(GEOMETRY_KEY)
        if isinstance(stored, QByteArray) and self.restoreGeometry(stored):
            return
        screen = QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 760)
            return
        available = screen.availableGeometry()
        if available.width() <= 1600:
            self.setGeometry(available)
        else:
            self.resize(1400, 880)
            self.move(available.center() - self.rect().center())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter presses the focused button of a page (keys no control used end up here)."""
        if not press_focused_button(self, event):
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Remember the window's place and size; the app then stops the worker."""
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.settings.sync()
        self.search.hide_results()
        event.accept()
        self.closed.emit()
