"""The help directory: organisations and services the room refers parents to.

Find by words, need and town; add, edit, archive (and restore) entries; import a directory
file the centre sends (all or nothing) and export the directory (docs/directory-format.md).
Anyone who works in the room may read it; changing it needs `Permission.KEEP_DIRECTORY`.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.directory.entries import archive_entry, restore_entry
from caseroom.services.directory.fields import EntryRead
from caseroom.services.directory.file_export import export_directory
from caseroom.services.directory.file_import import ImportResult
from caseroom.services.directory.search import search_entries
from caseroom.services.importing.directory_file import import_directory_file
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.directory_entry_form import CHANGES, DirectoryEntryForm
from caseroom.ui.navigation import Navigator
from caseroom.ui.widgets.style import SPACE_S, page_margins, set_role
from caseroom.vocab import DirectoryKind, DirectoryNeed, label

_ID = Qt.ItemDataRole.UserRole
FILES = "*.csv *.xlsx *.json"


def _kind(code: str) -> str:
    return label(DirectoryKind(code)) if code in set(DirectoryKind) else code


def _needs(codes: tuple[str, ...]) -> str:
    return ", ".join(label(DirectoryNeed(code)) for code in codes if code in set(DirectoryNeed))


class DirectoryPage(QWidget):
    """The list of services with its filters, and the actions on them."""

    def __init__(
        self, context: AppContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.navigator = context, navigator
        self.entries: list[EntryRead] = []
        self.form: DirectoryEntryForm | None = None
        may_keep = allowed(context.actor, Permission.KEEP_DIRECTORY) and not context.read_only
        layout = QVBoxLayout(self)
        layout.setContentsMargins(page_margins())
        layout.setSpacing(SPACE_S)
        layout.addWidget(set_role(QLabel(_("Help directory"), self), "title"))
        filters = QHBoxLayout()
        layout.addLayout(filters)
        self.find_edit = self._filter(filters, _("&Find"), QLineEdit(self), _("Find services"))
        self.find_edit.setPlaceholderText(_("words from the name or what they offer"))
        self.need_combo = self._filter(filters, _("&Need"), QComboBox(self), _("Need served"))
        self.need_combo.addItem(_("Every need"), None)
        for need in DirectoryNeed:
            self.need_combo.addItem(label(need), need.value)
        self.town_edit = self._filter(filters, _("&Town"), QLineEdit(self), _("Town"))
        self.archived_box = QCheckBox(_("Show archi&ved"), self)
        filters.addWidget(self.archived_box)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(_("Services in the directory"))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels(
            [_("Organisation or service"), _("Kind"), _("Town"), _("Phone"), _("Needs")]
        )
        self.tree.setColumnWidth(0, 320)
        self.tree.itemActivated.connect(lambda *_args: self.edit_entry())
        self.tree.currentItemChanged.connect(lambda *_args: self._update_buttons())
        layout.addWidget(self.tree, 1)
        self.status = set_role(QLabel(self), "muted")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Directory status"))
        layout.addWidget(self.status)
        row = QHBoxLayout()
        layout.addLayout(row)
        self.add_button = self._button(row, _("&Add entry"), self.add_entry)
        self.edit_button = self._button(row, _("&Edit…"), self.edit_entry)
        self.archive_button = self._button(row, _("Arc&hive"), self.toggle_archive)
        row.addStretch(1)
        self.import_button = self._button(row, _("&Import…"), self.ask_import)
        self.export_button = self._button(row, _("E&xport…"), self.ask_export)
        for button in (
            self.add_button,
            self.edit_button,
            self.archive_button,
            self.import_button,
            self.export_button,
        ):
            button.setVisible(may_keep)  # fmt: skip
        self.find_edit.textChanged.connect(self.refresh)
        self.town_edit.textChanged.connect(self.refresh)
        self.need_combo.currentIndexChanged.connect(self.refresh)
        self.archived_box.toggled.connect(self.refresh)
        context.changed.connect(self._on_changed)
        self.refresh()

    def _filter(self, row: QHBoxLayout, text: str, widget: Any, spoken: str) -> Any:
        title = QLabel(text, self)
        title.setBuddy(widget)
        widget.setAccessibleName(spoken)
        row.addWidget(title)
        row.addWidget(widget, 1)
        return widget

    def _button(self, row: QHBoxLayout, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def refresh(self) -> None:
        """Read the directory again with the filters as they are."""
        criteria = {
            "need": self.need_combo.currentData(),
            "town": self.town_edit.text() or None,
            "text": self.find_edit.text() or None,
            "include_archived": self.archived_box.isChecked(),
        }
        self.context.call(search_entries, self._listed, parent=self, **criteria)

    def _listed(self, entries: list[EntryRead]) -> None:
        current = self.current()
        self.entries = entries
        self.tree.clear()
        for entry in entries:
            name = (
                entry.name
                if entry.archived_at is None
                else _("{name} (archived)").format(name=entry.name)
            )
            item = QTreeWidgetItem(
                [name, _kind(entry.kind), entry.town or "", entry.phone or "", _needs(entry.needs)]
            )
            item.setData(0, _ID, entry.id)
            self.tree.addTopLevelItem(item)
            if current is not None and entry.id == current.id:
                self.tree.setCurrentItem(item)
        first = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and first is not None:
            self.tree.setCurrentItem(first)
        none = _("No services match.")
        if not entries:
            self.status.setText(none)
        elif self.status.text() == none:  # an import's or export's result stays in view
            self.status.setText("")
        self._update_buttons()

    def current(self) -> EntryRead | None:
        """The entry chosen in the list, if any."""
        item = self.tree.currentItem()
        if item is None:
            return None
        wanted: uuid.UUID = item.data(0, _ID)
        return next((entry for entry in self.entries if entry.id == wanted), None)

    def _update_buttons(self) -> None:
        entry = self.current()
        self.edit_button.setEnabled(entry is not None)
        self.archive_button.setEnabled(entry is not None)
        archived = entry is not None and entry.archived_at is not None
        self.archive_button.setText(_("Rest&ore") if archived else _("Arc&hive"))

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & CHANGES:
            self.refresh()

    def add_entry(self) -> None:
        """Open the form for a new entry."""
        self.form = DirectoryEntryForm(self.context, None, self)
        self.form.open()

    def edit_entry(self) -> None:
        """Open the chosen entry's form."""
        entry = self.current()
        if entry is not None and self.add_button.isVisible():
            self.form = DirectoryEntryForm(self.context, entry, self)
            self.form.open()

    def toggle_archive(self) -> None:
        """Archive the chosen entry, or bring an archived one back."""
        entry = self.current()
        if entry is None:
            return
        service = restore_entry if entry.archived_at is not None else archive_entry
        self.context.call(service, None, changes=set(CHANGES), parent=self, entry_id=entry.id)

    def ask_import(self) -> None:
        """Choose a directory file and import it (all or nothing)."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import a directory file"),
            "",
            _("Directory files ({patterns})").format(patterns=FILES),
        )
        if chosen:
            self.import_file(Path(chosen))

    def import_file(self, path: Path) -> None:
        """Import `path` on the worker; the result or the refusal is told below the list."""

        def done(result: ImportResult) -> None:
            self.status.setText(
                _("{path}: {created} added, {updated} updated, {unchanged} unchanged.").format(
                    path=path.name, created=result.created, updated=result.updated,
                    unchanged=result.unchanged,
                )
            )  # fmt: skip

        self.context.call(
            import_directory_file, done, on_error=lambda error: self.status.setText(str(error)),
            changes=set(CHANGES), parent=self, path=path,
        )  # fmt: skip

    def ask_export(self) -> None:
        """Choose where to write the directory, then write it."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, _("Export the directory"), _("directory.xlsx"),
            _("Directory files ({patterns})").format(patterns=FILES),
        )  # fmt: skip
        if chosen:
            self.export_file(Path(chosen))

    def export_file(self, path: Path) -> None:
        """Write the directory to `path` on the worker."""
        self.context.call(
            export_directory,
            lambda count: self.status.setText(
                ngettext(
                    "{count} directory entry written to {path}.",
                    "{count} directory entries written to {path}.",
                    count,
                ).format(count=count, path=path)
            ),
            on_error=lambda error: self.status.setText(str(error)),
            parent=self,
            path=path,
        )
