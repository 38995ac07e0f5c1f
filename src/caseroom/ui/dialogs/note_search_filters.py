"""The filters of the notes search: a child, a specialist, the dates sessions were held."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from caseroom.i18n import _
from caseroom.services.people.child_list import ChildFilters, ChildRow, list_children
from caseroom.services.people.staff import StaffRead, list_staff
from caseroom.ui.context import AppContext
from caseroom.ui.widgets.date_field import DateField


class NoteSearchFilters(QWidget):
    """Rows of a form that narrow the notes search; `changed` when any of them changes."""

    changed = Signal()

    def __init__(self, context: AppContext, form: QFormLayout, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.child_combo = QComboBox(parent)
        self.child_combo.setAccessibleName(_("Child"))
        self.child_combo.addItem(_("All children"), None)
        self.staff_combo = QComboBox(parent)
        self.staff_combo.setAccessibleName(_("Specialist"))
        self.staff_combo.addItem(_("All specialists"), None)
        for text, combo in (
            (_("C&hild:"), self.child_combo),
            (_("S&pecialist:"), self.staff_combo),
        ):
            label = QLabel(text, parent)
            label.setBuddy(combo)
            form.addRow(label, combo)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        today = date.today()
        self.dated = QCheckBox(_("Only sessions held &between"), parent)
        self.dated.setAccessibleName(_("Only sessions held between two dates"))
        self.start = DateField(today - timedelta(days=90), parent, accessible_name=_("From"))
        self.end = DateField(today, parent, accessible_name=_("Until"))
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(QLabel("–", parent))
        row.addWidget(self.end)
        row.addStretch(1)
        form.addRow(self.dated, row)
        self.dated.toggled.connect(self._dated)
        for field in (self.start, self.end):
            field.dateChanged.connect(lambda _d: self.changed.emit())
        self._dated(False)
        self.hide()  # the controls live in the form; this object only groups them

    def _dated(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.changed.emit()

    def load(self) -> None:
        """Fill the child and specialist lists (on the worker)."""

        def work(db: Any) -> tuple[list[ChildRow], list[StaffRead]]:
            actor = self.context.actor
            children = list_children(
                db, actor=actor, filters=ChildFilters(status="active"), limit=5000
            )
            return children, list_staff(db, actor=actor)

        self.context.run(work, self._loaded)

    def _loaded(self, result: tuple[list[ChildRow], list[StaffRead]]) -> None:
        children, staff = result
        for combo, entries in (
            (self.child_combo, [(c.full_name, c.id) for c in children]),
            (self.staff_combo, [(s.full_name, s.id) for s in staff]),
        ):
            combo.blockSignals(True)
            for text, value in entries:
                combo.addItem(text, str(value))
            combo.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The filters as `search_notes` takes them (only those set)."""
        chosen: dict[str, Any] = {}
        for key, combo in (("child_id", self.child_combo), ("staff_id", self.staff_combo)):
            if combo.currentData():
                chosen[key] = uuid.UUID(combo.currentData())
        if self.dated.isChecked():
            chosen["start"], chosen["end"] = self.start.value(), self.end.value()
        return chosen
