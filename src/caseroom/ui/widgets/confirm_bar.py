"""The confirmation bar: what was just saved or archived, with "Undo" beside it.

It sits in the main window's status bar and follows the open database's `UndoStack`:
it says what the newest step did ("Archived: family") and offers Undo (also Ctrl+Z) for
as long as there is something to take back; after an undo it says what was undone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from caseroom.i18n import _
from caseroom.ui.widgets.style import SPACE_S

if TYPE_CHECKING:  # the stack's module imports the services: after the window has painted
    from caseroom.ui.undo import UndoStack


class ConfirmBar(QWidget):
    """A message and an Undo button, shown once something was saved or archived."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmBar")
        self.stack: UndoStack | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE_S, 0, SPACE_S, 0)
        layout.setSpacing(SPACE_S)
        self.message = QLabel("", self)
        self.undo_button = QPushButton("", self)
        self.undo_button.setAutoDefault(False)
        self.undo_button.clicked.connect(self.undo)
        layout.addWidget(self.message)
        layout.addWidget(self.undo_button)
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        """Set the texts in the current language."""
        self.undo_button.setText(_("Undo"))
        self.undo_button.setToolTip(_("Undo the last save or archive (Ctrl+Z)"))
        self.undo_button.setAccessibleName(_("Undo the last save or archive"))
        self.message.setAccessibleName(_("Last change"))

    def set_stack(self, stack: UndoStack | None) -> None:
        """Follow `stack` (None: the database was closed; the bar hides)."""
        if self.stack is not None:
            self.stack.changed.disconnect(self.refresh)
        self.stack = stack
        if stack is not None:
            stack.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the newest message and whether Undo can do anything."""
        stack = self.stack
        if stack is None or not stack.last_message:
            self.hide()
            return
        self.message.setText(stack.last_message)
        self.undo_button.setVisible(stack.can_undo)
        self.show()

    def undo(self) -> bool:
        """Take back the newest step; False when there was nothing to undo."""
        return self.stack is not None and self.stack.undo()
