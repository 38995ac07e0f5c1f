""" "Print leaflet…": a one-page leaflet for a mother with the services picked for her.

The specialist ticks up to `MAX_ENTRIES` services of the help directory (a need narrows
the list), chooses Kazakh or Russian (the caregiver's own language to begin with) and
saves the PDF. The leaflet names no child and no parent, so it needs no password.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext

if TYPE_CHECKING:
    from sqlmodel import Session
from caseroom.reports.leaflet import MAX_ENTRIES
from caseroom.services.directory.entries import all_entries
from caseroom.services.directory.fields import EntryRead
from caseroom.services.reporting.leaflet import leaflet_language, save_leaflet
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.save_buttons import pdf_path, save_buttons
from caseroom.ui.first_run import LANGUAGE_NAMES
from caseroom.ui.widgets.style import SPACE_M, set_role
from caseroom.vocab import DirectoryNeed, label

_ID = Qt.ItemDataRole.UserRole


class LeafletDialog(QDialog):
    """Pick services for a caregiver and save her leaflet as a PDF."""

    loaded = Signal()
    """The directory and her language have been read."""
    saved = Signal(object)
    """The leaflet was written (its Path)."""

    def __init__(
        self,
        context: AppContext,
        caregiver_id: uuid.UUID | None,
        name: str,
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.caregiver_id, self.today = context, caregiver_id, today
        self.entries: list[EntryRead] = []
        self.written: Path | None = None
        self.setWindowTitle(_("Leaflet for {name}").format(name=name))
        self.setAccessibleName(_("Leaflet of help services for a caregiver"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        intro = QLabel(
            _("Tick the services for her (at most {count}); the leaflet names no one.").format(
                count=MAX_ENTRIES
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Services to print"))
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 10)
        services = QLabel(_("Ser&vices to print"), self)
        services.setBuddy(self.list)
        form.addRow(services, self.list)
        self.need_combo = QComboBox(self)
        self.need_combo.setAccessibleName(_("Show only services for a need"))
        self.need_combo.addItem(_("Every need"), None)
        for need in DirectoryNeed:
            self.need_combo.addItem(label(need), need.value)
        need_label = QLabel(_("Show only for &need"), self)
        need_label.setBuddy(self.need_combo)
        form.addRow(need_label, self.need_combo)
        self.language_combo = QComboBox(self)
        self.language_combo.setAccessibleName(_("Language of the leaflet"))
        for code in ("kk", "ru"):
            self.language_combo.addItem(LANGUAGE_NAMES[code], code)
        language = QLabel(_("&Language"), self)
        language.setBuddy(self.language_combo)
        form.addRow(language, self.language_combo)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Leaflet status"))
        layout.addWidget(self.status)
        self.buttons, self.save_button, self.close_button = save_buttons(
            self, _("Save the leaflet as a PDF file"), self.ask_and_save
        )
        layout.addWidget(self.buttons)
        self.need_combo.currentIndexChanged.connect(self._filter)
        self.list.itemChanged.connect(self._check)
        self.save_button.setEnabled(False)
        self.status.setText(_("Loading…"))
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        context.run(self._read, self._arrived, parent=self)

    def _read(self, session: Session) -> tuple[list[EntryRead], str]:
        entries = all_entries(session, actor=self.context.actor)
        return entries, leaflet_language(session, self.caregiver_id)

    def _arrived(self, result: tuple[list[EntryRead], str]) -> None:
        self.entries, language = result
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language), 0))
        self.list.blockSignals(True)
        for entry in self.entries:
            parts = [entry.name, entry.phone or "", entry.town or ""]
            item = QListWidgetItem(" · ".join(part for part in parts if part), self.list)
            item.setData(_ID, entry.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.status.setText("" if self.entries else _("The help directory is empty."))
        self._check()
        self.loaded.emit()

    def _filter(self) -> None:
        """Show only the services for the need chosen (ticked ones stay shown)."""
        need = self.need_combo.currentData()
        for row in range(self.list.count()):
            item = self.list.item(row)
            entry = self.entries[row]
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setHidden(need is not None and need not in entry.needs and not ticked)

    def picked(self) -> list[uuid.UUID]:
        """The ids of the services ticked, in the list's order."""
        return [
            self.list.item(row).data(_ID)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _check(self) -> None:
        count = len(self.picked())
        self.save_button.setEnabled(0 < count <= MAX_ENTRIES)
        if count > MAX_ENTRIES:
            self.status.setText(
                ngettext(
                    "A leaflet holds at most {count} service: pick fewer",
                    "A leaflet holds at most {count} services: pick fewer",
                    MAX_ENTRIES,
                ).format(count=MAX_ENTRIES)
            )
        elif self.entries:
            self.status.setText("")

    def ask_and_save(self) -> None:
        """Save as…, then write the leaflet."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Save the leaflet"), _("leaflet.pdf"), _("PDF files (*.pdf)")
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> None:
        """Write the leaflet to `path` on the worker."""
        path = pdf_path(path)
        picked = self.picked()
        if not 0 < len(picked) <= MAX_ENTRIES:
            return
        self.save_button.setEnabled(False)
        self.status.setText(_("Writing the leaflet…"))

        def done(written: Path) -> None:
            self.written = written
            self.status.setText(_("Saved to {path}").format(path=written))
            self._check()
            self.saved.emit(written)

        def failed(error: BaseException) -> None:
            self.status.setText(str(error))
            self._check()

        self.context.call(
            save_leaflet,
            done,
            on_error=failed,
            parent=self,
            entry_ids=picked,
            out=path,
            made_on=self.today(),
            language=self.language_combo.currentData(),
            caregiver_id=self.caregiver_id,
        )
