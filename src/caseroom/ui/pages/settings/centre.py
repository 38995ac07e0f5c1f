"""The Centre card of the Settings page: make a bundle of this school year for the centre.

The bundle is made on the worker (one unit of work: the file is written before the record
of it is committed), with a busy progress bar meanwhile; the room must trust a centre
first (`caseroom bundle trust`). Keyboard: the button has its own mnemonic; the progress
bar and the note carry accessible names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QProgressBar, QPushButton, QWidget

from caseroom.errors import UserError
from caseroom.i18n import _
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.widgets.card import make_card, muted_note, note_row


def school_year_of(day: date) -> str:
    """The school year `day` falls in, as `2026-2027` (a year starts in September)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class CentreSection(QFrame):
    """The Centre card: "Make a bundle for the centre…" with its progress."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.db_path = Path(str(context.engine.url.database))
        inner = make_card(self, _("Centre"))
        self.period = school_year_of(date.today())
        explain = QLabel(
            _(
                "A bundle carries this room's figures for the school year {period} to the "
                "centre, without names, sealed so only the centre can open it."
            ).format(period=self.period),
            self,
        )
        explain.setWordWrap(True)
        inner.addWidget(explain)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(_("Making the bundle"))
        self.progress.setTextVisible(False)
        self.progress.hide()
        inner.addWidget(self.progress)
        self.note = muted_note(self)
        self.note.setAccessibleName(_("Bundle status"))
        self.button = QPushButton(_("Make a &bundle for the centre…"), self)
        self.button.setAccessibleName(_("Make a bundle for the centre"))
        self.button.clicked.connect(self.ask_target)
        self.button.setEnabled(allowed(context.actor, Permission.EXPORT_SUMMARY))
        note_row(inner, self.note, self.button)

    def ask_target(self) -> None:
        """Ask where to write the bundle, then make it."""
        suggested = self.db_path.parent / f"{self.db_path.stem}-{self.period}.crbundle"
        target, _filter = QFileDialog.getSaveFileName(
            self,
            _("Make a bundle for the centre"),
            str(suggested),
            _("caseroom bundle (*.crbundle)"),
        )
        if target:
            self.make_bundle(Path(target))

    def make_bundle(self, target: Path) -> None:
        """Make the bundle on the worker and write it to `target`."""
        from caseroom.services.exchange.bundle_export import export_bundle

        actor, period = self.context.actor, self.period
        self.button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the worker is done
        self.progress.show()
        self.note.setText(_("Making the bundle…"))

        def work(session: Any) -> int:
            made = export_bundle(session, actor=actor, period=period)
            temporary = target.with_name(f".{target.name}.partial")
            temporary.write_bytes(made.data)
            temporary.replace(target)
            return made.manifest.counts["children"]

        def done(_children: int) -> None:
            self._finish(_("The bundle was written to {path}").format(path=target))

        def failed(error: BaseException) -> None:
            self._finish(str(error))
            if not isinstance(error, UserError | OSError):
                raise error

        self.context.run(work, done, on_error=failed)

    def _finish(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.hide()
        self.button.setEnabled(True)
        self.note.setText(message)
