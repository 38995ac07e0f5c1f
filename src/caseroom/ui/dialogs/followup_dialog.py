"""Record what was done about a safety flag: talked today, referred, contacted someone.

Saving calls `services.wellbeing.record_followup`; the flag then leaves Today. Cancelling
records nothing, and the flag stays on Today until a follow-up is recorded.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.wellbeing.checkins import FlagRead, record_followup
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.form_base import FormDialog, date_edit
from caseroom.ui.widgets.labels import muted
from caseroom.vocab import FollowupAction, label

NEEDS_WHOM = frozenset({FollowupAction.REFERRED, FollowupAction.CONTACTED})


def flag_summary(flag: FlagRead) -> str:
    """Who the flag is about, which questionnaire and when (one line)."""
    return _("{name}: {instrument} on {date}").format(
        name=flag.caregiver_name,
        instrument=flag.instrument_title,
        date=flag.raised_on.strftime("%d.%m.%Y"),
    )


def flag_heading(summary: str, parent: QWidget) -> QLabel:
    """The bold, wrapped line naming the flag at the top of a safety-flag dialog."""
    intro = QLabel(summary, parent)
    intro.setWordWrap(True)
    font = intro.font()
    font.setBold(True)
    intro.setFont(font)
    intro.setAccessibleName(_("Safety flag"))
    return intro


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


class FollowupDialog(FormDialog):
    """What was done after a safety flag; Save records it, Cancel leaves the flag open."""

    def __init__(
        self,
        context: AppContext,
        flag_id: uuid.UUID,
        summary: str,
        *,
        raised_on: date,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Safety flag: what was done"), parent)
        self.context = context
        self.flag_id = flag_id
        self.raised_on = raised_on
        self.today = today
        self.recorded: FlagRead | None = None
        self.layout_.addWidget(flag_heading(summary, self))
        explain = _(
            "She gave an answer above 0 to a question about thoughts of self-harm. "
            "Record what was done; the flag stays on Today until you do."
        )
        self.layout_.addWidget(muted(explain, self))
        form = QFormLayout()
        self.action_boxes: dict[str, QCheckBox] = {}
        first: QCheckBox | None = None
        for action in FollowupAction:
            box = QCheckBox(_capital(label(action)), self)
            box.setAccessibleName(_capital(label(action)))
            box.toggled.connect(self.revalidate)
            self.action_boxes[action.value] = box
            form.addRow(box)
            first = first or box
        assert first is not None
        form.addRow(self.field_error("actions", first))
        self.to_whom = QLineEdit(self)
        self.to_whom.setAccessibleName(_("To whom"))
        self.to_whom.setPlaceholderText(_("e.g. polyclinic psychologist, her sister"))
        self.to_whom.textChanged.connect(self.revalidate)
        whom_label = QLabel(_("&To whom"), self)
        whom_label.setBuddy(self.to_whom)
        form.addRow(whom_label, self.to_whom)
        form.addRow(self.field_error("to_whom", self.to_whom))
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(_("Note"))
        self.note.setMaximumHeight(90)
        note_label = QLabel(_("&Note"), self)
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        form.addRow(self.field_error("note", self.note))
        self.done_on = date_edit(self, today, _("Date of the follow-up"))
        self.done_on.dateChanged.connect(self.revalidate)
        date_label = QLabel(_("&Date"), self)
        date_label.setBuddy(self.done_on)
        form.addRow(date_label, self.done_on)
        form.addRow(self.field_error("done_on", self.done_on))
        self.layout_.addLayout(form)
        self.finish_layout()
        self.resize(520, 0)
        self.mark_clean()
        first.setFocus()

    def chosen(self) -> list[str]:
        """The actions ticked, in the order they are listed."""
        return [code for code, box in self.action_boxes.items() if box.isChecked()]

    def snapshot(self) -> object:
        """The form's values."""
        return (
            tuple(self.chosen()),
            self.to_whom.text(),
            self.note.toPlainText(),
            self.done_on.value(),
        )

    def local_problems(self) -> dict[str, str]:
        """What can be told without the database."""
        problems: dict[str, str] = {}
        chosen = set(self.chosen())
        if not chosen:
            problems["actions"] = _("Tick what was done: talked today, referred or contacted")
        if chosen & NEEDS_WHOM and not self.to_whom.text().strip():
            problems["to_whom"] = _("Say where she was referred or whom you contacted")
        day = self.done_on.value()
        if day > self.today:
            problems["done_on"] = _("The follow-up date cannot be in the future")
        elif day < self.raised_on:
            problems["done_on"] = _("The follow-up date cannot be before the check-in")
        return problems

    def revalidate(self) -> None:
        """Show problems only once something was changed (a fresh form is not scolded)."""
        if self.is_changed():
            super().revalidate()

    def save(self) -> None:
        """Record the follow-up on the worker."""
        self.call(
            record_followup,
            self.context,
            changes={"wellbeing"},
            flag_id=self.flag_id,
            actions=self.chosen(),
            done_on=self.done_on.value(),
            to_whom=self.to_whom.text() or None,
            note=self.note.toPlainText() or None,
            today=self.today,
        )

    def saved(self, result: object = None) -> None:
        """Remember the flag as recorded, then close."""
        if isinstance(result, FlagRead):
            self.recorded = result
        super().saved(result)
