"""Locking the window: after idle minutes or on demand, until the password is given again.

`IdleWatcher` watches the whole application's keyboard and mouse input and says when the
user has been away for the configured minutes. `LockScreen` is what the window shows while
locked: no record is readable, only who is signed in and a password field. What checks the
password is given from outside (`Verifier`), so the same screen serves accounts and a
database passphrase.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_XL, set_role

Verifier = Callable[[str, Callable[[str | None], None]], None]
"""Checks a password off the GUI thread, then calls back with None (right) or a message."""

LOCK_KEYS = QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_L)
"""Locks the window from anywhere in the app."""

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` once the application has had no input for `minutes`; 0 turns it off."""

    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._watching = False
        self.set_minutes(minutes)

    def set_minutes(self, minutes: float) -> None:
        """Change how long the user may be away; 0 or less: never lock by itself.

        Only while counting does every event of the application pass through this watcher
        (the first window paints without it)."""
        self._interval_ms = int(minutes * 60_000)
        app = QApplication.instance()
        if app is not None and self._watching != (self._interval_ms > 0):
            if self._interval_ms > 0:
                app.installEventFilter(self)
            else:
                app.removeEventFilter(self)
            self._watching = self._interval_ms > 0
        self.restart()

    def restart(self) -> None:
        """Start counting again from now (after input, or after unlocking)."""
        if self._interval_ms > 0:
            self._timer.start(self._interval_ms)
        else:
            self._timer.stop()

    def pause(self) -> None:
        """Stop counting (while the window is locked)."""
        self._timer.stop()

    @property
    def counting(self) -> bool:
        """Whether the countdown is running."""
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start(self._interval_ms)
        return False


class LockScreen(QWidget):
    """The window's face while locked: who is signed in, a password field, Unlock."""

    unlocked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._verify: Verifier | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACE_XL, SPACE_XL, SPACE_XL, SPACE_XL)
        outer.addStretch(2)
        box = QWidget(self)
        box.setMinimumWidth(400)
        box.setMaximumWidth(460)
        layout = QVBoxLayout(box)
        layout.setSpacing(SPACE_M)
        self.title = set_role(QLabel("", box), "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.who = set_role(QLabel("", box), "muted")
        self.who.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.who.setWordWrap(True)
        layout.addWidget(self.who)
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self._try)
        layout.addWidget(self.password)
        self.message = set_role(QLabel("", box), "error")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.unlock_button = QPushButton("", box)
        self.unlock_button.setDefault(True)
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.clicked.connect(self._try)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(box, 0)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)
        outer.setSpacing(SPACE_L)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.title.setText(_("caseroom is locked"))
        self.password.setPlaceholderText(_("Password"))
        self.password.setAccessibleName(_("Password"))
        self.unlock_button.setText(_("&Unlock"))
        self.unlock_button.setAccessibleName(_("Unlock"))

    def prepare(self, who: str, verify: Verifier) -> None:
        """Show that `who` is signed in and check the password with `verify`."""
        self._verify = verify
        self.who.setText(_("Signed in: {name}. Enter your password to go on.").format(name=who))
        self.password.clear()
        self.message.hide()
        self.unlock_button.setEnabled(True)
        self.password.setFocus()

    def _try(self) -> None:
        if self._verify is None or not self.unlock_button.isEnabled():
            return
        password = self.password.text()
        if not password:
            self._show_message(_("Enter your password."))
            return
        self.unlock_button.setEnabled(False)
        self._verify(password, self._checked)

    def _checked(self, problem: str | None) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        if problem is not None:
            self._show_message(problem)
            self.password.setFocus()
            return
        self.message.hide()
        self.unlocked.emit()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


class WindowLock(QObject):
    """Puts a window's content behind a `LockScreen`, hiding its other windows too.

    The window's content goes into a stack with the lock screen; locking shows the lock
    screen, hides every other visible top-level window of the app (dialogs, pop-ups) and
    turns off the window's shortcuts; unlocking brings all of it back as it was.
    """

    changed = Signal(bool)  # True when locked

    def __init__(self, window: QWidget, content: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.frame = QStackedWidget(window)
        self.frame.addWidget(content)
        self.content = content
        self.screen = LockScreen(self.frame)
        self.frame.addWidget(self.screen)
        if isinstance(window, QMainWindow):
            window.setCentralWidget(self.frame)
        self.watcher = IdleWatcher(0, self)
        self.watcher.idle.connect(self.lock)
        self.screen.unlocked.connect(self.unlock)
        self._who = ""
        self._verify: Verifier | None = None
        self._hidden: list[QWidget] = []
        self._disabled: list[QShortcut] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.keyCombination() == LOCK_KEYS
            and not event.isAutoRepeat()
        ):
            return self.lock()
        return False

    @property
    def available(self) -> bool:
        """Whether there is a password to unlock with (otherwise locking is off)."""
        return self._verify is not None

    @property
    def locked(self) -> bool:
        """Whether the lock screen is showing."""
        return self.frame.currentWidget() is self.screen

    def enable(self, who: str, verify: Verifier, idle_minutes: float) -> None:
        """Allow locking: `who` is signed in, `verify` checks a password."""
        if self._verify is None:
            app = QApplication.instance()
            if app is not None:  # Ctrl+L works from any window, even over a modal dialog
                app.installEventFilter(self)
        self._who, self._verify = who, verify
        self.watcher.set_minutes(idle_minutes)

    def set_idle_minutes(self, minutes: float) -> None:
        """Change the idle time after which the window locks by itself (0: never)."""
        self.watcher.set_minutes(minutes if self.available else 0)

    def lock(self) -> bool:
        """Lock now; False when locking is not available or already locked."""
        if self._verify is None or self.locked:
            return False
        self.watcher.pause()
        self._hidden = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        self._disabled = [s for s in self.window.findChildren(QShortcut) if s.isEnabled()]
        for shortcut in self._disabled:
            shortcut.setEnabled(False)
        self.frame.setCurrentWidget(self.screen)
        self.screen.prepare(self._who, self._verify)
        self.changed.emit(True)
        return True

    def unlock(self) -> None:
        """Show the content again (after the lock screen accepted the password)."""
        if not self.locked:
            return
        self.frame.setCurrentWidget(self.content)
        for shortcut in self._disabled:
            shortcut.setEnabled(True)
        for widget in self._hidden:
            widget.show()
        self._hidden, self._disabled = [], []
        self.watcher.restart()
        self.changed.emit(False)
