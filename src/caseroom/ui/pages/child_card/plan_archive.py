"""The plan tab's archive line: "Archive this plan…", a goal's archive, "Show archived".

A plan or a goal is archived with a reason (`ArchiveDialog`; Ctrl+Z restores it); the
archived plans and goals of the child are listed under the toggle with Restore. A goal of
an archived plan comes back with its plan.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from caseroom.i18n import _, pgettext
from caseroom.services.permissions import Permission, allowed
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.archive_dialog import ArchiveDialog
from caseroom.ui.widgets.archived_list import ArchivedList
from caseroom.ui.widgets.style import SPACE_S


class PlanArchive(QWidget):
    """ "Archive this plan…" and the archived plans and goals."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.plan: tuple[uuid.UUID, str] | None = None
        self.dialog: ArchiveDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACE_S, 0, SPACE_S)
        layout.setSpacing(SPACE_S)
        row = QHBoxLayout()
        self.archive_button = QPushButton(_("Archive this plan…"), self)
        self.archive_button.setAccessibleName(_("Archive the plan shown, with its goals"))
        self.archive_button.setAutoDefault(False)
        self.archive_button.clicked.connect(self.archive_plan)
        row.addWidget(self.archive_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.archived = ArchivedList(
            context,
            ("plan", "goal"),
            pgettext("child card plan", "Show arc&hived"),
            _("Show archived plans and goals"),
            parent=self,
        )
        layout.addWidget(self.archived)

    @property
    def may_edit(self) -> bool:
        """Whether the person may archive plans and goals."""
        return allowed(self.context.actor, Permission.EDIT_RECORDS)

    def show_plan(self, child_id: uuid.UUID, plan: tuple[uuid.UUID, str] | None) -> None:
        """The tab shows `plan` ((id, description), None: no plan) of `child_id`."""
        self.plan = plan
        self.archive_button.setVisible(plan is not None and self.may_edit)
        self.archived.show_child(child_id)

    def _open(self, kind_name: str, record_id: uuid.UUID, what: str) -> ArchiveDialog:
        dialog = ArchiveDialog(self.context, kind_name, record_id, what, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def archive_plan(self) -> ArchiveDialog | None:
        """Archive the plan shown (its goals go with it), asking why."""
        if self.plan is None or not self.may_edit:
            return None
        return self._open("plan", *self.plan)

    def archive_goal(self, goal_id: uuid.UUID, what: str) -> ArchiveDialog | None:
        """Archive one goal of the plan, asking why."""
        if not self.may_edit:
            return None
        return self._open("goal", goal_id, what)
