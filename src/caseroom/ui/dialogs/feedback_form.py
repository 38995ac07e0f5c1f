"""Enter a mother's feedback slip on a support-group meeting, from the keyboard.

The meeting first (the latest one chosen), then one box per question: a digit 1–5 for a
scale question, 1 (yes) or 0 (no) for a yes/no one; a digit moves on to the next question
at once, and the word it stands for shows beside the box. Then the free comment, who
signed it (anonymous unless she did) and whether it came on paper.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from caseroom.i18n import _, current_language
from caseroom.services.parents.feedback import (
    FeedbackInput,
    FeedbackRead,
    record_feedback,
    update_feedback,
)
from caseroom.services.parents.feedback_questions import (
    FeedbackQuestions,
    Question,
    QuestionKind,
    load_feedback_questions,
)
from caseroom.services.parents.groups import MemberRead
from caseroom.services.parents.meetings import MeetingRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog
from caseroom.ui.widgets.style import SPACE_S, set_role

CHANGES = frozenset({"group", "feedback"})


class AnswerEdit(QLineEdit):
    """One digit: 1–5 on a scale question, 1 (yes) or 0 (no) on a yes/no one."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        pattern = "[01]" if question.kind is QuestionKind.YES_NO else "[1-5]"
        self.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        self.setMaxLength(1)
        self.setFixedWidth(44)
        self.setAccessibleName(question.text())
        hint = _("1 yes · 0 no") if question.kind is QuestionKind.YES_NO else _("1 to 5")
        self.setPlaceholderText("–")
        self.setToolTip(hint)
        self.meaning = set_role(QLabel(hint, parent), "muted")
        self.textEdited.connect(self._typed)

    def value(self) -> int | None:
        """The answer, or None when left blank."""
        return int(self.text()) if self.text() else None

    def show_answer(self, answer: int | None) -> None:
        """Show a stored answer (the keyboard stays where it is)."""
        text = "" if answer is None else str(answer)
        self.setText(text)
        self._explain(text)

    def _typed(self, text: str) -> None:
        self._explain(text)
        if text:
            self.focusNextChild()

    def _explain(self, text: str) -> None:
        if self.question.kind is QuestionKind.YES_NO and text:
            self.meaning.setText(_("yes") if text == "1" else _("no"))
        elif text:
            self.meaning.setText(text)
        else:
            self.meaning.setText(self.toolTip())


class FeedbackForm(FormDialog):
    """A new feedback slip on one of `meetings` (the newest first), or a correction of
    `slip` (its meeting stays)."""

    def __init__(
        self,
        context: AppContext,
        meetings: list[MeetingRead],
        members: list[MemberRead],
        parent: QWidget | None = None,
        *,
        questions: FeedbackQuestions | None = None,
        slip: FeedbackRead | None = None,
    ) -> None:
        title = _("Feedback after a meeting") if slip is None else _("Correct a feedback slip")
        super().__init__(title, parent)
        self.context, self.slip = context, slip
        self.questions = questions or load_feedback_questions()
        self.saved_slip: FeedbackRead | None = None
        self.setMinimumWidth(640)
        form = QFormLayout()
        form.setSpacing(SPACE_S)
        self.layout_.addLayout(form)
        self.meeting_combo = QComboBox(self)
        self.meeting_combo.setAccessibleName(_("Meeting"))
        for meeting in meetings:
            text = meeting.held_on.strftime("%d.%m.%Y")
            if meeting.theme:
                text = f"{text} — {meeting.theme}"
            self.meeting_combo.addItem(text, str(meeting.id))
        form.addRow(_("&Meeting"), self.meeting_combo)
        form.addRow("", self.field_error("meeting_id", self.meeting_combo))
        language = current_language()
        self.answers: dict[str, AnswerEdit] = {}
        for number, question in enumerate(self.questions.questions, start=1):
            edit = AnswerEdit(question, self)
            row = QHBoxLayout()
            row.addWidget(edit)
            row.addWidget(edit.meaning, 1)
            caption = QLabel(f"&{number}. {question.text(language)}", self)
            caption.setWordWrap(True)
            caption.setBuddy(edit)
            form.addRow(caption, row)
            form.addRow("", self.field_error(f"answer:{question.id}", edit))
            self.answers[question.id] = edit
        self.comment_edit = QPlainTextEdit(self)
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setAccessibleName(self.questions.comment(language))
        self.comment_edit.setPlaceholderText(self.questions.comment(language))
        self.comment_edit.setFixedHeight(64)
        form.addRow(_("&Comment"), self.comment_edit)
        form.addRow("", self.field_error("comment", self.comment_edit))
        self.signed_combo = QComboBox(self)
        self.signed_combo.setAccessibleName(_("Signed by"))
        self.signed_combo.addItem(_("nobody: anonymous"), None)
        for member in members:
            self.signed_combo.addItem(
                f"{member.last_name} {member.first_name}", str(member.caregiver_id)
            )
        form.addRow(_("Si&gned by"), self.signed_combo)
        form.addRow("", self.field_error("caregiver_id", self.signed_combo))
        self.paper_check = QCheckBox(_("From a &paper slip"), self)
        self.paper_check.setAccessibleName(_("From a paper slip"))
        self.paper_check.setChecked(True)
        form.addRow("", self.paper_check)
        form.addRow("", self.field_error("answers", self.meeting_combo))
        if slip is not None:
            self._show_slip(slip)
        self.finish_layout()
        self.mark_clean()

    def _show_slip(self, slip: FeedbackRead) -> None:
        self.meeting_combo.setCurrentIndex(
            max(self.meeting_combo.findData(str(slip.meeting_id)), 0)
        )
        self.meeting_combo.setEnabled(False)
        for question_id, edit in self.answers.items():
            edit.show_answer(slip.answers.get(question_id))
        self.comment_edit.setPlainText(slip.comment or "")
        signed = "" if slip.caregiver_id is None else str(slip.caregiver_id)
        self.signed_combo.setCurrentIndex(max(self.signed_combo.findData(signed or None), 0))
        self.paper_check.setChecked(slip.on_paper)

    def data(self) -> FeedbackInput:
        """The slip as typed."""
        chosen = self.signed_combo.currentData()
        return FeedbackInput(
            answers={qid: edit.value() for qid, edit in self.answers.items()},
            comment=self.comment_edit.toPlainText(),
            caregiver_id=uuid.UUID(chosen) if chosen else None,
            on_paper=self.paper_check.isChecked(),
        )

    def snapshot(self) -> Any:
        """The form's values."""
        return (self.meeting_combo.currentData(), self.data())

    def local_problems(self) -> dict[str, str]:
        """A meeting must be chosen."""
        if self.meeting_combo.currentData() is None:
            return {"meeting_id": _("The group has no meeting to give feedback on yet")}
        return {}

    def save(self) -> None:
        """Write the slip."""
        actor, data, questions = self.context.actor, self.data(), self.questions
        meeting_id = uuid.UUID(self.meeting_combo.currentData())

        slip = self.slip

        def work(db: Any) -> FeedbackRead:
            if slip is not None:
                return update_feedback(
                    db, actor=actor, feedback_id=slip.id, data=data, questions=questions
                )
            return record_feedback(
                db, actor=actor, meeting_id=meeting_id, data=data, questions=questions
            )

        self.context.run(work, self._done, changes=CHANGES, on_error=self.on_failed, parent=self)

    def _done(self, slip: FeedbackRead) -> None:
        self.saved_slip = slip
        self.saved(slip)
