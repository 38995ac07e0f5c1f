"""A support group's feedback slips, to correct one typed wrongly or archive one entered
by mistake (it then leaves the trend and the term summary).

The list shows each slip's meeting day, who signed it (or "anonymous"), its answers and
comment; "Correct…" opens the slip in the feedback form, "Archive" asks first.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QMessageBox, QWidget

from caseroom.dates import format_date
from caseroom.i18n import _
from caseroom.services.parents.feedback import FeedbackRead, archive_feedback, list_feedback
from caseroom.services.parents.groups import MemberRead
from caseroom.services.parents.meetings import MeetingRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.feedback_form import CHANGES, FeedbackForm
from caseroom.ui.dialogs.list_dialog import ListDialog


def _cells(slip: FeedbackRead) -> list[str]:
    answers = " ".join(str(value) for value in slip.answers.values()) or "—"
    return [
        format_date(slip.held_on),
        slip.signed_by or _("anonymous"),
        answers,
        (slip.comment or "").replace("\n", " "),
    ]


class FeedbackSlipsDialog(ListDialog[FeedbackRead]):
    """The slips of one group, newest first."""

    def __init__(
        self,
        context: AppContext,
        group_id: uuid.UUID,
        meetings: list[MeetingRead],
        members: list[MemberRead],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            context,
            title=_("Feedback slips"),
            list_name=_("The group's feedback slips"),
            headers=[_("Meeting"), _("Signed by"), _("Answers"), _("Comment")],
            stretch=3,
            empty_text=_("No feedback slip entered yet."),
            parent=parent,
        )
        self.group_id = group_id
        self.meetings, self.members = meetings, members
        self.form: FeedbackForm | None = None
        self.setMinimumSize(640, 420)
        self.list.itemActivated.connect(lambda _item, _column: self.correct())
        self.correct_button = self.action_button(
            _("&Correct…"), _("Correct the selected slip"), self.correct
        )
        self.archive_button = self.action_button(
            _("&Archive"), _("Archive the selected slip"), self.archive_selected
        )
        self.finish()

    def refresh(self) -> None:
        """Read the slips again."""
        self.context.call(list_feedback, self._show, parent=self, group_id=self.group_id)

    def _show(self, slips: list[FeedbackRead]) -> None:
        self.fill(list(reversed(slips)), _cells)

    def update_actions(self) -> None:
        """Correct and Archive need a selected slip and a room that may be changed."""
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
