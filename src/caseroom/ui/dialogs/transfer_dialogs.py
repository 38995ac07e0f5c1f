"""Moving a child's file to another room, and taking one in (`services.exchange.transfer_*`).

`TransferExportForm` ("Transfer to another room…" on the child card) asks where to save
the file and for its passphrase twice; on the worker it seals the file, writes it and
marks the child transferred, in one unit of work (a failed write marks nothing).
`TransferImportForm` ("Import a transferred child…" on the Children page) asks for the
file and its passphrase; a child who may already be here opens `MergeDialog`, which
offers to merge the file into that child or (unless the IIN is the same) to add a new one.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from caseroom.bundles.transfer_format import FILE_SUFFIX, passphrase_problem
from caseroom.i18n import _
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.dialogs.passphrase_form import secret_edit
from caseroom.ui.dialogs.transfer_merge import MergeDialog
from caseroom.ui.widgets.style import set_role

CHANGES = frozenset({"child", "family", "caregiver", "plan", "pmpk", "session", "consent"})


def _note(text: str, parent: QWidget) -> QLabel:
    label = set_role(QLabel(text, parent), "muted")
    label.setWordWrap(True)
    return label


def _file_row(form: FormDialog, caption: str, spoken: str, browse: Any) -> QLineEdit:
    """A file name field with a "Browse…" button beside it."""
    row = QWidget(form)
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    edit = QLineEdit(row)
    edit.setMinimumWidth(320)
    button = QPushButton(_("&Browse…"), row)
    button.setAccessibleName(_("Choose the file"))
    button.clicked.connect(browse)
    line.addWidget(edit, 1)
    line.addWidget(button)
    title = QLabel(caption, form)
    title.setBuddy(edit)
    edit.setAccessibleName(spoken)
    layout = form.form(0)
    layout.addRow(title, row)
    layout.addRow("", form.field_error("path", edit))
    edit.textChanged.connect(lambda _text: form.revalidate())
    return edit


class TransferExportForm(FormDialog):
    """Write a child's transfer file under a passphrase and mark the child transferred."""

    def __init__(
        self,
        context: AppContext,
        child_id: uuid.UUID,
        case_number: str,
        full_name: str,
        *,
        today: date,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            _("Transfer {name} to another room").format(name=full_name), parent, context=context
        )
        self.child_id, self.today = child_id, today
        self.layout_.addWidget(
            _note(
                _(
                    "The child's plan, ratings, PMPK conclusions and consents go into one "
                    "file; session notes only if the parent's consent to share them is "
                    "recorded. The record stays here, marked transferred. Tell the "
                    "receiving room the passphrase by phone, never with the file."
                ),
                self,
            )
        )
        self.passphrase = self.add_field(
            "passphrase", _("&Passphrase"), secret_edit(self, _("Passphrase"))
        )
        self.repeat = self.add_field(
            "repeat", _("&Repeat it"), secret_edit(self, _("Repeat the passphrase"))
        )
        self.path = _file_row(self, _("&File:"), _("Transfer file"), self.browse)
        start = folder or Path.home()
        self.path.setText(str(start / f"{case_number}{FILE_SUFFIX}"))
        self.save_button.setText(_("&Transfer"))
        self.save_button.setAccessibleName(_("Write the file and mark the child transferred"))
        self.written: Path | None = None
        self.ready()

    def browse(self) -> None:
        """Choose where the file goes."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Save the transfer file"),
            self.path.text(),
            _("Transfer files (*{suffix})").format(suffix=FILE_SUFFIX),
        )
        if chosen:
            self.path.setText(chosen)

    def local_problems(self) -> dict[str, str]:
        """A file name, a long enough passphrase typed the same twice."""
        problems: dict[str, str] = {}
        if not self.path.text().strip():
            problems["path"] = _("Choose where to save the file")
        elif Path(self.path.text().strip()).exists():
            problems["path"] = _("This file already exists; choose another name")
        problem = passphrase_problem(self.passphrase.text())
        if problem is not None:
            problems["passphrase"] = problem
        if self.repeat.text() != self.passphrase.text():
            problems["repeat"] = _("The two passphrases are not the same.")
        return problems

    def save(self) -> None:
        """Seal, write and mark, on the worker, in one unit of work."""
        from caseroom.services.exchange.transfer_export import export_child, write_transfer_file

        out = Path(self.path.text().strip())
        if out.suffix.lower() != FILE_SUFFIX:
            out = out.with_name(out.name + FILE_SUFFIX)
        passphrase, child_id, today = self.passphrase.text(), self.child_id, self.today

        def work(session: Any, actor: Any) -> Any:
            made = export_child(
                session, actor=actor, child_id=child_id, passphrase=passphrase, today=today
            )
            write_transfer_file(out, made.data)
            return made

        self.written = out
        self.run(work, set(CHANGES))


class TransferImportForm(FormDialog):
    """Take in a child's transfer file: all of it, or nothing."""

    def __init__(
        self,
        context: AppContext,
        *,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Import a transferred child"), parent, context=context)
        self.today = today
        self.layout_.addWidget(
            _note(
                _(
                    "Choose the file the child's former room sent and type the passphrase "
                    "they told you by phone. Everything in it is taken in, or nothing."
                ),
                self,
            )
        )
        self.path = _file_row(self, _("&File:"), _("Transfer file"), self.browse)
        self.passphrase = self.add_field(
            "passphrase", _("&Passphrase"), secret_edit(self, _("Passphrase"))
        )
        self.save_button.setText(_("&Take in"))
        self.save_button.setAccessibleName(_("Take the child's file in"))
        self.merge_dialog: MergeDialog | None = None
        self.ready()
        self.path.setFocus(Qt.FocusReason.OtherFocusReason)

    def browse(self) -> None:
        """Choose the file."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Open a transfer file"),
            self.path.text() or str(Path.home()),
            _("Transfer files (*{suffix})").format(suffix=FILE_SUFFIX),
        )
        if chosen:
            self.path.setText(chosen)

    def local_problems(self) -> dict[str, str]:
        """A file that exists and a passphrase."""
        problems: dict[str, str] = {}
        path = self.path.text().strip()
        if not path or not Path(path).is_file():
            problems["path"] = _("Choose the transfer file")
        if not self.passphrase.text():
            problems["passphrase"] = _("Type the passphrase the sending room told you")
        return problems

    def save(self) -> None:
        """Open the file and take it in on the worker; a possible duplicate asks first."""
        from caseroom.services.exchange.transfer_import import (
            DuplicateChildError,
            open_transfer,
        )
        from caseroom.services.exchange.transfer_write import import_transfer

        path, passphrase, today = Path(self.path.text().strip()), self.passphrase.text(), self.today

        def work(session: Any, actor: Any) -> Any:
            opened = open_transfer(path.read_bytes(), passphrase)
            try:
                return import_transfer(session, actor=actor, opened=opened, today=today)
            except DuplicateChildError as error:
                return (opened, error.duplicates)

        actor = self.context.actor
        self.context.run(
            lambda session: work(session, actor),
            self._taken,
            changes=set(CHANGES),
            on_error=self.on_failed,
            parent=self,
        )

    def _taken(self, result: Any) -> None:
        if not isinstance(result, tuple):
            self.saved(result)
            return
        opened, duplicates = result
        self.merge_dialog = MergeDialog(opened, duplicates, self)
        self.merge_dialog.accepted.connect(lambda: self._chosen(opened))
        self.merge_dialog.rejected.connect(self._cancelled)
        self.merge_dialog.open()

    def _cancelled(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)

    def _chosen(self, opened: Any) -> None:
        from caseroom.services.exchange.transfer_write import import_transfer

        assert self.merge_dialog is not None
        merge_into, today = self.merge_dialog.choice(), self.today

        def work(session: Any, actor: Any) -> Any:
            return import_transfer(
                session,
                actor=actor,
                opened=opened,
                today=today,
                merge_into=merge_into,
                as_new=merge_into is None,
            )

        self.run(work, set(CHANGES))
