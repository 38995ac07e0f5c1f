"""Settings ▸ Where to get help: the room's own text for a caregiver's wellbeing summary.

The summary a caregiver takes home ends with where to get help; local numbers and people
differ from town to town, so the room writes its own (`set_help_text`). Left empty, the
summary prints a general line, shown greyed in the empty field. Only a role that may
manage the room (MANAGE_ROOM) gets the editor; others read the text as it is printed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QPushButton, QWidget

from caseroom.errors import ValidationError
from caseroom.i18n import _
from caseroom.reports.wellbeing_data import default_help_text
from caseroom.services.permissions import Permission, allowed
from caseroom.services.reporting.wellbeing import help_text, set_help_text
from caseroom.ui.context import AppContext
from caseroom.ui.widgets.card import make_card, muted_note, note_row

if TYPE_CHECKING:
    from sqlmodel import Session

CHANGES = frozenset({"setting"})


class HelpTextSection(QFrame):
    """The "Where to get help" card of the Settings page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.may_change = allowed(context.actor, Permission.MANAGE_ROOM)
        self.stored: str | None = None
        inner = make_card(self, _("Where to get help"))
        inner.addWidget(
            muted_note(
                self,
                _(
                    "Printed at the end of the wellbeing summary a caregiver takes home: "
                    "local help lines, the polyclinic, who in the school to turn to. Left "
                    "empty, the summary prints the general text shown in grey."
                ),
            )
        )
        # No Alt key: every letter of the caption is taken on the Settings page in some
        # language; the text is the card's first stop for Tab.
        self.caption = QLabel(_("Text to print"), self)
        self.editor = QPlainTextEdit(self)
        self.editor.setAccessibleName(_("Help text"))
        self.editor.setPlaceholderText(default_help_text(_))
        self.editor.setTabChangesFocus(True)
        self.editor.setFixedHeight(self.editor.fontMetrics().lineSpacing() * 5 + 12)
        self.editor.setToolTip(_("Ctrl+Enter saves"))
        self.caption.setBuddy(self.editor)
        inner.addWidget(self.caption)
        inner.addWidget(self.editor)
        self.shown = QLabel("", self)
        self.shown.setWordWrap(True)
        self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shown.setAccessibleName(_("Help text as printed"))
        inner.addWidget(self.shown)
        self.note = muted_note(self)
        self.note.setAccessibleName(_("Help text status"))
        self.save_button = QPushButton(_("Save help te&xt"), self)
        self.save_button.setAccessibleName(_("Save help text"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        note_row(inner, self.note, self.save_button)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.editor)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.save)
        for widget in (self.caption, self.editor, self.save_button):
            widget.setVisible(self.may_change)
        self.shown.setVisible(not self.may_change)
        if not self.may_change:
            self.note.setText(_("Your role does not allow changing the room's help text."))

    def refresh(self) -> None:
        """Read the stored text on the worker."""

        def work(session: Session) -> str | None:
            return help_text(session)

        self.context.run(work, self.show_text, parent=self)

    def show_text(self, text: str | None, *, saved: bool = False) -> None:
        """Show `text` (None: never set, the general text is printed); what is being typed
        stays unless it was just `saved`."""
        self.stored = text
        if saved or not self.editor.document().isModified():
            self.editor.setPlainText(text or "")
        self.shown.setText(text or default_help_text(_))

    def save(self) -> None:
        """Save the text in the editor (empty: back to the general text)."""
        if not self.may_change:
            return
        text = self.editor.toPlainText()
        actor = self.context.actor

        def failed(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.note.setText("\n".join(error.problems.values()) or str(error))
            else:
                self.note.setText(str(error))

        def saved(value: str | None) -> None:
            self.show_text(value, saved=True)
            self.note.setText(_("Saved.") if value else _("Saved: the general text is printed."))

        self.context.run(
            lambda session: set_help_text(session, actor=actor, text=text),
            saved,
            on_error=failed,
            changes=CHANGES,
            parent=self,
        )
