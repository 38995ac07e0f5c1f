"""The main window. Paints at once with a light skeleton; data arrives from the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext


class MainWindow(QMainWindow):
    """caseroom's main window: the room's name and what the database holds."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.setWindowTitle(_("caseroom"))
        self.setObjectName("MainWindow")
        self.resize(1200, 720)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)

        self.title = QLabel(_("Opening the database…"), central)
        self.title.setObjectName("roomTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName(_("Room"))
        layout.addWidget(self.title)

        self.subtitle = QLabel("", central)
        self.subtitle.setAccessibleName(_("School"))
        layout.addWidget(self.subtitle)

        card = QFrame(central)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(card)
        grid.setContentsMargins(20, 16, 20, 16)
        grid.setHorizontalSpacing(32)
        self.children_label = QLabel("…", card)
        self.children_label.setAccessibleName(_("Children"))
        self.families_label = QLabel("…", card)
        self.families_label.setAccessibleName(_("Families"))
        self.sessions_label = QLabel("…", card)
        self.sessions_label.setAccessibleName(_("Sessions"))
        for column, label in enumerate(
            (self.children_label, self.families_label, self.sessions_label)
        ):
            grid.addWidget(label, 0, column)
        layout.addWidget(card)

        self.empty_state = QLabel(
            _(
                "This database holds no records yet. To look around with realistic "
                "examples, create a demo database: caseroom demo --db FILE"
            ),
            central,
        )
        self.empty_state.setWordWrap(True)
        self.empty_state.setAccessibleName(_("Empty database"))
        self.empty_state.hide()
        layout.addWidget(self.empty_state)
        layout.addStretch(1)
        self.setCentralWidget(central)

        self.statusBar().showMessage(_("Database: {path}").format(path=db_path))
        quit_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Quit), self)
        quit_shortcut.activated.connect(self.close)
        self._closing_hooks: list[object] = []

    def show_overview(
        self,
        *,
        school_name: str | None,
        room_name: str | None,
        children: int,
        families: int,
        sessions: int,
    ) -> None:
        """Fill the window with the room's names and record counts."""
        self.title.setText(room_name or _("Support room"))
        self.subtitle.setText(school_name or _("The room has not been set up yet."))
        self.children_label.setText(
            ngettext("{n} child", "{n} children", children).format(n=children)
        )
        self.families_label.setText(
            ngettext("{n} family", "{n} families", families).format(n=families)
        )
        self.sessions_label.setText(
            ngettext("{n} session", "{n} sessions", sessions).format(n=sessions)
        )
        self.empty_state.setVisible(children == 0 and families == 0)

    def show_failure(self, message: str) -> None:
        """Tell the user the database could not be opened, in their language."""
        self.title.setText(_("The database could not be opened"))
        self.subtitle.setText(message)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Close normally; the app shuts the worker down after the window closes."""
        event.accept()
