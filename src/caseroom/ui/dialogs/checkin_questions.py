"""The check-in's large one-question-at-a-time page, and what it needs to know.

Made to be read aloud or handed over: large type, the options as big radio buttons, a
digit key picks the option with that value (0–3 on PHQ-9, 1–5 on the PSS), and a safety
item answered above 0 shows a calm banner at once, before the next question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.wellbeing.checkins import CheckinRead
from caseroom.services.wellbeing.instruments import Instrument, ScoreResult
from caseroom.ui.widgets.style import SPACE_L, SPACE_M, SPACE_S, set_role

QUESTION_POINTS = 20
"""Point size of the question on the large page."""
OPTION_POINTS = 16
"""Point size of the answer options."""

BANNER_STYLE = (
    "background: #fff4e5; color: #5a3300; border: 2px solid #e0a040;"
    " border-radius: 6px; padding: 10px 12px;"
)
"""A calm, clearly visible box (amber, not alarm red), readable in either palette."""


def item_score(instrument: Instrument, number: int, value: int) -> int:
    """What answer `value` to item `number` scores (reversed items turned round)."""
    if number not in instrument.reversed_items:
        return value
    values = [option.value for option in instrument.options_for(number)]
    return min(values) + max(values) - value


def raises_flag(instrument: Instrument, number: int, value: int | None) -> bool:
    """Whether this answer to a safety item scores above 0 (a safety flag)."""
    return (
        value is not None
        and number in instrument.safety_items
        and item_score(instrument, number, value) > 0
    )


def safety_text() -> str:
    """The banner shown when a safety item is answered above 0."""
    return _(
        "This answer is about thoughts of self-harm. Please talk with her today, calmly "
        "and in private, before she leaves. After saving you will be asked to record what "
        "was done."
    )


def day_text(value: date) -> str:
    """A date as dd.mm.yyyy."""
    return value.strftime("%d.%m.%Y")


def change_text(change: int | None, previous_on: date | None) -> str:
    """ "3 points lower than on 12.10.2026", or that this is the first time."""
    if change is None or previous_on is None:
        return _("The first check-in with this questionnaire.")
    when = day_text(previous_on)
    if change == 0:
        return _("The same as on {date}.").format(date=when)
    points = abs(change)
    if change > 0:
        return ngettext(
            "{n} point higher than on {date}.", "{n} points higher than on {date}.", points
        ).format(n=points, date=when)
    return ngettext(
        "{n} point lower than on {date}.", "{n} points lower than on {date}.", points
    ).format(n=points, date=when)


def score_text(result: ScoreResult, instrument: Instrument) -> str:
    """The total in words ("7 of 27"; WHO-5 also gives the raw score)."""
    if instrument.multiplier != 1:
        return _("{scaled} of {max} (raw score {raw} of {raw_max})").format(
            scaled=result.scaled_total,
            max=result.max_scaled,
            raw=result.total,
            raw_max=instrument.max_total,
        )
    return _("{score} of {max}").format(score=result.total, max=result.max_scaled)


def previous_checkin(
    history: Sequence[CheckinRead], instrument_id: str, on: date
) -> CheckinRead | None:
    """The latest check-in with this instrument on or before `on`."""
    earlier = [
        c
        for c in history
        if c.instrument_id == instrument_id and c.given_on <= on and c.archived_at is None
    ]
    return max(earlier, key=lambda c: c.given_on, default=None)


def _sized(widget: QWidget, points: int, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSize(points)
    font.setBold(bold)
    widget.setFont(font)


class QuestionPage(QWidget):
    """One item of an instrument at a time, in large type."""

    answered = Signal(int, int)
    """An option was chosen: item number, option value."""
    next_requested = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.instrument: Instrument | None = None
        self.number = 0
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_M)
        self.instructions = QLabel("", self)
        self.instructions.setWordWrap(True)
        _sized(self.instructions, 13)
        self.instructions.setAccessibleName(_("Instructions"))
        layout.addWidget(self.instructions)
        self.unofficial = set_role(QLabel(_("Unofficial translation"), self), "muted")
        self.unofficial.setAccessibleName(_("Unofficial translation"))
        layout.addWidget(self.unofficial)
        self.progress = set_role(QLabel("", self), "muted")
        self.progress.setAccessibleName(_("Progress"))
        layout.addWidget(self.progress)
        self.question = QLabel("", self)
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        _sized(self.question, QUESTION_POINTS, bold=True)
        self.question.setAccessibleName(_("Question"))
        layout.addWidget(self.question)
        layout.addSpacing(SPACE_S)
        self.options_box = QVBoxLayout()
        self.options_box.setSpacing(SPACE_S)
        layout.addLayout(self.options_box)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(self._clicked)
        self.buttons: dict[int, QRadioButton] = {}
        self.banner = QLabel(safety_text(), self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"QLabel {{ {BANNER_STYLE} }}")
        _sized(self.banner, 13, bold=True)
        self.banner.setAccessibleName(_("Safety note"))
        self.banner.hide()
        layout.addWidget(self.banner)
        self.hint = set_role(QLabel("", self), "error")
        self.hint.setAccessibleName(_("Problem"))
        self.hint.hide()
        layout.addWidget(self.hint)
        layout.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(SPACE_L)
        self.back_button = QPushButton(_("← Back"), self)
        self.back_button.setAccessibleName(_("Previous question"))
        self.back_button.setToolTip(_("Previous question (Backspace or ←)"))
        self.back_button.setAutoDefault(False)
        self.back_button.clicked.connect(self.back_requested)
        self.next_button = QPushButton(_("Next →"), self)
        self.next_button.setAccessibleName(_("Next question"))
        self.next_button.setToolTip(_("Next question (Enter or →)"))
        self.next_button.setAutoDefault(False)
        self.next_button.clicked.connect(self.next_requested)
        _sized(self.back_button, 13)
        _sized(self.next_button, 13)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.next_button)
        layout.addLayout(row)
        self.keys_hint = set_role(
            QLabel(_("Keys: a digit picks an answer, Enter goes on, Backspace goes back."), self),
            "muted",
        )
        layout.addWidget(self.keys_hint)

    def show_item(
        self, instrument: Instrument, number: int, answers: Mapping[int, int | None]
    ) -> None:
        """Show item `number` with the answer already given (if any)."""
        self.instrument, self.number = instrument, number
        count = len(instrument.items)
        position = [item.number for item in instrument.items].index(number) + 1
        self.instructions.setText(instrument.instructions())
        self.instructions.setVisible(bool(instrument.instructions()))
        self.unofficial.setVisible(instrument.unofficial() and not instrument.scoring_only)
        self.progress.setText(
            _("Question {number} of {count}").format(number=position, count=count)
        )
        self.question.setText(instrument.item_text(number))
        for button in self.buttons.values():
            self.group.removeButton(button)
            button.hide()
            button.deleteLater()
        self.buttons = {}
        for option in instrument.options_for(number):
            label = instrument.option_label(option)
            text = f"{option.value}   {label}" if label != str(option.value) else label
            button = QRadioButton(text, self)
            _sized(button, OPTION_POINTS)
            button.setMinimumHeight(36)
            button.setAccessibleName(label)
            self.group.addButton(button, option.value)
            self.options_box.addWidget(button)
            self.buttons[option.value] = button
        chosen = answers.get(number)
        if chosen is not None and chosen in self.buttons:
            self.buttons[chosen].setChecked(True)
        self.back_button.setEnabled(position > 1)
        last = position == count
        self.next_button.setText(_("See the result →") if last else _("Next →"))
        self.hint.hide()
        self._show_banner(chosen)
        self.focus_answer()

    def focus_answer(self) -> None:
        """Put the keyboard on the chosen option (or the first one)."""
        checked = self.group.checkedButton()
        target = checked or next(iter(self.buttons.values()), None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def pick(self, value: int) -> bool:
        """Choose the option with `value` (a digit key); False when there is none."""
        button = self.buttons.get(value)
        if button is None:
            return False
        button.setChecked(True)
        button.setFocus(Qt.FocusReason.OtherFocusReason)
        self._clicked(value)
        return True

    def chosen(self) -> int | None:
        """The value of the option chosen, if any."""
        value = self.group.checkedId()
        return None if value == -1 and -1 not in self.buttons else value

    def ask_for_answer(self) -> None:
        """Say that the question needs an answer before going on."""
        self.hint.setText(_("Choose an answer first (a digit key or the arrows and Space)."))
        self.hint.show()

    def _clicked(self, value: int) -> None:
        self.hint.hide()
        self._show_banner(value)
        self.answered.emit(self.number, value)

    def _show_banner(self, value: int | None) -> None:
        assert self.instrument is not None
        self.banner.setVisible(raises_flag(self.instrument, self.number, value))
