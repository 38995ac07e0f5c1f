"""Add or edit a caregiver of a family: names, relation, phone, legal representative."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.people.families import (
    CaregiverInput,
    CaregiverRead,
    create_caregiver,
    update_caregiver,
)
from caseroom.services.people.phones import PhoneNumberError, optional_phone
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.family_form import language_combo
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.widgets.style import SPACE_S
from caseroom.vocab import CaregiverRelation, label

CHANGES = frozenset({"family", "caregiver"})


class CaregiverForm(FormDialog):
    """A new caregiver of `family_id` (`caregiver` None) or changes to one."""

    def __init__(
        self,
        context: AppContext,
        family_id: uuid.UUID,
        caregiver: CaregiverRead | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit caregiver") if caregiver else _("New caregiver"), parent)
        self.undoable("caregiver", caregiver.id if caregiver else None)
        self.context, self.family_id, self.caregiver = context, family_id, caregiver
        self.setMinimumWidth(480)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)

        def row(caption: str, field: QWidget, name: str) -> None:
            form.addRow(caption, field)
            form.addRow("", self.field_error(name, field))

        self.last_edit = QLineEdit(self)
        self.last_edit.setAccessibleName(_("Last name"))
        row(_("&Last name"), self.last_edit, "last_name")
        self.first_edit = QLineEdit(self)
        self.first_edit.setAccessibleName(_("First name"))
        row(_("&First name"), self.first_edit, "first_name")
        self.patronymic_edit = QLineEdit(self)
        self.patronymic_edit.setAccessibleName(_("Patronymic"))
        row(_("&Patronymic"), self.patronymic_edit, "patronymic")
        self.relation_combo = QComboBox(self)
        self.relation_combo.setAccessibleName(_("Relation to the children"))
        for relation in CaregiverRelation:
            self.relation_combo.addItem(label(relation), relation.value)
        row(_("&Relation"), self.relation_combo, "relation")
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setAccessibleName(_("Phone"))
        self.phone_edit.setPlaceholderText("+7 7XX XXX XX XX")
        row(_("P&hone"), self.phone_edit, "phone")
        self.legal_check = QCheckBox(_("Legal repr&esentative of the children"), self)
        self.legal_check.setAccessibleName(_("Legal representative"))
        self.legal_check.setChecked(True)
        form.addRow("", self.legal_check)
        self.language_combo = language_combo(self, _("Caregiver's language"))
        row(_("Lan&guage"), self.language_combo, "language")
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setAccessibleName(_("Notes"))
        self.notes_edit.setFixedHeight(64)
        row(_("N&otes"), self.notes_edit, "notes")
        self.finish_layout()

        if caregiver is not None:
            self.last_edit.setText(caregiver.last_name)
            self.first_edit.setText(caregiver.first_name)
            self.patronymic_edit.setText(caregiver.patronymic or "")
            self.relation_combo.setCurrentIndex(
                max(self.relation_combo.findData(caregiver.relation), 0)
            )
            self.phone_edit.setText(caregiver.phone or "")
            self.legal_check.setChecked(caregiver.is_legal_representative)
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(caregiver.language), 0)
            )
            self.notes_edit.setPlainText(caregiver.notes or "")
        for edit in (self.last_edit, self.first_edit, self.phone_edit):
            edit.textChanged.connect(self.revalidate)
        self.mark_clean()

    def data(self) -> CaregiverInput:
        """The caregiver as typed."""
        return CaregiverInput(
            last_name=self.last_edit.text(),
            first_name=self.first_edit.text(),
            relation=self.relation_combo.currentData(),
            patronymic=self.patronymic_edit.text(),
            phone=self.phone_edit.text(),
            is_legal_representative=self.legal_check.isChecked(),
            language=self.language_combo.currentData(),
            notes=self.notes_edit.toPlainText(),
        )

    def snapshot(self) -> Any:
        """The form's values."""
        return self.data()

    def local_problems(self) -> dict[str, str]:
        """Names are needed; the phone must be a Kazakh number (checked as typed)."""
        problems: dict[str, str] = {}
        if not self.last_edit.text().strip():
            problems["last_name"] = _("Enter the last name")
        if not self.first_edit.text().strip():
            problems["first_name"] = _("Enter the first name")
        try:
            optional_phone(self.phone_edit.text())
        except PhoneNumberError as error:
            problems["phone"] = error.message
        return problems

    def save(self) -> None:
        """Create or update the caregiver."""
        data, actor = self.data(), self.context.actor
        if self.caregiver is None:
            family_id = self.family_id

            def work(db: Any) -> CaregiverRead:
                return create_caregiver(db, actor=actor, family_id=family_id, data=data)

        else:
            caregiver_id = self.caregiver.id

            def work(db: Any) -> CaregiverRead:
                return update_caregiver(db, actor=actor, caregiver_id=caregiver_id, data=data)

        self.run(lambda db, _actor: work(db), CHANGES)
