"""The choice offered when a transferred child may already be in the room (`MergeDialog`)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.ui.widgets.style import SPACE_M, set_role


def _note(text: str, parent: QWidget) -> QLabel:
    label = set_role(QLabel(text, parent), "muted")
    label.setWordWrap(True)
    return label


class MergeDialog(QDialog):
    """The child may already be here: merge the file into one of them, or add a new child."""

    def __init__(self, opened: Any, duplicates: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The child may already be in this room"))
        self.setAccessibleName(_("The child may already be in this room"))
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        intro = _(
            "The file of {name}, born {birth}, from {school}: this room has a child with "
            "the same IIN, or the same name and birth date. Choose what to do."
        ).format(
            name=opened.full_name,
            birth=opened.child["birth_date"].strftime("%d.%m.%Y"),
            school=opened.from_school,
        )
        layout.addWidget(_note(intro, self))
        caption = QLabel(_("&What to do:"), self)
        self.choices = QListWidget(self)
        self.choices.setAccessibleName(_("What to do with the transferred file"))
        caption.setBuddy(self.choices)
        for item in duplicates:
            template = (
                _("Merge into {case}: {name}, born {birth} (the same IIN)")
                if item.same_iin
                else _("Merge into {case}: {name}, born {birth}")
            )
            entry = QListWidgetItem(
                template.format(
                    case=item.case_number,
                    name=item.full_name,
                    birth=item.birth_date.strftime("%d.%m.%Y"),
                )
            )
            entry.setData(Qt.ItemDataRole.UserRole, str(item.child_id))
            self.choices.addItem(entry)
        if not any(item.same_iin for item in duplicates):
            entry = QListWidgetItem(_("Add as a new child"))
            entry.setData(Qt.ItemDataRole.UserRole, "")
            self.choices.addItem(entry)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        layout.addWidget(caption)
        layout.addWidget(self.choices)
        buttons = QDialogButtonBox(self)
        self.go_button = buttons.addButton(_("&Continue"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.go_button.setAccessibleName(_("Take the file in as chosen"))
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAccessibleName(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choices.setFocus(Qt.FocusReason.OtherFocusReason)

    def choice(self) -> uuid.UUID | None:
        """The child to merge into, or None to add a new child."""
        item = self.choices.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        return uuid.UUID(value) if value else None
