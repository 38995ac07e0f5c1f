"""Add or edit a family: name, where it lives, home language, size and vulnerability markers."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.people.families import (
    MAX_CHILDREN,
    FamilyInput,
    FamilyRead,
    create_family,
    update_family,
)
from caseroom.services.people.rooms import RoomRead, get_room, require_room
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.widgets.style import SPACE_S
from caseroom.vocab import HomeLanguage, VulnerabilityMarker, label

CHANGES = frozenset({"family"})


def language_combo(parent: QWidget, accessible_name: str) -> QComboBox:
    """A choice of home language, with "not known" first."""
    combo = QComboBox(parent)
    combo.setAccessibleName(accessible_name)
    combo.addItem(_("not known"), None)
    for language in HomeLanguage:
        combo.addItem(label(language), language.value)
    return combo


class FamilyForm(FormDialog):
    """A new family (`family` None) or changes to one."""

    def __init__(
        self, context: AppContext, family: FamilyRead | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Edit family") if family else _("New family"), parent)
        self.undoable("family", family.id if family else None)
        self.context, self.family = context, family
        self.setMinimumWidth(520)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)

        def row(caption: str, field: QWidget, name: str) -> None:
            form.addRow(caption, field)
            form.addRow("", self.field_error(name, field))

        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(_("Family name"))
        row(_("&Name"), self.name_edit, "display_name")
        self.locality_edit = QLineEdit(self)
        self.locality_edit.setAccessibleName(_("Locality"))
        row(_("&Locality"), self.locality_edit, "locality")
        self.address_edit = QLineEdit(self)
        self.address_edit.setAccessibleName(_("Address"))
        row(_("A&ddress"), self.address_edit, "address")
        self.language_combo = language_combo(self, _("Home language"))
        row(_("&Home language"), self.language_combo, "home_language")
        self.count_spin = QSpinBox(self)
        self.count_spin.setRange(0, MAX_CHILDREN)
        self.count_spin.setSpecialValueText(_("not known"))
        self.count_spin.setAccessibleName(_("Number of children in the family"))
        row(_("&Children in the family"), self.count_spin, "children_count")
        markers = QWidget(self)
        markers.setAccessibleName(_("Vulnerability markers"))
        grid = QGridLayout(markers)
        grid.setContentsMargins(0, 0, 0, 0)
        self.marker_checks: dict[str, QCheckBox] = {}
        for number, marker in enumerate(VulnerabilityMarker):
            check = QCheckBox(label(marker), markers)
            check.setAccessibleName(label(marker))
            grid.addWidget(check, number // 2, number % 2)
            self.marker_checks[marker.value] = check
        form.addRow(_("Vulnerability"), markers)
        form.addRow("", self.field_error("vulnerability", markers))
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setFixedHeight(72)
        row(_("N&otes"), self.notes_edit, "notes")
        self.finish_layout()

        if family is not None:
            self.name_edit.setText(family.display_name)
            self.locality_edit.setText(family.locality or "")
            self.address_edit.setText(family.address or "")
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(family.home_language), 0)
            )
            self.count_spin.setValue(family.children_count or 0)
            for code in family.vulnerability:
                if code in self.marker_checks:
                    self.marker_checks[code].setChecked(True)
            self.notes_edit.setPlainText(family.notes or "")
        self.name_edit.textChanged.connect(self.revalidate)
        self.mark_clean()
        if family is None:  # a new family most likely lives where the room is
            context.run(get_room, self._room_arrived, parent=self)

    def _room_arrived(self, room: RoomRead | None) -> None:
        """Fill in the room's locality unless one was typed; prefilling is not a change."""
        if room is None or not room.locality or self.locality_edit.text().strip():
            return
        was_changed = self.is_changed()
        self.locality_edit.setText(room.locality)
        if not was_changed:
            self.mark_clean()

    def data(self) -> FamilyInput:
        """The family as typed."""
        count = self.count_spin.value()
        return FamilyInput(
            display_name=self.name_edit.text(),
            address=self.address_edit.text(),
            locality=self.locality_edit.text(),
            home_language=self.language_combo.currentData(),
            children_count=count or None,
            vulnerability=tuple(code for code, c in self.marker_checks.items() if c.isChecked()),
            notes=self.notes_edit.toPlainText(),
        )

    def snapshot(self) -> Any:
        """The form's values."""
        return self.data()

    def local_problems(self) -> dict[str, str]:
        """A family needs a name."""
        if not self.name_edit.text().strip():
            return {"display_name": _("Enter the family's name")}
        return {}

    def save(self) -> None:
        """Create or update the family."""
        data, actor = self.data(), self.context.actor
        if self.family is None:

            def work(db: Any) -> FamilyRead:
                room = require_room(db)
                return create_family(db, actor=actor, room_id=room.id, data=data)

        else:
            family_id = self.family.id

            def work(db: Any) -> FamilyRead:
                return update_family(db, actor=actor, family_id=family_id, data=data)

        self.result_family: FamilyRead | None = None
        self.run(lambda db, _actor: work(db), CHANGES, on_done=self._done)

    def _done(self, family: FamilyRead) -> None:
        self.result_family = family
        self.saved(family)
