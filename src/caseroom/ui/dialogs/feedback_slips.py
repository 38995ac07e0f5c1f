"""A support group's feedback slips, to correct one typed wrongly or archive one entered
by mistake (it then leaves the trend and the term summary).

The list shows each slip's meeting day, who signed it (or "anonymous"), its answers and
comment; "Correct…" opens the slip in the feedback form, "Archive" asks first.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from caseroom.dates import format_date
from caseroom.i18n import _
from caseroom.services.parents.feedback import FeedbackRead, archive_feedback, list_feedback
from caseroom.services.parents.groups import MemberRead
from caseroom.services.parents.meetings import MeetingRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.feedback_form import CHANGES, FeedbackForm
from caseroom.ui.widgets.style import SPACE_M, set_role

_ID = Qt.ItemDataRole.UserRole


class FeedbackSlipsDialog(QDialog):
    """The slips of one group, newest first."""

    def __init__(
        self,
        context: AppContext,
        group_id: uuid.UUID,
        meetings: list[MeetingRead],
        members: list[MemberRead],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.group_id = context, group_id
        self.meetings, self.members = meetings, members
        self.slips: list[FeedbackRead] = []
        self.form: FeedbackForm | None = None
        self.setWindowTitle(_("Feedback slips"))
        self.setMinimumSize(640, 420)
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        self.list = QTreeWidget(self)
        self.list.setAccessibleName(_("The group's feedback slips"))
        self.list.setHeaderLabels([_("Meeting"), _("Signed by"), _("Answers"), _("Comment")])
        self.list.setRootIsDecorated(False)
        self.list.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.list.currentItemChanged.connect(lambda *_args: self._update_actions())
        self.list.itemActivated.connect(lambda _item, _column: self.correct())
        layout.addWidget(self.list, 1)
        self.empty = set_role(QLabel(_("No feedback slip entered yet."), self), "muted")
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.correct_button = QPushButton(_("&Correct…"), self)
        self.correct_button.setAccessibleName(_("Correct the selected slip"))
        self.correct_button.clicked.connect(self.correct)
        self.archive_button = QPushButton(_("&Archive"), self)
        self.archive_button.setAccessibleName(_("Archive the selected slip"))
        self.archive_button.clicked.connect(self.archive_selected)
        row.addWidget(self.correct_button)
        row.addWidget(self.archive_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        close.setAccessibleName(_("Close"))
        row.addWidget(buttons)
        layout.addLayout(row)
        self._update_actions()
        self.refresh()

    def refresh(self) -> None:
        """Read the slips again."""
        self.context.call(list_feedback, self._show, parent=self, group_id=self.group_id)

    def _show(self, slips: list[FeedbackRead]) -> None:
        chosen = self.selected()
        self.slips = list(reversed(slips))
        self.list.clear()
        for slip in self.slips:
            answers = " ".join(str(value) for value in slip.answers.values()) or "—"
            item = QTreeWidgetItem(
                [
                    format_date(slip.held_on),
                    slip.signed_by or _("anonymous"),
                    answers,
                    (slip.comment or "").replace("\n", " "),
                ]
            )
            item.setData(0, _ID, str(slip.id))
            self.list.addTopLevelItem(item)
            if chosen is not None and slip.id == chosen.id:
                self.list.setCurrentItem(item)
        first = self.list.topLevelItem(0)
        if self.list.currentItem() is None and first is not None:
            self.list.setCurrentItem(first)
        self.empty.setVisible(not slips)
        self._update_actions()

    def selected(self) -> FeedbackRead | None:
        """The slip the keyboard is on."""
        item = self.list.currentItem()
        if item is None:
            return None
        wanted = uuid.UUID(item.data(0, _ID))
        return next((s for s in self.slips if s.id == wanted), None)

    def _update_actions(self) -> None:
        chosen = self.selected() is not None and not self.context.read_only
        self.correct_button.setEnabled(chosen)
        self.archive_button.setEnabled(chosen)

    def correct(self) -> None:
        """Open the selected slip in the feedback form."""
        slip = self.selected()
        if slip is None or self.context.read_only:
            return
        form = FeedbackForm(self.context, self.meetings, self.members, self, slip=slip)
        form.result_saved.connect(lambda _result: self.refresh())
        self.form = form
        form.open()

    def archive_selected(self) -> None:
        """Archive the selected slip (after asking)."""
        slip = self.selected()
        if slip is None:
            return
        answer = QMessageBox.question(
            self,
            _("Archive a feedback slip"),
            _("Archive the slip of {date}? It leaves the trend and the summary.").format(
                date=format_date(slip.held_on)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.call(
            archive_feedback,
            lambda _result: self.refresh(),
            changes=CHANGES,
            parent=self,
            feedback_id=slip.id,
        )
