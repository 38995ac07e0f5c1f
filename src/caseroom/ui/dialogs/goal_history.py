"""A goal's history: every earlier version, who changed it and when, old and new values."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _
from caseroom.services.plans.history import Revision, action_label, field_label, goal_history
from caseroom.ui.context import AppContext
from caseroom.vocab import Domain, GoalStatus, label


def _shown(field: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    try:
        if field == "domain":
            return label(Domain(value))
        if field == "status":
            return label(GoalStatus(value))
    except ValueError:
        pass
    return str(value)


class GoalHistoryDialog(QDialog):
    """The revisions of one goal, the newest first, back through earlier plans."""

    def __init__(
        self, context: AppContext, goal_id: uuid.UUID, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("History of the goal"))
        layout = QVBoxLayout(self)
        heading = QLabel(title, self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(_("Changes to the goal"))
        self.tree.setHeaderLabels([_("When and who"), _("Field"), _("Was"), _("Became")])
        self.tree.setColumnWidth(0, 200)
        self.tree.setColumnWidth(1, 110)
        self.tree.setColumnWidth(2, 230)
        self.tree.setWordWrap(True)
        self.tree.setMinimumSize(780, 360)
        layout.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(self)
        close = QPushButton(_("Close"), self)
        close.setAccessibleName(_("Close"))
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.revisions: list[Revision] = []
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        context.call(goal_history, self.show_revisions, parent=self, goal_id=goal_id)

    def show_revisions(self, revisions: list[Revision]) -> None:
        """One row per change, its fields beneath it."""
        self.revisions = revisions
        self.tree.clear()
        for revision in revisions:
            when = revision.changed_at.astimezone().strftime("%d.%m.%Y %H:%M")
            who = revision.staff_name or _("the system")
            top = QTreeWidgetItem(
                self.tree,
                [
                    _("{when}, {who}").format(when=when, who=who),
                    action_label(revision.action),
                    "",
                    "",
                ],
            )
            for field, (old, new) in revision.changes.items():
                if field == "author_id":
                    continue
                QTreeWidgetItem(
                    top, ["", field_label(field), _shown(field, old), _shown(field, new)]
                )
            top.setExpanded(True)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
