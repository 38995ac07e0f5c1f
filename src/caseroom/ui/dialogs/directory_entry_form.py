"""A help-directory entry: an organisation or service, what it offers, where, its phone.

Two columns: who and what on the left (name, kind, needs, what they offer, for whom, ages,
languages), where and when on the right (town, address, phone, hours, cost, how to get
there, notes, the id a directory file knows it by).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.directory.entries import add_entry, edit_entry
from caseroom.services.directory.fields import AGE_MAX, LANGUAGE_CODES, EntryInput, EntryRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.first_run import LANGUAGE_NAMES
from caseroom.vocab import DirectoryKind, DirectoryNeed, label

CHANGES = frozenset({"directory"})
"""What a saved entry changes (the directory page reloads)."""


def _checklist(
    parent: QWidget, items: list[tuple[str, str]], ticked: tuple[str, ...]
) -> QListWidget:
    widget = QListWidget(parent)
    for code, text in items:
        item = QListWidgetItem(text, widget)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
    widget.setMaximumHeight(widget.fontMetrics().lineSpacing() * 6 + 12)
    return widget


def _ticked(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(row).data(Qt.ItemDataRole.UserRole)
        for row in range(widget.count())
        if widget.item(row).checkState() == Qt.CheckState.Checked
    )


def _age(parent: QWidget, value: int | None, spoken: str) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(-1, AGE_MAX)
    spin.setSpecialValueText(_("not said"))
    spin.setValue(-1 if value is None else value)
    spin.setAccessibleName(spoken)
    return spin


def _of(entry: EntryRead | None, name: str) -> Any:
    """A field of `entry`, or None for a new one."""
    return getattr(entry, name) if entry is not None else None


class DirectoryEntryForm(FormDialog):
    """A new entry of the help directory, or (`entry` given) a correction of one."""

    def __init__(
        self, context: AppContext, entry: EntryRead | None = None, parent: QWidget | None = None
    ) -> None:
        title = _("Directory entry") if entry else _("New directory entry")
        super().__init__(title, parent, context=context)
        self.entry = entry
        self.setMinimumWidth(820)

        def line(name: str, text: str, value: str | None, column: int) -> QLineEdit:
            edit = self.add_field(name, text, QLineEdit(self), column=column)
            edit.setText(value or "")
            return edit

        def box(name: str, text: str, value: str | None, column: int, rows: int) -> QPlainTextEdit:
            edit = self.add_field(name, text, QPlainTextEdit(self), column=column)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(self.fontMetrics().lineSpacing() * rows + 12)
            edit.setPlainText(value or "")
            return edit

        self.name_edit = line("name", _("&Name of the service"), entry.name if entry else None, 0)
        self.kind_combo = self.add_field("kind", _("&Kind"), QComboBox(self))
        for kind in DirectoryKind:
            self.kind_combo.addItem(label(kind), kind.value)
        kept = entry.kind if entry else DirectoryKind.OTHER.value
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kept), 0))
        self.needs_list = self.add_field(
            "needs", _("Nee&ds served"),
            _checklist(self, [(n.value, label(n)) for n in DirectoryNeed],
                       _of(entry, "needs") or ()),
        )  # fmt: skip
        self.offers_edit = box("offers", _("&What they offer"), _of(entry, "offers"), 0, 3)
        self.for_whom_edit = box("for_whom", _("&For whom"), _of(entry, "for_whom"), 0, 2)
        self.age_from_spin = self.add_field(
            "age_from", _("Ages from"), _age(self, _of(entry, "age_from"), _("Ages from"))
        )
        self.age_to_spin = self.add_field(
            "age_to", _("Ages up to"), _age(self, _of(entry, "age_to"), _("Ages up to"))
        )
        self.languages_list = self.add_field(
            "languages", _("&Languages"),
            _checklist(self, [(c, LANGUAGE_NAMES[c]) for c in LANGUAGE_CODES],
                       _of(entry, "languages") or ()),
        )  # fmt: skip
        self.town_edit = line("town", _("&Town"), _of(entry, "town"), 1)
        self.address_edit = box("address", _("&Address"), _of(entry, "address"), 1, 2)
        self.phone_edit = line("phone", _("&Phone"), _of(entry, "phone"), 1)
        self.hours_edit = line("hours", _("&Hours"), _of(entry, "hours"), 1)
        self.cost_edit = line("cost", _("&Cost"), _of(entry, "cost"), 1)
        self.directions_edit = box(
            "directions", _("How to &get there"), _of(entry, "directions"), 1, 2
        )
        self.notes_edit = box("notes", _("N&otes"), _of(entry, "notes"), 1, 2)
        self.code_edit = line("code", _("&Id in directory files"), _of(entry, "code"), 1)
        self.code_edit.setPlaceholderText(_("made for you when left empty"))
        self.ready()

    def local_problems(self) -> dict[str, str]:
        """A name is needed."""
        if not self.name_edit.text().strip():
            return {"name": _("Give the name of the organisation or service")}
        return {}

    def data(self) -> EntryInput:
        """The entry as the form holds it."""

        def age(spin: QSpinBox) -> int | None:
            return None if spin.value() < 0 else spin.value()

        return EntryInput(
            name=self.name_edit.text(),
            kind=self.kind_combo.currentData(),
            needs=_ticked(self.needs_list),
            offers=self.offers_edit.toPlainText(),
            for_whom=self.for_whom_edit.toPlainText(),
            age_from=age(self.age_from_spin),
            age_to=age(self.age_to_spin),
            languages=_ticked(self.languages_list),
            town=self.town_edit.text(),
            address=self.address_edit.toPlainText(),
            phone=self.phone_edit.text(),
            hours=self.hours_edit.text(),
            cost=self.cost_edit.text(),
            directions=self.directions_edit.toPlainText(),
            notes=self.notes_edit.toPlainText(),
            code=self.code_edit.text() or None,
        )

    def save(self) -> None:
        """Add or correct the entry."""
        data, entry = self.data(), self.entry
        if entry is None:
            self.run(
                lambda session, actor: add_entry(session, actor=actor, data=data), set(CHANGES)
            )
        else:
            self.run(
                lambda session, actor: edit_entry(
                    session, actor=actor, entry_id=entry.id, data=data
                ),
                set(CHANGES),
            )
