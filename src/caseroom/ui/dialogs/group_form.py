"""Start or change a parent support group; register a caregiver in it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.parents.groups import (
    GroupInput,
    GroupRead,
    MemberRead,
    create_group,
    register_member,
    update_group,
)
from caseroom.services.people.rooms import require_room
from caseroom.services.people.staff import StaffRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.dialogs.session_people import PersonPicker
from caseroom.ui.widgets.style import SPACE_S

CHANGES = frozenset({"group"})


def staff_combo(parent: QWidget, staff: list[StaffRead], chosen: uuid.UUID | None) -> QComboBox:
    """A choice of facilitator from the staff ("not set" first)."""
    combo = QComboBox(parent)
    combo.setAccessibleName(_("Facilitator"))
    combo.addItem(_("not set"), None)
    for person in staff:
        combo.addItem(person.full_name, str(person.id))
    if chosen is not None:
        combo.setCurrentIndex(max(combo.findData(str(chosen)), 0))
    return combo


def _id(text: Any) -> uuid.UUID | None:
    return uuid.UUID(text) if text else None


class GroupForm(FormDialog):
    """A new support group (`group` None) or changes to one."""

    def __init__(
        self,
        context: AppContext,
        staff: list[StaffRead],
        group: GroupRead | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit group") if group else _("New support group"), parent)
        self.undoable("group", group.id if group else None)
        self.context, self.group = context, group
        self.setMinimumWidth(500)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        self.name_edit = QLineEdit(self)
        self.name_edit.setAccessibleName(_("Group name"))
        form.addRow(_("&Name"), self.name_edit)
        form.addRow("", self.field_error("name", self.name_edit))
        self.started_edit = date_edit(
            self, group.started_on if group else date.today(), _("Started on")
        )
        form.addRow(_("S&tarted on"), self.started_edit)
        form.addRow("", self.field_error("started_on", self.started_edit))
        self.facilitator_combo = staff_combo(
            self, staff, group.facilitator_id if group else context.actor.staff_id
        )
        form.addRow(_("&Facilitator"), self.facilitator_combo)
        form.addRow("", self.field_error("facilitator_id", self.facilitator_combo))
        self.rules_edit = QPlainTextEdit(self)
        self.rules_edit.setTabChangesFocus(True)
        self.rules_edit.setAccessibleName(_("Ground rules"))
        self.rules_edit.setFixedHeight(96)
        form.addRow(_("Ground &rules"), self.rules_edit)
        form.addRow("", self.field_error("ground_rules", self.rules_edit))
        self.finish_layout()
        if group is not None:
            self.name_edit.setText(group.name)
            self.rules_edit.setPlainText(group.ground_rules or "")
        self.name_edit.textChanged.connect(self.revalidate)
        self.mark_clean()

    def data(self) -> GroupInput:
        """The group as typed."""
        return GroupInput(
            name=self.name_edit.text(),
            started_on=self.started_edit.value(),
            facilitator_id=_id(self.facilitator_combo.currentData()),
            ground_rules=self.rules_edit.toPlainText(),
        )

    def snapshot(self) -> Any:
        """The form's values."""
        return self.data()

    def local_problems(self) -> dict[str, str]:
        """A group needs a name."""
        if not self.name_edit.text().strip():
            return {"name": _("Enter the name of the group")}
        return {}

    def save(self) -> None:
        """Create or update the group."""
        data, actor = self.data(), self.context.actor
        if self.group is None:

            def work(db: Any) -> GroupRead:
                return create_group(db, actor=actor, room_id=require_room(db).id, data=data)

        else:
            group_id = self.group.id

            def work(db: Any) -> GroupRead:
                return update_group(db, actor=actor, group_id=group_id, data=data)

        self.saved_group: GroupRead | None = None
        self.run(lambda db, _actor: work(db), CHANGES, on_done=self._done)

    def _done(self, group: GroupRead) -> None:
        self.saved_group = group
        self.saved(group)


class MemberForm(FormDialog):
    """Register a caregiver (found by name) in a group from a day."""

    def __init__(
        self, context: AppContext, group: GroupRead, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Register a caregiver"), parent)
        self.context, self.group = context, group
        self.caregiver_id: uuid.UUID | None = None
        self.setMinimumWidth(480)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        self.picker = PersonPicker(context, "caregiver", _("Caregiver: type a name"), self)
        self.picker.chosen.connect(self._chosen)
        form.addRow(_("&Caregiver"), self.picker)
        form.addRow("", self.field_error("caregiver_id", self.picker))
        self.day_edit = date_edit(self, date.today(), _("Registered on"))
        form.addRow(_("&Registered on"), self.day_edit)
        form.addRow("", self.field_error("registered_on", self.day_edit))
        self.finish_layout()
        self.mark_clean()

    def _chosen(self, caregiver_id: uuid.UUID) -> None:
        self.caregiver_id = caregiver_id
        self.revalidate()

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.picker.text(), self.day_edit.value())

    def local_problems(self) -> dict[str, str]:
        """A caregiver must be chosen from the list."""
        if self.caregiver_id is None:
            return {"caregiver_id": _("Choose the caregiver to register")}
        return {}

    def save(self) -> None:
        """Register the caregiver."""
        actor, group_id, day = self.context.actor, self.group.id, self.day_edit.value()
        caregiver_id = self.caregiver_id

        def work(db: Any) -> MemberRead:
            assert caregiver_id is not None
            return register_member(
                db, actor=actor, group_id=group_id, caregiver_id=caregiver_id, registered_on=day
            )

        self.context.run(work, self.saved, changes=CHANGES, on_error=self.on_failed, parent=self)
