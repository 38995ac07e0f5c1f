"""The child's PMPK conclusions on the overview: the current one, its expiry, earlier ones.

The current conclusion is the latest not archived; an expired one says so in words on a
red box ("expired on …"), never by colour alone, and so does each expired line of the
history. "Record a conclusion…", "Correct…" and "Archive…" act on it; the usual validity
of a new one comes from the settings.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caseroom.i18n import _, ngettext
from caseroom.services.plans.pmpk import ConclusionRead
from caseroom.ui.context import AppContext
from caseroom.ui.dialogs.pmpk_form import DEFAULT_MONTHS, ConclusionForm
from caseroom.ui.pages.child_card.parts import (
    DANGER_STYLE,
    SPACE_M,
    SPACE_S,
    WARNING_STYLE,
    day,
    heading,
    muted,
    note,
)

EXPIRY_WARNING_DAYS = 30
"""A PMPK conclusion ending within this many days is flagged."""


def expiry_note(conclusion: ConclusionRead, today: date) -> tuple[str, str] | None:
    """(message, style) when the conclusion has expired or expires within 30 days."""
    until = conclusion.valid_until
    if until is None:
        return None
    if until < today:
        return (
            _("The PMPK conclusion expired on {date}. Arrange a new consultation.").format(
                date=day(until)
            ),
            DANGER_STYLE,
        )
    left = (until - today).days
    if left <= EXPIRY_WARNING_DAYS:
        return (
            ngettext(
                "The PMPK conclusion expires in {n} day, on {date}.",
                "The PMPK conclusion expires in {n} days, on {date}.",
                left,
            ).format(n=left, date=day(until)),
            WARNING_STYLE,
        )
    return None


def validity_text(conclusion: ConclusionRead, today: date) -> str:
    """ "Valid until …", with "expired" in words once that day has passed."""
    until = conclusion.valid_until
    if until is None:
        return _("No expiry date recorded")
    if until < today:
        return _("Valid until {date} — expired").format(date=day(until))
    return _("Valid until {date}").format(date=day(until))


def history_line(conclusion: ConclusionRead, today: date) -> str:
    """One earlier conclusion: its number, date and validity."""
    return _("No. {number} of {date}: {validity}").format(
        number=conclusion.number,
        date=day(conclusion.issued_on),
        validity=validity_text(conclusion, today),
    )


def recommendation_lines(conclusion: ConclusionRead) -> list[str]:
    """The commission's recommendations as the card shows them (nothing when none)."""
    lines: list[str] = []
    if conclusion.conditions:
        lines += ["", _("Conditions of education:"), conclusion.conditions]
    if conclusion.specialists:
        lines += ["", _("Specialists: {names}").format(names=", ".join(conclusion.specialists))]
    if conclusion.programme:
        lines += ["", _("Programme:"), conclusion.programme]
    if conclusion.recommendations:
        title = _("Other recommendations:") if len(lines) else _("Recommendations:")
        lines += ["", title, conclusion.recommendations]
    return lines


class PmpkSection(QWidget):
    """The PMPK part of the overview."""

    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        reload: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context, self.today, self.reload = context, today, reload
        self.child_id: uuid.UUID | None = None
        self.current: ConclusionRead | None = None
        self.earlier: tuple[ConclusionRead, ...] = ()
        self.validity_months = DEFAULT_MONTHS
        self.form: ConclusionForm | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        top = QHBoxLayout()
        top.addWidget(heading(_("PMPK conclusion"), self))
        top.addStretch(1)
        self.record_button = self._button(_("Record a conc&lusion…"), self.record, top)
        self.record_button.setAccessibleName(_("Record a new PMPK conclusion"))
        self.correct_button = self._button(_("Correc&t…"), self.correct, top)
        self.correct_button.setAccessibleName(_("Correct the PMPK conclusion"))
        self.archive_button = self._button(_("Arc&hive…"), self.archive, top)
        self.archive_button.setAccessibleName(_("Archive the PMPK conclusion"))
        layout.addLayout(top)
        self.expiry = note("", WARNING_STYLE, self)
        self.expiry.hide()
        layout.addWidget(self.expiry)
        self.conclusion = QLabel("", self)
        self.conclusion.setWordWrap(True)
        self.conclusion.setAccessibleName(_("PMPK conclusion"))
        self.conclusion.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.conclusion)
        self.history_title = muted(_("Earlier conclusions"), self)
        layout.addWidget(self.history_title)
        self.history = QLabel("", self)
        self.history.setWordWrap(True)
        self.history.setAccessibleName(_("Earlier conclusions"))
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.history)
        layout.addSpacing(SPACE_M)

    def _button(self, text: str, slot: Callable[[], object], row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def show_conclusions(
        self,
        child_id: uuid.UUID,
        conclusions: tuple[ConclusionRead, ...],
        validity_months: int,
    ) -> None:
        """Show the newest of `conclusions` (newest first) and list the earlier ones."""
        self.child_id, self.validity_months = child_id, validity_months
        self.current = conclusions[0] if conclusions else None
        self.earlier = conclusions[1:]
        today = self.today()
        self.correct_button.setVisible(self.current is not None)
        self.archive_button.setVisible(self.current is not None)
        current = self.current
        if current is None:
            self.conclusion.setText(_("No PMPK conclusion is recorded for this child."))
            self.expiry.hide()
        else:
            lines = [
                _("No. {number} of {date}").format(
                    number=current.number, date=day(current.issued_on)
                ),
                validity_text(current, today),
            ]
            lines += recommendation_lines(current)
            self.conclusion.setText("\n".join(lines))
            warning = expiry_note(current, today)
            if warning is None:
                self.expiry.hide()
            else:
                self.expiry.setText(warning[0])
                self.expiry.setAccessibleName(warning[0])
                self.expiry.setStyleSheet(f"QLabel {{ {warning[1]} }}")
                self.expiry.show()
        self.history_title.setVisible(bool(self.earlier))
        self.history.setVisible(bool(self.earlier))
        self.history.setText("\n".join(history_line(c, today) for c in self.earlier))

    def _open(self, conclusion: ConclusionRead | None) -> ConclusionForm | None:
        if self.child_id is None:
            return None
        self.form = ConclusionForm(
            self.context,
            self.child_id,
            conclusion,
            today=self.today(),
            validity_months=self.validity_months,
            parent=self,
        )
        self.form.result_saved.connect(lambda _saved: self.reload())
        self.form.open()
        return self.form

    def record(self) -> ConclusionForm | None:
        """A new conclusion (the current one becomes an earlier one)."""
        return self._open(None)

    def correct(self) -> ConclusionForm | None:
        """Correct the current conclusion (a typing mistake, a date)."""
        return self._open(self.current) if self.current is not None else None

    def archive(self) -> None:
        """Archive the current conclusion, asking why (Undo brings it back)."""
        current = self.current
        if current is None:
            return
        from caseroom.ui.dialogs.archive_dialog import ArchiveDialog

        what = _("No. {number} of {date}").format(
            number=current.number, date=day(current.issued_on)
        )
        dialog = ArchiveDialog(self.context, "pmpk", current.id, what, parent=self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self.reload)
        self.archive_dialog = dialog
        dialog.open()
