"""The button row of a dialog that saves a file: "Save as…" (the default) and "Close".

Close is our own translated button: Qt's standard one stays English without qtbase's
translations.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from caseroom.i18n import _


def save_buttons(
    dialog: QDialog, save_name: str, on_save: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The row, its Save as… button (accessible name `save_name`) and its Close button;
    Close and Escape reject the dialog."""
    buttons = QDialogButtonBox(dialog)
    save = QPushButton(_("&Save as…"), dialog)
    save.setAccessibleName(save_name)
    save.setDefault(True)
    save.clicked.connect(on_save)
    close = QPushButton(_("Close"), dialog)
    close.setAccessibleName(_("Close"))
    buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
    buttons.addButton(save, QDialogButtonBox.ButtonRole.ActionRole)
    buttons.rejected.connect(dialog.reject)
    return buttons, save, close


def pdf_path(path: Path) -> Path:
    """`path`, with ".pdf" added when the name typed in the file dialog lacks it."""
    return path if path.suffix.lower() == ".pdf" else path.with_name(f"{path.name}.pdf")
