"""Pieces of the session dialog: one attendee's row, and the child picker.

A `PersonRow` is a tick box (was expected at the session), the attendance status and,
when the person did not come, the reason. Status and reason are disabled (and so skipped
by Tab) until they matter, which keeps a routine entry short.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.people.search import SearchHit, global_search
from caseroom.ui.context import AppContext
from caseroom.ui.widgets.accessible_popup import announce, follow_current_item
from caseroom.vocab import AttendanceStatus, label


class PersonRow(QObject):
    """A child or caregiver who may attend: included?, status, reason."""

    changed = Signal()

    def __init__(
        self, parent: QWidget, person_id: uuid.UUID, is_child: bool, name: str, role: str
    ) -> None:
        super().__init__(parent)
        self.person_id, self.is_child, self.touched = person_id, is_child, False
        self.check = QCheckBox(_("{name} ({role})").format(name=name, role=role), parent)
        self.check.setAccessibleName(_("{name} at the session").format(name=name))
        self.status_combo = QComboBox(parent)
        self.status_combo.setAccessibleName(_("Attendance of {name}").format(name=name))
        for status in AttendanceStatus:
            if status != AttendanceStatus.EXPECTED:  # set by the service for planned sessions
                self.status_combo.addItem(label(status), status.value)
        self.reason_edit = QLineEdit(parent)
        self.reason_edit.setAccessibleName(_("Why {name} did not come").format(name=name))
        self.reason_edit.setPlaceholderText(_("reason"))
        self.reason_edit.setMinimumWidth(140)
        self.check.toggled.connect(self._toggled)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.reason_edit.textChanged.connect(lambda _text: self.changed.emit())
        self._enable()

    def widgets(self) -> tuple[QWidget, ...]:
        """The row's widgets in Tab order."""
        return (self.check, self.status_combo, self.reason_edit)

    def place(self, grid: QGridLayout, row: int) -> None:
        """Put the row's widgets on line `row` of `grid`."""
        grid.addWidget(self.check, row, 0)
        grid.addWidget(self.status_combo, row, 1)
        grid.addWidget(self.reason_edit, row, 2)

    def remove(self, grid: QGridLayout) -> None:
        """Take the row's widgets out of `grid` and delete them."""
        for widget in self.widgets():
            grid.removeWidget(widget)
            widget.deleteLater()
        self.deleteLater()

    def _enable(self) -> None:
        included = self.check.isChecked()
        self.status_combo.setEnabled(included)
        needed = included and self.status() != AttendanceStatus.PRESENT
        self.reason_edit.setEnabled(needed)
        self.reason_edit.setVisible(needed)

    def _toggled(self, _checked: bool) -> None:
        if not self.signalsBlocked():
            self.touched = True
        self._enable()
        self.changed.emit()

    def _status_changed(self) -> None:
        self._enable()
        self.changed.emit()

    def set_included(self, included: bool, *, quietly: bool = False) -> None:
        """Tick or untick (quietly: not counted as the user's choice)."""
        blocked = self.blockSignals(quietly)
        self.check.setChecked(included)
        self._enable()
        self.blockSignals(blocked)

    def included(self) -> bool:
        """Whether the person is listed at the session."""
        return self.check.isChecked()

    def status(self) -> str:
        """The attendance status code."""
        return str(self.status_combo.currentData())

    def reason(self) -> str:
        """Why the person did not come (empty when present)."""
        return "" if self.status() == AttendanceStatus.PRESENT else self.reason_edit.text().strip()

    def values(self) -> dict[str, Any]:
        """The row as JSON values."""
        return {"on": self.included(), "status": self.status(), "reason": self.reason_edit.text()}

    def apply(self, values: dict[str, Any] | None) -> None:
        """Set the row from JSON values (None: not at the session)."""
        values = values or {}
        self.check.setChecked(bool(values.get("on")))
        index = self.status_combo.findData(values.get("status") or AttendanceStatus.PRESENT)
        self.status_combo.setCurrentIndex(max(index, 0))
        self.reason_edit.setText(values.get("reason") or "")
        self._enable()


class PersonPicker(QLineEdit):
    """Type part of a name (Cyrillic or Latin); pick a child or caregiver from the list."""

    chosen = Signal(object)  # uuid.UUID

    def __init__(
        self, context: AppContext, kind: str, placeholder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context, self.kind = context, kind
        self.setPlaceholderText(placeholder)
        self.setAccessibleName(placeholder)
        self.hits: dict[str, uuid.UUID] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.activated.connect(self.pick)
        self.setCompleter(completer)
        popup = completer.popup()
        assert popup is not None  # QCompleter makes its list on first ask
        popup.setObjectName(f"{kind}Completions")
        popup.setAccessibleName(_("Children found") if kind == "child" else _("Caregivers found"))
        follow_current_item(popup)  # the keyboard stays here: a screen reader hears the row
        self._timer = QTimer(self, singleShot=True, interval=250)
        self._timer.timeout.connect(self._search)
        self.textEdited.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._enter)

    def _search(self) -> None:
        text = self.text()
        if text.strip():
            self.context.call(global_search, self._found, text=text, limit=30)

    def _found(self, hits: list[SearchHit]) -> None:
        wanted = [hit for hit in hits if hit.kind == self.kind]
        self.hits = {f"{hit.title} — {hit.subtitle}": hit.id for hit in wanted}
        self._model.setStringList(list(self.hits))
        if self.hits and self.hasFocus():
            self.completer().complete()
            count = len(self.hits)
            announce(self, ngettext("{count} match", "{count} matches", count).format(count=count))

    def pick(self, text: str) -> None:
        """Choose the person listed as `text`."""
        person_id = self.hits.get(text)
        if person_id is not None:
            self.setText(text)
            self.chosen.emit(person_id)

    def _enter(self) -> None:
        if len(self.hits) == 1:
            self.pick(next(iter(self.hits)))


class ChildPicker(PersonPicker):
    """Type part of a child's name, case number or IIN; pick the child."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "child", _("Child: type a name or case number"), parent)
