"""Record or correct a child's PMPK conclusion: number, date, valid until, and the
commission's recommendations (conditions, specialists, programme, anything else).

"Valid until" starts at the date plus the usual validity from the settings (12 months
unless the room changed it) and follows the date while nobody has changed it by hand.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from caseroom.i18n import _
from caseroom.services.plans.pmpk import (
    NUMBER_MAX,
    SPECIALIST_LIMIT,
    SPECIALISTS_MAX,
    ConclusionInput,
    ConclusionRead,
    add_conclusion,
    update_conclusion,
    valid_until_after,
)
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.child_form import DateField, day_text
from caseroom.ui.dialogs.colleague_form import split_list
from caseroom.ui.dialogs.form_base import FormDialog

CHANGES = frozenset({"pmpk"})
DEFAULT_MONTHS = 12
"""The validity when the settings could not be read (one year)."""


class ConclusionForm(FormDialog):
    """A new conclusion of `child_id` (`conclusion` None) or a correction of one."""

    def __init__(
        self,
        context: AppContext,
        child_id: uuid.UUID,
        conclusion: ConclusionRead | None = None,
        *,
        today: date,
        validity_months: int = DEFAULT_MONTHS,
        parent: QWidget | None = None,
    ) -> None:
        title = _("Correct the PMPK conclusion") if conclusion else _("Record a PMPK conclusion")
        super().__init__(title, parent, context=context)
        self.child_id, self.conclusion, self.today = child_id, conclusion, today
        self.months = validity_months
        issued = conclusion.issued_on if conclusion else today
        self.number = self.add_field("number", _("&Number"), QLineEdit(self))
        self.number.setMaxLength(NUMBER_MAX)
        self.number.setPlaceholderText(_("as on the paper, e.g. 117/26"))
        self.issued_on = self.add_field(
            "issued_on", _("&Date of the conclusion"), DateField(issued, start=issued, parent=self)
        )
        until = conclusion.valid_until if conclusion else None
        until = until or valid_until_after(issued, validity_months)
        self.valid_until = self.add_field(
            "valid_until", _("Valid &until"), DateField(until, start=until, parent=self)
        )
        self.valid_until.setToolTip(
            _("Usually {months} months after the date (Settings)").format(months=validity_months)
        )
        self.conditions = self.add_field(
            "conditions", _("&Conditions of education"), self._text(80)
        )
        self.specialists = self.add_field(
            "specialists",
            _("Recommended s&pecialists"),
            QLineEdit(self),
            accessible=_("Recommended specialists, separated by commas"),
        )
        self.specialists.setMaxLength(SPECIALISTS_MAX * (SPECIALIST_LIMIT + 2))
        self.specialists.setPlaceholderText(_("for example: speech therapist, psychologist"))
        self.programme = self.add_field("programme", _("Pro&gramme"), self._text(60))
        self.programme.setPlaceholderText(_("the educational programme the commission set"))
        self.recommendations = self.add_field(
            "recommendations", _("&Other recommendations"), self._text(60)
        )
        if conclusion is not None:
            self.number.setText(conclusion.number)
            self.conditions.setPlainText(conclusion.conditions or "")
            self.specialists.setText(", ".join(conclusion.specialists))
            self.programme.setPlainText(conclusion.programme or "")
            self.recommendations.setPlainText(conclusion.recommendations or "")
        self._until_by_hand = conclusion is not None
        self._following = False
        self.issued_on.dateChanged.connect(self._follow_the_date)
        self.valid_until.dateChanged.connect(self._until_changed)
        self.resize(560, 0)
        self.undoable("pmpk", conclusion.id if conclusion else None)
        self.ready()

    def _text(self, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(self)
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(height)
        return edit

    def _follow_the_date(self) -> None:
        issued = self.issued_on.value()
        if self._until_by_hand or issued is None:
            return
        self._following = True
        self.valid_until.set_value(valid_until_after(issued, self.months))
        self._following = False

    def _until_changed(self) -> None:
        if not self._following:
            self._until_by_hand = True

    def local_problems(self) -> dict[str, str]:
        """A number, a date not in the future, and a validity after the date."""
        problems: dict[str, str] = {}
        if not self.number.text().strip():
            problems["number"] = _("Enter the number of the conclusion.")
        issued, until = self.issued_on.value(), self.valid_until.value()
        if issued is None:
            problems["issued_on"] = _("Enter the date of the conclusion.")
        elif issued > self.today:
            problems["issued_on"] = _("The conclusion date {date} is in the future.").format(
                date=day_text(issued)
            )
        if until is None:
            problems["valid_until"] = _("Enter the date the conclusion is valid until.")
        elif issued is not None and until <= issued:
            problems["valid_until"] = _(
                "The conclusion must be valid after its date {date}."
            ).format(date=day_text(issued))
        return problems

    def save(self) -> None:
        """Record or correct the conclusion."""
        issued = self.issued_on.value()
        assert issued is not None
        data = ConclusionInput(
            issued_on=issued,
            number=self.number.text(),
            recommendations=self.recommendations.toPlainText() or None,
            valid_until=self.valid_until.value(),
            conditions=self.conditions.toPlainText() or None,
            specialists=split_list(self.specialists.text()),
            programme=self.programme.toPlainText() or None,
        )
        today, conclusion, child_id = self.today, self.conclusion, self.child_id
        if conclusion is None:
            self.run(
                lambda s, actor: add_conclusion(
                    s, actor=actor, child_id=child_id, data=data, today=today
                ),
                set(CHANGES),
            )
        else:
            self.run(
                lambda s, actor: update_conclusion(
                    s, actor=actor, conclusion_id=conclusion.id, data=data, today=today
                ),
                set(CHANGES),
            )
