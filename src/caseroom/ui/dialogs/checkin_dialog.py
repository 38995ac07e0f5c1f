"""Give a caregiver a wellbeing check-in: choose, ask one question at a time, see, save.

Three steps in one window: the instrument, how it is given and the date; the questions
in large type (`checkin_questions.QuestionPage`); the result (total, band in words, the
change since last time) and Save. A safety item answered above 0 shows a banner at once,
and after Save the follow-up dialog opens (`followup_dialog.FollowupDialog`). Escape on
a started check-in asks before throwing the answers away.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from caseroom.errors import UserError, ValidationError
from caseroom.i18n import _
from caseroom.services.wellbeing.checkins import CheckinRead, give_checkin
from caseroom.services.wellbeing.instruments import (
    Instrument,
    ScoreResult,
    builtin_instruments,
    score,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.checkin_questions import (
    BANNER_STYLE,
    QuestionPage,
    change_text,
    day_text,
    previous_checkin,
    safety_text,
    score_text,
)
from caseroom.ui.dialogs.followup_dialog import FollowupDialog
from caseroom.ui.dialogs.form_base import ask_discard, error_label, show_error
from caseroom.ui.widgets.date_field import DateField
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_XL, set_role
from caseroom.vocab import CheckinMode, label

WELLBEING_CHANGES = frozenset({"wellbeing"})
"""What `context.changed` names after a check-in or a follow-up is saved."""


def _big(widget: QWidget, points: int, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)


class CheckinDialog(QDialog):
    """A wellbeing check-in for one caregiver, from the instrument to Save."""

    saved = Signal(object)
    """The check-in was saved (a `CheckinRead`)."""

    def __init__(
        self,
        context: AppContext,
        caregiver_id: uuid.UUID,
        caregiver_name: str,
        *,
        today: date,
        history: Sequence[CheckinRead] = (),
        instruments: Mapping[str, Instrument] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.caregiver_id = caregiver_id
        self.caregiver_name = caregiver_name
        self.today = today
        self.history = tuple(history)
        self.catalog = dict(instruments or builtin_instruments())
        self.answers: dict[int, int | None] = {}
        self.position = 0
        self.score_result: ScoreResult | None = None
        self.saved_checkin: CheckinRead | None = None
        self.followup: FollowupDialog | None = None
        self._saving = False
        title = _("Wellbeing check-in: {name}").format(name=caregiver_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(760, 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack, 1)
        self.setup = self._build_setup()
        self.questions = QuestionPage(self.stack)
        self.questions.answered.connect(self._answered)
        self.questions.next_requested.connect(self.go_next)
        self.questions.back_requested.connect(self.go_back)
        self.result_page = self._build_result()
        for page in (self.setup, self.questions, self.result_page):
            self.stack.addWidget(page)
        self._keys()
        self.instrument_box.setFocus()

    # --- pages --------------------------------------------------------------------------

    def _build_setup(self) -> QWidget:
        page = QWidget(self.stack)
        layout = QVBoxLayout(page)
        layout.setSpacing(SPACE_M)
        heading = set_role(QLabel(_("Wellbeing check-in for {name}").format(
            name=self.caregiver_name), page), "heading")  # fmt: skip
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        form.setSpacing(SPACE_M)
        self.instrument_box = QComboBox(page)
        self.instrument_box.setAccessibleName(_("Questionnaire"))
        for ident, instrument in self.catalog.items():
            text = instrument.title()
            if instrument.scoring_only:
                text = _("{title} (scoring only: items shown by number)").format(title=text)
            self.instrument_box.addItem(text, ident)
        self.mode_box = QComboBox(page)
        self.mode_box.setAccessibleName(_("How it is given"))
        for mode in CheckinMode:
            self.mode_box.addItem(label(mode), mode.value)
        self.date_field = DateField(self.today, page, accessible_name=_("Date of the check-in"))
        self.date_field.setMaximumWidth(160)
        instrument_label = QLabel(_("&Questionnaire"), page)
        instrument_label.setBuddy(self.instrument_box)
        mode_label = QLabel(_("&How it is given"), page)
        mode_label.setBuddy(self.mode_box)
        date_label = QLabel(_("&Date"), page)
        date_label.setBuddy(self.date_field)
        form.addRow(instrument_label, self.instrument_box)
        form.addRow(mode_label, self.mode_box)
        form.addRow(date_label, self.date_field)
        layout.addLayout(form)
        self.licence = set_role(QLabel("", page), "muted")
        self.licence.setWordWrap(True)
        self.licence.setAccessibleName(_("About the questionnaire"))
        layout.addWidget(self.licence)
        self.instrument_box.currentIndexChanged.connect(self._show_licence)
        self._show_licence()
        self.setup_error = error_label(page)
        layout.addWidget(self.setup_error)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.cancel_button = QPushButton(_("Cancel"), page)
        self.cancel_button.setAccessibleName(_("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.start_button = QPushButton(_("&Start"), page)
        self.start_button.setAccessibleName(_("Start the questions"))
        self.start_button.setToolTip(_("Start the questions (Enter)"))
        self.start_button.setAutoDefault(False)
        self.start_button.clicked.connect(self.start)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        return page

    def _build_result(self) -> QWidget:
        page = QWidget(self.stack)
        layout = QVBoxLayout(page)
        layout.setSpacing(SPACE_M)
        self.result_title = set_role(QLabel("", page), "heading")
        layout.addWidget(self.result_title)
        self.total_label = QLabel("", page)
        _big(self.total_label, 22, bold=True)
        self.total_label.setAccessibleName(_("Score"))
        self.band_label = QLabel("", page)
        _big(self.band_label, 16)
        self.band_label.setWordWrap(True)
        self.band_label.setAccessibleName(_("What it means"))
        self.change_label = QLabel("", page)
        _big(self.change_label, 14)
        self.change_label.setAccessibleName(_("Change since last time"))
        for widget in (self.total_label, self.band_label, self.change_label):
            widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
            layout.addWidget(widget)
        self.result_banner = QLabel(safety_text(), page)
        self.result_banner.setWordWrap(True)
        self.result_banner.setStyleSheet(f"QLabel {{ {BANNER_STYLE} }}")
        self.result_banner.setAccessibleName(_("Safety note"))
        layout.addWidget(self.result_banner)
        note_label = QLabel(_("&Note (optional)"), page)
        self.note = QPlainTextEdit(page)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName(_("Note"))
        self.note.setMaximumHeight(80)
        note_label.setBuddy(self.note)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(set_role(QLabel(_("A questionnaire is not a diagnosis."), page), "muted"))
        self.result_error = error_label(page)
        layout.addWidget(self.result_error)
        layout.addStretch(1)
        row = QHBoxLayout()
        self.result_back = QPushButton(_("← Back"), page)
        self.result_back.setAccessibleName(_("Back to the questions"))
        self.result_back.setAutoDefault(False)
        self.result_back.clicked.connect(self.go_back)
        self.save_button = QPushButton(_("&Save"), page)
        self.save_button.setAccessibleName(_("Save"))
        self.save_button.setToolTip(_("Save (Enter or Ctrl+Enter)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.result_back)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        return page

    def _keys(self) -> None:
        def shortcut(keys: QKeySequence | str, page: QWidget, slot: object) -> None:
            found = QShortcut(QKeySequence(keys), page)
            found.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            found.activated.connect(slot)

        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right):
            shortcut(QKeySequence(key), self.questions, self.go_next)
        for key in (Qt.Key.Key_Backspace, Qt.Key.Key_Left):
            shortcut(QKeySequence(key), self.questions, self.go_back)
        for digit in range(10):
            shortcut(str(digit), self.questions, lambda d=digit: self.questions.pick(d))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut(QKeySequence(key), self.setup, self.start)
        # Enter saves the result, as the Save button's tooltip says (in the note too: it
        # is a line or two; Ctrl+Enter saves as well).
        for keys in ("Return", "Enter", "Ctrl+Return", "Ctrl+Enter"):
            shortcut(keys, self.result_page, self.save)

    # --- flow ---------------------------------------------------------------------------

    @property
    def instrument(self) -> Instrument:
        """The instrument chosen."""
        return self.catalog[str(self.instrument_box.currentData())]

    def _show_licence(self) -> None:
        self.licence.setText(self.instrument.licence_note())

    def _numbers(self) -> list[int]:
        return [item.number for item in self.instrument.items]

    def start(self) -> None:
        """Go from the choices to the first question."""
        if self.date_field.value() > self.today:
            show_error(self.setup_error, _("The check-in date cannot be in the future."))
            return
        show_error(self.setup_error, None)
        self.answers = {n: v for n, v in self.answers.items() if n in self._numbers()}
        self.position = 0
        self.instrument_box.setEnabled(False)
        self._show_question()

    def _show_question(self) -> None:
        self.stack.setCurrentWidget(self.questions)
        self.questions.show_item(self.instrument, self._numbers()[self.position], self.answers)

    def _answered(self, number: int, value: int) -> None:
        self.answers[number] = value

    def go_next(self) -> None:
        """The next question, or the result after the last one (needs an answer)."""
        number = self._numbers()[self.position]
        if self.answers.get(number) is None:
            self.questions.ask_for_answer()
            return
        if self.position + 1 < len(self._numbers()):
            self.position += 1
            self._show_question()
        else:
            self._show_result()

    def go_back(self) -> None:
        """The previous question (from the result: the last one)."""
        if self.stack.currentWidget() is self.result_page:
            self._show_question()
        elif self.position > 0:
            self.position -= 1
            self._show_question()

    def _show_result(self) -> None:
        instrument = self.instrument
        try:
            result = score(instrument, self.answers)
        except ValidationError as error:
            self.questions.hint.setText("\n".join(error.problems.values()))
            self.questions.hint.show()
            return
        self.score_result = result
        self.result_title.setText(
            _("{title}, {date}").format(title=instrument.title(), date=day_text(self.given_on))
        )
        self.total_label.setText(score_text(result, instrument))
        self.band_label.setText(
            result.band_label[:1].upper() + result.band_label[1:]
            if result.band_label
            else _("This questionnaire has no bands: watch the change over time.")
        )
        previous = previous_checkin(self.history, instrument.id, self.given_on)
        self.change_label.setText(
            change_text(
                result.scaled_total - previous.scaled_total if previous else None,
                previous.given_on if previous else None,
            )
        )
        self.result_banner.setVisible(bool(result.safety_items))
        show_error(self.result_error, None)
        self.stack.setCurrentWidget(self.result_page)
        self.save_button.setFocus()

    @property
    def given_on(self) -> date:
        """The date of the check-in."""
        return self.date_field.value()

    def is_started(self) -> bool:
        """Whether any question was answered (and nothing saved yet)."""
        return self.saved_checkin is None and any(v is not None for v in self.answers.values())

    # --- saving -------------------------------------------------------------------------

    def save(self) -> None:
        """Record the check-in on the worker; a safety flag opens the follow-up after."""
        if self._saving or self.score_result is None:
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.context.call(
            give_checkin,
            self._saved,
            on_error=self._failed,
            changes=WELLBEING_CHANGES,
            parent=self,
            caregiver_id=self.caregiver_id,
            instrument=self.instrument,
            answers=dict(self.answers),
            given_on=self.given_on,
            mode=str(self.mode_box.currentData()),
            note=self.note.toPlainText(),
            today=self.today,
            instruments=self.catalog,
        )

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            show_error(self.result_error, "\n".join(error.problems.values()))
        elif isinstance(error, UserError):
            show_error(self.result_error, str(error))
        else:
            raise error

    def _saved(self, checkin: CheckinRead) -> None:
        self._saving = False
        self.saved_checkin = checkin
        self.saved.emit(checkin)
        if checkin.flag_id is not None:
            self.followup = FollowupDialog(
                self.context,
                checkin.flag_id,
                _("{name}: {instrument} on {date}").format(
                    name=self.caregiver_name,
                    instrument=self.instrument.abbreviation,
                    date=day_text(checkin.given_on),
                ),
                raised_on=checkin.given_on,
                today=self.today,
                parent=self.parentWidget(),
            )
            self.followup.open()
        self.accept()

    def reject(self) -> None:
        """Escape, Cancel or the close button: ask first when answers would be lost."""
        if self.is_started() and not ask_discard(self):
            return
        super().reject()
