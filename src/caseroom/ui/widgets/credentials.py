"""The frame of the small dialogs that ask who is there: signing in and unlocking a file.

Both show a title and a muted line, a user name and password form, an error line, and
Quit beside one primary button that submits:

    layout, self.title, self.where = dialog_top(self, str(db_path), min_width=440)
    self.fields = CredentialFields(self)
    layout.addWidget(self.fields)
    self.message, self.quit_button, self.open_button = dialog_bottom(self, layout, self.submit)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, SPACE_XL, set_role

USERNAME_MAX = 64
PASSWORD_MAX = 200


def password_edit(parent: QWidget) -> QLineEdit:
    """A one-line field whose text is hidden as it is typed."""
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(PASSWORD_MAX)
    return edit


class CredentialFields(QWidget):
    """A user name and a password field, each with its caption (texts set by the dialog)."""

    def __init__(self, parent: QWidget, *, top_margin: int = 0) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, top_margin, 0, 0)
        self.form.setSpacing(SPACE_S)
        self.username = QLineEdit(self)
        self.username.setMaxLength(USERNAME_MAX)
        self.password = password_edit(self)
        self.username_label = QLabel("", self)
        self.username_label.setBuddy(self.username)
        self.password_label = QLabel("", self)
        self.password_label.setBuddy(self.password)
        self.form.addRow(self.username_label, self.username)
        self.form.addRow(self.password_label, self.password)


def dialog_top(
    dialog: QDialog, subtitle: str, *, min_width: int
) -> tuple[QVBoxLayout, QLabel, QLabel]:
    """Lay out `dialog` and put its title (text set later) and muted `subtitle` at the top."""
    dialog.setMinimumWidth(min_width)
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(SPACE_XL, SPACE_XL, SPACE_XL, SPACE_L)
    layout.setSpacing(SPACE_M)
    title = set_role(QLabel("", dialog), "title")
    layout.addWidget(title)
    under = set_role(QLabel(subtitle, dialog), "muted")
    under.setWordWrap(True)
    layout.addWidget(under)
    return layout, title, under


def dialog_bottom(
    dialog: QDialog, layout: QVBoxLayout, submit: Callable[[], None]
) -> tuple[QLabel, QPushButton, QPushButton]:
    """The hidden error line, then Quit (rejects) and the default button (calls `submit`)."""
    message = set_role(QLabel("", dialog), "error")
    message.setWordWrap(True)
    message.hide()
    layout.addWidget(message)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    quit_button = QPushButton("", dialog)
    quit_button.setAutoDefault(False)
    quit_button.clicked.connect(dialog.reject)
    buttons.addWidget(quit_button)
    primary = QPushButton("", dialog)
    primary.setProperty("primary", True)
    primary.setDefault(True)
    primary.clicked.connect(submit)
    buttons.addWidget(primary)
    layout.addLayout(buttons)
    return message, quit_button, primary


def show_message(label: QLabel, text: str | None) -> None:
    """Show `text` in the error line, or hide the line when there is nothing to say."""
    label.setText(text or "")
    label.setVisible(bool(text))
