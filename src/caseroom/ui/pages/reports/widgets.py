"""Controls the report forms share: the period picker, audience and language choices, and
the searchable checklist of children.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import LANGUAGES, _
from caseroom.names import fold_name
from caseroom.reports.data import Audience
from caseroom.services.reporting.files import ChildChoice, PeriodChoice
from caseroom.ui.first_run import LANGUAGE_NAMES
from caseroom.ui.models.child_table import grade_text
from caseroom.ui.widgets.date_field import DateField
from caseroom.ui.widgets.line_edits import name_clear_button
from caseroom.ui.widgets.style import SPACE_S, set_role

CUSTOM = "custom"
_ID = Qt.ItemDataRole.UserRole


class PeriodPicker(QWidget):
    """A quarter or school year from the calendar, or a custom range of days.

    `period_text()` gives the `--period` text (None while a custom range is impossible);
    `changed` follows every change, so a form can check itself as the person types.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, name: str | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        self.combo = QComboBox(self)
        self.combo.setAccessibleName(name or _("Period"))
        self.combo.setMinimumContentsLength(28)
        self.combo.currentIndexChanged.connect(self._combo_changed)
        layout.addWidget(self.combo)
        self.range_row = QWidget(self)
        row = QHBoxLayout(self.range_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACE_S)
        self.start = DateField(parent=self.range_row, accessible_name=_("First day"))
        self.end = DateField(parent=self.range_row, accessible_name=_("Last day"))
        dash = QLabel("–", self.range_row)
        row.addWidget(self.start)
        row.addWidget(dash)
        row.addWidget(self.end)
        row.addStretch(1)
        self.start.dateChanged.connect(lambda _d: self.changed.emit())
        self.end.dateChanged.connect(lambda _d: self.changed.emit())
        layout.addWidget(self.range_row)
        self.error = set_role(QLabel(self), "error")
        self.error.setAccessibleName(_("Period problem"))
        layout.addWidget(self.error)
        self.range_row.hide()
        self.error.hide()
        self.changed.connect(self._check)

    def set_choices(self, choices: Sequence[PeriodChoice], current: int) -> None:
        """Offer `choices` (and a custom range), with `current` chosen."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for choice in choices:
            self.combo.addItem(choice.label, choice.text)
        self.combo.addItem(_("Custom range…"), CUSTOM)
        self.combo.setCurrentIndex(current)
        self.combo.blockSignals(False)
        if choices:
            chosen = choices[current]
            self.start.set_value(chosen.start)
            self.end.set_value(chosen.end)
        self._combo_changed()

    def choose(self, text: str) -> bool:
        """Choose the period whose `--period` text is `text`; False when it is not offered."""
        index = self.combo.findData(text)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def set_range(self, start: date, end: date) -> None:
        """Choose a custom range of days."""
        self.combo.setCurrentIndex(self.combo.findData(CUSTOM))
        self.start.set_value(start)
        self.end.set_value(end)

    @property
    def is_custom(self) -> bool:
        """Whether a custom range is chosen."""
        return self.combo.currentData() == CUSTOM

    def period_text(self) -> str | None:
        """The chosen period as `--period` text; None when a custom range ends too soon."""
        if not self.is_custom:
            data = self.combo.currentData()
            return str(data) if data else None
        start, end = self.start.value(), self.end.value()
        if end < start:
            return None
        return f"{start.isoformat()}..{end.isoformat()}"

    def label(self) -> str:
        """What the chosen period is called on screen."""
        if self.is_custom:
            return f"{self.start.text()} – {self.end.text()}"
        return self.combo.currentText()

    def _combo_changed(self) -> None:
        self.range_row.setVisible(self.is_custom)
        self.changed.emit()

    def _check(self) -> None:
        wrong = self.is_custom and self.end.value() < self.start.value()
        self.error.setText(_("The last day comes before the first day.") if wrong else "")
        self.error.setVisible(wrong)


def audience_combo(parent: QWidget) -> QComboBox:
    """Who a progress report is for."""
    combo = QComboBox(parent)
    combo.setAccessibleName(_("Audience"))
    combo.addItem(_("Parents"), Audience.PARENT.value)
    combo.addItem(_("School consilium"), Audience.CONSILIUM.value)
    return combo


def language_combo(parent: QWidget, name: str) -> QComboBox:
    """The report's language (whatever language the screens use)."""
    combo = QComboBox(parent)
    combo.setAccessibleName(name)
    for code in LANGUAGES:
        combo.addItem(LANGUAGE_NAMES.get(code, code), code)
    return combo


def choose_data(combo: QComboBox, value: object) -> None:
    """Choose the item of `combo` whose data is `value` (if any)."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class ChildPicker(QWidget):
    """A checklist of the active children, searchable by name or case number and by grade."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices: list[ChildChoice] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        row = QHBoxLayout()
        row.setSpacing(SPACE_S)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(_("Name or case number"))
        self.search.setAccessibleName(_("Find children"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search, _("Clear the search"))
        self.search.textChanged.connect(self._filter)
        row.addWidget(self.search, 1)
        self.grade = QComboBox(self)
        self.grade.setAccessibleName(_("Grade"))
        self.grade.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.grade.currentIndexChanged.connect(self._filter)
        row.addWidget(self.grade)
        layout.addLayout(row)
        self.list = QListWidget(self)
        self.list.setAccessibleName(_("Children to report on"))
        self.list.setMinimumHeight(110)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())
        layout.addWidget(self.list, 1)
        # The buttons get a row of their own below the list: beside the search they squeezed
        # it (and the grade filter) to a letter or two in Kazakh and Russian.
        buttons = QHBoxLayout()
        buttons.setSpacing(SPACE_S)
        self.all_button = QPushButton(_("Tick &shown"), self)
        self.all_button.setAccessibleName(_("Tick every child shown"))
        self.all_button.clicked.connect(lambda: self._tick_shown(True))
        self.none_button = QPushButton(_("&Untick all"), self)
        self.none_button.setAccessibleName(_("Untick every child"))
        self.none_button.clicked.connect(self.clear)
        buttons.addWidget(self.all_button)
        buttons.addWidget(self.none_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_children(self, children: Sequence[ChildChoice]) -> None:
        """List `children` (all unticked)."""
        self.choices = list(children)
        self.list.blockSignals(True)
        self.list.clear()
        for child in self.choices:
            item = QListWidgetItem(
                _("{name} · {case} · grade {grade}").format(
                    name=child.full_name,
                    case=child.case_number,
                    grade=grade_text(child.grade, child.class_letter),
                ),
                self.list,
            )
            item.setData(_ID, child.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self.grade.blockSignals(True)
        self.grade.clear()
        self.grade.addItem(_("All grades"), None)
        for grade in sorted({child.grade for child in self.choices if child.grade is not None}):
            self.grade.addItem(grade_text(grade, None), grade)
        self.grade.blockSignals(False)
        self._filter()
        self.changed.emit()

    def set_checked(self, child_ids: Sequence[uuid.UUID]) -> None:
        """Tick exactly `child_ids`."""
        wanted = set(child_ids)
        for row in range(self.list.count()):
            item = self.list.item(row)
            state = Qt.CheckState.Checked if item.data(_ID) in wanted else Qt.CheckState.Unchecked
            item.setCheckState(state)

    def checked(self) -> list[ChildChoice]:
        """The children ticked, in list order."""
        ticked = {
            self.list.item(row).data(_ID)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        }
        return [child for child in self.choices if child.id in ticked]

    def clear(self) -> None:
        """Untick every child."""
        self.set_checked([])

    def _tick_shown(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for row in range(self.list.count()):
            item = self.list.item(row)
            if not item.isHidden():
                item.setCheckState(state)

    def _filter(self) -> None:
        words = fold_name(self.search.text()).split()
        grade = self.grade.currentData()
        for row, child in enumerate(self.choices):
            key = fold_name(f"{child.full_name} {child.case_number}")
            shown = all(word in key for word in words) and (grade is None or child.grade == grade)
            self.list.item(row).setHidden(not shown)
