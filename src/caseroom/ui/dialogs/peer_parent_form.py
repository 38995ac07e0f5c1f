"""Mark a member of a support group as its peer-support parent (she helps lead it), and
record the day she stops."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QWidget

from caseroom.i18n import _
from caseroom.services.parents.groups import GroupRead, MemberRead
from caseroom.services.parents.peer_support import (
    PeerParentRead,
    end_peer_parent,
    mark_peer_parent,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.widgets.style import SPACE_S, set_role

CHANGES = frozenset({"group"})


class PeerParentForm(FormDialog):
    """Choose the member (the chosen one first) and the day she starts helping lead."""

    def __init__(
        self,
        context: AppContext,
        group: GroupRead,
        members: list[MemberRead],
        chosen: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Peer-support parent"), parent)
        self.context, self.group = context, group
        self.setMinimumWidth(480)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        form.addRow(
            set_role(
                QLabel(
                    _(
                        "A mother with lived experience who helps lead the group. She has "
                        "no account; summaries count her without her name."
                    ),
                    self,
                ),
                "muted",
            )
        )
        self.member_combo = QComboBox(self)
        self.member_combo.setAccessibleName(_("Caregiver"))
        for member in members:
            if member.left_on is None:
                self.member_combo.addItem(
                    f"{member.last_name} {member.first_name}", str(member.caregiver_id)
                )
        if chosen is not None:
            self.member_combo.setCurrentIndex(max(self.member_combo.findData(str(chosen)), 0))
        form.addRow(_("&Caregiver"), self.member_combo)
        form.addRow("", self.field_error("caregiver_id", self.member_combo))
        self.since_edit = date_edit(self, date.today(), _("Helps lead from"))
        form.addRow(_("Helps lead &from"), self.since_edit)
        form.addRow("", self.field_error("since", self.since_edit))
        self.co_check = QCheckBox(_("Co-&leads the meetings with the facilitator"), self)
        self.co_check.setAccessibleName(_("Co-leads the meetings with the facilitator"))
        self.co_check.setChecked(True)
        form.addRow("", self.co_check)
        self.finish_layout()
        self.mark_clean()

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.member_combo.currentData(), self.since_edit.value(), self.co_check.isChecked())

    def local_problems(self) -> dict[str, str]:
        """A member must be chosen."""
        if self.member_combo.currentData() is None:
            return {"caregiver_id": _("Register the mother in the group first")}
        return {}

    def save(self) -> None:
        """Mark her."""
        actor, group_id = self.context.actor, self.group.id
        caregiver_id = uuid.UUID(self.member_combo.currentData())
        since, co = self.since_edit.value(), self.co_check.isChecked()

        def work(db: Any) -> PeerParentRead:
            return mark_peer_parent(
                db,
                actor=actor,
                group_id=group_id,
                caregiver_id=caregiver_id,
                since=since,
                co_facilitator=co,
            )

        self.context.run(work, self.saved, changes=CHANGES, on_error=self.on_failed, parent=self)


class EndPeerParentForm(FormDialog):
    """A peer-support parent stops helping lead the group: who, and her last day."""

    def __init__(
        self,
        context: AppContext,
        group: GroupRead,
        peers: list[PeerParentRead],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("End peer support"), parent)
        self.context, self.group = context, group
        self.setMinimumWidth(440)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        self.peer_combo = QComboBox(self)
        self.peer_combo.setAccessibleName(_("Peer-support parent"))
        for peer in peers:
            self.peer_combo.addItem(f"{peer.last_name} {peer.first_name}", str(peer.caregiver_id))
        form.addRow(_("&Caregiver"), self.peer_combo)
        form.addRow("", self.field_error("caregiver_id", self.peer_combo))
        self.until_edit = date_edit(self, date.today(), _("Her last day of helping lead"))
        form.addRow(_("&Last day"), self.until_edit)
        form.addRow("", self.field_error("until", self.until_edit))
        self.finish_layout()
        self.mark_clean()

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.peer_combo.currentData(), self.until_edit.value())

    def local_problems(self) -> dict[str, str]:
        """A peer-support parent must be chosen."""
        if self.peer_combo.currentData() is None:
            return {"caregiver_id": _("The group has no peer-support parent now")}
        return {}

    def save(self) -> None:
        """Record her last day."""
        self.context.call(
            end_peer_parent,
            self.saved,
            on_error=self.on_failed,
            changes=CHANGES,
            parent=self,
            group_id=self.group.id,
            caregiver_id=uuid.UUID(self.peer_combo.currentData()),
            until=self.until_edit.value(),
        )
