"""The parts of a Settings card: the framed card with its heading, muted notes, a note row.

inner = make_card(self, _("Backups"))
inner.addWidget(muted_note(self, _("What this card is for.")))
note_row(inner, self.status, self.back_up_button)
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, set_role


def make_card(frame: QFrame, title: str) -> QVBoxLayout:
    """Draw `frame` as a card named `title` with its heading; the layout to fill below it."""
    frame.setObjectName("card")  # the app's stylesheet draws cards
    frame.setAccessibleName(title)
    inner = QVBoxLayout(frame)
    inner.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_L)
    inner.setSpacing(SPACE_S)
    inner.addWidget(set_role(QLabel(title, frame), "heading"))
    return inner


def muted_note(parent: QWidget, text: str = "") -> QLabel:
    """A muted, wrapped line of explanation."""
    line = set_role(QLabel(text, parent), "muted")
    line.setWordWrap(True)
    return line


def note_row(inner: QVBoxLayout, note: QWidget, *buttons: QPushButton) -> QHBoxLayout:
    """A row with `note` taking the room and `buttons` at its right end; added to `inner`."""
    row = QHBoxLayout()
    row.addWidget(note, 1)
    for button in buttons:
        row.addWidget(button)
    inner.addLayout(row)
    return row


def button(parent: QWidget, text: str) -> QPushButton:
    """A push button whose accessible name is its text without the mnemonic."""
    made = QPushButton(text, parent)
    made.setAccessibleName(text.replace("&", "").removesuffix("…"))
    return made
