"""A friendly line where a list would be empty, with the action that fills it.

EmptyState(_("No sessions yet"), _("&Log session"), on_action=self.log_session)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from caseroom.ui.widgets.style import SPACE_M, SPACE_S, SPACE_XL, set_role


class EmptyState(QWidget):
    """A centred message and, optionally, one button that does something about it.

    `compact` uses small margins, for an empty list inside a card.
    """

    def __init__(
        self,
        text: str,
        action_text: str | None = None,
        on_action: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        layout = QVBoxLayout(self)
        margin = SPACE_S if compact else SPACE_XL
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.setSpacing(SPACE_M)
        layout.addStretch(1)
        self.label = set_role(QLabel(text, self), "muted")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setAccessibleName(text)
        layout.addWidget(self.label)
        self.button: QPushButton | None = None
        if action_text is not None:
            self.button = QPushButton(action_text, self)
            self.button.setAccessibleName(action_text.replace("&", ""))
            if on_action is not None:
                self.button.clicked.connect(on_action)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)

    def set_text(self, text: str) -> None:
        """Change the message."""
        self.label.setText(text)
        self.label.setAccessibleName(text)

    def text(self) -> str:
        """The message shown."""
        return self.label.text()
